package letter

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// pdfText composes req, paints it, and reads it back through pdftotext,
// its white space collapsed (a justified line may end anywhere).
func pdfText(t *testing.T, req Request) (string, *Composed) {
	t.Helper()
	c, err := Compose(req)
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", pdfOf(t, c), "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(nbspRepl.Replace(string(out))), " "), c
}

// TestLettersSayWhatTheLawRequires reads each letter back from its PDF and
// checks the elements its law requires, and the wrong ones it must not say.
// Each row names the statute; the expected words were written by hand from
// it (templates/README.md lists the sources).
func TestLettersSayWhatTheLawRequires(t *testing.T) {
	needTools(t)
	gbp := func(minor int64) ledger.Money { return ledger.Money{Minor: minor, Currency: "GBP"} }
	rows := []struct {
		statute string
		req     func() Request
		want    []string
		wantNot []string
	}{
		{
			statute: "C. civ. 1344 (formal notice, registered letter); C. com. L441-10 (pénalités de retard until payment, each half-year's rate)",
			req: func() Request {
				r := testRequest(ledger.KindFinalDemand, ledger.French, ledger.EnvelopeDLRight)
				r.Jurisdiction, r.Registered = ledger.JurisdictionFR, true
				r.RatePeriods = []RatePeriod{{From: ledger.MustDate("2026-05-01"), To: ledger.MustDate("2026-06-30"), Rate: "12.15"},
					{From: ledger.MustDate("2026-07-01"), To: ledger.MustDate("2026-11-22"), Rate: "12.40"}}
				return r
			},
			want: []string{"Par la présente lettre recommandée avec demande d'avis de réception, nous vous mettons en demeure, au sens de l'article 1344 du Code civil,",
				"des pénalités de retard de 14,44 € au taux annuel de 12,15 % du 1er mai 2026 au 30 juin 2026, puis de 12,40 % du 1er juillet 2026 au 22 novembre 2026",
				"Les pénalités de retard prévues à l'article L441-10 du Code de commerce continuent de courir sur la somme restant due jusqu'à son complet paiement.",
				"Pénalités de retard 14,44 €", "Malgré notre courrier du 22 octobre 2026"},
			wantNot: []string{"Intérêts de retard", "taux légal", "Malgré nos précédents rappels"},
		},
		{
			statute: "C. civ. 1231-6 (a consumer owes legal-rate interest from the notice); no earlier letter on record: no \"malgré nos rappels\"",
			req: func() Request {
				r := testRequest(ledger.KindFinalDemand, ledger.French, ledger.EnvelopeDLRight)
				r.Jurisdiction, r.Customer.Kind, r.Previous = ledger.JurisdictionFR, ledger.Consumer, nil
				for i := range r.Invoices {
					r.Invoices[i].Interest, r.Invoices[i].Compensation = 0, 0
				}
				r.FixedSum = nil
				return r
			},
			want:    []string{"Conformément à l'article 1231-6 du Code civil, la présente mise en demeure fait courir, sur la somme restant due, des intérêts au taux légal jusqu'à son complet paiement.", "Les factures détaillées ci-dessous, arrivées à échéance, demeurent impayées à ce jour."},
			wantNot: []string{"Malgré", "pénalités de retard", "recommandée"},
		},
		{
			statute: "Late Payment of Commercial Debts (Interest) Act 1998 s.5A: the fixed sum by each debt's size; s.6: each debt's own reference rate",
			req: func() Request {
				r := testRequest(ledger.KindFinalDemand, ledger.English, ledger.EnvelopeDLRight)
				r.Jurisdiction = ledger.JurisdictionUK
				r.Invoices[0].Compensation, r.Invoices[1].Compensation = 7000, 10000
				r.Invoices[1].Invoice.Total, r.Invoices[1].Balance = gbp(1200000), 1200000
				fs := gbp(7000)
				r.FixedSum = &fs
				r.RatePeriods = []RatePeriod{{From: ledger.MustDate("2026-10-16"), To: ledger.MustDate("2026-11-22"), Rate: "11.75", Invoice: "F2026-0107"},
					{From: ledger.MustDate("2026-11-01"), To: ledger.MustDate("2026-11-22"), Rate: "12.00", Invoice: "F2026-0188"}}
				return r
			},
			want: []string{"a fixed sum for each debt according to its size (£70.00 for invoice F2026-0107, £100.00 for invoice F2026-0188), £170.00 in all",
				"at an annual rate of 11.75% on invoice F2026-0107 and 12.00% on invoice F2026-0188"},
			wantNot: []string{"per invoice", "Letter of Claim"},
		},
		{
			statute: "Pre-Action Protocol for Debt Claims para. 3.1 (the Letter of Claim; (c) the Information Sheet and Reply Form of Annex 1, (d) a Financial Statement, Annex 2) and 3.4 (30 days from the letter's date): a UK consumer's Letter of Claim",
			req: func() Request {
				r := testRequest(ledger.KindFinalDemand, ledger.English, ledger.EnvelopeDLRight)
				r.Jurisdiction, r.Customer.Kind, r.LetterOfClaim = ledger.JurisdictionUK, ledger.Consumer, true
				r.Deadline = ledger.MustDate("2026-12-22")
				for i := range r.Invoices {
					r.Invoices[i].Interest, r.Invoices[i].Compensation = 0, 0
				}
				r.FixedSum = nil
				return r
			},
			want: []string{"Letter of Claim: unpaid invoices", "We are writing to you under the Pre-Action Protocol for Debt Claims.",
				"The amount of the debt is £1,500.00. Please pay it, or complete and return the enclosed Reply Form, within 30 days of the date of this letter, that is by 22 December 2026.",
				"No interest or other charges are being added to this debt.", "you may ask us for a copy of it",
				"If you would like to discuss paying in instalments", "Please send the completed Reply Form to Les Ateliers Bellecour SAS",
				"Enclosed: the Information Sheet and the Reply Form (Pre-Action Protocol for Debt Claims, Annex 1) and a Financial Statement (Annex 2)."},
			wantNot: []string{"without further notice", "Final demand"},
		},
		{
			// The Protocol binds the creditor whatever language it writes
			// in: a German, French or Serbian letter to a UK consumer is a
			// Letter of Claim too (the Annex 1 forms stay English).
			statute: "Pre-Action Protocol for Debt Claims para. 3.1 (amount, interest, agreement, how to pay, where to reply), para. 3.4 (30 days): a Letter of Claim in German",
			req: func() Request {
				r := testRequest(ledger.KindFinalDemand, ledger.German, ledger.EnvelopeDLRight)
				r.Jurisdiction, r.Customer.Kind, r.LetterOfClaim = ledger.JurisdictionUK, ledger.Consumer, true
				r.Deadline = ledger.MustDate("2026-12-22")
				for i := range r.Invoices {
					r.Invoices[i].Interest, r.Invoices[i].Compensation = 0, 0
				}
				r.FixedSum = nil
				return r
			},
			want: []string{"Letter of Claim – Zahlungsaufforderung: offene Rechnungen", "wir schreiben Ihnen nach dem Pre-Action Protocol for Debt Claims",
				"innerhalb von 30 Tagen ab dem Datum dieses Schreibens, also bis zum 22. Dezember 2026.",
				"Auf diese Forderung werden keine Zinsen und keine sonstigen Kosten aufgeschlagen.", "können Sie eine Kopie davon bei uns anfordern",
				"Möchten Sie über eine Zahlung in Raten sprechen", "Bitte senden Sie das ausgefüllte Antwortformular an Les Ateliers Bellecour SAS",
				"Anlagen: das Informationsblatt (Information Sheet) und das Antwortformular (Reply Form) nach Annex 1 sowie eine Aufstellung Ihrer Einnahmen und Ausgaben (Financial Statement) nach Annex 2"},
			wantNot: []string{"ohne weitere Ankündigung", "Letzte Mahnung"},
		},
		{
			statute: "Pre-Action Protocol for Debt Claims para. 3.1, 3.4: a Letter of Claim in French",
			req: func() Request {
				r := testRequest(ledger.KindFinalDemand, ledger.French, ledger.EnvelopeDLRight)
				r.Jurisdiction, r.Customer.Kind, r.LetterOfClaim = ledger.JurisdictionUK, ledger.Consumer, true
				r.Deadline = ledger.MustDate("2026-12-22")
				return r
			},
			want: []string{"Letter of Claim – demande de paiement – factures impayées", "conformément au Pre-Action Protocol for Debt Claims",
				"dans les 30 jours suivant la date de cette lettre, soit au plus tard le 22 décembre 2026.",
				"Les intérêts continuent de courir jusqu'au paiement de la dette.", "vous pouvez nous en demander une copie",
				"discuter d'un paiement échelonné", "Veuillez adresser le formulaire de réponse rempli à Les Ateliers Bellecour SAS",
				"Pièces jointes : la fiche d'information (Information Sheet) et le formulaire de réponse (Reply Form) que prévoit l'Annex 1", "(Financial Statement) selon son Annex 2"},
			wantNot: []string{"sans nouvel avis", "Mise en demeure –", "1344"},
		},
		{
			statute: "Pre-Action Protocol for Debt Claims para. 3.1, 3.4: a Letter of Claim in Serbian",
			req: func() Request {
				r := testRequest(ledger.KindFinalDemand, ledger.SerbianCyrillic, ledger.EnvelopeDLRight)
				r.Jurisdiction, r.Customer.Kind, r.LetterOfClaim = ledger.JurisdictionUK, ledger.Consumer, true
				r.Deadline = ledger.MustDate("2026-12-22")
				return r
			},
			want: []string{"Letter of Claim – захтев за плаћање – неплаћене фактуре", "у складу са Pre-Action Protocol for Debt Claims",
				"у року од 30 дана од датума овог писма, односно најкасније до 22. децембра 2026.",
				"Камата тече до исплате дуга.", "можете од нас затражити његову копију", "о плаћању на рате",
				"Попуњен образац за одговор пошаљите на адресу Les Ateliers Bellecour SAS",
				"Прилози: информативни лист (Information Sheet) и образац за одговор (Reply Form) које предвиђа Annex 1", "(Financial Statement) према његовом Annex 2"},
			wantNot: []string{"без даљег обавештења", "Опомена пред утужење"},
		},
		{
			statute: "Serbian letters from a foreign creditor: its VAT number is not a ПИБ; \"poziv na broj\" (model 97) only for dinar debts",
			req: func() Request {
				r := testRequest(ledger.KindFinalDemand, ledger.SerbianCyrillic, ledger.EnvelopeDLRight)
				r.Currency = "EUR"
				for i := range r.Invoices {
					r.Invoices[i].Invoice.Total.Currency = "EUR"
				}
				fs := ledger.Money{Minor: 4000, Currency: "EUR"}
				r.FixedSum = &fs
				r.Jurisdiction = ledger.JurisdictionRS
				return r
			},
			// The payment paragraph (letter/payment.go) quotes each invoice's RF reference.
			want:    []string{"ПДВ/VAT бр. FR44732829320", "уз референцу сваке фактуре: RF60 F202 6010 7 за F2026-0107", "На преостали дуг затезна камата тече до дана исплате."},
			wantNot: []string{"ПИБ", "позив на број", "позивом на број"},
		},
		{
			statute: "Serbian dinar debt to a dinar account: the payment quotes each invoice's model 97 reference as \"poziv na broj\"",
			req: func() Request {
				r := testRequest(ledger.KindFinalDemand, ledger.SerbianCyrillic, ledger.EnvelopeDLRight)
				r.Jurisdiction = ledger.JurisdictionRS
				r.Company.IBAN = "RS35260005601001611379"
				return r
			},
			// 97, then F20260107's control (1520260107·100 ≡ 80 mod 97: 98 − 80 = 18) and its digits.
			want: []string{"рачун 260-0056010016113-79", "уз модел и позив на број сваке фактуре: 97 181520260107 за F2026-0107"},
		},
		{
			statute: "C. civ. 1120 (silence is no acceptance), C. conso. R212-1: no tacit acceptance for a consumer",
			req: func() Request {
				r := testRequest(ledger.KindBillingChange, ledger.French, ledger.EnvelopeDLRight)
				r.Customer.Kind = ledger.Consumer
				r.Campaign.MinimumFrom, r.Campaign.MinimumTo = "10", "25"
				return r
			},
			want:    []string{"Ces nouvelles modalités ne s'appliqueront à votre contrat qu'avec votre accord", "votre paiement minimum passera de 10 % à 25 % de votre solde"},
			wantNot: []string{"vaudra acceptation", "n'est pas facultatif"},
		},
		{
			statute: "C. civ. 1120: between businesses, a course of dealing may make continuing the relationship an acceptance",
			req: func() Request {
				return testRequest(ledger.KindBillingChange, ledger.French, ledger.EnvelopeDLRight)
			},
			want: []string{"vaudra acceptation de ces nouvelles modalités"},
		},
		{
			statute: "An earlier registered letter is cited with its number; a reminder-2 with none on record says no \"despite\"",
			req: func() Request {
				r := testRequest(ledger.KindReminder2, ledger.English, ledger.EnvelopeDLRight)
				r.Previous[0].Tracking = "AB 1234 5678 9GB"
				return r
			},
			want: []string{"We wrote to you on 22 October 2026 (recorded delivery no. AB 1234 5678 9GB)"},
		},
		{
			statute: "No earlier letter on record: the first wording of reminder-2",
			req: func() Request {
				r := testRequest(ledger.KindReminder2, ledger.French, ledger.EnvelopeDLRight)
				r.Previous = nil
				return r
			},
			want:    []string{"Nous n'avons pas encore reçu le règlement des factures détaillées ci-dessous."},
			wantNot: []string{"Malgré notre précédent rappel"},
		},
		{
			statute: "The paperless notice's timetable one step a line; no empty bullet without terms",
			req: func() Request {
				r := testRequest(ledger.KindPaperlessNotice, ledger.French, ledger.EnvelopeDLRight)
				r.Campaign.Timeline, r.Campaign.Terms = "Annonce 1er avril;Bascule 1er mai", ""
				return r
			},
			want:    []string{"Calendrier : • Annonce 1er avril • Bascule 1er mai"},
			wantNot: []string{";Bascule", "conditions de facturation"},
		},
		{
			statute: "A posted appointment letter has no calendar file attached",
			req: func() Request {
				return testRequest(ledger.KindAppointmentReminder, ledger.English, ledger.EnvelopeDLRight)
			},
			wantNot: []string{".ics"},
		},
	}
	for _, row := range rows {
		t.Run(row.statute, func(t *testing.T) {
			text, _ := pdfText(t, row.req())
			for _, w := range row.want {
				if !strings.Contains(text, w) {
					t.Errorf("missing %q in:\n%s", w, text)
				}
			}
			for _, w := range row.wantNot {
				if strings.Contains(text, w) {
					t.Errorf("says %q:\n%s", w, text)
				}
			}
		})
	}
}

// The Annex 1 documents follow a Letter of Claim, one page each here, with
// the debtor's figures and the date 30 days on.
func TestProtocolPages(t *testing.T) {
	r := testRequest(ledger.KindFinalDemand, ledger.English, ledger.EnvelopeDLRight)
	r.Jurisdiction, r.Customer.Kind, r.LetterOfClaim = ledger.JurisdictionUK, ledger.Consumer, true
	r.Deadline = ledger.MustDate("2026-12-22")
	pages, err := ProtocolPages(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 3 {
		t.Fatalf("%d pages, want the 3 documents", len(pages))
	}
	var all strings.Builder
	for _, p := range pages {
		for _, it := range p.Items {
			all.WriteString(it.Text + " ")
		}
	}
	text := nbspRepl.Replace(all.String())
	for _, w := range []string{"Information Sheet (Pre-Action Protocol for Debt Claims, Annex 1)", "by 22 December 2026", "National Debtline",
		"Reply Form (Pre-Action Protocol for Debt Claims, Annex 1)", "I dispute the debt", "Financial Statement (Pre-Action Protocol for Debt Claims, Annex 2)", "Council tax"} {
		if !strings.Contains(text, w) {
			t.Errorf("missing %q", w)
		}
	}
}

// The statement mentions its signatory in a sentence and is still signed.
func TestStatementIsSigned(t *testing.T) {
	c, err := Compose(testRequest(ledger.KindStatement, ledger.French, ledger.EnvelopeDLRight))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Letter.Signature) == 0 || c.Letter.Signature[0] != "Claire Martin" {
		t.Errorf("signature %q", c.Letter.Signature)
	}
	// payment-demand's template signs itself: its signing lines give way
	// to the block every kind has, so it is signed once.
	c, err = Compose(testRequest(ledger.KindPaymentDemand, ledger.French, ledger.EnvelopeDLRight))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Letter.Signature) == 0 || c.Letter.Signature[0] != "Claire Martin" {
		t.Errorf("payment-demand's signature block %q", c.Letter.Signature)
	}
	for _, b := range c.Letter.Body {
		if strings.TrimSpace(b.Text) == "Claire Martin" {
			t.Errorf("payment-demand signed twice: the body keeps %q", b.Text)
		}
	}
}

func TestFormatRatesAndTitles(t *testing.T) {
	ps := []RatePeriod{{From: ledger.MustDate("2026-01-01"), To: ledger.MustDate("2026-06-30"), Rate: "12.15"},
		{From: ledger.MustDate("2026-07-01"), To: ledger.MustDate("2026-07-31"), Rate: "12.40"}}
	if got := nbspRepl.Replace(FormatRates(ledger.SerbianCyrillic, ps)); got != "12,15 % од 1. јануара 2026. до 30. јуна 2026., а затим 12,40 % од 1. јула 2026. до 31. јула 2026." {
		t.Errorf("sr: %q", got)
	}
	if got := FormatRates(ledger.English, ps[:1]); got != "12.15%" {
		t.Errorf("one rate: %q", got)
	}
	if got := SignatoryTitle("Présidente", ledger.English); got != "President" {
		t.Errorf("en title %q", got)
	}
	if got := SignatoryTitle("Présidente", ledger.SerbianLatin); got != "Predsednica" {
		t.Errorf("sr-Latn title %q", got)
	}
	if got := SignatoryTitle("Head of Finance", ledger.French); got != "Head of Finance" {
		t.Errorf("unknown title %q", got)
	}
}
