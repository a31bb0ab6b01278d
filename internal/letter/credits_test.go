package letter

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/render"
)

// creditWords are what a letter must say, in each language, about an
// invoice credited by AV-0003 (200.00, 5 November 2026) and paid in part
// on a date an export did not give, for a customer with 120.00 € and
// $50.00 of open credit. Written out by hand, not taken from the catalog.
var creditWords = map[ledger.Language]struct{ interest, open, row, date, amount string }{
	ledger.French: {"Les paiements déjà reçus sont déduits en totalité : les intérêts ne courent que sur le montant restant dû.",
		"Vous disposez chez nous d'un avoir de 120,00 € et 50,00 USD, qui n'a encore été déduit d'aucune facture.",
		"Avoir AV-0003", "5 novembre 2026", "-200,00 €"},
	ledger.English: {"Payments already received are deducted in full: interest runs only on the amount still due.",
		"You have an open credit of €120.00 and $50.00 with us, not yet deducted from any invoice.",
		"Credit note AV-0003", "5 November 2026", "-£200.00"},
	ledger.SerbianCyrillic: {"Већ примљене уплате одбијене су у целости: камата тече само на износ који је још дугован.",
		"Код нас имате одобрење од 120,00 EUR и 50,00 USD, које још није одбијено ни од једне фактуре.",
		"Књижно одобрење AV-0003", "5. новембра 2026.", "-200,00 RSD"},
	ledger.SerbianLatin: {"Već primljene uplate odbijene su u celosti: kamata teče samo na iznos koji je još dugovan.",
		"Kod nas imate odobrenje od 120,00 EUR i 50,00 USD, koje još nije odbijeno ni od jedne fakture.",
		"Knjižno odobrenje AV-0003", "5. novembra 2026.", "-200,00 RSD"},
}

func creditRequest(kind ledger.LetterKind, lg ledger.Language) Request {
	req := testRequest(kind, lg, ledger.EnvelopeDLRight)
	req.Invoices[0].Credits = []Credit{{Number: "AV-0003", Date: ledger.MustDate("2026-11-05"), Amount: 20000}}
	req.Invoices[0].Undated = true
	req.OpenCredit = []ledger.Money{{Minor: 12000, Currency: "EUR"}, {Minor: 5000, Currency: "USD"}}
	return req
}

// TestLettersSayCreditsAndUndatedPayments: every letter about invoices
// (the ladder's and the statement), in every language, lists the credit
// note applied under its invoice (number, date, amount taken off), says
// that interest runs only on what is still due when part of an invoice was
// paid on a date the export did not give, and shows the customer's open
// credit; the PDF's text has it, as pdftotext reads it. A letter without
// any of these says none of it.
func TestLettersSayCreditsAndUndatedPayments(t *testing.T) {
	needTools(t)
	for _, kind := range []ledger.LetterKind{ledger.KindReminder1, ledger.KindReminder2, ledger.KindFinalDemand, ledger.KindPaymentDemand, ledger.KindStatement} {
		for lg, w := range creditWords {
			for _, with := range []bool{true, false} {
				req := testRequest(kind, lg, ledger.EnvelopeDLRight)
				if with {
					req = creditRequest(kind, lg)
				}
				c, err := Compose(req)
				if err != nil {
					t.Fatalf("%s %s: %v", kind, lg, err)
				}
				out, err := exec.Command("pdftotext", pdfOf(t, c), "-").Output()
				if err != nil {
					t.Fatal(err)
				}
				text := nbspRepl.Replace(strings.Join(strings.Fields(string(out)), " "))
				for _, s := range []string{w.interest, w.open, w.row, w.date, w.amount} {
					if strings.Contains(text, nbspRepl.Replace(s)) != with {
						t.Errorf("%s %s (credits %v): %q in the PDF: %v\n%.3000s", kind, lg, with, s, !with, text)
					}
				}
			}
		}
	}
}

// TestCreditRowsAndNotesPlace: the credit's row follows its invoice's in
// the table, in the amount column; the sentences come right after the
// table, or, in a template without one, after the first paragraph.
func TestCreditRowsAndNotesPlace(t *testing.T) {
	req := creditRequest(ledger.KindReminder2, ledger.English)
	c, err := Compose(req)
	if err != nil {
		t.Fatal(err)
	}
	rows := c.Letter.Table.Rows
	if len(rows) != 3 || rows[0][0] != "F2026-0107" || rows[1][0] != "Credit note AV-0003" || nbspRepl.Replace(rows[1][1]) != "5 November 2026" ||
		rows[1][3] != "-£200.00" || rows[1][4] != "" || rows[2][0] != "F2026-0188" {
		t.Fatalf("rows %q", rows)
	}
	body, table := c.Letter.Body, -1
	for i, b := range body {
		if b.Kind == render.Table {
			table = i
		}
	}
	en := creditWords[ledger.English]
	if table < 0 || table+2 >= len(body) || nbspRepl.Replace(body[table+1].Text) != en.interest || nbspRepl.Replace(body[table+2].Text) != en.open {
		t.Fatalf("after the table (block %d): %+v", table, body)
	}
	src := "Kind: reminder-1\nLanguage: en\nSubject: x\n\nDear Sir,\n\nFirst paragraph.\n\nSecond paragraph.\n"
	req.Template, err = ParseTemplate("reminder-1.en.tmpl", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if c, err = Compose(req); err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, b := range c.Letter.Body {
		texts = append(texts, nbspRepl.Replace(b.Text))
	}
	// The payment paragraph of a template that does not place it comes
	// before the closing one.
	if len(texts) != 6 || texts[1] != "First paragraph." || texts[2] != en.interest || !strings.HasPrefix(texts[4], "Please pay ") || texts[5] != "Second paragraph." {
		t.Fatalf("without a table: %q", texts)
	}
}

// TestStatementPaymentsLeaveCreditsOut: a statement's list of payments
// received leaves out the credit notes (listed under their invoices) and
// an export's negative adjustment, and says "date not stated" for a
// payment whose date an export did not give.
func TestStatementPaymentsLeaveCreditsOut(t *testing.T) {
	req := creditRequest(ledger.KindStatement, ledger.English)
	req.Payments = append(req.Payments,
		ledger.Payment{Date: ledger.MustDate("2026-10-15"), Amount: 20000, Source: ledger.PaymentCredit, CreditNoteID: 3},
		ledger.Payment{Date: ledger.MustDate("2026-09-15"), Amount: 10000, Source: ledger.PaymentFromExport, Undated: true},
		ledger.Payment{Date: ledger.MustDate("2026-09-15"), Amount: -500, Source: ledger.PaymentFromExport, Undated: true})
	c, err := Compose(req)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range c.Data.Payments {
		got = append(got, nbspRepl.Replace(p.Date+": "+p.Amount))
	}
	if strings.Join(got, "; ") != "20 October 2026: £234.56; date not stated: £100.00" {
		t.Fatalf("payments %q", got)
	}
}
