package letter

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// germanRequest is testRequest's German letter under jurisdiction j for a
// business or a consumer, with the figures the dunning package gives them:
// no fixed sum for a consumer (§ 288 Abs. 5 BGB is for debtors who are not
// consumers), the legal basis said in German.
func germanRequest(kind ledger.LetterKind, j ledger.Jurisdiction, consumer bool) Request {
	req := testRequest(kind, ledger.German, ledger.EnvelopeDIN5008A)
	req.Jurisdiction = j
	basis := map[ledger.Jurisdiction]string{ledger.JurisdictionDE: "basis.de_business", ledger.JurisdictionFR: "basis.fr_business"}[j]
	if consumer {
		req.Customer = ledger.Customer{Code: "P5", Name: "Jürgen Weiß", Gender: ledger.Male, Address1: "Gartenweg 2", Postcode: "80331",
			City: "München", Country: "DE", Language: ledger.German, Kind: ledger.Consumer}
		req.FixedSum = nil
		for i := range req.Invoices {
			req.Invoices[i].Compensation = 0
		}
		basis = map[ledger.Jurisdiction]string{ledger.JurisdictionDE: "basis.de_consumer", ledger.JurisdictionFR: "basis.fr_consumer"}[j]
	}
	req.Basis = i18n.T(i18n.DE, basis)
	return req
}

// TestGermanLettersAsPDF reads each German letter back through pdftotext
// and checks what its law requires it to say (each row names the statute)
// and what it must not say (no fixed sum to a consumer; no German statute
// in a letter under another law; no earlier letter cited when none was
// sent), in German form: "§ 288 Abs. 2 BGB", dates "22. November 2026",
// amounts "1.000,00 €", the salutation and "Mit freundlichen Grüßen".
func TestGermanLettersAsPDF(t *testing.T) {
	needTools(t)
	rows := []struct {
		kind      ledger.LetterKind
		j         ledger.Jurisdiction
		consumer  bool
		noHistory bool
		source    string // the statute or usage the row checks
		want, not []string
		tweak     func(*Request)
	}{
		{"reminder-1", ledger.JurisdictionDE, false, false, "a first reminder: friendly, no threat, no statute",
			[]string{"Zahlungserinnerung: offene Rechnungen", "Sehr geehrte Frau Dr. Schäfer,", "nach unseren Unterlagen", "F2026-0107",
				"15. September 2026", "15. Oktober 2026", "1.500,00 €", "Mit freundlichen Grüßen"},
			[]string{"BGB", "Verzug", "Mahnverfahren"}, nil},
		{"reminder-2", ledger.JurisdictionDE, false, false, "§ 286 Abs. 1 BGB (Verzug by reminder); § 288 Abs. 2 BGB (9 points, business); § 288 Abs. 5 BGB (€40)",
			[]string{"Mahnung: überfällige Rechnungen", "mit unserem Schreiben vom 22. Oktober 2026", "in Verzug (§ 286 Abs. 1 BGB)",
				"neun Prozentpunkte über dem Basiszinssatz, § 288 Abs. 2 BGB", "zum Jahreszinssatz von 12,40 %",
				"Claire Martin Leiterin der Verwaltung", "Verzugspauschale nach § 288 Abs. 5 BGB von 80,00 €",
				"Verzugszinsen von 14,44 €", "1.594,44 €"},
			[]string{"BGB § 288", "Abs. 1 BGB: ", "fünf Prozentpunkte"}, nil},
		{"reminder-2", ledger.JurisdictionDE, true, false, "§ 288 Abs. 1 BGB (5 points, consumer); no § 288 Abs. 5 BGB for a consumer",
			[]string{"Sehr geehrter Herr Weiß,", "fünf Prozentpunkte über dem Basiszinssatz, § 288 Abs. 1 BGB", "in Verzug (§ 286 Abs. 1 BGB)", "1.514,44 €"},
			[]string{"§ 288 Abs. 5", "Pauschale", "neun Prozentpunkte"}, nil},
		{"reminder-2", ledger.JurisdictionDE, false, true, "no earlier letter in the history: none cited (§ 286 Abs. 1 BGB by this letter)",
			[]string{"eine Zahlung der unten aufgeführten Rechnungen ist bei uns bis heute nicht eingegangen", "Spätestens mit dieser Mahnung befinden Sie sich in Verzug"},
			[]string{"Schreiben vom", "erinnert", "Zahlungserinnerung befinden"}, nil},
		{"final-demand", ledger.JurisdictionDE, false, false, "§ 286 BGB; § 288 Abs. 2 and Abs. 5 BGB, the Pauschale per debt and its Satz 3; §§ 688 ff. ZPO",
			[]string{"Letzte Mahnung: offene Rechnungen", "trotz unseres Schreibens vom 22. Oktober 2026", "in Verzug (§ 286 Abs. 1 BGB)",
				"bis spätestens 30. November 2026 zu zahlen", "Hauptforderung von 1.500,00 €", "Jahreszinssatz von 12,40 %",
				"Verzugspauschale von 40,00 € je Rechnung, insgesamt 80,00 €", "§ 288 Abs. 2 BGB: Basiszinssatz + 9 Prozentpunkte",
				"§ 288 Abs. 5 Satz 3 BGB", "bis zum Eingang Ihrer Zahlung weiter", "§§ 688 ff. ZPO", "IBAN FR76 3000 6000 0112 3456 7890 189"},
			[]string{"BGB § 288"}, nil},
		{"final-demand", ledger.JurisdictionDE, true, false, "§ 288 Abs. 1 BGB for a consumer; no Pauschale",
			[]string{"§ 288 Abs. 1 BGB: Basiszinssatz + 5 Prozentpunkte", "§§ 688 ff. ZPO", "1.514,44 €"},
			[]string{"Pauschale", "§ 288 Abs. 5", "je Rechnung"}, nil},
		{"final-demand", ledger.JurisdictionFR, false, false, "French law in a German letter: its basis in German, no BGB",
			[]string{"Art. L441-10", "pauschalen Entschädigung für Beitreibungskosten von 40,00 € je Rechnung"},
			[]string{"BGB", "ZPO", "Verzugspauschale"}, nil},
		{"payment-demand", ledger.JurisdictionDE, false, false, "§ 286 Abs. 1 BGB; § 288 Abs. 2 BGB; § 288 Abs. 5 BGB",
			[]string{"Zahlungsaufforderung: Rechnung Nr. F2026-0107", "in Verzug (§ 286 Abs. 1 BGB)", "(§ 288 Abs. 2 BGB)",
				"Verzugspauschale nach § 288 Abs. 5 BGB", "bis zum 7. Dezember 2026", "geben Sie die oben genannte Referenz an",
				// The payment paragraph in German; RF60 and RF07 worked out by
				// hand (ISO 11649: F20260107RF00 → 1520260107271500 mod 97 = 38).
				"Bitte überweisen Sie 1.594,44 € an Les Ateliers Bellecour SAS, IBAN FR76 3000 6000 0112 3456 7890 189 (BIC AGRIFRPP), " +
					"unter Angabe der Referenz jeder Rechnung: RF60 F202 6010 7 für Rechnung F2026-0107 und RF07 F202 6018 8 für Rechnung F2026-0188."},
			[]string{"Schäfer – "}, nil},
		{"statement", ledger.JurisdictionDE, false, false, "statement of account",
			[]string{"Kontoauszug zum 22. November 2026", "Folgende Zahlungen haben wir dankend erhalten", "20. Oktober 2026: 234,56 €"},
			nil, nil},
		{"reminder-2", ledger.JurisdictionDE, false, false, "§ 247 BGB: the base rate changes on 1 January and 1 July; each rate with its days",
			[]string{"zum Jahreszinssatz von 11,27 % vom 16. Oktober 2026 bis zum 31. Dezember 2026, danach 10,98 % vom 1. Januar 2027 bis zum 22. Januar 2027"},
			nil, func(r *Request) {
				r.RatePeriods = []RatePeriod{{From: ledger.MustDate("2026-10-16"), To: ledger.MustDate("2026-12-31"), Rate: "11.27"},
					{From: ledger.MustDate("2027-01-01"), To: ledger.MustDate("2027-01-22"), Rate: "10.98"}}
			}},
		{"final-demand", ledger.JurisdictionDE, false, false, "registered letter with acknowledgement, the earlier one's number",
			[]string{"Mit diesem Einschreiben mit Rückschein fordern wir Sie letztmalig auf", "vom 22. Oktober 2026 (Einschreiben Nr. RR123456785FR)"},
			[]string{"Wir fordern Sie hiermit"}, func(r *Request) {
				r.Registered = true
				r.Previous[0].Tracking = "RR123456785FR"
			}},
		{"billing-change", ledger.JurisdictionDE, true, false, "§ 308 Nr. 5 BGB: no acceptance by silence; a consumer is asked to agree",
			[]string{"nur mit Ihrer Zustimmung", "vor dem 1. Januar 2027"},
			[]string{"gilt für alle unsere Kunden", "Annahme", "akzeptiert"}, nil},
		{"billing-change", ledger.JurisdictionDE, false, false, "no acceptance by silence for a business either",
			[]string{"Diese Änderung gilt für alle unsere Kunden."},
			[]string{"Zustimmung", "als angenommen", "akzeptiert"}, nil},
	}
	for _, r := range rows {
		req := germanRequest(r.kind, r.j, r.consumer)
		if r.noHistory {
			req.Previous = nil
		}
		if r.tweak != nil {
			r.tweak(&req)
		}
		c, err := Compose(req)
		if err != nil {
			t.Fatalf("%s %s: %v", r.kind, r.j, err)
		}
		out, err := exec.Command("pdftotext", pdfOf(t, c), "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := nbspRepl.Replace(strings.Join(strings.Fields(string(out)), " "))
		failed := false
		for _, w := range r.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s %s consumer=%v (%s): lacks %q", r.kind, r.j, r.consumer, r.source, w)
				failed = true
			}
		}
		for _, n := range r.not {
			if strings.Contains(text, n) {
				t.Errorf("%s %s consumer=%v (%s): says %q", r.kind, r.j, r.consumer, r.source, n)
				failed = true
			}
		}
		if failed {
			t.Logf("%s %s consumer=%v:\n%s", r.kind, r.j, r.consumer, text)
		}
	}
}
