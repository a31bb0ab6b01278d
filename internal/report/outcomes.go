// Package report says what the letters achieved and how the receivables
// stood month by month: each letter's outcome (a reply, a promise, a
// dispute, a bounce, a payment), rates with their 95 % Wilson intervals,
// Kaplan–Meier medians of the days to pay, the two-proportion test that
// decides whether a difference between groups is said, and the aging and
// DSO at each month end. Pure: the ledger's rows come in, figures go out;
// the words are the front ends' (i18n).
package report

import (
	"sort"

	"github.com/relance-app/relance/internal/ledger"
)

// Window is how long after a letter an event may be credited to it
// (issue 19's Decision: the last letter covering the invoice before the
// event, within 30 days; otherwise no letter).
const Window = 30

// Letter is one letter sent, as the report needs it.
type Letter struct {
	ID       int64
	Customer int64
	Date     ledger.Date
	Kind     ledger.LetterKind
	Level    int
	Channel  ledger.Channel
	Variant  string // '' is the default template, said "A"
	Language string
	Invoices []int64 // the invoices it listed
}

// InvoiceEvent is something that happened to an invoice on a day: a
// payment (Amount > 0), a promise recorded, a dispute opened.
type InvoiceEvent struct {
	Invoice int64
	Date    ledger.Date
	Amount  int64
}

// CustomerEvent is a message from a customer on a day: a reply or a
// bounce. Letter is the letter the message answers or returns when the
// mail said so (the outbox's letter), else 0.
type CustomerEvent struct {
	Customer int64
	Date     ledger.Date
	Letter   int64
}

// Input is what the ledger knows that bears on the letters' outcomes.
type Input struct {
	AsOf     ledger.Date
	Letters  []Letter
	Settled  map[int64]ledger.Date // the day each invoice's payments reached its total (invoices.settled_on)
	Payments []InvoiceEvent        // payments received (imports, bank, by hand; not credit notes)
	Promises []InvoiceEvent        // by the day recorded
	Disputes []InvoiceEvent        // by the day opened
	Replies  []CustomerEvent
	Bounces  []CustomerEvent
}

// Payment outcomes of a letter.
const (
	PaidNone    = 0
	PaidPartial = 1 // something was received, credited to the letter, but not all it asked
	PaidFull    = 2 // every invoice it listed was settled, each settlement credited to it
)

// Outcome is what followed one letter.
type Outcome struct {
	Letter    *Letter
	Replied   bool
	ReplyDays int // days from the letter to the first reply credited to it
	Promise   bool
	Dispute   bool
	Bounce    bool
	Paid      int // PaidNone, PaidPartial, PaidFull
	PayDays   int // PaidFull: days from the letter to the last settlement
	// FirstPayDays: days from the letter to the first payment credited
	// to it, in full or in part (-1 when none was).
	FirstPayDays int
	// Observed is how many days the letter could be paid in, for the
	// time to pay: PayDays when paid in full, else the days until the
	// window closed (30 days, the next letter covering one of its
	// invoices, or AsOf): a censored time.
	Observed int
}

// dated is a letter in an invoice's or a customer's time line.
type dated struct {
	date ledger.Date
	id   int64
	idx  int // index in Input.Letters
}

// timeline is the letters of one invoice or customer, oldest first (ties
// by ID: of two letters on one day the later recorded is the last).
type timeline []dated

func (t timeline) sort() {
	sort.Slice(t, func(i, j int) bool {
		if t[i].date != t[j].date {
			return t[i].date < t[j].date
		}
		return t[i].id < t[j].id
	})
}

// credit is the letter an event on day d is credited to: the last one on
// or before d, if d is within Window days of it; -1 otherwise. A letter
// and an event on the same day count as letter first: the event may be
// its answer, and no earlier letter is the last one then.
func (t timeline) credit(d ledger.Date) int {
	i := sort.Search(len(t), func(i int) bool { return t[i].date > d }) - 1
	if i < 0 || d.DaysSince(t[i].date) > Window {
		return -1
	}
	return t[i].idx
}

// next is the date of the letter after the one at index idx in t; ok
// false when it is the last.
func (t timeline) next(idx int) (ledger.Date, bool) {
	for i, x := range t {
		if x.idx == idx && i+1 < len(t) {
			return t[i+1].date, true
		}
	}
	return 0, false
}

// Outcomes derives each letter's outcome, in the order of in.Letters.
func Outcomes(in Input) []Outcome {
	out := make([]Outcome, len(in.Letters))
	byInvoice := map[int64]timeline{}
	byCustomer := map[int64]timeline{}
	index := make(map[int64]int, len(in.Letters))
	for i := range in.Letters {
		l := &in.Letters[i]
		out[i].Letter = l
		index[l.ID] = i
		d := dated{date: l.Date, id: l.ID, idx: i}
		byCustomer[l.Customer] = append(byCustomer[l.Customer], d)
		for _, inv := range l.Invoices {
			byInvoice[inv] = append(byInvoice[inv], d)
		}
	}
	for _, t := range byInvoice {
		t.sort()
	}
	for _, t := range byCustomer {
		t.sort()
	}
	for _, r := range in.Replies {
		if r.Date > in.AsOf {
			continue
		}
		if i := byCustomer[r.Customer].credit(r.Date); i >= 0 {
			days := r.Date.DaysSince(in.Letters[i].Date)
			if !out[i].Replied || days < out[i].ReplyDays {
				out[i].Replied, out[i].ReplyDays = true, days
			}
		}
	}
	for _, b := range in.Bounces {
		if b.Date > in.AsOf {
			continue
		}
		// A bounce returns one message: the letter it names when known.
		if i, ok := index[b.Letter]; ok && b.Letter != 0 {
			out[i].Bounce = true
			continue
		}
		if i := byCustomer[b.Customer].credit(b.Date); i >= 0 {
			out[i].Bounce = true
		}
	}
	for _, p := range in.Promises {
		if p.Date > in.AsOf {
			continue
		}
		if i := byInvoice[p.Invoice].credit(p.Date); i >= 0 {
			out[i].Promise = true
		}
	}
	for _, d := range in.Disputes {
		if d.Date > in.AsOf {
			continue
		}
		if i := byInvoice[d.Invoice].credit(d.Date); i >= 0 {
			out[i].Dispute = true
		}
	}
	received := make([]bool, len(out))
	for i := range out {
		out[i].FirstPayDays = -1
	}
	for _, p := range in.Payments {
		if p.Amount <= 0 || p.Date > in.AsOf {
			continue
		}
		if i := byInvoice[p.Invoice].credit(p.Date); i >= 0 {
			received[i] = true
			if days := p.Date.DaysSince(in.Letters[i].Date); out[i].FirstPayDays < 0 || days < out[i].FirstPayDays {
				out[i].FirstPayDays = days
			}
		}
	}
	for i := range out {
		l := &in.Letters[i]
		full := len(l.Invoices) > 0
		days := 0
		// The window closes at 30 days, at AsOf, or when another letter
		// covers one of its invoices: events after that are not its.
		observed := min(Window, in.AsOf.DaysSince(l.Date))
		for _, inv := range l.Invoices {
			t := byInvoice[inv]
			if nd, ok := t.next(i); ok {
				observed = min(observed, nd.DaysSince(l.Date))
			}
			s, ok := in.Settled[inv]
			if !ok || s > in.AsOf || t.credit(s) != i {
				full = false
				continue
			}
			days = max(days, s.DaysSince(l.Date))
		}
		switch {
		case full:
			out[i].Paid, out[i].PayDays, out[i].Observed = PaidFull, days, days
		case received[i]:
			out[i].Paid, out[i].Observed = PaidPartial, max(observed, 0)
		default:
			out[i].Observed = max(observed, 0)
		}
	}
	return out
}
