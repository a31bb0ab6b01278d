package letter

import (
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/i18n"
)

// Every field the editor lists is one the check accepts, and says what it
// holds in every language.
func TestFieldsAreAcceptedAndSaid(t *testing.T) {
	fields := Fields()
	if len(fields) < 80 {
		t.Fatalf("%d fields: Data has more", len(fields))
	}
	seen := map[string]bool{}
	for _, f := range fields {
		seen[f.Path] = true
		src := "Kind: reminder-1\nLanguage: fr\nSubject: x\n\n" + f.Insert + "\n"
		if _, err := ParseTemplate("t.tmpl", []byte(src)); err != nil {
			t.Errorf("%s inserted as %q is refused: %v", f.Path, f.Insert, err)
		}
		for _, l := range []i18n.Lang{i18n.EN, i18n.FR, i18n.DE, i18n.SRCyrl} {
			cat, err := i18n.Catalog(l)
			if err != nil {
				t.Fatal(err)
			}
			if strings.TrimSpace(cat[f.About.Key]) == "" {
				t.Errorf("%s: no %s in %s", f.Path, f.About.Key, l)
			}
		}
	}
	for _, p := range []string{".Customer.Greeting", ".Invoice.Number", ".Invoices", ".Letter.Registered", ".Terms.Minimum"} {
		if !seen[p] {
			t.Errorf("%s is not listed", p)
		}
	}
	if f := fields[0]; f.Path != ".Kind" || f.Insert != "{{.Kind}}" {
		t.Errorf("first field %+v", f)
	}
}
