package archtest

import (
	"strings"
	"testing"
)

// A front end reaches the core through internal/app: besides it (and the
// packages under it) it may import only the shared vocabulary: i18n
// messages, the ledger's domain types, the dunning plan's types, and the
// store's rows, filters and sentinel errors. letter, render, mail,
// inbound, importer and demo are app's business, so a change there shows
// in one place. relancectl is held to it; the GUI (ui) is to follow.
var frontEndMayImport = []string{
	"internal/app", "internal/app/",
	"internal/i18n", "internal/ledger", "internal/dunning", "internal/store",
}

// Test files may also use these fixtures: a fault-injecting SMTP server is
// a test's mail provider, not a way into the core.
var frontEndTestsMayImport = []string{"internal/mail/mailtest"}

const module = "github.com/relance-app/relance/"

func allowed(pkg string, list []string) bool {
	rel := strings.TrimPrefix(pkg, module)
	for _, a := range list {
		if rel == a || (strings.HasSuffix(a, "/") && strings.HasPrefix(rel, a)) {
			return true
		}
	}
	return false
}

func TestFrontEndsImportOnlyApp(t *testing.T) {
	for _, pkg := range []string{"./internal/cli"} {
		out := goList(t, nil, "-f", "{{join .Imports \"\\n\"}}\n--tests--\n{{join .TestImports \"\\n\"}}", pkg)
		code, tests, _ := strings.Cut(out, "--tests--")
		for _, dep := range strings.Fields(code) {
			if strings.HasPrefix(dep, module+"internal/") && !allowed(dep, frontEndMayImport) {
				t.Errorf("%s imports %s: go through internal/app", pkg, dep)
			}
		}
		for _, dep := range strings.Fields(tests) {
			if strings.HasPrefix(dep, module+"internal/") && !allowed(dep, frontEndMayImport) && !allowed(dep, frontEndTestsMayImport) {
				t.Errorf("%s's tests import %s: go through internal/app", pkg, dep)
			}
		}
	}
}
