package dunning

import (
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// A customer started at a later step: the old debt's first letter is at
// that level, charges what that level charges, and the ladder goes on from
// there; an invoice due after the choice starts at the first step.
func TestStartLevelStartsTheLadderThere(t *testing.T) {
	c := customer(1, "C1", false)
	c.Start = StartLevel{Level: 2, On: ledger.MustDate("2025-07-15")}
	in := Input{
		AsOf: ledger.MustDate("2025-07-20"), Policy: DefaultPolicy(), Tables: testTables(t),
		Customers: map[int64]*Customer{1: c},
		Invoices: []OpenInvoice{
			openInv(1, 1, "OLD", "2025-06-10", 1000000, "EUR"),
			// Due on the day of the choice: not one of the old debts.
			openInv(2, 1, "NEW", "2025-07-15", 100000, "EUR"),
		},
	}
	p, err := MakePlan(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Actions) != 1 {
		t.Fatalf("%+v", p)
	}
	a := p.Actions[0]
	if a.Level != 2 || a.Kind != KindReminder2 || len(a.Invoices) != 2 || a.Invoices[0].Number != "OLD" || a.Invoices[0].Level != 2 ||
		a.Invoices[1].Number != "NEW" || a.Invoices[1].Level != 1 {
		t.Fatalf("%+v", a)
	}
	// Said why: the owner's choice, with its day; NEW's is the ladder's own.
	if r := a.Invoices[0].Reason; r.Key != "reason.start_level" || r.Args[2] != "2025-07-15" || a.Reason.Key != "reason.start_level" {
		t.Errorf("reason %+v (letter %+v)", r, a.Reason)
	}
	if r := a.Invoices[1].Reason; r.Key != "reason.level1" {
		t.Errorf("NEW's reason %+v", r)
	}
	// The firmer letter's figures: OLD is the FR hand case (138.63 € to
	// 07-20, see TestSecondLetterChargesInterestAndLowerLevelsRideAlong);
	// NEW, 5 days (07-16..07-20) at 12.15 %: 100,000 × 121,500 × 5 /
	// 365,000,000 = 166.4 → 1.66 €. Two €40 sums.
	if a.Interest != 13863+166 || a.Compensation != 8000 || a.TotalDue != 1100000+13863+166+8000 {
		t.Fatalf("interest %d compensation %d total %d", a.Interest, a.Compensation, a.TotalDue)
	}

	// Without the choice, the same ledger gets the friendly reminder,
	// which claims nothing.
	c.Start = StartLevel{}
	p, err = MakePlan(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Actions) != 1 || p.Actions[0].Level != 1 || p.Actions[0].Interest != 0 || p.Actions[0].Compensation != 0 {
		t.Fatalf("no start level: %+v", p.Actions)
	}

	// Once the firmer letter is sent, the ladder goes on from it: the
	// final demand 14 days later (08-03), not before.
	c.Start = StartLevel{Level: 2, On: ledger.MustDate("2025-07-15")}
	in.Letters = []SentLetter{{ID: 1, CustomerID: 1, Currency: "EUR", Level: 2, Kind: KindReminder2, Date: ledger.MustDate("2025-07-20"),
		Invoices: map[int64]int{1: 2, 2: 1}}}
	in.AsOf = ledger.MustDate("2025-08-02")
	if p, err = MakePlan(in); err != nil {
		t.Fatal(err)
	}
	if len(p.Actions) != 0 {
		t.Fatalf("08-02: %+v", p.Actions)
	}
	in.AsOf = ledger.MustDate("2025-08-03")
	if p, err = MakePlan(in); err != nil {
		t.Fatal(err)
	}
	if len(p.Actions) != 1 || p.Actions[0].Level != 3 || p.Actions[0].Invoices[0].Level != 3 {
		t.Fatalf("08-03: %+v", p.Actions)
	}
}

// Started at the final demand: the letter gives the policy's deadline from
// today, and the collections task waits for it.
func TestStartLevelFinalDemand(t *testing.T) {
	c := customer(1, "C1", true)
	c.Start = StartLevel{Level: 3, On: ledger.MustDate("2025-07-20")}
	in := Input{
		AsOf: ledger.MustDate("2025-07-20"), Policy: DefaultPolicy(), Tables: testTables(t),
		Customers: map[int64]*Customer{1: c},
		Invoices:  []OpenInvoice{openInv(1, 1, "OLD", "2025-06-10", 1000000, "EUR")},
	}
	p, err := MakePlan(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Actions) != 1 || len(p.Tasks) != 0 {
		t.Fatalf("%+v", p)
	}
	a := p.Actions[0]
	if a.Level != 3 || a.Kind != KindFinalDemand || a.Deadline != ledger.MustDate("2025-07-28") || a.Auto {
		t.Fatalf("%+v", a)
	}
	if a.Interest != 13863 || a.Compensation != 4000 {
		t.Fatalf("interest %d compensation %d", a.Interest, a.Compensation)
	}
	// The choice applies only to debts due before it was made: an invoice
	// due on the same day, overdue a week later, gets the friendly
	// reminder (in a letter of its own: the final demand went out).
	in.Letters = []SentLetter{{ID: 1, CustomerID: 1, Currency: "EUR", Level: 3, Kind: KindFinalDemand, Date: ledger.MustDate("2025-07-20"),
		Invoices: map[int64]int{1: 3}}}
	in.Invoices = []OpenInvoice{openInv(2, 1, "LATER", "2025-07-20", 50000, "EUR")}
	in.AsOf = ledger.MustDate("2025-07-27")
	if p, err = MakePlan(in); err != nil {
		t.Fatal(err)
	}
	if len(p.Actions) != 1 || p.Actions[0].Level != 1 {
		t.Fatalf("later invoice: %+v", p.Actions)
	}
}

// A level the policy switched off is passed over upwards, as the ladder's
// own steps are.
func TestStartLevelDisabledGoesUp(t *testing.T) {
	c := customer(1, "C1", true)
	c.Start = StartLevel{Level: 2, On: ledger.MustDate("2025-07-20")}
	pol := DefaultPolicy()
	pol.Levels[2].Enabled = false
	in := Input{AsOf: ledger.MustDate("2025-07-20"), Policy: pol, Tables: testTables(t),
		Customers: map[int64]*Customer{1: c}, Invoices: []OpenInvoice{openInv(1, 1, "OLD", "2025-06-10", 1000000, "EUR")}}
	p, err := MakePlan(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Actions) != 1 || p.Actions[0].Level != 3 {
		t.Fatalf("%+v", p.Actions)
	}
}
