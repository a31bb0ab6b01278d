package records

import (
	"context"
	"sort"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/report"
	"github.com/relance-app/relance/internal/store"
)

// Aging buckets: not yet due, 1–30, 31–60, 61–90, over 90 days late.
// One definition, the report's: the month-by-month history it tells
// (report aging) ends on the same figures as this summary.
const (
	BucketNotDue = report.BucketNotDue
	Bucket1to30  = report.Bucket1to30
	Bucket31to60 = report.Bucket31to60
	Bucket61to90 = report.Bucket61to90
	BucketOver90 = report.BucketOver90
	numBuckets   = report.NumBuckets
)

// BucketOf returns the aging bucket of an unpaid invoice's days overdue.
func BucketOf(daysOverdue int) int { return report.BucketOf(daysOverdue) }

// CurrencyAging is what is owed in one currency. Amounts never mix
// currencies: there is no exchange rate in a dunning ledger.
type CurrencyAging struct {
	Outstanding int64
	Overdue     int64
	Buckets     [numBuckets]int64
}

// CustomerOverdue is one customer's overdue amount in one currency.
type CustomerOverdue struct {
	Code     string
	Name     string
	Currency ledger.Currency
	Overdue  int64
}

// Summary is the state of the ledger on a date: the home screen's figures.
type Summary struct {
	AsOf            ledger.Date
	Customers       int
	Invoices        int // issued on or before AsOf
	OpenInvoices    int // not yet due, balance left
	OverdueInvoices int
	ByCurrency      map[ledger.Currency]*CurrencyAging
	TopOverdue      []CustomerOverdue // largest overdue amounts, at most 5 per currency
	// DSO is days sales outstanding per currency, over the last 90 days:
	// what is owed, in days of what was invoiced (-1 when nothing was).
	DSO map[ledger.Currency]int
	// OpenCredit is the customers' credit applied to no invoice, per
	// currency in currency order: not deducted from what is outstanding
	// (it is another currency's, or came when nothing was open).
	OpenCredit []ledger.Money
	// WrittenOff is what is left of the invoices written off by AsOf, per
	// currency in currency order: given up on, so not in what is
	// outstanding, but reported.
	WrittenOff []ledger.Money
}

// dsoDays is the period DSO is measured over.
const dsoDays = report.DSODays

// Summarize computes the summary as of date in one pass over the ledger.
func (svc *Service) Summarize(ctx context.Context, date ledger.Date) (Summary, error) {
	s := Summary{AsOf: date, ByCurrency: map[ledger.Currency]*CurrencyAging{}}
	n, err := svc.St.CountCustomers(ctx)
	if err != nil {
		return s, err
	}
	s.Customers = n
	type key struct {
		code string
		cur  ledger.Currency
	}
	per := map[key]*CustomerOverdue{}
	if s.Invoices, err = svc.St.CountInvoicesAsOf(ctx, date); err != nil {
		return s, err
	}
	err = svc.St.EachUnpaidInvoice(ctx, store.InvoiceFilter{AsOf: date}, func(l store.InvoiceLine) error {
		a := s.ByCurrency[l.Total.Currency]
		if a == nil {
			a = &CurrencyAging{}
			s.ByCurrency[l.Total.Currency] = a
		}
		a.Outstanding += l.Balance
		a.Buckets[BucketOf(l.DaysOverdue)] += l.Balance
		if l.Status == ledger.StatusOverdue {
			s.OverdueInvoices++
			a.Overdue += l.Balance
			k := key{l.CustomerCode, l.Total.Currency}
			co := per[k]
			if co == nil {
				co = &CustomerOverdue{Code: l.CustomerCode, Name: l.CustomerName, Currency: l.Total.Currency}
				per[k] = co
			}
			co.Overdue += l.Balance
		} else {
			s.OpenInvoices++
		}
		return nil
	})
	if err != nil {
		return s, err
	}
	for _, co := range per {
		s.TopOverdue = append(s.TopOverdue, *co)
	}
	// Amounts in different currencies do not compare: rank within each.
	sort.Slice(s.TopOverdue, func(i, j int) bool {
		a, b := s.TopOverdue[i], s.TopOverdue[j]
		if a.Currency != b.Currency {
			return a.Currency < b.Currency
		}
		if a.Overdue != b.Overdue {
			return a.Overdue > b.Overdue
		}
		return a.Code < b.Code
	})
	top := s.TopOverdue[:0]
	count := map[ledger.Currency]int{}
	for _, t := range s.TopOverdue {
		if count[t.Currency] < 5 {
			count[t.Currency]++
			top = append(top, t)
		}
	}
	s.TopOverdue = top
	if s.OpenCredit, err = svc.St.OpenCreditTotals(ctx, date); err != nil {
		return s, err
	}
	lost := map[ledger.Currency]int64{}
	err = svc.St.EachInvoice(ctx, store.InvoiceFilter{AsOf: date, Status: ledger.StatusWrittenOff}, func(l store.InvoiceLine) error {
		lost[l.Total.Currency] += l.Balance
		return nil
	})
	if err != nil {
		return s, err
	}
	for cur, v := range lost {
		s.WrittenOff = append(s.WrittenOff, ledger.Money{Minor: v, Currency: cur})
	}
	sort.Slice(s.WrittenOff, func(i, j int) bool { return s.WrittenOff[i].Currency < s.WrittenOff[j].Currency })
	issued, err := svc.St.IssuedTotals(ctx, date.AddDays(-dsoDays), date)
	if err != nil {
		return s, err
	}
	s.DSO = map[ledger.Currency]int{}
	for cur, a := range s.ByCurrency {
		s.DSO[cur] = -1
		if sales := issued[cur]; sales > 0 {
			s.DSO[cur] = int((a.Outstanding*dsoDays + sales/2) / sales)
		}
	}
	return s, nil
}

// JSON returns the summary with amounts as decimal strings.
func (s Summary) JSON() any {
	type cur struct {
		Currency    string            `json:"currency"`
		Outstanding string            `json:"outstanding"`
		Overdue     string            `json:"overdue"`
		Aging       map[string]string `json:"aging"`
	}
	type cr struct {
		Currency string `json:"currency"`
		Amount   string `json:"amount"`
	}
	names := []string{"not_due", "1_30", "31_60", "61_90", "over_90"}
	out := struct {
		AsOf            string `json:"as_of"`
		Customers       int    `json:"customers"`
		Invoices        int    `json:"invoices"`
		OpenInvoices    int    `json:"open_invoices"`
		OverdueInvoices int    `json:"overdue_invoices"`
		Currencies      []cur  `json:"currencies"`
		OpenCredit      []cr   `json:"open_credit"`
		WrittenOff      []cr   `json:"written_off"`
	}{AsOf: s.AsOf.String(), Customers: s.Customers, Invoices: s.Invoices, OpenInvoices: s.OpenInvoices, OverdueInvoices: s.OverdueInvoices,
		Currencies: []cur{}, OpenCredit: []cr{}, WrittenOff: []cr{}}
	for _, m := range s.OpenCredit {
		out.OpenCredit = append(out.OpenCredit, cr{Currency: string(m.Currency), Amount: m.Decimal()})
	}
	for _, m := range s.WrittenOff {
		out.WrittenOff = append(out.WrittenOff, cr{Currency: string(m.Currency), Amount: m.Decimal()})
	}
	var codes []string
	for c := range s.ByCurrency {
		codes = append(codes, string(c))
	}
	sort.Strings(codes)
	for _, code := range codes {
		c := ledger.Currency(code)
		a := s.ByCurrency[c]
		m := func(v int64) string { return ledger.Money{Minor: v, Currency: c}.Decimal() }
		x := cur{Currency: code, Outstanding: m(a.Outstanding), Overdue: m(a.Overdue), Aging: map[string]string{}}
		for i, v := range a.Buckets {
			x.Aging[names[i]] = m(v)
		}
		out.Currencies = append(out.Currencies, x)
	}
	return out
}
