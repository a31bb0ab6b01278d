package dunning

import (
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

func openInv(id int64, customer int64, number, due string, total int64, cur ledger.Currency) OpenInvoice {
	return OpenInvoice{Invoice: ledger.Invoice{ID: id, Number: number, CustomerID: customer, IssueDate: ledger.MustDate(due).AddDays(-30),
		DueDate: ledger.MustDate(due), Total: ledger.Money{Minor: total, Currency: cur}}}
}

func customer(id int64, code string, email bool) *Customer {
	return &Customer{ID: id, Code: code, Name: code, EmailUsable: email,
		Debtor: Debtor{Kind: ledger.Business, Jurisdiction: ledger.JurisdictionFR}}
}

func TestTwoCurrenciesTwoLetters(t *testing.T) {
	in := Input{
		AsOf: ledger.MustDate("2025-07-20"), Policy: DefaultPolicy(), Tables: testTables(t),
		Customers: map[int64]*Customer{1: customer(1, "C1", true)},
		Invoices: []OpenInvoice{
			openInv(1, 1, "E1", "2025-06-10", 100000, "EUR"),
			openInv(2, 1, "G1", "2025-06-10", 50000, "GBP"),
			openInv(3, 1, "E2", "2025-06-20", 20000, "EUR"),
		},
	}
	p, err := MakePlan(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Actions) != 2 {
		t.Fatalf("actions %+v", p.Actions)
	}
	eur, gbp := p.Actions[0], p.Actions[1]
	if eur.Currency != "EUR" || len(eur.Invoices) != 2 || eur.Principal != 120000 || eur.Level != 1 || eur.Channel != "email" {
		t.Errorf("EUR letter %+v", eur)
	}
	if gbp.Currency != "GBP" || len(gbp.Invoices) != 1 || gbp.Principal != 50000 {
		t.Errorf("GBP letter %+v", gbp)
	}
	// A friendly reminder claims no interest.
	if eur.Interest != 0 || eur.Compensation != 0 || eur.TotalDue != 120000 {
		t.Errorf("reminder-1 charges: %+v", eur)
	}
}

func TestSecondLetterChargesInterestAndLowerLevelsRideAlong(t *testing.T) {
	tabs := testTables(t)
	in := Input{
		AsOf: ledger.MustDate("2025-07-20"), Policy: DefaultPolicy(), Tables: tabs,
		Customers: map[int64]*Customer{1: customer(1, "C1", false)},
		Invoices: []OpenInvoice{
			openInv(1, 1, "OLD", "2025-06-10", 1000000, "EUR"),
			openInv(2, 1, "NEW", "2025-07-05", 100000, "EUR"),
		},
		// OLD had its friendly reminder on 2025-06-17 (due + 7).
		Letters: []SentLetter{{ID: 1, CustomerID: 1, Currency: "EUR", Level: 1, Kind: KindReminder1, Date: ledger.MustDate("2025-06-17"), Invoices: map[int64]int{1: 1}}},
	}
	p, err := MakePlan(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Actions) != 1 {
		t.Fatalf("%+v", p)
	}
	a := p.Actions[0]
	// OLD: level 2 (06-17 + 14 = 07-01 ≤ 07-20); NEW: level 1 (07-05 +
	// 7 = 07-12). One letter at level 2 listing both, by post.
	if a.Level != 2 || a.Kind != KindReminder2 || a.Channel != "postal" || len(a.Invoices) != 2 || a.Invoices[1].Level != 1 {
		t.Fatalf("%+v", a)
	}
	// Interest: OLD is the FR hand case (138.63 € to 07-20); NEW, 15 days
	// at 12.15 %: 100,000 × 121,500 × 15 / 365,000,000 = 499.32 → 4.99 €
	// (07-06..07-20 = 15 days). Two €40 sums.
	if a.Interest != 13863+499 || a.Compensation != 8000 || a.TotalDue != 1100000+13863+499+8000 {
		t.Fatalf("interest %d compensation %d total %d", a.Interest, a.Compensation, a.TotalDue)
	}
}

func TestSkipReasons(t *testing.T) {
	asOf := ledger.MustDate("2025-07-20")
	cs := map[int64]*Customer{
		1: customer(1, "EXCL", true), 2: customer(2, "PAUSED", true), 3: customer(3, "OK", true), 4: customer(4, "REVIEW", true),
	}
	cs[1].Excluded = true
	cs[2].PausedUntil = ledger.MustDate("2025-07-31")
	cs[4].AwaitingReview = true
	disputed := openInv(4, 3, "DISPUTED", "2025-06-01", 1000, "EUR")
	disputed.Disputes = []ledger.Dispute{{Opened: ledger.MustDate("2025-06-05")}}
	promised := openInv(5, 3, "PROMISED", "2025-06-01", 1000, "EUR")
	promised.Promises = []ledger.Promise{{Date: ledger.MustDate("2025-07-25"), Amount: 1000, RecordedOn: ledger.MustDate("2025-07-01")}}
	excludedInv := openInv(6, 3, "INVEXCL", "2025-06-01", 1000, "EUR")
	excludedInv.Excluded = true
	paid := openInv(8, 3, "PAID", "2025-06-01", 1000, "EUR")
	paid.Payments = []ledger.Payment{{Date: ledger.MustDate("2025-07-01"), Amount: 1000}}
	in := Input{AsOf: asOf, Policy: DefaultPolicy(), Tables: testTables(t), Customers: cs, Invoices: []OpenInvoice{
		openInv(1, 1, "A", "2025-06-01", 1000, "EUR"),
		openInv(2, 2, "B", "2025-06-01", 1000, "EUR"),
		disputed, promised, excludedInv, paid,
		openInv(7, 3, "SOON", "2025-07-15", 1000, "EUR"), // due + 7 = 07-22
		openInv(9, 4, "R", "2025-06-01", 1000, "EUR"),
		openInv(10, 3, "NOTDUE", "2025-08-01", 1000, "EUR"), // not late: not listed
	}}
	p, err := MakePlan(in)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, s := range p.Skipped {
		got[s.Invoice] = s.ReasonText()
	}
	want := map[string]string{"A": "excluded", "B": "paused", "DISPUTED": "disputed", "PROMISED": "promised until 2025-07-25",
		"INVEXCL": "excluded", "SOON": "too soon", "R": "paused"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
	if len(p.Actions) != 0 || len(got) != len(want) {
		t.Errorf("actions %+v, skipped %v", p.Actions, got)
	}
}

func TestFinalDemandIsTheFormalNotice(t *testing.T) {
	// A French consumer: no interest before the final demand; the final
	// demand itself starts it (0 days yet), and the next letters count
	// from it.
	c := customer(1, "CONS", true)
	c.Debtor.Kind = ledger.Consumer
	in := Input{AsOf: ledger.MustDate("2025-05-01"), Policy: DefaultPolicy(), Tables: testTables(t),
		Customers: map[int64]*Customer{1: c},
		Invoices:  []OpenInvoice{openInv(1, 1, "X", "2025-03-01", 120000, "EUR")},
		Letters: []SentLetter{
			{ID: 1, CustomerID: 1, Currency: "EUR", Level: 1, Date: ledger.MustDate("2025-03-08"), Invoices: map[int64]int{1: 1}},
			{ID: 2, CustomerID: 1, Currency: "EUR", Level: 2, Date: ledger.MustDate("2025-03-22"), Invoices: map[int64]int{1: 2}},
		}}
	p, err := MakePlan(in)
	if err != nil {
		t.Fatal(err)
	}
	a := p.Actions[0]
	if a.Level != 3 || a.Deadline.String() != "2025-05-09" || a.Interest != 0 || a.Compensation != 0 {
		t.Fatalf("%+v", a)
	}
	// 30 days after the notice: 120,000 × 37,100 × 30 / 365,000,000 =
	// 365.92 → 3.66 € (legal rate H1 2025, 3.71 %).
	in.Letters = append(in.Letters, SentLetter{ID: 3, CustomerID: 1, Currency: "EUR", Level: 3, Date: ledger.MustDate("2025-05-01"), Invoices: map[int64]int{1: 3}})
	it, err := ComputeInterest(InterestInput{Invoice: in.Invoices[0].Invoice, Debtor: c.Debtor, AsOf: ledger.MustDate("2025-05-31"),
		Notice: ledger.MustDate("2025-05-01")}, in.Tables)
	if err != nil || it.Interest != 366 {
		t.Fatalf("%+v %v", it, err)
	}
	in.AsOf = ledger.MustDate("2025-05-10")
	p, _ = MakePlan(in)
	if len(p.Tasks) != 1 || p.Tasks[0].Level != 4 {
		t.Fatalf("task after the deadline: %+v", p)
	}
}

func TestRecheckDropsPaidAndUpdatesBalances(t *testing.T) {
	tabs := testTables(t)
	base := Input{AsOf: ledger.MustDate("2025-07-20"), Policy: DefaultPolicy(), Tables: tabs,
		Customers: map[int64]*Customer{1: customer(1, "C1", true)},
		Invoices: []OpenInvoice{
			openInv(1, 1, "P1", "2025-06-10", 10000, "EUR"),
			openInv(2, 1, "P2", "2025-06-10", 20000, "EUR"),
		}}
	morning, _ := MakePlan(base)
	// Meanwhile P1 is paid in full and P2 in part.
	now := base
	now.Invoices = []OpenInvoice{base.Invoices[0], base.Invoices[1]}
	now.Invoices[0].Payments = []ledger.Payment{{Date: ledger.MustDate("2025-07-20"), Amount: 10000}}
	now.Invoices[1].Payments = []ledger.Payment{{Date: ledger.MustDate("2025-07-20"), Amount: 5000}}
	fresh, _ := MakePlan(now)
	open := map[int64]bool{2: true}
	kept, dropped := Recheck(DefaultPolicy(), morning.Actions, fresh, open)
	if len(dropped) != 1 || dropped[0].Invoice != "P1" || dropped[0].Reason != SkipPaid {
		t.Fatalf("dropped %+v", dropped)
	}
	if len(kept) != 1 || len(kept[0].Invoices) != 1 || kept[0].Principal != 15000 || kept[0].TotalDue != 15000 {
		t.Fatalf("kept %+v", kept)
	}
	// Everything paid: nothing left to send.
	now.Invoices[1].Payments[0].Amount = 20000
	fresh, _ = MakePlan(now)
	kept, dropped = Recheck(DefaultPolicy(), morning.Actions, fresh, map[int64]bool{})
	if len(kept) != 0 || len(dropped) != 2 {
		t.Fatalf("kept %+v dropped %+v", kept, dropped)
	}
}

func TestCustomerOwnDelays(t *testing.T) {
	c := customer(1, "SLOW", true)
	c.Delays[1] = 30 // this customer pays on 30 days' notice: remind later
	in := Input{AsOf: ledger.MustDate("2025-07-01"), Policy: DefaultPolicy(), Tables: testTables(t),
		Customers: map[int64]*Customer{1: c}, Invoices: []OpenInvoice{openInv(1, 1, "X", "2025-06-10", 1000, "EUR")}}
	p, _ := MakePlan(in)
	if len(p.Actions) != 0 || len(p.Skipped) != 1 || p.Skipped[0].Until.String() != "2025-07-10" {
		t.Fatalf("%+v", p)
	}
	in.AsOf = ledger.MustDate("2025-07-10")
	if p, _ = MakePlan(in); len(p.Actions) != 1 {
		t.Fatalf("%+v", p)
	}
}

func TestCourtesyReminderWhenEnabled(t *testing.T) {
	pol := DefaultPolicy()
	in := Input{AsOf: ledger.MustDate("2025-07-21"), Policy: pol, Tables: testTables(t),
		Customers: map[int64]*Customer{1: customer(1, "C", true)}, Invoices: []OpenInvoice{openInv(1, 1, "X", "2025-07-25", 1000, "EUR")}}
	if p, _ := MakePlan(in); len(p.Actions) != 0 {
		t.Fatalf("courtesy reminder while disabled: %+v", p.Actions)
	}
	pol.Levels[0].Enabled = true
	in.Policy = pol
	if p, _ := MakePlan(in); len(p.Actions) != 0 {
		t.Fatalf("courtesy reminder 4 days early: %+v", p.Actions)
	}
	in.AsOf = ledger.MustDate("2025-07-22") // due - 3
	p, _ := MakePlan(in)
	if len(p.Actions) != 1 || p.Actions[0].Level != 0 || p.Actions[0].Kind != KindCourtesy {
		t.Fatalf("%+v", p.Actions)
	}
	in.Letters = []SentLetter{{ID: 1, CustomerID: 1, Currency: "EUR", Level: 0, Date: in.AsOf, Invoices: map[int64]int{1: 0}}}
	in.AsOf = ledger.MustDate("2025-08-01") // due + 7
	if p, _ = MakePlan(in); len(p.Actions) != 1 || p.Actions[0].Level != 1 {
		t.Fatalf("%+v", p.Actions)
	}
}

// TestRecheckNeverRaisesTheLevel: the owner saw a friendly reminder for A;
// meanwhile B's dispute closed and the fresh plan would send a final
// demand listing both. What goes out is still the friendly reminder for A.
func TestRecheckNeverRaisesTheLevel(t *testing.T) {
	tabs := testTables(t)
	b := openInv(2, 1, "B", "2025-05-01", 5000, "EUR")
	b.Disputes = []ledger.Dispute{{Opened: ledger.MustDate("2025-06-01"), Closed: ledger.MustDate("2025-07-20")}}
	in := Input{AsOf: ledger.MustDate("2025-07-20"), Policy: DefaultPolicy(), Tables: tabs,
		Customers: map[int64]*Customer{1: customer(1, "C", true)},
		Invoices:  []OpenInvoice{openInv(1, 1, "A", "2025-07-10", 1000, "EUR"), b},
		Letters: []SentLetter{
			{ID: 1, CustomerID: 1, Currency: "EUR", Level: 1, Date: ledger.MustDate("2025-05-08"), Invoices: map[int64]int{2: 1}},
			{ID: 2, CustomerID: 1, Currency: "EUR", Level: 2, Date: ledger.MustDate("2025-05-22"), Invoices: map[int64]int{2: 2}},
		}}
	morning := in
	morning.Invoices = []OpenInvoice{in.Invoices[0], openInv(2, 1, "B", "2025-05-01", 5000, "EUR")}
	morning.Invoices[1].Disputes = []ledger.Dispute{{Opened: ledger.MustDate("2025-06-01")}} // still open this morning
	shown, _ := MakePlan(morning)
	if len(shown.Actions) != 1 || shown.Actions[0].Level != 1 || len(shown.Actions[0].Invoices) != 1 {
		t.Fatalf("shown %+v", shown.Actions)
	}
	fresh, _ := MakePlan(in)
	if len(fresh.Actions) != 1 || fresh.Actions[0].Level != 3 {
		t.Fatalf("fresh %+v", fresh.Actions)
	}
	kept, dropped := Recheck(DefaultPolicy(), shown.Actions, fresh, map[int64]bool{1: true, 2: true})
	if len(kept) != 1 || kept[0].Level != 1 || kept[0].Kind != KindReminder1 || len(kept[0].Invoices) != 1 ||
		kept[0].Interest != 0 || kept[0].Compensation != 0 || !kept[0].Deadline.IsZero() || len(dropped) != 0 {
		t.Fatalf("kept %+v dropped %+v", kept, dropped)
	}
}

func TestPromisesBeforeTheFirstLetterAndKeptInPart(t *testing.T) {
	tabs := testTables(t)
	// A promise made before any letter, broken: the friendly reminder
	// comes first, two days after the promised date (later than due + 7).
	inv := openInv(1, 1, "P", "2025-01-31", 100000, "EUR")
	inv.Promises = []ledger.Promise{{Date: ledger.MustDate("2025-02-10"), Amount: 100000, RecordedOn: ledger.MustDate("2025-01-20")}}
	in := Input{AsOf: ledger.MustDate("2025-02-11"), Policy: DefaultPolicy(), Tables: tabs,
		Customers: map[int64]*Customer{1: customer(1, "C", true)}, Invoices: []OpenInvoice{inv}}
	if p, _ := MakePlan(in); len(p.Actions) != 0 || p.Skipped[0].Until.String() != "2025-02-12" {
		t.Fatalf("%+v", p)
	}
	in.AsOf = ledger.MustDate("2025-02-12")
	p, _ := MakePlan(in)
	if len(p.Actions) != 1 || p.Actions[0].Level != 1 || p.Actions[0].Reason.Key != "reason.broken_promise" {
		t.Fatalf("%+v", p.Actions)
	}
	// A promise of 300.00 by 02-14 kept by a payment of 300.00 on 02-13:
	// not broken; the second letter keeps its normal date (02-07 + 14).
	kept := openInv(2, 1, "K", "2025-01-31", 100000, "EUR")
	kept.Promises = []ledger.Promise{{Date: ledger.MustDate("2025-02-14"), Amount: 30000, RecordedOn: ledger.MustDate("2025-02-10")}}
	kept.Payments = []ledger.Payment{{Date: ledger.MustDate("2025-02-13"), Amount: 30000}}
	in = Input{AsOf: ledger.MustDate("2025-02-16"), Policy: DefaultPolicy(), Tables: tabs,
		Customers: map[int64]*Customer{1: customer(1, "C", true)}, Invoices: []OpenInvoice{kept},
		Letters: []SentLetter{{ID: 1, CustomerID: 1, Currency: "EUR", Level: 1, Date: ledger.MustDate("2025-02-07"), Invoices: map[int64]int{2: 1}}}}
	if p, _ := MakePlan(in); len(p.Actions) != 0 || p.Skipped[0].Until.String() != "2025-02-21" {
		t.Fatalf("kept promise treated as broken: %+v", p)
	}
}

// TestOneInvoiceWithoutRateDoesNotStopThePlan: a Serbian-law invoice in
// USD has no statutory rate; its letter goes out without interest and
// says so, and every other letter goes out as usual.
func TestOneInvoiceWithoutRateDoesNotStopThePlan(t *testing.T) {
	rs := customer(2, "RS", true)
	rs.Debtor.Jurisdiction = ledger.JurisdictionRS
	in := Input{AsOf: ledger.MustDate("2025-07-20"), Policy: DefaultPolicy(), Tables: testTables(t),
		Customers: map[int64]*Customer{1: customer(1, "FR", true), 2: rs},
		Invoices:  []OpenInvoice{openInv(1, 1, "F", "2025-06-10", 1000, "EUR"), openInv(2, 2, "U", "2025-06-10", 1000, "USD")},
		Letters: []SentLetter{
			{ID: 1, CustomerID: 1, Currency: "EUR", Level: 1, Date: ledger.MustDate("2025-06-17"), Invoices: map[int64]int{1: 1}},
			{ID: 2, CustomerID: 2, Currency: "USD", Level: 1, Date: ledger.MustDate("2025-06-17"), Invoices: map[int64]int{2: 1}},
		}}
	p, err := MakePlan(in)
	if err != nil || len(p.Actions) != 2 {
		t.Fatalf("%+v %v", p, err)
	}
	if w := p.Actions[1].Warnings; p.Actions[1].Interest != 0 || len(w) != 1 || w[0].Key != "plan.interest_unavailable" {
		t.Fatalf("%+v", p.Actions[1])
	}
	if p.Actions[0].Interest == 0 {
		t.Fatal("the French letter lost its interest")
	}
}
