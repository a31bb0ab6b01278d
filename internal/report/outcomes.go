// Package report says what the letters achieved and how the receivables
// stood month by month: each letter's outcome (a reply, a promise, a
// dispute, a bounce, a payment), rates with their 95 % Wilson intervals,
// Kaplan–Meier medians of the days to pay, the two-proportion test that
// decides whether a difference between groups is said, and the aging and
// DSO at each month end. Pure: the ledger's rows come in, figures go out;
// the words are the front ends' (i18n).
package report

import (
	"cmp"
	"slices"
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
	// Settled is, for each of Invoices, the day its payments reached its
	// total (invoices.settled_on), 0 when not by AsOf.
	Settled []ledger.Date
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
	Payments []InvoiceEvent // payments received (imports, bank, by hand; not credit notes)
	Promises []InvoiceEvent // by the day recorded
	Disputes []InvoiceEvent // by the day opened
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
	key  int64 // the invoice or the customer
	date ledger.Date
	id   int64
	idx  int32 // index in Input.Letters
}

// timelines are every invoice's (or customer's) letters in one slice,
// by key, then oldest first (ties by ID: of two letters on one day the
// later recorded is the last). One sorted slice rather than a map of
// slices: a year of letters is 200,000 of them, and the map's upkeep
// was a fifth of the report's time.
type timelines []dated

func (t timelines) sort() {
	slices.SortFunc(t, func(a, b dated) int {
		switch {
		case a.key != b.key:
			return cmp.Compare(a.key, b.key)
		case a.date != b.date:
			return cmp.Compare(a.date, b.date)
		}
		return cmp.Compare(a.id, b.id)
	})
}

// of is key's time line.
func (t timelines) of(key int64) timelines {
	lo := sort.Search(len(t), func(i int) bool { return t[i].key >= key })
	hi := lo
	for hi < len(t) && t[hi].key == key {
		hi++
	}
	return t[lo:hi]
}

// credit is the letter of key's time line an event on day d is credited
// to: the last one on or before d, if d is within Window days of it; -1
// otherwise. A letter and an event on the same day count as letter
// first: the event may be its answer, and no earlier letter is the last
// one then.
func (t timelines) credit(key int64, d ledger.Date) int {
	line := t.of(key)
	i := sort.Search(len(line), func(i int) bool { return line[i].date > d }) - 1
	if i < 0 || d.DaysSince(line[i].date) > Window {
		return -1
	}
	return int(line[i].idx)
}

// Outcomes derives each letter's outcome, in the order of in.Letters.
func Outcomes(in Input) []Outcome {
	out := make([]Outcome, len(in.Letters))
	n := 0
	for i := range in.Letters {
		n += len(in.Letters[i].Invoices)
	}
	byInvoice := make(timelines, 0, n)
	byCustomer := make(timelines, len(in.Letters))
	for i := range in.Letters {
		l := &in.Letters[i]
		out[i].Letter, out[i].FirstPayDays = l, -1
		byCustomer[i] = dated{key: l.Customer, date: l.Date, id: l.ID, idx: int32(i)}
		for _, inv := range l.Invoices {
			byInvoice = append(byInvoice, dated{key: inv, date: l.Date, id: l.ID, idx: int32(i)})
		}
	}
	byInvoice.sort()
	byCustomer.sort()
	// A reply names no invoice: it goes to its customer's last letter
	// (within the window), whichever invoices that letter listed.
	for _, r := range in.Replies {
		if r.Date > in.AsOf {
			continue
		}
		if i := byCustomer.credit(r.Customer, r.Date); i >= 0 {
			days := r.Date.DaysSince(in.Letters[i].Date)
			if !out[i].Replied || days < out[i].ReplyDays {
				out[i].Replied, out[i].ReplyDays = true, days
			}
		}
	}
	var index map[int64]int // letters by ID, for the bounces that name theirs
	for _, b := range in.Bounces {
		if b.Date > in.AsOf {
			continue
		}
		// A bounce returns one message: the letter it names when known.
		if b.Letter != 0 {
			if index == nil {
				index = make(map[int64]int, len(in.Letters))
				for i := range in.Letters {
					index[in.Letters[i].ID] = i
				}
			}
			if i, ok := index[b.Letter]; ok {
				out[i].Bounce = true
				continue
			}
		}
		if i := byCustomer.credit(b.Customer, b.Date); i >= 0 {
			out[i].Bounce = true
		}
	}
	for _, p := range in.Promises {
		if p.Date > in.AsOf {
			continue
		}
		if i := byInvoice.credit(p.Invoice, p.Date); i >= 0 {
			out[i].Promise = true
		}
	}
	for _, d := range in.Disputes {
		if d.Date > in.AsOf {
			continue
		}
		if i := byInvoice.credit(d.Invoice, d.Date); i >= 0 {
			out[i].Dispute = true
		}
	}
	received := make([]bool, len(out))
	for _, p := range in.Payments {
		if p.Amount <= 0 || p.Date > in.AsOf {
			continue
		}
		if i := byInvoice.credit(p.Invoice, p.Date); i >= 0 {
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
		for k, inv := range l.Invoices {
			line := byInvoice.of(inv)
			for j := range line {
				if int(line[j].idx) == i && j+1 < len(line) {
					observed = min(observed, line[j+1].date.DaysSince(l.Date))
				}
			}
			var s ledger.Date
			if k < len(l.Settled) {
				s = l.Settled[k]
			}
			if s.IsZero() || s > in.AsOf || byInvoice.credit(inv, s) != i {
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
