// Package i18n translates the product's user-facing messages into French,
// English, German and Serbian (Cyrillic and Latin).
//
// Catalogs are flat JSON files in assets/translations, one per language,
// mapping a message key to a printf format with explicit argument indexes
// ("%[1]s"), so that a translation may reorder arguments. English is the
// reference: a key missing elsewhere falls back to it. Serbian Latin is
// derived from Serbian Cyrillic by transliteration (which is exact in that
// direction), with sr-Latn.json holding only the rare overrides.
//
// The core never formats user-facing text itself: it returns Msg values
// (key and arguments) and the front end renders them in the user's language.
package i18n

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/relance-app/relance/assets"
)

// Lang is a user-interface language tag.
type Lang string

// The interface languages.
const (
	EN     Lang = "en"
	FR     Lang = "fr"
	DE     Lang = "de"
	SRCyrl Lang = "sr-Cyrl"
	SRLatn Lang = "sr-Latn"
)

// Langs lists the supported languages.
var Langs = []Lang{EN, FR, DE, SRCyrl, SRLatn}

// Msg is a translatable message: a catalog key and its arguments.
type Msg struct {
	Key  string
	Args []any
}

// M builds a Msg.
func M(key string, args ...any) Msg { return Msg{Key: key, Args: args} }

// In renders m in language l.
func (m Msg) In(l Lang) string { return T(l, m.Key, m.Args...) }

// String renders m in English, for logs.
func (m Msg) String() string { return m.In(EN) }

var (
	loadOnce sync.Once
	catalogs map[Lang]map[string]string
	loadErr  error
)

func load() {
	catalogs = map[Lang]map[string]string{}
	for _, l := range Langs {
		data, err := assets.Translations.ReadFile("translations/" + string(l) + ".json")
		if err != nil {
			if l == SRLatn {
				data = []byte("{}")
			} else {
				loadErr = fmt.Errorf("translations for %s: %w", l, err)
				return
			}
		}
		m := map[string]string{}
		if err := json.Unmarshal(data, &m); err != nil {
			loadErr = fmt.Errorf("translations for %s: %w", l, err)
			return
		}
		catalogs[l] = m
	}
	// Serbian Latin = transliterated Cyrillic, unless overridden.
	for k, v := range catalogs[SRCyrl] {
		if _, ok := catalogs[SRLatn][k]; !ok {
			catalogs[SRLatn][k] = CyrillicToLatin(v)
		}
	}
}

// Catalog returns the messages of l (for tests).
func Catalog(l Lang) (map[string]string, error) {
	loadOnce.Do(load)
	return catalogs[l], loadErr
}

// Translatable is a value that says itself in a language: a Msg, or an
// error that carries one. As an argument of T it is said in T's language.
type Translatable interface{ In(Lang) string }

// T translates key into l and formats it with args.
func T(l Lang, key string, args ...any) string {
	loadOnce.Do(load)
	copied := false
	for i, a := range args {
		if tr, ok := a.(Translatable); ok {
			if !copied { // args may be the caller's slice: change a copy
				args, copied = append([]any(nil), args...), true
			}
			args[i] = tr.In(l)
		}
	}
	f, ok := catalogs[l][key]
	if !ok {
		f, ok = catalogs[EN][key]
	}
	if !ok {
		f = key
		if len(args) > 0 {
			f += strings.Repeat(" %v", len(args))
		}
	}
	return fmt.Sprintf(f, args...)
}

// Parse accepts a language tag or a POSIX locale ("fr_FR.UTF-8",
// "sr_RS@latin") and returns the closest supported language.
func Parse(s string) (Lang, bool) {
	s = strings.TrimSpace(s)
	if s == "" || s == "C" || s == "POSIX" {
		return "", false
	}
	low := strings.ToLower(strings.ReplaceAll(s, "_", "-"))
	latin := strings.Contains(low, "latn") || strings.Contains(low, "@latin")
	if i := strings.IndexAny(low, ".@"); i >= 0 {
		low = low[:i]
	}
	switch {
	case strings.HasPrefix(low, "fr"):
		return FR, true
	case strings.HasPrefix(low, "en"):
		return EN, true
	case strings.HasPrefix(low, "de"):
		return DE, true
	case strings.HasPrefix(low, "sr"):
		if latin {
			return SRLatn, true
		}
		return SRCyrl, true
	}
	return "", false
}

// FromEnv picks the language from RELANCE_LANG, then the POSIX locale
// variables, then English.
func FromEnv(getenv func(string) string) Lang {
	if getenv == nil {
		getenv = os.Getenv
	}
	for _, v := range []string{"RELANCE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"} {
		if l, ok := Parse(getenv(v)); ok {
			return l
		}
	}
	return EN
}
