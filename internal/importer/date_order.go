package importer

import (
	"strings"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// The date order of a file. Slash- and dash-separated dates (05/09/2026,
// 05-09-2026) are day first or month first, and a file writes them all one
// way: the order is decided for the file, from all its dates. A date
// impossible day first (09/14/2026) makes the file month first, and vice
// versa; a file whose dates are all ambiguous takes the company's
// convention (day first, unless the company is in the United States); a
// file with dates of both kinds is refused, with the choice to make
// (Options.DateOrder: --date-order, the GUI's import screen). ISO dates,
// dotted dates (always day first) and serial numbers prove nothing.

type dateProof struct {
	line       int
	col, value string
}

type dateState struct {
	order     DateOrder // the belief dates are read in
	forced    bool      // Options.DateOrder: no switching
	convent   DateOrder // the company's convention
	ambiguous int       // ambiguous dates read in the belief before a proof
	proofs    [2]*dateProof
	redo      DateOrder // the order proved after ambiguous dates were read the other way
}

// newDateState starts a file's date order: the owner's (forced), the one a
// first reading proved (start: the file read again), else the company's
// convention.
func newDateState(forced, start DateOrder, company ledger.Company) *dateState {
	conv := DayFirst
	if company.Country == "US" {
		conv = MonthFirst
	}
	ds := &dateState{order: conv, convent: conv}
	switch {
	case forced != "":
		ds.order, ds.forced = forced, true
	case start != "":
		ds.order = start
	}
	return ds
}

// read parses a text date in the file's order, learning the order from it.
func (ds *dateState) read(r *run, col, v string) (ledger.Date, *i18n.Msg) {
	before := ds.order
	d, ev, msg := parseDate(v, before)
	if ds.forced {
		return d, msg
	}
	ds.learn(r, col, v, ev)
	if p := provedOrder(ev); p != "" && p != before {
		// Read the only way it can be: the order it proves is the file's
		// now, or the file contradicts itself (reported once it is read),
		// and no other problem should follow from this date.
		d, _, msg = parseDate(v, p)
	}
	return d, msg
}

// learn takes what one date says about the file's order.
func (ds *dateState) learn(r *run, col, v string, ev dateEvidence) {
	switch ev {
	case ambiguous:
		if ds.proofs[0] == nil && ds.proofs[1] == nil {
			ds.ambiguous++
		}
	case provesDMY, provesMDY:
		i, order := 0, DayFirst
		if ev == provesMDY {
			i, order = 1, MonthFirst
		}
		if ds.proofs[i] == nil {
			ds.proofs[i] = &dateProof{line: r.row.Line, col: col, value: strings.Clone(v)}
		}
		if ds.order != order && ds.proofs[1-i] == nil {
			// The first proof, against the belief: later dates are read
			// its way; ambiguous ones already read need the file again,
			// from its start (the run stops at once: see dataRow).
			if ds.ambiguous > 0 {
				ds.redo = order
			}
			ds.order = order
		}
	}
}

// provedOrder is the order a date proves, "" if none.
func provedOrder(ev dateEvidence) DateOrder {
	switch ev {
	case provesDMY:
		return DayFirst
	case provesMDY:
		return MonthFirst
	}
	return ""
}

// finish reports a contradiction, or asks for the file again in the order
// it proved.
func (ds *dateState) finish(r *run) error {
	if ds.forced {
		return nil
	}
	if d, m := ds.proofs[0], ds.proofs[1]; d != nil && m != nil {
		r.res.Problems = append(r.res.Problems, Problem{File: r.opts.File, Line: 0,
			Reason: i18n.M("import.date_order_contradiction", d.line, d.value, m.line, m.value)})
		return nil
	}
	if ds.redo != "" {
		return &redoDates{order: ds.redo}
	}
	return nil
}

// result is the order the file was read in, and why.
func (ds *dateState) result() (DateOrder, DateOrderReason) {
	switch {
	case ds.forced:
		return ds.order, DateOrderChosen
	case ds.proofs[0] != nil || ds.proofs[1] != nil:
		return ds.order, DateOrderProved
	case ds.ambiguous > 0:
		return ds.order, DateOrderConvention
	}
	return "", DateOrderNoDates
}
