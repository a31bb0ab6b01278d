package i18n

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

var directive = regexp.MustCompile(`%\[\d+\][a-z]`)

func directives(s string) string {
	d := directive.FindAllString(s, -1)
	sort.Strings(d)
	return strings.Join(d, " ")
}

// TestCatalogsAgree checks every language against English: same keys, the
// same printf directives (a translation may reorder them, not drop or add
// one), the same number of tabs (table headers).
func TestCatalogsAgree(t *testing.T) {
	en, err := Catalog(EN)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range en {
		if out := T(EN, k, dummyArgs(v)...); strings.Contains(out, "%!") {
			t.Errorf("en %s renders as %q", k, out)
		}
	}
	for _, l := range []Lang{FR, DE, SRCyrl, SRLatn} {
		cat, err := Catalog(l)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range en {
			if base, _, plural := strings.Cut(k, "#"); plural {
				// A plural form: the language gives its own forms (plural.go),
				// each with the directives of English's "other".
				k, v = base+"#"+PluralOther, en[base+"#"+PluralOther]
			}
			tr, ok := cat[k]
			if !ok {
				t.Errorf("%s: missing %s", l, k)
				continue
			}
			if directives(tr) != directives(v) {
				t.Errorf("%s %s: directives %q, English has %q", l, k, directives(tr), directives(v))
			}
			if strings.Count(tr, "\t") != strings.Count(v, "\t") {
				t.Errorf("%s %s: tab count differs", l, k)
			}
			// Rendered with dummy arguments, no directive may go wrong (a
			// lone % in a table header, a verb that does not fit).
			if out := T(l, k, dummyArgs(v)...); strings.Contains(out, "%!") {
				t.Errorf("%s %s renders as %q", l, k, out)
			}
		}
		for k, v := range cat {
			base, form, plural := strings.Cut(k, "#")
			if !plural {
				if _, ok := en[k]; !ok {
					t.Errorf("%s: key %s is not in English", l, k)
				}
				continue
			}
			other, ok := en[base+"#"+PluralOther]
			if !ok {
				t.Errorf("%s: plural %s is not in English", l, base)
				continue
			}
			if directives(v) != directives(other) {
				t.Errorf("%s %s: directives %q, English has %q", l, k, directives(v), directives(other))
			}
			if out := T(l, k, dummyArgs(other)...); strings.Contains(out, "%!") {
				t.Errorf("%s %s renders as %q", l, k, out)
			}
			required, optional := PluralForms(l)
			if !slices.Contains(required, form) && !slices.Contains(optional, form) {
				t.Errorf("%s %s: %s has no plural form %q", l, k, l, form)
			}
			if form == PluralOther {
				for _, f := range required {
					if _, ok := cat[base+"#"+f]; !ok {
						t.Errorf("%s: plural %s lacks its form %q", l, base, f)
					}
				}
			}
		}
	}
	// English's own plurals: its forms, no other.
	for k := range en {
		if base, form, plural := strings.Cut(k, "#"); plural {
			if form != PluralOne && form != PluralOther {
				t.Errorf("en %s: English has no plural form %q", k, form)
			}
			if directives(en[k]) != directives(en[base+"#"+PluralOther]) {
				t.Errorf("en %s: directives differ from its form \"other\"", k)
			}
			if _, ok := en[base+"#"+PluralOne]; !ok {
				t.Errorf("en: plural %s lacks its form \"one\"", base)
			}
			if _, ok := en[base+"#"+PluralOther]; !ok {
				t.Errorf("en: plural %s lacks its form \"other\"", base)
			}
		}
	}
}

// keyUse finds message keys written as literals in the program's code.
var keyUse = regexp.MustCompile(`(?:\bc\.t|c\.usage|c\.fail|\bfail|i18n\.M|\bM|msgErr|userErr|\bmsg|i18n\.T\([a-zA-Z.]+,)\(?\s*"([a-z_0-9]+\.[a-z_0-9.]+)"`)

// pluralUse finds plural message keys (TN, and the helpers named tn).
var pluralUse = regexp.MustCompile(`\b(?:i18n\.)?TN\([a-zA-Z.]+,\s*"([a-z_0-9]+\.[a-z_0-9.]+)"|\btn\(\s*"([a-z_0-9]+\.[a-z_0-9.]+)"`)

// TestEveryUsedKeyExists scans the Go sources for message keys and checks
// that English defines each one, so no user sees a raw key.
func TestEveryUsedKeyExists(t *testing.T) {
	en, _ := Catalog(EN)
	root := filepath.Join("..", "..")
	used := 0
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		src, _ := os.ReadFile(p)
		for _, m := range keyUse.FindAllStringSubmatch(string(src), -1) {
			used++
			if _, ok := en[m[1]]; !ok {
				t.Errorf("%s uses key %q, missing from en.json", p, m[1])
			}
		}
		for _, m := range pluralUse.FindAllStringSubmatch(string(src), -1) {
			key := m[1] + m[2]
			if _, ok := en[key+"#"+PluralOther]; !ok {
				t.Errorf("%s uses plural key %q, missing from en.json", p, key)
			}
		}
		return nil
	})
	if used < 50 {
		t.Fatalf("found only %d key uses: the scan is broken", used)
	}
}

func TestTranslateFallsBack(t *testing.T) {
	if got := T(FR, "import.empty"); got == T(EN, "import.empty") || got == "" {
		t.Errorf("French import.empty = %q", got)
	}
	if got := T(FR, "no.such.key", 3); got != "no.such.key 3" {
		t.Errorf("unknown key: %q", got)
	}
	if got := T(SRLatn, "import.empty"); got != CyrillicToLatin(T(SRCyrl, "import.empty")) {
		t.Errorf("sr-Latn %q is not the transliteration", got)
	}
}

// TestNestedMessagesFollowTheLanguage: a message given as an argument is
// said in the outer message's language, and the caller's slice is kept.
func TestNestedMessagesFollowTheLanguage(t *testing.T) {
	inner := M("template.empty_body")
	args := []any{"F-1", "x.tmpl", inner}
	got := T(FR, "letter.original_unusable", args...)
	if !strings.Contains(got, T(FR, "template.empty_body")) || strings.Contains(got, T(EN, "template.empty_body")) {
		t.Errorf("nested message not in French: %q", got)
	}
	if _, ok := args[2].(Msg); !ok {
		t.Error("the caller's arguments were changed")
	}
}

func TestCyrillicToLatin(t *testing.T) {
	for in, want := range map[string]string{
		"Љубомир Његовановић":      "Ljubomir Njegovanović",
		"ЉУБА":                     "LJUBA",
		"џеп Џон ЏЕП":              "džep Džon DŽEP",
		"Београд, улица Ђуре":      "Beograd, ulica Đure",
		"шифра %[1]q, износ %[2]s": "šifra %[1]q, iznos %[2]s",
	} {
		if got := CyrillicToLatin(in); got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
}

func TestParseLocale(t *testing.T) {
	for in, want := range map[string]Lang{
		"fr_FR.UTF-8": FR, "en_GB.UTF-8": EN, "sr_RS.UTF-8": SRCyrl, "sr_RS@latin": SRLatn, "sr-Latn": SRLatn, "fr": FR,
		"de_DE.UTF-8": DE, "de_AT": DE, "de": DE,
	} {
		if got, ok := Parse(in); !ok || got != want {
			t.Errorf("Parse(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "C", "POSIX", "it_IT.UTF-8"} {
		if _, ok := Parse(in); ok {
			t.Errorf("Parse(%q) accepted", in)
		}
	}
	env := map[string]string{"LANG": "fr_FR.UTF-8"}
	if got := FromEnv(func(k string) string { return env[k] }); got != FR {
		t.Errorf("FromEnv LANG=fr: %q", got)
	}
	env["RELANCE_LANG"] = "sr-Latn"
	if got := FromEnv(func(k string) string { return env[k] }); got != SRLatn {
		t.Errorf("RELANCE_LANG wins: %q", got)
	}
}

// dummyArgs builds arguments that fit the directives of the English format
// f, in index order.
func dummyArgs(f string) []any {
	verbs := map[int]byte{}
	maxIdx := 0
	for _, d := range directive.FindAllString(f, -1) {
		var i int
		fmt.Sscanf(d, "%%[%d]", &i)
		verbs[i] = d[len(d)-1]
		maxIdx = max(maxIdx, i)
	}
	args := make([]any, maxIdx)
	for i := 1; i <= maxIdx; i++ {
		if verbs[i] == 'd' {
			args[i-1] = 1
		} else {
			args[i-1] = "x"
		}
	}
	return args
}

// Every language has its own name, written in that language's script,
// and no name is a tag.
func TestLanguageNames(t *testing.T) {
	want := map[Lang]string{EN: "English", FR: "Français", DE: "Deutsch", SRCyrl: "Српски (ћирилица)", SRLatn: "Srpski (latinica)"}
	for _, l := range Langs {
		if got := Name(l); got != want[l] {
			t.Errorf("Name(%s) = %q, want %q", l, got, want[l])
		}
	}
	if Name("xx") != "xx" {
		t.Errorf("an unknown tag is given back as it is")
	}
}
