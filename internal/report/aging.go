package report

import (
	"sort"

	"github.com/relance-app/relance/internal/ledger"
)

// The receivables month by month, by the home summary's rules
// (app/records summary.go): an invoice is owed on a day by its balance
// then (ledger.PositionWithState: payments up to that day, void and
// written-off invoices out), in five aging buckets by days overdue, and
// DSO is what is owed in days of what was invoiced over the 90 days
// before. The app's test holds the last point equal to the summary.

// Aging buckets, the summary's too (records.BucketOf is this one).
const (
	BucketNotDue = iota
	Bucket1to30
	Bucket31to60
	Bucket61to90
	BucketOver90
	NumBuckets
)

// BucketOf is the aging bucket of an unpaid invoice's days overdue.
func BucketOf(daysOverdue int) int {
	switch {
	case daysOverdue <= 0:
		return BucketNotDue
	case daysOverdue <= 30:
		return Bucket1to30
	case daysOverdue <= 60:
		return Bucket31to60
	case daysOverdue <= 90:
		return Bucket61to90
	}
	return BucketOver90
}

// DSODays is the span DSO is measured over, as the summary's.
const DSODays = 90

// CurrencyAging is what was owed in one currency on a day.
type CurrencyAging struct {
	Outstanding int64
	Overdue     int64
	Buckets     [NumBuckets]int64
	Issued      int64 // invoiced in the DSODays days up to the day
	DSO         int   // -1 when nothing was invoiced then
}

// AgingPoint is the receivables on one day.
type AgingPoint struct {
	Date       ledger.Date
	ByCurrency map[ledger.Currency]*CurrencyAging
}

// MonthEnds are the days the history is told on: the last day of each
// month from since's to the one before asOf's, then asOf itself.
func MonthEnds(since, asOf ledger.Date) []ledger.Date {
	var out []ledger.Date
	if since > asOf {
		return out
	}
	y, m, _ := since.Civil()
	for {
		first, _ := ledger.NewDate(y, m, 1)
		end := first.AddMonths(1).AddDays(-1)
		if end >= asOf {
			break
		}
		out = append(out, end)
		if m++; m > 12 {
			y, m = y+1, 1
		}
	}
	return append(out, asOf)
}

// AgingInvoice is an invoice with its payments (and credit notes applied:
// they lower its balance as the summary counts it), oldest first.
type AgingInvoice struct {
	Issue, Due ledger.Date
	Currency   ledger.Currency
	Total      int64
	State      ledger.InvoiceState
	StateDate  ledger.Date
	Payments   []InvoiceEvent
}

// AgingHistory gathers the receivables at each of its days, one invoice
// at a time (a million invoices need not be held at once).
type AgingHistory struct {
	Points []AgingPoint
}

// NewAgingHistory prepares the history told on days (ascending).
func NewAgingHistory(days []ledger.Date) *AgingHistory {
	h := &AgingHistory{Points: make([]AgingPoint, len(days))}
	for i, d := range days {
		h.Points[i] = AgingPoint{Date: d, ByCurrency: map[ledger.Currency]*CurrencyAging{}}
	}
	return h
}

func (p *AgingPoint) cur(c ledger.Currency) *CurrencyAging {
	a := p.ByCurrency[c]
	if a == nil {
		a = &CurrencyAging{DSO: -1}
		p.ByCurrency[c] = a
	}
	return a
}

// Add counts an invoice on every day it was owed, and in the DSO of the
// days within DSODays after its issue.
func (h *AgingHistory) Add(inv AgingInvoice) {
	paid, next := int64(0), 0
	for i := range h.Points {
		p := &h.Points[i]
		if p.Date < inv.Issue {
			continue
		}
		if inv.Issue > p.Date.AddDays(-DSODays) {
			p.cur(inv.Currency).Issued += inv.Total
		}
		for next < len(inv.Payments) && inv.Payments[next].Date <= p.Date {
			paid += inv.Payments[next].Amount
			next++
		}
		pos := ledger.PositionWithState(inv.Total, inv.Due, paid, p.Date, ledger.StateOn(inv.State, inv.StateDate, p.Date))
		if pos.Status != ledger.StatusOpen && pos.Status != ledger.StatusOverdue {
			continue
		}
		a := p.cur(inv.Currency)
		a.Outstanding += pos.Balance
		a.Buckets[BucketOf(pos.DaysOverdue)] += pos.Balance
		if pos.Status == ledger.StatusOverdue {
			a.Overdue += pos.Balance
		}
	}
}

// Finish computes each day's DSO; a currency with nothing owed that day
// is dropped (the summary gives DSO only to currencies with something
// owed).
func (h *AgingHistory) Finish() []AgingPoint {
	for i := range h.Points {
		for c, a := range h.Points[i].ByCurrency {
			if a.Outstanding == 0 && a.Buckets == ([NumBuckets]int64{}) {
				delete(h.Points[i].ByCurrency, c)
				continue
			}
			if a.Issued > 0 {
				a.DSO = int((a.Outstanding*DSODays + a.Issued/2) / a.Issued)
			}
		}
	}
	return h.Points
}

// Currencies lists the currencies of the points, in code order.
func Currencies(points []AgingPoint) []ledger.Currency {
	seen := map[ledger.Currency]bool{}
	var out []ledger.Currency
	for _, p := range points {
		for c := range p.ByCurrency {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
