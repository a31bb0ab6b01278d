package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/relance-app/relance/internal/ledger"
)

// What the ledger knows that bears on the letters' outcomes (issue 19's
// report): the letters sent in a period with the invoices each listed,
// those invoices' settlement days and payments, the promises and
// disputes, the replies and bounces. Package report credits each to a
// letter; these queries only read, a handful of them whatever the number
// of letters (a year of letters over the million-invoice ledger).

// FactLetter is one letter sent (level-4 tasks are not letters).
type FactLetter struct {
	ID, CustomerID int64
	Date           ledger.Date
	Kind           ledger.LetterKind
	Level          int
	Channel        ledger.Channel
	Variant        string
	Language       string // the letter's, else (letters recorded before migration 0021) its customer's
	Invoices       []int64
	Settled        []ledger.Date // for each of Invoices: invoices.settled_on, 0 when not settled by asOf
}

// FactEvent is a dated fact: of an invoice (payment, promise, dispute)
// or of a customer (reply, bounce; Letter: the letter of the outbox row
// it answers or returns, 0 when unknown).
type FactEvent struct {
	ID     int64 // the invoice's or the customer's
	Date   ledger.Date
	Amount int64
	Letter int64
}

// LetterFacts are the rows of one report.
type LetterFacts struct {
	Letters  []FactLetter
	Payments []FactEvent // customers' payments (imports, bank, by hand; not credit notes, not undated)
	Promises []FactEvent // by the day recorded
	Disputes []FactEvent // by the day opened
	Replies  []FactEvent
	Bounces  []FactEvent
}

// lettersIn is the letters of the period [?1, ?2], tasks left out.
const lettersIn = `l.date >= ?1 AND l.date <= ?2 AND l.kind <> 'collections'`

// LetterOutcomeFacts reads the facts for the letters sent from since to
// asOf, and what happened up to asOf.
func (q *Queries) LetterOutcomeFacts(ctx context.Context, since, asOf ledger.Date) (LetterFacts, error) {
	var f LetterFacts
	from, to := since.String(), asOf.String()
	// Two passes, each in its table's own order, nothing sorted: the
	// letters, then their invoices (the letter_invoices_invoice index, so
	// the invoices are read in their table's order) with a row per payment
	// on each from since on (an invoice in two letters gives its payments
	// twice, which crediting does not mind; a payment before its letter is
	// credited to none). Measured on the million-invoice ledger with a
	// year of letters: a letter read again for each of its invoices and
	// payments (a join) cost a third more, and separate queries for the
	// invoices and the payments twice as much.
	rows, err := q.query(ctx, `SELECT l.id, l.customer_id, l.date, l.kind, l.level, l.channel, l.variant,
		CASE WHEN l.language <> '' THEN l.language ELSE (SELECT c.language FROM customers c WHERE c.id = l.customer_id) END
		FROM letters l WHERE `+lettersIn, from, to)
	if err != nil {
		return f, fmt.Errorf("read the letters for the report: %w", err)
	}
	first, last := int64(-1), int64(-1)
	for rows.Next() {
		var l FactLetter
		var date, kind, channel string
		if err := rows.Scan(&l.ID, &l.CustomerID, &date, &kind, &l.Level, &channel, &l.Variant, &l.Language); err != nil {
			rows.Close()
			return f, fmt.Errorf("read the letters for the report: %w", err)
		}
		l.Date, l.Kind, l.Channel = parseDate(date), ledger.LetterKind(kind), ledger.Channel(channel)
		f.Letters = append(f.Letters, l)
		if first < 0 || l.ID < first {
			first = l.ID
		}
		last = max(last, l.ID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return f, fmt.Errorf("read the letters for the report: %w", err)
	}
	if len(f.Letters) == 0 {
		return f, nil
	}
	// Letters by ID, as positions in f.Letters (−1: not of the period):
	// the period's IDs are dense, and a slice is a fraction of a map's
	// cost for 200,000 of them.
	index := make([]int32, last-first+1)
	for i := range index {
		index[i] = -1
	}
	for i, l := range f.Letters {
		index[l.ID-first] = int32(i)
	}
	// Every letter of the period has an ID from first on: the invoices of
	// older letters are mostly skipped by the index on letter_id… which
	// letter_invoices_invoice carries as its second column only, so the
	// test is a filter, and the rows of letters outside the period are
	// dropped below.
	rows, err = q.query(ctx, `SELECT li.letter_id, li.invoice_id, i.settled_on, p.date, p.amount
		FROM letter_invoices li JOIN invoices i ON i.id = li.invoice_id
		LEFT JOIN payments p ON p.invoice_id = li.invoice_id AND p.date >= ?1 AND p.date <= ?2
			AND p.amount > 0 AND p.source <> 'credit' AND p.undated = 0
		WHERE li.letter_id >= ?3 ORDER BY li.invoice_id, li.letter_id`, from, to, first)
	if err != nil {
		return f, fmt.Errorf("read the letters' invoices for the report: %w", err)
	}
	var (
		letter, lastLetter, lastInv int64
		inv, amount                 sql.NullInt64
		settled, paid               sql.NullString
	)
	for rows.Next() {
		if err := rows.Scan(&letter, &inv, &settled, &paid, &amount); err != nil {
			rows.Close()
			return f, fmt.Errorf("read the letters' invoices for the report: %w", err)
		}
		if letter > last {
			continue
		}
		i := index[letter-first]
		if i < 0 {
			continue
		}
		if letter != lastLetter || inv.Int64 != lastInv {
			// A new (invoice, letter) pair: the rows of one pair come
			// together (the ORDER BY).
			lastLetter, lastInv = letter, inv.Int64
			s := parseNullDate(settled)
			if s > asOf {
				s = 0
			}
			f.Letters[i].Invoices = append(f.Letters[i].Invoices, inv.Int64)
			f.Letters[i].Settled = append(f.Letters[i].Settled, s)
		}
		if paid.Valid {
			f.Payments = append(f.Payments, FactEvent{ID: inv.Int64, Date: parseDate(paid.String), Amount: amount.Int64})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return f, fmt.Errorf("read the letters' invoices for the report: %w", err)
	}
	if f.Promises, err = q.factEvents(ctx, "promises", `SELECT invoice_id, recorded_on, 0, 0 FROM promises
		WHERE recorded_on >= ?1 AND recorded_on <= ?2`, from, to); err != nil {
		return f, err
	}
	if f.Disputes, err = q.factEvents(ctx, "disputes", `SELECT invoice_id, opened, 0, 0 FROM disputes
		WHERE opened >= ?1 AND opened <= ?2`, from, to); err != nil {
		return f, err
	}
	// Mail from strangers counts once the owner confirmed it (migration
	// 0009's trust); a bounce that only says delivery is delayed is none.
	// received_at is UTC: its day is the letter's day closely enough.
	// The table is read in its order (+received_at: not by the
	// inbound_received index): most of a year's messages are replies and
	// bounces, and a row looked up per index entry cost three times the
	// scan (sqlite3 shell, the million-invoice ledger's 67,000 messages).
	rows, err = q.query(ctx, `SELECT i.customer_id, i.class, substr(i.received_at, 1, 10), coalesce(o.letter_id, 0)
		FROM inbound i LEFT JOIN outbox o ON o.id = i.outbox_id
		WHERE i.class IN ('reply', 'bounce') AND i.customer_id IS NOT NULL AND +i.received_at >= ?1 AND substr(i.received_at, 1, 10) <= ?2
		AND (i.trust = '' OR i.confirmed_at <> '') AND i.delayed = 0`, from, to)
	if err != nil {
		return f, fmt.Errorf("read the replies for the report: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e FactEvent
		var class, date string
		if err := rows.Scan(&e.ID, &class, &date, &e.Letter); err != nil {
			return f, fmt.Errorf("read the replies for the report: %w", err)
		}
		e.Date = parseDate(date)
		if class == "reply" {
			f.Replies = append(f.Replies, e)
		} else {
			f.Bounces = append(f.Bounces, e)
		}
	}
	if err := rows.Err(); err != nil {
		return f, fmt.Errorf("read the replies for the report: %w", err)
	}
	return f, nil
}

func (q *Queries) factEvents(ctx context.Context, what, query string, args ...any) ([]FactEvent, error) {
	rows, err := q.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read the %s for the report: %w", what, err)
	}
	defer rows.Close()
	var out []FactEvent
	for rows.Next() {
		var e FactEvent
		var date string
		if err := rows.Scan(&e.ID, &date, &e.Amount, &e.Letter); err != nil {
			return nil, fmt.Errorf("read the %s for the report: %w", what, err)
		}
		e.Date = parseDate(date)
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the %s for the report: %w", what, err)
	}
	return out, nil
}

// AgingInvoice is an invoice owed on some day from a date on, with its
// payments (credit notes applied included: they lower what is owed, as
// in the summary), oldest first.
type AgingInvoice struct {
	Issue, Due ledger.Date
	Currency   ledger.Currency
	Total      int64
	State      ledger.InvoiceState
	StateDate  ledger.Date
	Payments   []FactEvent
}

// EachAgingInvoice streams the invoices issued by asOf that were owed on
// some day from from on (not settled before it) or issued after
// issuedAfter (the DSO's span before from), each with its payments up to
// asOf; fn must not keep the Payments slice, which the next invoice
// reuses. One scan of the invoices: a GROUP BY of what was issued each
// day cost half as much again (measured on the million-invoice ledger).
func (q *Queries) EachAgingInvoice(ctx context.Context, from, issuedAfter, asOf ledger.Date, fn func(AgingInvoice) error) error {
	rows, err := q.query(ctx, `SELECT i.id, i.issue_date, i.due_date, i.currency, i.total, i.state, i.state_date, p.date, p.amount
		FROM invoices i LEFT JOIN payments p ON p.invoice_id = i.id AND p.date <= ?2
		WHERE i.issue_date <= ?2 AND (i.settled_on IS NULL OR i.settled_on > ?1 OR i.issue_date > ?3)
		ORDER BY i.id, p.date`, from.String(), asOf.String(), issuedAfter.String())
	if err != nil {
		return fmt.Errorf("read the invoices' history: %w", err)
	}
	defer rows.Close()
	var cur AgingInvoice
	last := int64(0)
	for rows.Next() {
		var id, total int64
		var issue, due, currency, state, stateDate string
		var pdate sql.NullString
		var amount sql.NullInt64
		if err := rows.Scan(&id, &issue, &due, &currency, &total, &state, &stateDate, &pdate, &amount); err != nil {
			return fmt.Errorf("read the invoices' history: %w", err)
		}
		if id != last {
			if last != 0 {
				if err := fn(cur); err != nil {
					return err
				}
			}
			last = id
			cur = AgingInvoice{Issue: parseDate(issue), Due: parseDate(due), Currency: ledger.Currency(currency), Total: total,
				State: ledger.InvoiceState(state), StateDate: parseDate(stateDate), Payments: cur.Payments[:0]}
		}
		if pdate.Valid {
			cur.Payments = append(cur.Payments, FactEvent{ID: id, Date: parseDate(pdate.String), Amount: amount.Int64})
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read the invoices' history: %w", err)
	}
	if last != 0 {
		return fn(cur)
	}
	return nil
}

// SimulatedLetter is a letter the demo generator's simulated year writes
// (package demo may not know the plan's types): its invoices, each with
// what was owed on it.
type SimulatedLetter struct {
	CustomerID int64
	Currency   ledger.Currency
	Level      int
	Kind       ledger.LetterKind
	Channel    ledger.Channel
	Date       ledger.Date
	Variant    string
	Language   string
	Invoices   map[int64]int64 // invoice ID → principal
}

// RecordSimulatedLetter writes a demo letter with its invoices, as the
// plan's RecordLetter would, with its variant and language.
func (q *Queries) RecordSimulatedLetter(ctx context.Context, l SimulatedLetter) (int64, error) {
	var due int64
	for _, p := range l.Invoices {
		due += p
	}
	id, err := q.insert(ctx, `INSERT INTO letters (customer_id, currency, level, kind, channel, date, principal, total_due, source, variant, language)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'plan', ?, ?)`,
		l.CustomerID, string(l.Currency), l.Level, string(l.Kind), string(l.Channel), l.Date.String(), due, due, l.Variant, l.Language)
	if err != nil {
		return 0, fmt.Errorf("record a demo letter: %w", err)
	}
	for inv, p := range l.Invoices {
		if _, err := q.exec(ctx, `INSERT INTO letter_invoices (letter_id, invoice_id, level, principal) VALUES (?, ?, ?, ?)`,
			id, inv, l.Level, p); err != nil {
			return 0, fmt.Errorf("record a demo letter: %w", err)
		}
	}
	return id, nil
}
