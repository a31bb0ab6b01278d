package i18n

import (
	"bufio"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"
)

// sameAsEnglish reads testdata/same_as_english.txt: the translations that
// may read as the English ones, each with its reason. A line is
// "key | languages | reason", languages "*" for all but English or a list
// ("de sr-Latn"); "#" starts a comment.
func sameAsEnglish(t *testing.T) map[string]map[Lang]bool {
	t.Helper()
	f, err := os.Open("testdata/same_as_english.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]map[Lang]bool{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "|")
		if len(parts) != 3 || strings.TrimSpace(parts[2]) == "" {
			t.Fatalf("same_as_english.txt:%d: want key | languages | reason, got %q", n, line)
		}
		key := strings.TrimSpace(parts[0])
		if out[key] == nil {
			out[key] = map[Lang]bool{}
		}
		for _, l := range strings.Fields(parts[1]) {
			if l == "*" {
				for _, x := range Langs {
					out[key][x] = true
				}
				continue
			}
			if _, ok := Parse(l); !ok || l != string(mustParse(l)) {
				t.Fatalf("same_as_english.txt:%d: %q is not a language", n, l)
			}
			out[key][Lang(l)] = true
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func mustParse(s string) Lang { l, _ := Parse(s); return l }

var formatDirective = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// hasWords: a text with a word of two letters or more besides its
// directives ("%[1]d / %[2]d" is no English; "OK" is).
func hasWords(s string) bool {
	run := 0
	for _, r := range formatDirective.ReplaceAllString(s, " ") {
		if unicode.IsLetter(r) {
			if run++; run >= 2 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// TestTranslationsAreNotEnglish: no translated text equals its English
// one, unless it is a proper name or a word the language shares, listed
// with its reason in testdata/same_as_english.txt; and every entry there
// is still needed (a listed text since translated is taken off).
func TestTranslationsAreNotEnglish(t *testing.T) {
	en, err := Catalog(EN)
	if err != nil {
		t.Fatal(err)
	}
	allowed := sameAsEnglish(t)
	used := map[string]bool{}
	var bad []string
	for _, l := range Langs {
		if l == EN {
			continue
		}
		cat, err := Catalog(l)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range en {
			tr, ok := cat[k]
			if !ok || tr != v || !hasWords(v) {
				continue
			}
			if allowed[k][l] {
				used[k+" "+string(l)] = true
				continue
			}
			bad = append(bad, string(l)+" "+k+" = "+v)
		}
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Errorf("%s: the English text, untranslated (translate it, or list it with its reason in testdata/same_as_english.txt)", b)
	}
	// Every entry still needed: a text since translated is taken off
	// ("*": needed in one language at least).
	for k, langs := range allowed {
		if _, ok := en[k]; !ok {
			t.Errorf("same_as_english.txt: %s is no message", k)
			continue
		}
		needed := 0
		for l := range langs {
			if used[k+" "+string(l)] {
				needed++
			} else if len(langs) < len(Langs) {
				t.Errorf("same_as_english.txt: %s in %s is translated now: take it off", k, l)
			}
		}
		if needed == 0 {
			t.Errorf("same_as_english.txt: %s is translated now: take it off", k)
		}
	}
}
