package dunning

import (
	"fmt"
	"sort"

	"github.com/relance-app/relance/internal/ledger"
)

// RateID names a reference rate table.
type RateID string

// The reference rates the jurisdictions use.
const (
	ECBMainRefinancing RateID = "ecb-mro"          // ECB main refinancing operations, by change date
	FRLegalOther       RateID = "fr-legal-other"   // French taux d'intérêt légal, creditors other than private persons, by half-year
	FRLegalPrivate     RateID = "fr-legal-private" // French taux d'intérêt légal, creditors who are private persons, by half-year
	BoEBankRate        RateID = "boe-bank-rate"    // Bank of England Bank Rate, by change date
	DEBasiszins        RateID = "de-basiszinssatz" // German Basiszinssatz (§ 247 BGB), 1 January and 1 July
	NBSKeyRate         RateID = "nbs-key-rate"     // National Bank of Serbia key policy rate, by change date
)

// RateEntry is one published value: in force from From until the next
// entry's From.
type RateEntry struct {
	Table  RateID
	From   ledger.Date
	Rate   Rate
	Source string // where it was published (URL or official journal reference)
	Owner  bool   // added by the owner (relancectl rates add), not shipped
}

// Table is one reference rate's history.
type Table struct {
	ID   RateID
	Name string
	// HalfYearly tables publish a value for each half-year (1 January and
	// 1 July); the others list every change with its effective date.
	HalfYearly bool
	// Checked is the last day the shipped entries are known to cover: a
	// date after it uses the last entry, with a warning.
	Checked ledger.Date
	Entries []RateEntry // sorted by From; an owner's entry replaces a shipped one of the same date
}

// Tables holds every reference rate table.
type Tables struct {
	byID map[RateID]*Table
}

// NewTables builds the tables from their shipped definitions and the
// owner's added entries. An owner's entry extends what the table is known
// to cover: a half-yearly table through the end of that half-year, a
// by-change table through the entry's date.
func NewTables(tables []Table, owner []RateEntry) (*Tables, error) {
	t := &Tables{byID: map[RateID]*Table{}}
	for _, tb := range tables {
		tb := tb
		tb.Entries = append([]RateEntry(nil), tb.Entries...)
		t.byID[tb.ID] = &tb
	}
	for _, e := range owner {
		tb, ok := t.byID[e.Table]
		if !ok {
			return nil, fmt.Errorf("unknown rate table %q", e.Table)
		}
		e.Owner = true
		tb.Entries = append(tb.Entries, e)
		through := e.From
		if tb.HalfYearly {
			through = nextHalfYear(e.From).AddDays(-1)
		}
		if through > tb.Checked {
			tb.Checked = through
		}
	}
	for _, tb := range t.byID {
		es := tb.Entries
		for _, e := range es {
			if e.From.IsZero() {
				return nil, fmt.Errorf("rate table %s: an entry has no date", tb.ID)
			}
		}
		sort.SliceStable(es, func(i, j int) bool {
			if es[i].From != es[j].From {
				return es[i].From < es[j].From
			}
			return !es[i].Owner && es[j].Owner // the owner's entry last: it wins
		})
		out := es[:0]
		for _, e := range es {
			if n := len(out); n > 0 && out[n-1].From == e.From {
				out[n-1] = e
				continue
			}
			out = append(out, e)
		}
		tb.Entries = out
	}
	return t, nil
}

// Table returns one table, or nil.
func (t *Tables) Table(id RateID) *Table { return t.byID[id] }

// IDs returns the table names in a stable order.
func (t *Tables) IDs() []RateID {
	var ids []RateID
	for id := range t.byID {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// lookup is the entry in force on d; stale reports that d lies past what
// the table is known to cover (the caller warns); ok is false when d
// precedes every entry.
func (t *Tables) lookup(id RateID, d ledger.Date) (e RateEntry, stale bool, ok bool) {
	tb := t.byID[id]
	if tb == nil {
		return RateEntry{}, false, false
	}
	es := tb.Entries
	i := sort.Search(len(es), func(i int) bool { return es[i].From > d })
	if i == 0 {
		return RateEntry{}, false, false
	}
	return es[i-1], d > tb.Checked, true
}

// halfYearStart returns 1 January or 1 July of d's half-year.
func halfYearStart(d ledger.Date) ledger.Date {
	y, m, _ := d.Civil()
	if m >= 7 {
		x, _ := ledger.NewDate(y, 7, 1)
		return x
	}
	x, _ := ledger.NewDate(y, 1, 1)
	return x
}

// nextHalfYear returns the first 1 January or 1 July after d.
func nextHalfYear(d ledger.Date) ledger.Date {
	y, m, _ := d.Civil()
	if m >= 7 {
		x, _ := ledger.NewDate(y+1, 1, 1)
		return x
	}
	x, _ := ledger.NewDate(y, 7, 1)
	return x
}
