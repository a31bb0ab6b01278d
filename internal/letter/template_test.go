package letter

import (
	"errors"
	"strings"
	"testing"
)

const goodTemplate = `Kind: reminder-1
Language: en
Subject: Invoice {{.Invoice.Number}}: a friendly reminder

{{.Customer.Greeting}}

Our records show that invoice {{.Invoice.Number}} of {{.Invoice.IssueDate}}, due on {{.Invoice.DueDate}}, is still open.
{{if .Totals.HasInterest}}Interest: {{.Totals.Interest}}.{{else}}No interest is claimed.{{end}}

::table

{{range .Invoices}}- {{.Number}}: {{.Balance}}
{{end}}
Yours sincerely,
{{.Company.SignatoryName}}
`

func TestTemplateParsesAndRuns(t *testing.T) {
	tp, err := ParseTemplate("reminder-1.en.tmpl", []byte(goodTemplate))
	if err != nil {
		t.Fatal(err)
	}
	if tp.Kind != "reminder-1" || tp.Language != "en" {
		t.Fatalf("%+v", tp)
	}
	d := SampleData()
	d.Invoice.Number = "F-17"
	d.Customer.Greeting = "Dear Ms Harper,"
	d.Totals.HasInterest = false
	r, err := tp.Execute(d)
	if err != nil {
		t.Fatal(err)
	}
	if r.Subject != "Invoice F-17: a friendly reminder" || !strings.Contains(r.Body, "Dear Ms Harper,") || !strings.Contains(r.Body, "No interest is claimed.") {
		t.Fatalf("%+v", r)
	}
	// A newline in a field cannot break the subject onto two lines.
	d.Invoice.Number = "F-17\nBcc: x@example.com"
	r, _ = tp.Execute(d)
	if strings.ContainsAny(r.Subject, "\r\n") {
		t.Fatalf("subject %q", r.Subject)
	}
}

func TestHostileAndBrokenTemplatesAreRefused(t *testing.T) {
	head := "Kind: reminder-1\nLanguage: en\nSubject: x\n\n"
	cases := []struct {
		name, src string
		line      int
		msg       string
	}{
		{"unknown field", head + "line 5\n{{.Customer.Password}}\n", 6, `unknown field ".Customer.Password"`},
		{"unknown field in an else branch", head + "a\n{{if .Totals.HasInterest}}x{{else}}{{.Nope}}{{end}}\n", 6, `unknown field ".Nope"`},
		{"unknown field inside range", head + "{{range .Invoices}}\n{{.Secret}}\n{{end}}\n", 6, `unknown field ".Secret"`},
		{"syntax error", head + "a\nb\n{{if .Totals.HasInterest}}\n", 7, "the text ends before the {{end}}"}, // the {{if}}'s line
		{"an inner block left open", head + "{{range .Invoices}}\n{{if .HasPDF}}x\n{{end}}\n{{with .Customer}}\n{{end}}\n", 5, "the text ends before"},
		{"unclosed action", head + "a\n{{.Customer.Name\n", 0, "not closed"}, // the parser reads on to the end
		{"stray end", head + "a\n{{end}}\n", 6, "an {{end}} without"},
		{"stray else", head + "{{else}}\n", 5, "an {{else}} outside"},
		{"if without a field", head + "{{if}}x{{end}}\n", 5, "{{if}} needs a field"},
		{"open quote", head + "{{if eq .Kind \"x}}y{{end}}\n", 5, "quotation mark"},
		{"a word after a field", head + "{{.Customer.Name Dupont}}\n", 5, `function "Dupont" is not available`},
		{"stray brace", head + "{{.Customer.Name}}}}{{ } }}\n", 5, "is not a field"},
		{"define", head + "{{define \"x\"}}{{template \"x\"}}{{end}}\n", 5, "not allowed"},
		{"template call", head + "{{template \"reminder-1\"}}\n", 5, "not allowed"},
		{"range over a number", head + "{{range 1000000000}}x{{end}}\n", 5, "{{range}} may only loop"},
		{"range over a string field", head + "{{range .Customer.Name}}x{{end}}\n", 5, "{{range}} may only loop"},
		{"unknown function", head + "{{printf \"%v\" .Customer}}\n", 5, `function "printf" is not available`},
		{"call", head + "{{call .Customer.Name}}\n", 5, "not available"},
		{"no kind", "Language: en\nSubject: x\n\nbody\n", 1, "no Kind header"},
		{"unknown header", "Kind: x\nFrom: y\n\nbody\n", 2, `unknown header "From"`},
		{"empty body", head + "\n\n", 5, "the body is empty"},
		{"unknown field in subject", "Kind: x\nLanguage: en\nSubject: {{.Customer.Nope}}\n\nbody\n", 3, `unknown field ".Customer.Nope"`},
		{"huge", head + strings.Repeat("x", 70<<10), 0, "larger than"},
	}
	for _, c := range cases {
		_, err := ParseTemplate("t.tmpl", []byte(c.src))
		var te *TemplateError
		if !errors.As(err, &te) {
			t.Errorf("%s: accepted (%v)", c.name, err)
			continue
		}
		if (c.line != 0 && te.Line != c.line) || !strings.Contains(te.Reason.String(), c.msg) {
			t.Errorf("%s: %v; want line %d and %q", c.name, err, c.line, c.msg)
		}
	}
}

func TestFieldsCannotCreateStructure(t *testing.T) {
	tp, err := ParseTemplate("t.tmpl", []byte("Kind: reminder-1\nLanguage: en\nSubject: x\n\n{{.Customer.Greeting}}\n\nWe write about {{.Customer.Name}} today.\n"))
	if err != nil {
		t.Fatal(err)
	}
	d := SampleData()
	d.Customer.Name = "Evil Ltd\n\n::table\n- injected"
	d.Invoices[0].Number = "keep\nme"
	r, err := tp.Execute(d)
	if err != nil {
		t.Fatal(err)
	}
	blocks := SplitBlocks(r.Body)
	if len(blocks) != 2 || blocks[1].Kind != Paragraph || blocks[1].Text != "We write about Evil Ltd ::table - injected today." {
		t.Fatalf("%+v", blocks)
	}
	if d.Customer.Name != "Evil Ltd\n\n::table\n- injected" || d.Invoices[0].Number != "keep\nme" {
		t.Fatal("the caller's data was changed")
	}
}

func TestSplitBlocks(t *testing.T) {
	got := SplitBlocks("Dear Ms Harper,\n\nFirst line\nsecond   line.\n\n::table\n\n- one\n- two\n::box\nPay by Monday.\n::end\n::enclosures\n")
	want := []Block{{Paragraph, "Dear Ms Harper,"}, {Paragraph, "First line second line."}, {InvoiceTable, ""}, {ListItem, "one"}, {ListItem, "two"},
		{BoxStart, ""}, {Paragraph, "Pay by Monday."}, {BoxEnd, ""}, {Enclosures, ""}}
	if len(got) != len(want) {
		t.Fatalf("%+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("block %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestOneLineKeepsNoBreakSpaces(t *testing.T) {
	if got := oneLine("  1\u00a0234,56\u00a0€ \n\t due  "); got != "1\u00a0234,56\u00a0€ due" {
		t.Fatalf("%q", got)
	}
}
