package letter

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/templates"
)

// Kinds are the letter kinds with default templates.
var Kinds = ledger.LetterKinds

// Pieces are the short texts that are not letters: the highlighted insert
// printed on the last paper statements before billing goes paperless, and
// the postcard reminder (A6) to those who have not answered.
var Pieces = []string{"paperless-insert", "paperless-postcard"}

// TemplateKinds are every kind with a template: letters, then pieces.
func TemplateKinds() []string {
	out := make([]string, 0, len(Kinds)+len(Pieces))
	for _, k := range Kinds {
		out = append(out, k.Template())
	}
	return append(out, Pieces...)
}

// TemplateLanguages are the languages every kind is written in.
var TemplateLanguages = []string{"fr", "en", "de", "sr-Cyrl", "sr-Latn"}

// TemplateSource returns the source of a template: the owner's override
// in overrideDir (if any, and if overrideDir is not empty), else the
// default. Serbian Latin defaults are transliterated from Cyrillic unless
// a Latin file exists.
func TemplateSource(overrideDir, kind, lang string) (name string, src []byte, err error) {
	file := kind + "." + lang + ".tmpl"
	if overrideDir != "" {
		p := filepath.Join(overrideDir, file)
		if data, err := os.ReadFile(p); err == nil {
			return p, data, nil
		} else if !os.IsNotExist(err) {
			return p, nil, err
		}
	}
	data, err := fs.ReadFile(templates.Letters, "letters/"+file)
	if err == nil {
		return "templates/letters/" + file, data, nil
	}
	if lang == "sr-Latn" {
		cyr, err := fs.ReadFile(templates.Letters, "letters/"+kind+".sr-Cyrl.tmpl")
		if err != nil {
			return "", nil, fmt.Errorf("no template for %s in %s", kind, lang)
		}
		latin := i18n.CyrillicToLatin(string(cyr))
		latin = strings.Replace(latin, "Language: sr-Cyrl", "Language: sr-Latn", 1)
		return "templates/letters/" + kind + ".sr-Cyrl.tmpl (transliterated)", []byte(latin), nil
	}
	return "", nil, fmt.Errorf("no template for %s in %s", kind, lang)
}

// LoadTemplate reads and checks a template (override or default).
func LoadTemplate(overrideDir, kind, lang string) (*Template, error) {
	name, src, err := TemplateSource(overrideDir, kind, lang)
	if err != nil {
		return nil, err
	}
	return checkLoaded(name, src, kind, lang)
}
