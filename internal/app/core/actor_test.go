package core

import (
	"os/user"
	"testing"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

func TestActor(t *testing.T) {
	if u, err := user.Current(); err == nil && u.Username != "" {
		if got := Actor(); got != u.Username {
			t.Errorf("Actor() = %q, want the OS user %q", got, u.Username)
		}
	}
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"USER": "marie", "USERNAME": "MARIE-PC\\marie"}, "marie"},
		{map[string]string{"USERNAME": "jovan"}, "jovan"},
		{map[string]string{"USER": "  "}, "unknown"},
		{nil, "unknown"},
	} {
		if got := actorFromEnv(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("actorFromEnv(%v) = %q, want %q", c.env, got, c.want)
		}
	}
}

// Every change kind is named in each UI language, so the timeline never
// shows a raw key.
func TestChangeKindsTranslated(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.EN, i18n.FR, i18n.SRCyrl} {
		cat, err := i18n.Catalog(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range ledger.ChangeKinds {
			if cat[k.MessageKey()] == "" {
				t.Errorf("%s: no %s", lang, k.MessageKey())
			}
		}
	}
}
