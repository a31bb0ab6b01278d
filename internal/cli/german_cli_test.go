package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// TestGermanCustomerAndLetter: a German customer imported with "Deutsch"
// as its language, greeted by the title and gender set with customer set,
// gets German letters under German law; --lang de makes a German letter
// for a French customer too; the interface speaks German with --lang de.
func TestGermanCustomerAndLetter(t *testing.T) {
	db := tempDB(t)
	day := ledger.MustDate("2025-06-20")
	dir := t.TempDir()
	run := func(args ...string) result { return runAt(t, day, append([]string{"--db", db}, args...)...) }
	for _, args := range [][]string{
		{"init"},
		{"company", "set", "jurisdiction=DE", "legal_name=Muster Werkstatt GmbH", "address1=Marktplatz 1", "postcode=50667", "city=Köln",
			"country=DE", "email=buchhaltung@muster.example", "phone=0221 123456"},
		{"import", "customers", write(t, "k.csv", "Kundennummer;Firma;Ansprechpartner;Straße;PLZ;Ort;Land;Sprache;Kundenart;E-Mail\n"+
			"D1;Schäfer Logistik GmbH;Anna Schäfer;Hauptstraße 5;80331;München;DE;Deutsch;Unternehmen;a@schaefer.example\n"+
			"F1;Atelier Dupont;Jean Dupont;1 rue A;69002;Lyon;FR;fr;entreprise;j@dupont.example\n")},
		{"import", "invoices", write(t, "r.csv", "Rechnungsnummer;Kundennummer;Rechnungsdatum;Fällig am;Betrag;Währung\n"+
			"RE-1;D1;01.04.2025;30.04.2025;1.190,00;EUR\nRE-2;F1;01.04.2025;30.04.2025;500,00;EUR\n")},
	} {
		if r := run(args...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	// Before the gender is known: the neutral German form, not "Anna Schäfer,".
	p0 := filepath.Join(dir, "before.pdf")
	if r := run("letter", "--kind", "reminder-1", "--invoice", "RE-1", "-o", p0); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if text := flat(pdfText(t, p0)); !strings.Contains(text, "Sehr geehrte Damen und Herren,") || strings.Contains(text, "Anna Schäfer,") {
		t.Errorf("greeting without gender:\n%s", text)
	}
	if r := run("customer", "set", "D1", "title=Dr.", "gender=f"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if r := run("customer", "set", "D1", "gender=alien"); r.code != ExitUser {
		t.Errorf("gender=alien: %+v", r)
	}
	if r := run("customers", "list", "--search", "Schäfer", "--json"); !strings.Contains(r.stdout, `"title": "Dr."`) ||
		!strings.Contains(r.stdout, `"gender": "f"`) || !strings.Contains(r.stdout, `"language": "de"`) {
		t.Errorf("customers list: %+v", r)
	}
	p := filepath.Join(dir, "mahnung.pdf")
	if r := run("letter", "--kind", "final-demand", "--invoice", "RE-1", "-o", p); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	text := flat(pdfText(t, p))
	for _, w := range []string{"Letzte Mahnung: Rechnung Nr. RE-1", "Sehr geehrte Frau Dr. Schäfer,", "Köln, 20. Juni 2025",
		"§ 288 Abs. 2 BGB", "§ 286 Abs. 1 BGB", "§§ 688 ff. ZPO", "1.190,00 €", "Mit freundlichen Grüßen"} {
		if !strings.Contains(text, w) {
			t.Errorf("German final demand lacks %q:\n%s", w, text)
		}
	}
	p2 := filepath.Join(dir, "fr-de.pdf")
	if r := run("letter", "--kind", "reminder-1", "--invoice", "RE-2", "--lang", "de", "-o", p2); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if text := flat(pdfText(t, p2)); !strings.Contains(text, "Zahlungserinnerung: Rechnung Nr. RE-2") || !strings.Contains(text, "500,00 €") {
		t.Errorf("--lang de for a French customer:\n%s", text)
	}
	if r := runAt(t, day, "--db", db, "--lang", "de", "letter", "--kind", "reminder-1", "-o", p2); r.code != ExitUsage ||
		!strings.Contains(r.stderr, "Aufruf: relancectl letter --kind ART") {
		t.Errorf("German interface: %+v", r)
	}
}

// flat joins a pdftotext output's words with single spaces, no-break
// spaces included.
func flat(s string) string {
	return strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(strings.Join(strings.Fields(s), " "))
}
