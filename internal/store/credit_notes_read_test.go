package store

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
)

// addCreditNote inserts a credit note by SQL (saving them is the
// importer's, in credit_notes.go) and returns its id.
func addCreditNote(t *testing.T, s *Store, custID int64, number, date, cur string, amount int64) int64 {
	t.Helper()
	var id int64
	err := s.DB().QueryRow(`INSERT INTO credit_notes (number, customer_id, date, currency, amount) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		number, custID, date, cur, amount).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// creditPayment is a credit note's part applied to an invoice, as the
// credit model writes it.
func creditPayment(noteID int64, date string, amount int64) ledger.Payment {
	return ledger.Payment{Date: ledger.MustDate(date), Amount: amount, Method: "credit note", Source: ledger.PaymentCredit, CreditNoteID: noteID}
}

// creditLedger: customer C1 with
//   - A, 1,000.00 € (issued 2025-05-01): 100.00 paid on 2025-06-20, 200.00
//     from the export with no date (on the issue date), credit note AV-1
//     (300.00, 2025-06-25) applied in full: 400.00 left;
//   - B, 500.00 €: credit note AV-2 (800.00, 2025-06-01) applied 500.00:
//     paid, AV-2 has 300.00 € open;
//   - C, 200.00 € issued 2025-06-15: credit note AV-6 (100.00, 2025-06-01,
//     older than the invoice) applied from the invoice's issue: 100.00 left;
//   - AV-3, 120.00 USD, and AV-4, 50.00 € dated 2025-08-01, not applied;
//
// customer C2 with AV-5, 70.00 €, not applied.
func creditLedger(t *testing.T) (s *Store, c1, c2 int64, ids map[string]int64) {
	s = newStore(t)
	c1, c2 = addCustomer(t, s, "C1"), addCustomer(t, s, "C2")
	ids = map[string]int64{}
	for _, n := range []struct {
		number, date, cur string
		amount            int64
		cust              int64
	}{{"AV-1", "2025-06-25", "EUR", 30000, c1}, {"AV-2", "2025-06-01", "EUR", 80000, c1}, {"AV-3", "2025-06-01", "USD", 12000, c1},
		{"AV-4", "2025-08-01", "EUR", 5000, c1}, {"AV-5", "2025-06-01", "EUR", 7000, c2}, {"AV-6", "2025-06-01", "EUR", 10000, c1}} {
		ids[n.number] = addCreditNote(t, s, n.cust, n.number, n.date, n.cur, n.amount)
	}
	ids["A"] = addInvoice(t, s, c1, "A", "2025-05-01", "2025-06-10", 100000,
		ledger.Payment{Date: ledger.MustDate("2025-06-20"), Amount: 10000, Reference: "P1"},
		ledger.Payment{Date: ledger.MustDate("2025-05-01"), Amount: 20000, Reference: ledger.ExportReference, Source: ledger.PaymentFromExport, Undated: true},
		creditPayment(ids["AV-1"], "2025-06-25", 30000))
	ids["B"] = addInvoice(t, s, c1, "B", "2025-05-01", "2025-06-10", 50000, creditPayment(ids["AV-2"], "2025-06-01", 50000))
	ids["C"] = addInvoice(t, s, c1, "C", "2025-06-15", "2025-06-30", 20000, creditPayment(ids["AV-6"], "2025-06-15", 10000))
	return s, c1, c2, ids
}

func TestOpenCredit(t *testing.T) {
	s, c1, c2, _ := creditLedger(t)
	ctx := context.Background()
	eur := func(v int64) ledger.Money { return ledger.Money{Minor: v, Currency: "EUR"} }
	usd := ledger.Money{Minor: 12000, Currency: "USD"}
	for _, c := range []struct {
		cust int64
		asOf string
		want []ledger.Money
	}{
		// AV-2's 300.00 left, AV-3 in dollars.
		{c1, "2025-07-01", []ledger.Money{eur(30000), usd}},
		// AV-4 is dated 2025-08-01.
		{c1, "2025-08-01", []ledger.Money{eur(35000), usd}},
		// AV-6 was applied from 2025-06-15: open before.
		{c1, "2025-06-10", []ledger.Money{eur(40000), usd}},
		// Before any credit note.
		{c1, "2025-05-31", nil},
		{c2, "2025-07-01", []ledger.Money{eur(7000)}},
	} {
		got, err := s.OpenCreditOf(ctx, c.cust, ledger.MustDate(c.asOf))
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("customer %d on %s: %v %v, want %v", c.cust, c.asOf, got, err, c.want)
		}
	}
	got, err := s.OpenCreditTotals(ctx, ledger.MustDate("2025-07-01"))
	if want := []ledger.Money{eur(37000), usd}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("totals: %v %v, want %v", got, err, want)
	}
}

// TestDunningDataCarriesExportAndCredits: the plan's read gives each open
// invoice's payments their source and whether an export left their date
// unknown, and names the credit notes applied (number, date, from when
// they count, amount), for the whole ledger and for one customer.
func TestDunningDataCarriesExportAndCredits(t *testing.T) {
	s, c1, _, ids := creditLedger(t)
	ctx := context.Background()
	asOf := ledger.MustDate("2025-07-01")
	whole, err := s.DunningData(ctx, asOf, ledger.JurisdictionFR)
	if err != nil {
		t.Fatal(err)
	}
	one, err := s.CustomerDunningData(ctx, asOf, ledger.JurisdictionFR, c1)
	if err != nil {
		t.Fatal(err)
	}
	wantCredits := map[string][]dunning.Credit{
		"A": {{Number: "AV-1", Date: ledger.MustDate("2025-06-25"), From: ledger.MustDate("2025-06-25"), Amount: 30000}},
		"C": {{Number: "AV-6", Date: ledger.MustDate("2025-06-01"), From: ledger.MustDate("2025-06-15"), Amount: 10000}},
	}
	for _, d := range []DunningData{whole, one} {
		var numbers []string
		for _, inv := range d.Invoices {
			numbers = append(numbers, inv.Number)
			if !reflect.DeepEqual(inv.Credits, wantCredits[inv.Number]) {
				t.Errorf("%s: credits %+v, want %+v", inv.Number, inv.Credits, wantCredits[inv.Number])
			}
			var paid int64
			var sources []string
			for _, p := range inv.Payments {
				paid += p.Amount
				src := string(p.Source)
				if src == "" {
					src = "recorded"
				}
				if p.Undated {
					src += "/undated"
				}
				if p.CreditNoteID != 0 {
					src += "/" + itoa(int(p.CreditNoteID))
				}
				sources = append(sources, src)
			}
			got := strings.Join(sources, " ")
			switch {
			case inv.Number == "A" && (paid != 60000 || !sameWords(got, "recorded export/undated credit/"+itoa(int(ids["AV-1"])))):
				t.Errorf("A: paid %d, payments %s", paid, got)
			case inv.Number == "C" && (paid != 10000 || got != "credit/"+itoa(int(ids["AV-6"]))):
				t.Errorf("C: paid %d, payments %s", paid, got)
			}
		}
		if strings.Join(numbers, " ") != "A C" {
			t.Errorf("open invoices %v, want A C (B is paid by its credit note)", numbers)
		}
	}
	credits, err := s.CreditsOf(ctx, ids["A"])
	if err != nil || !reflect.DeepEqual(credits, wantCredits["A"]) {
		t.Errorf("CreditsOf(A): %+v %v", credits, err)
	}
	if credits, err := s.CreditsOf(ctx, ids["B"]); err != nil || len(credits) != 1 || credits[0].Number != "AV-2" || credits[0].Amount != 50000 {
		t.Errorf("CreditsOf(B): %+v %v", credits, err)
	}
	// A payment's packed fields are checked as an invoice's are.
	if _, err := s.DB().ExecContext(ctx, `UPDATE payments SET date = '2025-06-2' WHERE reference = 'P1'`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DunningData(ctx, asOf, ledger.JurisdictionFR); err == nil || !strings.Contains(err.Error(), "payment ") ||
		!strings.Contains(err.Error(), "2025-06-2") {
		t.Fatalf("malformed payment date: %v", err)
	}
}

// sameWords says whether a and b hold the same words in any order.
func sameWords(a, b string) bool {
	x, y := strings.Fields(a), strings.Fields(b)
	if len(x) != len(y) {
		return false
	}
	seen := map[string]int{}
	for _, w := range x {
		seen[w]++
	}
	for _, w := range y {
		if seen[w] == 0 {
			return false
		}
		seen[w]--
	}
	return true
}

func TestUnpackPayment(t *testing.T) {
	for _, c := range []struct {
		in   string
		want ledger.Payment
		bad  bool
	}{
		{in: "2025-06-200", want: ledger.Payment{Date: ledger.MustDate("2025-06-20")}},
		{in: "2025-05-011export", want: ledger.Payment{Date: ledger.MustDate("2025-05-01"), Undated: true, Source: ledger.PaymentFromExport}},
		{in: "2025-06-250credit17", want: ledger.Payment{Date: ledger.MustDate("2025-06-25"), Source: ledger.PaymentCredit, CreditNoteID: 17}},
		{in: "2025-06-250credit", bad: true},
		{in: "2025-06-250credit1x", bad: true},
		{in: "2025-06-252", bad: true},
		{in: "2025-06-250other", bad: true},
		{in: "2025-6-200", bad: true},
		{in: "", bad: true},
	} {
		var p ledger.Payment
		err := unpackPayment(&p, c.in)
		if c.bad != (err != nil) || (!c.bad && p != c.want) {
			t.Errorf("%q: %+v %v", c.in, p, err)
		}
	}
}
