package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// Every sort of the invoice listing, both ways, with and without filters,
// as whole lists (InvoiceIDs) and as pages (ListInvoices with LIMIT and
// OFFSET), agrees with a plain sort in Go of the same rows. The listing
// sorted by customer walks customers first (fromSQL): customers sharing a
// name must keep their invoices together, in due-date order.
func TestInvoiceOrdersAgreeWithASort(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(3, 4))
	names := []string{"Zoé", "Atelier", "atelier", "Bâtiment", "Atelier"} // equal names on purpose
	var custIDs []int64
	for i := 0; i < 25; i++ {
		id, err := s.SaveCustomer(ctx, ledger.Customer{Code: fmt.Sprintf("C%02d", i), Name: names[i%len(names)] + fmt.Sprint(i%3),
			Language: ledger.French, Kind: ledger.Business, Delivery: ledger.DeliveryPostal, Country: "FR", Address1: "1 rue X", Postcode: "75001", City: "Paris"})
		if err != nil {
			t.Fatal(err)
		}
		custIDs = append(custIDs, id)
	}
	base := ledger.MustDate("2026-01-01")
	for i := 0; i < 400; i++ {
		issue := base.AddDays(r.IntN(150))
		due := issue.AddDays(r.IntN(4) * 15) // many equal due dates
		var pays []ledger.Payment
		if r.IntN(3) == 0 {
			pays = append(pays, ledger.Payment{Date: due.AddDays(r.IntN(20)), Amount: 1000})
		}
		addInvoice(t, s, custIDs[r.IntN(len(custIDs))], fmt.Sprintf("F-%04d", r.IntN(10000)*1000+i), issue.String(), due.String(),
			int64(1000*(1+r.IntN(3))), pays...)
	}
	asOf := ledger.MustDate("2026-04-15")
	all, err := s.ListInvoices(ctx, InvoiceFilter{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 200 {
		t.Fatalf("only %d invoices issued by %s", len(all), asOf)
	}
	key := map[InvoiceOrder]func(a, b InvoiceLine) int{
		ByDueDate: func(a, b InvoiceLine) int {
			return cmpAll(strings.Compare(a.DueDate.String(), b.DueDate.String()), strings.Compare(a.Number, b.Number))
		},
		ByNumber: func(a, b InvoiceLine) int { return strings.Compare(a.Number, b.Number) },
		ByCustomer: func(a, b InvoiceLine) int {
			return cmpAll(strings.Compare(a.CustomerName, b.CustomerName), int(a.CustomerID-b.CustomerID),
				strings.Compare(a.DueDate.String(), b.DueDate.String()), int(a.ID-b.ID))
		},
		ByTotal: func(a, b InvoiceLine) int {
			return cmpAll(int(a.Total.Minor-b.Total.Minor), strings.Compare(a.Number, b.Number))
		},
		ByIssued: func(a, b InvoiceLine) int {
			return cmpAll(strings.Compare(a.IssueDate.String(), b.IssueDate.String()), strings.Compare(a.Number, b.Number))
		},
	}
	filters := map[string]func(l InvoiceLine) (InvoiceFilter, bool){
		"all": func(l InvoiceLine) (InvoiceFilter, bool) { return InvoiceFilter{}, true },
		"overdue": func(l InvoiceLine) (InvoiceFilter, bool) {
			return InvoiceFilter{OverdueOnly: true}, l.Status == ledger.StatusOverdue
		},
		"paid": func(l InvoiceLine) (InvoiceFilter, bool) {
			return InvoiceFilter{Status: ledger.StatusPaid}, l.Status == ledger.StatusPaid
		},
		"one customer": func(l InvoiceLine) (InvoiceFilter, bool) {
			return InvoiceFilter{CustomerCode: "C07"}, l.CustomerCode == "C07"
		},
		"search": func(l InvoiceLine) (InvoiceFilter, bool) {
			return InvoiceFilter{Search: "atelier"}, strings.Contains(strings.ToLower(l.CustomerName), "atelier")
		},
	}
	for fname, filt := range filters {
		var want []InvoiceLine
		var f InvoiceFilter
		for _, l := range all {
			ff, ok := filt(l)
			f = ff
			if ok {
				want = append(want, l)
			}
		}
		if len(want) == 0 {
			t.Fatalf("%s: the test data has no such invoice", fname)
		}
		f.AsOf = asOf
		for order, cmp := range key {
			for _, desc := range []bool{false, true} {
				name := fmt.Sprintf("%s by %s desc=%v", fname, order, desc)
				sorted := slices.Clone(want)
				slices.SortStableFunc(sorted, func(a, b InvoiceLine) int {
					if desc {
						return cmp(b, a)
					}
					return cmp(a, b)
				})
				var wantIDs []int64
				for _, l := range sorted {
					wantIDs = append(wantIDs, l.ID)
				}
				ids, err := s.InvoiceIDs(ctx, f, order, desc)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if !slices.Equal(ids, wantIDs) {
					t.Errorf("%s: InvoiceIDs differ from the sort (%d against %d ids)", name, len(ids), len(wantIDs))
				}
				var paged []int64
				for off := 0; ; off += 37 {
					pf := f
					pf.Order, pf.Desc, pf.Limit, pf.Offset = order, desc, 37, off
					page, err := s.ListInvoices(ctx, pf)
					if err != nil {
						t.Fatalf("%s: %v", name, err)
					}
					for _, l := range page {
						paged = append(paged, l.ID)
					}
					if len(page) < 37 {
						break
					}
				}
				if !slices.Equal(paged, wantIDs) {
					t.Errorf("%s: pages differ from the sort", name)
				}
				if n, err := s.CountMatching(ctx, f); err != nil || n != len(wantIDs) {
					t.Errorf("%s: count %d, %v; want %d", name, n, err, len(wantIDs))
				}
			}
		}
	}
}

// cmpAll is the first non-zero comparison.
func cmpAll(c ...int) int {
	for _, x := range c {
		if x != 0 {
			return x
		}
	}
	return 0
}
