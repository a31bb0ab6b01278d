package letter

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/relance-app/relance/internal/i18n"
)

// Template variants (issue 19): beside the default template of a kind and
// language (A: the embedded file or the owner's KIND.LANG.tmpl), the owner
// may write variants B, C… as KIND.LANG.B.tmpl in the template folder, so
// the ladder can try another wording on some customers and the report can
// say which one gets answers and payment. A variant is the owner's file
// only: there is no embedded one, and a Serbian Latin variant is its own
// file (the defaults' transliteration from Cyrillic is for defaults).
// Its header names its kind and language like any template's; the letter
// is in the file name alone, so a copy of the template is a valid variant.

// DefaultVariant is the default template's letter: it has no file of its
// own and is recorded as "" (letters.variant).
const DefaultVariant = "A"

// ValidVariant says whether v names a variant file: one capital letter B
// to Z (A is the default template).
func ValidVariant(v string) bool { return len(v) == 1 && v[0] > 'A' && v[0] <= 'Z' }

// VariantFile is the file name of a variant: KIND.LANG.V.tmpl.
func VariantFile(kind, lang, v string) string { return kind + "." + lang + "." + v + ".tmpl" }

// TemplateVariants lists the variant letters (B…Z, in order) of kind and
// lang present in the owner's folder dir; none when dir is "" or absent.
// A file is listed whether or not it passes the check: using it says why
// it cannot be used, as for the owner's template.
func TemplateVariants(dir, kind, lang string) ([]string, error) {
	if dir == "" {
		return nil, nil
	}
	var out []string
	for v := byte('B'); v <= 'Z'; v++ {
		_, err := os.Stat(filepath.Join(dir, VariantFile(kind, lang, string(v))))
		switch {
		case err == nil:
			out = append(out, string(v))
		case !errors.Is(err, fs.ErrNotExist):
			return out, fmt.Errorf("template variants of %s in %s: %w", kind, lang, err)
		}
	}
	return out, nil
}

// AllVariants lists, for every template kind and language, the variant
// letters present in dir, in one read of the folder (the plan asks for
// them on every run): kind → language → letters in order.
func AllVariants(dir string) (map[string]map[string][]string, error) {
	out := map[string]map[string][]string{}
	if dir == "" {
		return out, nil
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return out, nil
	} else if err != nil {
		return out, fmt.Errorf("template variants: %w", err)
	}
	for _, e := range entries {
		kind, lang, v, ok := SplitVariantFile(e.Name())
		if !ok || e.IsDir() {
			continue
		}
		if out[kind] == nil {
			out[kind] = map[string][]string{}
		}
		out[kind][lang] = append(out[kind][lang], v)
	}
	for _, byLang := range out {
		for _, vs := range byLang {
			sort.Strings(vs)
		}
	}
	return out, nil
}

// SplitVariantFile reads a variant's file name (KIND.LANG.V.tmpl) back into
// its kind, language and letter; ok is false for any other name.
func SplitVariantFile(base string) (kind, lang, v string, ok bool) {
	rest, found := strings.CutSuffix(base, ".tmpl")
	if !found || len(rest) < 2 || rest[len(rest)-2] != '.' || !ValidVariant(rest[len(rest)-1:]) {
		return "", "", "", false
	}
	v, rest = rest[len(rest)-1:], rest[:len(rest)-2]
	for _, k := range TemplateKinds() {
		if l, found := strings.CutPrefix(rest, k+"."); found {
			for _, tl := range TemplateLanguages {
				if l == tl {
					return k, l, v, true
				}
			}
		}
	}
	return "", "", "", false
}

// VariantSource returns a variant's file and source; v "" or "A" is the
// template itself (TemplateSource).
func VariantSource(dir, kind, lang, v string) (name string, src []byte, err error) {
	if v == "" || v == DefaultVariant {
		return TemplateSource(dir, kind, lang)
	}
	if !ValidVariant(v) || dir == "" {
		return "", nil, fmt.Errorf("no variant %q of %s in %s", v, kind, lang)
	}
	p := filepath.Join(dir, VariantFile(kind, lang, v))
	data, err := os.ReadFile(p)
	if err != nil {
		return p, nil, err
	}
	return p, data, nil
}

// LoadVariant reads and checks a variant exactly as LoadTemplate checks a
// template (same parser, same header check, same errors); v "" or "A" is
// the template itself.
func LoadVariant(dir, kind, lang, v string) (*Template, error) {
	if v == "" || v == DefaultVariant {
		return LoadTemplate(dir, kind, lang)
	}
	name, src, err := VariantSource(dir, kind, lang, v)
	if err != nil {
		return nil, err
	}
	return checkLoaded(name, src, kind, lang)
}

// CheckSource checks a template's text as LoadTemplate checks the file it
// reads for kind and lang (name: the file, for messages).
func CheckSource(name string, src []byte, kind, lang string) (*Template, error) {
	return checkLoaded(name, src, kind, lang)
}

// checkLoaded parses a template read for kind and lang and checks that
// its header says them.
func checkLoaded(name string, src []byte, kind, lang string) (*Template, error) {
	t, err := ParseTemplate(name, src)
	if err != nil {
		return nil, err
	}
	if t.Kind != kind || t.Language != lang {
		return nil, &TemplateError{File: name, Line: 1, Reason: i18n.M("template.header_mismatch", t.Kind, t.Language, kind, lang)}
	}
	return t, nil
}
