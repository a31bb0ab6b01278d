package dunning

import (
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// Void and written-off invoices leave the ladder from the day they were
// set aside, and the plan says so; before that day they were dunned.
func TestSetAsideInvoicesLeaveTheLadder(t *testing.T) {
	void := openInv(1, 1, "VOID", "2025-06-10", 100000, "EUR")
	void.State, void.StateDate = ledger.InvoiceVoid, ledger.MustDate("2025-07-01")
	lost := openInv(2, 1, "LOST", "2025-06-10", 50000, "EUR")
	lost.State, lost.StateDate = ledger.InvoiceWrittenOff, ledger.MustDate("2025-07-15")
	live := openInv(3, 1, "LIVE", "2025-06-10", 20000, "EUR")
	in := Input{
		AsOf: ledger.MustDate("2025-07-20"), Policy: DefaultPolicy(), Tables: testTables(t),
		Customers: map[int64]*Customer{1: customer(1, "C1", true)},
		Invoices:  []OpenInvoice{void, lost, live},
	}
	p, err := MakePlan(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Actions) != 1 || len(p.Actions[0].Invoices) != 1 || p.Actions[0].Invoices[0].Number != "LIVE" || p.Actions[0].Principal != 20000 {
		t.Fatalf("actions %+v, want one letter for LIVE alone", p.Actions)
	}
	reasons := map[string]string{}
	for _, s := range p.Skipped {
		reasons[s.Invoice] = s.ReasonText()
	}
	if reasons["VOID"] != "void" || reasons["LOST"] != "written-off" || len(reasons) != 2 {
		t.Errorf("skipped %v", reasons)
	}
	// On 2025-07-10 LOST was not written off yet: it rides in the letter.
	in.AsOf = ledger.MustDate("2025-07-10")
	p, err = MakePlan(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Actions) != 1 || len(p.Actions[0].Invoices) != 2 || p.Actions[0].Principal != 70000 {
		t.Fatalf("on 07-10: actions %+v, want LOST and LIVE", p.Actions)
	}
}
