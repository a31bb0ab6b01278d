package letter

import (
	"errors"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/i18n"
)

// Issue 12, finding 10: a template printing {{.}} or {{$}} at the top
// level passed the check and dumped the whole Data value into the letter.
// Before the fix the check resolved $ and . to Data without complaint, and
// executing "{{$}}" on SampleData printed 356 bytes beginning
// "{reminder-1 fr {1 x 1 x 1} {x x x 1 1 1 ": every field of the letter,
// company, customer, invoices and law, those no letter shows included.
func TestWholeValuesAreRefused(t *testing.T) {
	head := "Kind: reminder-1\nLanguage: en\nSubject: x\n\n"
	for _, c := range []struct {
		name, src string
		line      int
		shown     string
	}{
		{"dot at the top", head + "Hello\n{{.}}\n", 6, "{{.}}"},
		{"dollar", head + "{{$}}\n", 5, "{{$}}"},
		{"dollar in a range", head + "{{range .Invoices}}\n{{$}}\n{{end}}\n", 6, "{{$}}"},
		{"dot on an invoice", head + "{{range .Invoices}}\n- {{.}}\n{{end}}\n", 6, "{{.}}"},
		{"a record field", head + "{{.Customer}}\n", 5, "{{.Customer}}"},
		{"a list", head + "{{.Invoices}}\n", 5, "{{.Invoices}}"},
		{"with a record", head + "{{with .Company}}\n{{.}}\n{{end}}\n", 6, "{{.}}"},
		{"a variable holding the data", head + "{{$d := .}}x\n{{$d}}\n", 6, "{{$d}}"},
		{"in the subject", "Kind: reminder-1\nLanguage: en\nSubject: {{.}}\n\nbody\n", 3, "{{.}}"},
	} {
		_, err := ParseTemplate("reminder-1.en.tmpl", []byte(c.src))
		var te *TemplateError
		if !errors.As(err, &te) {
			t.Errorf("%s: accepted (%v)", c.name, err)
			continue
		}
		want := "would print a whole record"
		if te.Line != c.line || !strings.Contains(te.Reason.String(), want) || !strings.Contains(te.Reason.String(), c.shown) {
			t.Errorf("%s: %v; want line %d, %q and %q", c.name, err, c.line, c.shown, want)
		}
		if got := te.In(i18n.FR); !strings.HasPrefix(got, "reminder-1.en.tmpl:") || !strings.Contains(got, "enregistrement entier") {
			t.Errorf("%s in French: %q", c.name, got)
		}
	}
	// One value is still printed as it is: a word of a list of words, a
	// field, a function's result.
	tp, err := ParseTemplate("t.tmpl", []byte(head+"{{range .Campaign.Benefits}}- {{.}}\n{{end}}{{with .Customer.Name}}{{.}}{{end}} {{len .Invoices}} {{upper .Customer.Name}}\n"))
	if err != nil {
		t.Fatalf("single values refused: %v", err)
	}
	d := SampleData()
	d.Campaign.Benefits = []string{"faster", "greener"}
	d.Customer.Name = "Harper"
	r, err := tp.Execute(d)
	if err != nil || !strings.Contains(r.Body, "- faster") || !strings.Contains(r.Body, "Harper") || !strings.Contains(r.Body, "HARPER") {
		t.Fatalf("%q %v", r.Body, err)
	}
}
