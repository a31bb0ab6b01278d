package letter

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// TestDefaultTemplates loads every kind in every language: each parses,
// passes the static check, runs on sample data, and says what the issue
// asks each kind to say (checked through the fields it uses).
func TestDefaultTemplates(t *testing.T) {
	for _, kind := range TemplateKinds() {
		for _, lang := range TemplateLanguages {
			name, src, err := TemplateSource("", kind, lang)
			if err != nil {
				t.Errorf("%s %s: %v", kind, lang, err)
				continue
			}
			tp, err := LoadTemplate("", kind, lang)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if _, err := tp.Execute(SampleData()); err != nil {
				t.Errorf("%s: %v", name, err)
			}
			text := string(src)
			for _, field := range requiredFields[kind] {
				if !strings.Contains(text, field) {
					t.Errorf("%s does not use %s", name, field)
				}
			}
			if strings.Contains(strings.ToLower(text), "valued customer") {
				t.Errorf("%s says \"valued customer\"", name)
			}
			if lang == "sr-Latn" {
				for _, r := range text {
					if unicode.Is(unicode.Cyrillic, r) {
						t.Errorf("%s: Cyrillic %q left after transliteration", name, r)
						break
					}
				}
			}
		}
	}
}

// requiredFields are the facts each kind must carry (the letters issue);
// every letter that asks for money places the payment paragraph. Not
// payment-demand's own signatory lines (issue 18: the layout signs every
// kind alike): a template may still write them.
var requiredFields = map[string][]string{
	"reminder-1":           {"::payment", ".Invoice.Number", ".Invoice.IssueDate", ".Invoice.DueDate", ".Totals.Principal", ".Company.Phone", ".Company.Email", ".Company.Website", ".Company.Fax", ".Company.Address"},
	"reminder-2":           {"::payment", ".Previous", ".Invoice.DueDate", ".Promise", ".Totals.Interest", ".Law.Rates", ".Totals.Total", ".Company.Phone"},
	"final-demand":         {"::payment", ".Letter.Deadline", ".Law.Rates", ".Law.Basis", ".Law.FixedSum", ".Law.FixedSumVaries", ".Letter.Registered", ".Totals.Total", ".Totals.Interest"},
	"payment-demand":       {"::payment", ".Letter.Date", ".Invoice.ServiceDate", ".Invoice.DueDate", ".Invoice.Number", ".Law.Rate", ".Letter.PayBy", ".Company.PhoneExt", ".Company.Email", ".Totals.Total"},
	"billing-change":       {".Customer.Consumer", ".Campaign.OldRule", ".Campaign.NewRule", ".Campaign.EffectiveMonth", ".Campaign.NewAddress", ".Company.Name", ".Company.Phone"},
	"paperless-notice":     {".Campaign.Steps", ".Campaign.Optional", ".Campaign.ConsentEmail", ".Campaign.ConsentWeb", ".Campaign.ConsentPhone", ".Campaign.Terms", ".Campaign.Benefits"},
	"appointment-reminder": {".Appointment.Date", ".Appointment.Time", ".Appointment.Place", ".Appointment.Bring", ".Appointment.Reschedule"},
	"statement":            {"::payment", ".Invoices", ".Payments", ".Totals.Total"},
	"paperless-insert":     {".Campaign.EffectiveDate", ".Campaign.Optional", ".Campaign.ConsentEmail", ".Campaign.ConsentWeb", ".Campaign.ConsentPhone"},
	"paperless-postcard":   {".Customer.Greeting", ".Campaign.EffectiveDate", ".Campaign.Optional", ".Campaign.ConsentEmail", ".Campaign.ConsentWeb", ".Campaign.ConsentPhone"},
}

func TestOverrideTemplateWins(t *testing.T) {
	dir := t.TempDir()
	src := "Kind: reminder-1\nLanguage: en\nSubject: Mine {{.Invoice.Number}}\n\n{{.Customer.Greeting}}\n\nOwn words.\n"
	os.WriteFile(filepath.Join(dir, "reminder-1.en.tmpl"), []byte(src), 0o600)
	tp, err := LoadTemplate(dir, "reminder-1", "en")
	if err != nil {
		t.Fatal(err)
	}
	r, _ := tp.Execute(SampleData())
	if !strings.HasPrefix(r.Subject, "Mine") {
		t.Fatalf("%+v", r)
	}
	// A broken override is refused, with its file and line; the default is
	// not silently used instead.
	os.WriteFile(filepath.Join(dir, "reminder-1.en.tmpl"), []byte(src+"{{.Nope}}\n"), 0o600)
	if _, err := LoadTemplate(dir, "reminder-1", "en"); err == nil || !strings.Contains(err.Error(), "reminder-1.en.tmpl:8:") {
		t.Fatalf("broken override: %v", err)
	}
	// A file whose header disagrees with its name is refused.
	os.WriteFile(filepath.Join(dir, "reminder-2.en.tmpl"), []byte(src), 0o600)
	if _, err := LoadTemplate(dir, "reminder-2", "en"); err == nil {
		t.Fatal("a reminder-1 template accepted as reminder-2")
	}
}
