package dunning

import (
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// TestCreditLowersInterestFromItsDate: issue 14's credit model. A credit
// note applied to an invoice is a payment of Source credit dated on the
// credit note's date, so it lowers the balance and the interest base from
// the day after, like any payment. Computed by hand (FR business, second
// half of 2025: ECB 2.15 % + 10 points = 12.15 %):
//
//	1,000.00 € due 2025-07-31; credit note AV-7 of 400.00 € on 2025-08-30;
//	letter of 2025-09-29.
//	2025-08-01 … 2025-08-30: 30 days on 1,000.00 €: 1000 × 0.1215 × 30 / 365 = 9.98630
//	2025-08-31 … 2025-09-29: 30 days on   600.00 €:  600 × 0.1215 × 30 / 365 = 5.99178
//	interest 15.97808 → 15.98 € (rounded half up once, on the sum);
//	principal 600.00 €; the fixed 40 € (L441-10).
func TestCreditLowersInterestFromItsDate(t *testing.T) {
	tabs := testTables(t)
	inv := ledger.Invoice{ID: 1, Number: "F-100", IssueDate: ledger.MustDate("2025-07-01"), DueDate: ledger.MustDate("2025-07-31"),
		Total: ledger.Money{Minor: 100000, Currency: "EUR"}}
	credit := ledger.Payment{InvoiceID: 1, Date: ledger.MustDate("2025-08-30"), Amount: 40000, Source: ledger.PaymentCredit, CreditNoteID: 7}
	named := Credit{Number: "AV-7", Date: ledger.MustDate("2025-08-30"), From: ledger.MustDate("2025-08-30"), Amount: 40000}
	// A credit note dated after the letter does not exist for it yet.
	later := ledger.Payment{InvoiceID: 1, Date: ledger.MustDate("2025-10-15"), Amount: 10000, Source: ledger.PaymentCredit, CreditNoteID: 8}
	laterNamed := Credit{Number: "AV-8", Date: ledger.MustDate("2025-10-15"), From: ledger.MustDate("2025-10-15"), Amount: 10000}
	f := LetterFigures(FiguresInput{AsOf: ledger.MustDate("2025-09-29"), Level: 2, Charges: true, Currency: "EUR",
		Debtor:   Debtor{Kind: ledger.Business, Jurisdiction: ledger.JurisdictionFR},
		Invoices: []FigureInvoice{{Invoice: inv, Payments: []ledger.Payment{later, credit}, Credits: []Credit{named, laterNamed}}}}, tabs)
	if f.Principal != 60000 || f.Interest != 1598 || f.Compensation != 4000 || f.TotalDue != 60000+1598+4000 {
		t.Fatalf("principal %d, interest %d, compensation %d, total %d; want 60000, 1598, 4000, 65598", f.Principal, f.Interest, f.Compensation, f.TotalDue)
	}
	fi := f.Invoices[0]
	if fi.Paid != 40000 || len(fi.Credits) != 1 || fi.Credits[0] != named || fi.Undated || f.Undated {
		t.Fatalf("paid %d, credits %+v, undated %v/%v", fi.Paid, fi.Credits, fi.Undated, f.Undated)
	}
	segs := fi.Interest.Segments
	if len(segs) != 2 || segs[0].From != ledger.MustDate("2025-08-01") || segs[0].Days != 30 || segs[0].Balance != 100000 ||
		segs[1].From != ledger.MustDate("2025-08-31") || segs[1].Days != 30 || segs[1].Balance != 60000 || segs[1].Rate != MustRate("12.15") {
		t.Fatalf("segments %+v", segs)
	}
}

// TestUndatedExportPaymentEarnsNoInterest: an export said 300.00 € of a
// 1,000.00 € invoice was paid, not when; the payment is on the invoice's
// issue date (Undated), so interest runs only on the 700.00 € still due:
//
//	2025-08-01 … 2025-09-29: 60 days on 700.00 €: 700 × 0.1215 × 60 / 365 = 13.98082 → 13.98 €.
func TestUndatedExportPaymentEarnsNoInterest(t *testing.T) {
	tabs := testTables(t)
	inv := ledger.Invoice{ID: 1, Number: "F-101", IssueDate: ledger.MustDate("2025-07-01"), DueDate: ledger.MustDate("2025-07-31"),
		Total: ledger.Money{Minor: 100000, Currency: "EUR"}}
	export := ledger.Payment{InvoiceID: 1, Date: inv.IssueDate, Amount: 30000, Reference: ledger.ExportReference,
		Source: ledger.PaymentFromExport, Undated: true}
	other := ledger.Invoice{ID: 2, Number: "F-102", IssueDate: ledger.MustDate("2025-07-01"), DueDate: ledger.MustDate("2025-07-31"),
		Total: ledger.Money{Minor: 50000, Currency: "EUR"}}
	f := LetterFigures(FiguresInput{AsOf: ledger.MustDate("2025-09-29"), Level: 2, Charges: true, Currency: "EUR",
		Debtor:   Debtor{Kind: ledger.Business, Jurisdiction: ledger.JurisdictionFR},
		Invoices: []FigureInvoice{{Invoice: inv, Payments: []ledger.Payment{export}}, {Invoice: other}}}, tabs)
	a, b := f.Invoices[0], f.Invoices[1]
	if a.Principal != 70000 || a.Interest.Interest != 1398 || !a.Undated || b.Undated || !f.Undated {
		t.Fatalf("principal %d, interest %d, undated %v/%v/%v; want 70000, 1398, true/false/true", a.Principal, a.Interest.Interest, a.Undated, b.Undated, f.Undated)
	}
	if len(a.Interest.Segments) != 1 || a.Interest.Segments[0].Days != 60 || a.Interest.Segments[0].Balance != 70000 {
		t.Fatalf("segments %+v", a.Interest.Segments)
	}
}
