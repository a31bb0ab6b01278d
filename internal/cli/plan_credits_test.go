package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// exportCreditLedger is a ledger built through the store as an import of
// balances and credit notes leaves it (payments of Source export, on the
// issue date and undated when the export gave no date, and of Source
// credit): every invoice is 1,000.00 € due 2025-06-10, planned on
// 2025-07-20.
//
//	P1  export 1,000.00                       → paid: no letter, not skipped
//	P2  credit note AV-1 1,000.00             → paid
//	P3  export 600.00 + AV-2 400.00           → paid
//	P4  export 300.00 (undated)               → 700.00 due, said undated
//	P5  recorded 1,000.00, export -100.00     → 100.00 due (the export's balance grew)
//	P6  AV-3 250.00 of 2025-07-01             → 750.00 due, AV-3 named
//	AV-4, 120.00 USD of 2025-07-10, applied to nothing.
func exportCreditLedger(t *testing.T) string {
	t.Helper()
	db := tempDB(t)
	day := ledger.MustDate("2025-07-20")
	for _, args := range [][]string{
		{"init"},
		{"company", "set", "jurisdiction=FR"},
		{"import", "customers", write(t, "c.csv", "code,name,email,kind,address1,postcode,city,country\nFR1,Atelier,a@example.fr,business,1 rue A,69002,Lyon,FR\n")},
	} {
		if r := runAt(t, day, append([]string{"--db", db}, args...)...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	ctx := context.Background()
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	cust, err := st.CustomerByCode(ctx, "FR1")
	if err != nil {
		t.Fatal(err)
	}
	note := func(number, date string, amount int64) int64 {
		var id int64
		if err := st.DB().QueryRow(`INSERT INTO credit_notes (number, customer_id, date, currency, amount) VALUES (?, ?, ?, 'EUR', ?) RETURNING id`,
			number, cust.ID, date, amount).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	av1, av2, av3 := note("AV-1", "2025-06-01", 100000), note("AV-2", "2025-06-20", 40000), note("AV-3", "2025-07-01", 25000)
	// Applied to nothing: the customer's invoices are in euros.
	if _, err := st.DB().Exec(`INSERT INTO credit_notes (number, customer_id, date, currency, amount) VALUES ('AV-4', ?, '2025-07-10', 'USD', 12000)`,
		cust.ID); err != nil {
		t.Fatal(err)
	}
	issue := ledger.MustDate("2025-05-11")
	export := func(amount int64, undated bool) ledger.Payment {
		d := issue
		if !undated {
			d = ledger.MustDate("2025-06-30")
		}
		return ledger.Payment{Date: d, Amount: amount, Reference: ledger.ExportReference, Source: ledger.PaymentFromExport, Undated: undated}
	}
	credit := func(id int64, date string, amount int64) ledger.Payment {
		return ledger.Payment{Date: ledger.MustDate(date), Amount: amount, Method: "credit note", Source: ledger.PaymentCredit, CreditNoteID: id}
	}
	err = st.InBatch(ctx, false, func(b *store.Batch) error {
		for _, x := range []struct {
			number string
			pays   []ledger.Payment
		}{
			{"P1", []ledger.Payment{export(100000, true)}},
			{"P2", []ledger.Payment{credit(av1, "2025-06-01", 100000)}},
			{"P3", []ledger.Payment{export(60000, false), credit(av2, "2025-06-20", 40000)}},
			{"P4", []ledger.Payment{export(30000, true)}},
			{"P5", []ledger.Payment{{Date: ledger.MustDate("2025-06-05"), Amount: 100000, Reference: "VIR-5"}, export(-10000, true)}},
			{"P6", []ledger.Payment{credit(av3, "2025-07-01", 25000)}},
		} {
			inv := ledger.Invoice{Number: x.number, CustomerID: cust.ID, IssueDate: issue, DueDate: ledger.MustDate("2025-06-10"),
				Total: ledger.Money{Minor: 100000, Currency: "EUR"}}
			if err := b.InsertInvoice(ctx, &inv); err != nil {
				return err
			}
			for _, p := range x.pays {
				p.InvoiceID, p.InvoiceNumber = inv.ID, inv.Number
				if err := b.SavePayment(ctx, &p); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// TestPlanSkipsWhatExportsAndCreditsPaid: issue 14's acceptance,
// "relancectl plan then proposes no letter for what is paid", on
// exportCreditLedger: one letter, for P4, P5 and P6 at their balances.
func TestPlanSkipsWhatExportsAndCreditsPaid(t *testing.T) {
	db := exportCreditLedger(t)
	day := ledger.MustDate("2025-07-20")
	r := runAt(t, day, "--db", db, "plan", "--json")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	var plan struct {
		Actions []struct {
			Invoices  []string `json:"invoices"`
			Principal string   `json:"principal"`
			Details   []struct {
				Number      string `json:"number"`
				Principal   string `json:"principal"`
				UndatedPaid bool   `json:"undated_paid"`
				Credits     []struct{ Number, Date, Amount string }
			} `json:"details"`
		} `json:"actions"`
		Skipped []struct{ Invoice string } `json:"skipped"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &plan); err != nil {
		t.Fatal(err)
	}
	if len(plan.Actions) != 1 || len(plan.Skipped) != 0 {
		t.Fatalf("want one letter and nothing skipped:\n%s", r.stdout)
	}
	a := plan.Actions[0]
	if len(a.Details) != 3 || a.Principal != "1550.00" {
		t.Fatalf("want P4, P5, P6 for 1,550.00:\n%s", r.stdout)
	}
	want := map[string]string{"P4": "700.00", "P5": "100.00", "P6": "750.00"}
	for _, d := range a.Details {
		if want[d.Number] != d.Principal || d.UndatedPaid != (d.Number == "P4" || d.Number == "P5") {
			t.Errorf("%s: principal %s, undated %v", d.Number, d.Principal, d.UndatedPaid)
		}
		if ok := len(d.Credits) == 0; d.Number == "P6" {
			if ok || d.Credits[0].Number != "AV-3" || d.Credits[0].Date != "2025-07-01" || d.Credits[0].Amount != "250.00" {
				t.Errorf("P6's credits %+v", d.Credits)
			}
		} else if !ok {
			t.Errorf("%s's credits %+v", d.Number, d.Credits)
		}
	}
}

// TestOpenCreditInListings: the summary and a customer's invoice listing
// show the credit applied to no invoice (AV-4, 120.00 USD of 2025-07-10),
// beside the balances, not deducted from them.
func TestOpenCreditInListings(t *testing.T) {
	db := exportCreditLedger(t)
	day := ledger.MustDate("2025-07-20")
	r := runAt(t, day, "--db", db, "summary")
	if r.code != 0 || !strings.Contains(r.stdout, "Open credit (applied to no invoice): 120.00 USD\n") ||
		!strings.Contains(r.stdout, "outstanding 1550.00") {
		t.Fatalf("summary: %+v", r)
	}
	r = runAt(t, day, "--db", db, "summary", "--json")
	var sum struct {
		OpenCredit []struct{ Currency, Amount string } `json:"open_credit"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil || len(sum.OpenCredit) != 1 || sum.OpenCredit[0].Currency != "USD" ||
		sum.OpenCredit[0].Amount != "120.00" {
		t.Fatalf("summary --json: %v %s", err, r.stdout)
	}
	r = runAt(t, day, "--db", db, "invoices", "list", "--customer", "FR1")
	if r.code != 0 || !strings.Contains(r.stdout, "Open credit of customer FR1 (applied to no invoice): 120.00 USD.") {
		t.Fatalf("invoices list: %+v", r)
	}
	// Before AV-4's date there was none.
	r = runAt(t, day, "--db", db, "invoices", "list", "--customer", "FR1", "--as-of", "2025-07-01")
	if r.code != 0 || strings.Contains(r.stdout, "Open credit") {
		t.Fatalf("invoices list as of 2025-07-01: %+v", r)
	}
}
