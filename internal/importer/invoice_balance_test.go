package importer

import (
	"context"
	"fmt"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// TestExportBalancesMoveAndNeverDuplicate imports an export with balances,
// then a newer export of the same invoices where the partly paid one
// became paid and the paid one shows a balance again. Expected figures
// worked out by hand from the rows.
func TestExportBalancesMoveAndNeverDuplicate(t *testing.T) {
	st := newStore(t)
	mustImport(t, st, Customers, "c.csv", "code,name,email\nC001,Dupont SARL,a@dupont.fr\n")
	first := "number,customer_code,issue_date,due_date,currency,total,balance,status,payment_date\n" +
		"F1,C001,2025-06-01,2025-07-01,EUR,100.00,0.00,Paid,2025-06-20\n" + // paid on 06-20
		"F2,C001,2025-06-01,2025-07-01,EUR,200.00,50.00,Partially paid,\n" + // 150 paid, undated
		"F3,C001,2025-06-01,2025-07-01,EUR,300.00,300.00,Unpaid,\n" +
		"F4,C001,2025-06-01,2025-07-01,EUR,400.00,,Draft,\n"
	res := mustImport(t, st, Invoices, "i1.csv", first)
	s := res.Summary
	if s.Invoices != 3 || s.NewInvoices != 3 || s.BalancesMoved != 2 || s.UndatedPayments != 1 || len(s.Skipped) != 1 ||
		s.Skipped[0].Number != "F4" || s.NowPaid != 0 {
		t.Fatalf("first summary %+v", s)
	}
	// Overdue on 2025-09-15: F2's 50 + F3's 300 = 350; nothing before.
	if len(s.OverdueBefore) != 0 || len(s.OverdueAfter) != 1 || s.OverdueAfter[0] != (ledger.Money{Minor: 35000, Currency: "EUR"}) {
		t.Fatalf("overdue before %v after %v", s.OverdueBefore, s.OverdueAfter)
	}
	if len(res.Warnings) != 1 {
		t.Fatalf("warnings %v", res.Warnings)
	}
	want := func(step string, paid map[string]int64, payments int) {
		t.Helper()
		ex, err := st.ExistingInvoices(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for num, p := range paid {
			if ex[num].Paid != p {
				t.Errorf("%s: %s paid %d, want %d", step, num, ex[num].Paid, p)
			}
		}
		for _, e := range ex {
			n += e.Payments
		}
		if n != payments {
			t.Errorf("%s: %d payments, want %d", step, n, payments)
		}
		rep, err := st.Check(context.Background())
		if err != nil || !rep.OK() {
			t.Errorf("%s: check %v %v", step, err, rep.Problems)
		}
	}
	want("first", map[string]int64{"F1": 10000, "F2": 15000, "F3": 0}, 2)
	// The same export again: nothing moves, nothing added.
	res = mustImport(t, st, Invoices, "i1.csv", first)
	if res.Summary.BalancesMoved != 0 || res.Summary.NewInvoices != 0 {
		t.Fatalf("re-import summary %+v", res.Summary)
	}
	want("again", map[string]int64{"F1": 10000, "F2": 15000, "F3": 0}, 2)

	// A payment recorded by the owner on F3: 60 on 08-01.
	mustImport(t, st, Payments, "p.csv", "invoice,date,amount\nF3,2025-08-01,60.00\n")
	second := "number,customer_code,issue_date,due_date,currency,total,balance,status\n" +
		"F1,C001,2025-06-01,2025-07-01,EUR,100.00,30.00,Partially paid\n" + // paid before, 30 due again
		"F2,C001,2025-06-01,2025-07-01,EUR,200.00,0.00,Paid\n" + // now paid
		"F3,C001,2025-06-01,2025-07-01,EUR,300.00,300.00,Unpaid\n" // the export takes the recorded 60 back
	res = mustImport(t, st, Invoices, "i2.csv", second)
	s = res.Summary
	if s.NowPaid != 1 || s.BalancesMoved != 3 || len(s.NegativeAdjusted) != 1 || s.NegativeAdjusted[0] != "F3" {
		t.Fatalf("second summary %+v", s)
	}
	// F1: export 70; F2: export 200; F3: recorded 60, export -60. Four
	// payments: each export payment updated, none added twice.
	want("second", map[string]int64{"F1": 7000, "F2": 20000, "F3": 0}, 4)
	// Overdue now: F1's 30 + F3's 300 (was F2's 50 + F3's 240).
	if s.OverdueBefore[0].Minor != 29000 || s.OverdueAfter[0].Minor != 33000 {
		t.Fatalf("overdue before %v after %v", s.OverdueBefore, s.OverdueAfter)
	}
}

// TestStatusesAndCreditNotes: a status alone, a partial status without an
// amount (refused, naming the row), an overpaid balance (clamped, warned),
// and credit notes applied to the invoice they name, to the oldest open
// one, or held and applied by a later import.
func TestStatusesAndCreditNotes(t *testing.T) {
	st := newStore(t)
	mustImport(t, st, Customers, "c.csv", "code,name,email\nC001,Dupont SARL,a@dupont.fr\nC002,Martin,b@martin.fr\n")
	res, err := importText(t, st, Invoices, "bad.csv", "number,customer_code,issue_date,due_date,currency,total,status\n"+
		"P1,C001,2025-06-01,2025-07-01,EUR,100.00,Partially paid\n")
	wantProblems(t, res, err, `bad.csv:2: column status: value "Partially paid": partly paid, but the file has no amount paid or due: the balance cannot be known`)
	res = mustImport(t, st, Invoices, "i.csv", "number,customer_code,issue_date,due_date,currency,total,balance,status,type,credit_of\n"+
		"A1,C001,2025-05-01,2025-06-01,EUR,100.00,,Paid,,\n"+ // status alone: paid
		"A2,C001,2025-06-01,2025-07-01,EUR,200.00,-20.00,,,\n"+ // overpaid: clamped to paid
		"A3,C001,2025-07-01,2025-08-01,EUR,300.00,300.00,Open,,\n"+
		"A4,C001,2025-08-01,2025-09-01,EUR,400.00,350.00,Open,,\n"+ // the export counts AV1
		"AV1,C001,2025-08-10,,EUR,-50.00,,,,A4\n"+ // names A4: paid by the credit alone
		"AV2,C001,2025-07-11,,EUR,120.00,,,Credit Memo,\n"+ // oldest open: A3 180 due
		"AV3,C002,2025-07-12,,EUR,(80.00),,,,\n") // C002 has nothing open: held
	s := res.Summary
	if s.CreditNotes != 3 || s.CreditNotesApplied != 2 || len(s.CreditHeld) != 1 || s.CreditHeld[0] != (ledger.Money{Minor: 8000, Currency: "EUR"}) {
		t.Fatalf("summary %+v", s)
	}
	if len(res.Warnings) == 0 {
		t.Fatal("no warning for the overpaid balance")
	}
	ex, _ := st.ExistingInvoices(context.Background())
	for num, want := range map[string]int64{"A1": 10000, "A2": 20000, "A3": 12000, "A4": 5000} {
		if ex[num].Paid != want {
			t.Errorf("%s paid %d, want %d", num, ex[num].Paid, want)
		}
	}
	// A later file: C002's invoice takes the held 80.
	res = mustImport(t, st, Invoices, "j.csv", "number,customer_code,issue_date,due_date,currency,total\nB1,C002,2025-08-01,2025-09-01,EUR,100.00\n")
	if res.Summary.CreditNotesApplied != 1 || len(res.Summary.CreditHeld) != 0 {
		t.Fatalf("later summary %+v", res.Summary)
	}
	ex, _ = st.ExistingInvoices(context.Background())
	if ex["B1"].Paid != 8000 || ex["B1"].CreditPaid != 8000 {
		t.Fatalf("B1 %+v", ex["B1"])
	}
	rep, err := st.Check(context.Background())
	if err != nil || !rep.OK() {
		t.Fatalf("check %v %v", err, rep.Problems)
	}
}

// TestUsedUpCreditNoteIsNotCountedTwice: a credit note that names no
// invoice is applied to the customer's oldest open invoice. When the
// export shows the credit note used up (its own balance 0.00, as Xero
// writes one allocated to an invoice), the invoices' balances already net
// it and stay the export's; when it shows it wholly open (Dolibarr's
// "Reste à payer" equal to its amount), it lowers them. Figures by hand:
// F1 480.00, paid 0, 120.00 credited in the tool → 360.00 due.
func TestUsedUpCreditNoteIsNotCountedTwice(t *testing.T) {
	for _, tc := range []struct {
		name, creditLeft string
		wantPaid         int64 // F1's payments and credits
	}{
		{"used up in the export", "0.00", 12000}, // 480 - 360: the credit itself
		{"open in the export", "120.00", 12000},  // 480 - 480 + 120 credit applied
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := newStore(t)
			mustImport(t, st, Customers, "c.csv", "code,name\nC001,City Agency\n")
			due := "360.00"
			if tc.creditLeft != "0.00" {
				due = "480.00" // the tool has not taken the credit off
			}
			text := "number,customer_code,issue_date,due_date,currency,total,balance\n" +
				"F1,C001,2026-09-01,2026-10-01,EUR,480.00," + due + "\n" +
				"CN1,C001,2026-09-15,,EUR,-120.00," + tc.creditLeft + "\n"
			res := mustImport(t, st, Invoices, "x.csv", text)
			if res.Summary.CreditNotes != 1 || res.Summary.CreditNotesApplied != 1 {
				t.Fatalf("summary %+v", res.Summary)
			}
			ex, err := st.ExistingInvoices(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if got := ex["F1"].Paid; got != tc.wantPaid {
				t.Errorf("F1 paid %d, want %d (balance %d)", got, tc.wantPaid, 48000-got)
			}
			if got := ex["F1"].CreditPaid; got != 12000 {
				t.Errorf("F1 credited %d, want 12000", got)
			}
		})
	}
}

// TestOverdueAfterTallyMatchesTheLedger: the summary's overdue figure after
// an import is tallied from the rows written, not read again; after every
// step it must be what the ledger says.
func TestOverdueAfterTallyMatchesTheLedger(t *testing.T) {
	st := newStore(t)
	mustImport(t, st, Customers, "c.csv", "code,name\nC001,Dupont\nC002,Martin\n")
	steps := []string{
		"number,customer_code,issue_date,due_date,currency,total,balance\n" +
			"A1,C001,2025-06-01,2025-07-01,EUR,100.00,100.00\n" +
			"A2,C001,2025-06-01,2025-12-31,EUR,200.00,200.00\n" + // not yet due
			"A3,C002,2025-06-01,2025-07-01,USD,300.00,50.00\n",
		// A1 paid, A2's due date moved before today, A3 a new total.
		"number,customer_code,issue_date,due_date,currency,total,balance\n" +
			"A1,C001,2025-06-01,2025-07-01,EUR,100.00,0.00\n" +
			"A2,C001,2025-06-01,2025-08-01,EUR,200.00,120.00\n" +
			"A3,C002,2025-06-01,2025-07-01,USD,350.00,350.00\n",
		// No balance columns: what is recorded stays.
		"number,customer_code,issue_date,due_date,currency,total\nA4,C002,2025-06-01,2025-06-30,EUR,40.00\n",
	}
	for i, text := range steps {
		res := mustImport(t, st, Invoices, "step.csv", text)
		want, err := st.OverdueTotals(context.Background(), ledger.MustDate("2025-09-15"))
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(res.Summary.OverdueAfter) != fmt.Sprint(want) {
			t.Errorf("step %d: tally %v, ledger %v", i+1, res.Summary.OverdueAfter, want)
		}
	}
}
