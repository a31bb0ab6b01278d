package dunning

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// TestMakePlanMatchesReference feeds random ledgers (several currencies
// per customer, payments, promises kept and broken, disputes, pauses,
// exclusions, letters at every level, customers' own delays) to MakePlan
// and to the version of before its speed-up, and requires the same plan.
func TestMakePlanMatchesReference(t *testing.T) {
	tabs, err := LoadTables(nil)
	if err != nil {
		t.Fatal(err)
	}
	curs := []ledger.Currency{"EUR", "EUR", "EUR", "GBP", "RSD"}
	var letters, tasks, skipped, riders int
	for seed := uint64(1); seed <= 200; seed++ {
		r := rand.New(rand.NewPCG(seed, 13))
		asOf := ledger.MustDate("2025-06-18").AddDays(r.IntN(60))
		in := Input{AsOf: asOf, Policy: DefaultPolicy(), Tables: tabs, Customers: map[int64]*Customer{}}
		if seed%5 == 0 {
			in.Policy.Levels[0].Enabled = true
		}
		nc := 1 + r.IntN(30)
		for id := int64(1); id <= int64(nc); id++ {
			j := jurisdictions[r.IntN(len(jurisdictions))]
			c := &Customer{ID: id, Code: fmt.Sprintf("C%03d", r.IntN(1000)), Name: "Customer", EmailUsable: r.IntN(2) == 0,
				Debtor: Debtor{Kind: []ledger.CustomerKind{ledger.Business, ledger.Consumer}[r.IntN(2)], Jurisdiction: j.j}}
			c.Code += fmt.Sprint(id) // unique, in an order unrelated to the id
			switch r.IntN(12) {
			case 0:
				c.Excluded = true
			case 1:
				c.PausedUntil = asOf.AddDays(r.IntN(20) - 10)
			case 2:
				c.AwaitingReview = true
			case 3:
				c.Delays = CustomerDelays{0, 1 + r.IntN(20), 1 + r.IntN(20), 1 + r.IntN(20)}
			}
			in.Customers[id] = c
		}
		ni := r.IntN(200)
		for id := int64(1); id <= int64(ni); id++ {
			due := asOf.AddDays(10 - r.IntN(150))
			inv := OpenInvoice{Invoice: ledger.Invoice{ID: id, Number: fmt.Sprintf("F%05d", r.IntN(100000)*1000+int(id)),
				CustomerID: 1 + r.Int64N(int64(nc)), IssueDate: due.AddDays(-30), DueDate: due,
				Total: ledger.Money{Minor: 1000 + r.Int64N(1_000_000), Currency: curs[r.IntN(len(curs))]}, Excluded: r.IntN(40) == 0}}
			for k := r.IntN(4) - 1; k > 0; k-- {
				inv.Payments = append(inv.Payments, ledger.Payment{ID: id*10 + int64(k), InvoiceID: id, Date: due.AddDays(r.IntN(100) - 20),
					Amount: 1 + r.Int64N(inv.Total.Minor/2)})
			}
			if r.IntN(8) == 0 {
				rec := due.AddDays(r.IntN(60))
				inv.Promises = append(inv.Promises, ledger.Promise{ID: id, InvoiceID: id, RecordedOn: rec, Date: rec.AddDays(r.IntN(20)),
					Amount: 1 + r.Int64N(inv.Total.Minor)})
			}
			if r.IntN(15) == 0 {
				x := ledger.Dispute{ID: id, InvoiceID: id, Opened: due.AddDays(r.IntN(40))}
				if r.IntN(2) == 0 {
					x.Closed = x.Opened.AddDays(r.IntN(30))
				}
				inv.Disputes = append(inv.Disputes, x)
			}
			in.Invoices = append(in.Invoices, inv)
		}
		for id := int64(1); ni > 0 && id <= int64(r.IntN(3*nc)); id++ {
			inv := in.Invoices[r.IntN(ni)]
			l := SentLetter{ID: id, CustomerID: inv.CustomerID, Currency: inv.Total.Currency, Level: 1 + r.IntN(4),
				Date: asOf.AddDays(-r.IntN(80)), Invoices: map[int64]int{}}
			l.Kind = DefaultPolicy().Levels[l.Level].Kind
			for _, other := range in.Invoices {
				if other.CustomerID == inv.CustomerID && other.Total.Currency == inv.Total.Currency && r.IntN(2) == 0 {
					l.Invoices[other.ID] = 1 + r.IntN(l.Level)
				}
			}
			in.Letters = append(in.Letters, l)
		}
		got, err := MakePlan(in)
		if err != nil {
			t.Fatal(err)
		}
		want, err := referenceMakePlan(in)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d: plan differs from the reference:\n%+v\nwant\n%+v", seed, got, want)
		}
		letters, tasks, skipped = letters+len(got.Actions), tasks+len(got.Tasks), skipped+len(got.Skipped)
		for _, a := range got.Actions {
			for _, inv := range a.Invoices {
				if inv.Level != a.Level {
					riders++
				}
			}
		}
	}
	if letters == 0 || tasks == 0 || skipped == 0 || riders == 0 {
		t.Fatalf("the random ledgers gave %d letters, %d tasks, %d skipped, %d invoices below their letter's level", letters, tasks, skipped, riders)
	}
	t.Logf("%d letters, %d tasks, %d skipped, %d invoices below their letter's level", letters, tasks, skipped, riders)
}
