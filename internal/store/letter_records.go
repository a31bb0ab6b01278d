package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/relance-app/relance/internal/ledger"
)

// The letters as the owner looks them up (relancectl letters, letter
// tracking): each with its ID, whether it went by registered post and the
// post's tracking number (migration 0020).

// LetterRecord is one recorded letter (or level-4 task).
type LetterRecord struct {
	ID           int64
	CustomerCode string
	CustomerName string
	Currency     ledger.Currency
	Level        int
	Kind         ledger.LetterKind
	Channel      ledger.Channel
	Date         ledger.Date
	TotalDue     int64
	Source       string
	Registered   bool
	Tracking     string
	TrackingOn   ledger.Date
	Invoices     []string // the invoice numbers it listed, in number order
	// Printed: an emailed letter refused for good and printed instead
	// (outbox.postal 'printed'): it went by post after all.
	Printed bool
	// Variant is the template variant it was written with ("" the
	// default) and Language its language ("" before migration 0021).
	Variant  string
	Language ledger.Language
}

// LetterFilter chooses letters; zero fields choose all.
type LetterFilter struct {
	CustomerCode string
	Date         ledger.Date // sent on that day
	ID           int64
}

// LetterRecords lists the letters recorded, newest first, with the
// numbers of the invoices each listed.
func (q *Queries) LetterRecords(ctx context.Context, f LetterFilter) ([]LetterRecord, error) {
	query := `SELECT l.id, c.code, c.name, l.currency, l.level, l.kind, l.channel, l.date, l.total_due, l.source,
		l.registered, l.tracking, l.tracking_on, l.variant, l.language,
		EXISTS (SELECT 1 FROM outbox o WHERE o.letter_id = l.id AND o.postal = 'printed')
		FROM letters l JOIN customers c ON c.id = l.customer_id WHERE 1 = 1`
	var args []any
	if f.CustomerCode != "" {
		query += ` AND c.code = ?`
		args = append(args, f.CustomerCode)
	}
	if !f.Date.IsZero() {
		query += ` AND l.date = ?`
		args = append(args, f.Date.String())
	}
	if f.ID != 0 {
		query += ` AND l.id = ?`
		args = append(args, f.ID)
	}
	rows, err := q.query(ctx, query+` ORDER BY l.date DESC, l.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("read the letters: %w", err)
	}
	var out []LetterRecord
	for rows.Next() {
		var r LetterRecord
		var cur, kind, channel, date, lang string
		var on sql.NullString
		if err := rows.Scan(&r.ID, &r.CustomerCode, &r.CustomerName, &cur, &r.Level, &kind, &channel, &date, &r.TotalDue, &r.Source,
			&r.Registered, &r.Tracking, &on, &r.Variant, &lang, &r.Printed); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read the letters: %w", err)
		}
		r.Currency, r.Kind, r.Channel = ledger.Currency(cur), ledger.LetterKind(kind), ledger.Channel(channel)
		r.Date, r.TrackingOn, r.Language = parseDate(date), parseNullDate(on), ledger.Language(lang)
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the letters: %w", err)
	}
	// A letter lists few invoices: one short query each.
	for i := range out {
		nos, err := q.letterInvoiceNumbers(ctx, out[i].ID)
		if err != nil {
			return nil, err
		}
		out[i].Invoices = nos
	}
	return out, nil
}

func (q *Queries) letterInvoiceNumbers(ctx context.Context, letterID int64) ([]string, error) {
	rows, err := q.query(ctx, `SELECT i.number FROM letter_invoices li JOIN invoices i ON i.id = li.invoice_id
		WHERE li.letter_id = ? ORDER BY i.number`, letterID)
	if err != nil {
		return nil, fmt.Errorf("read the invoices of letter %d: %w", letterID, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("read the invoices of letter %d: %w", letterID, err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// LetterRecordByID reads one letter; ErrNotFound when there is none.
func (q *Queries) LetterRecordByID(ctx context.Context, id int64) (LetterRecord, error) {
	rs, err := q.LetterRecords(ctx, LetterFilter{ID: id})
	if err != nil {
		return LetterRecord{}, err
	}
	if len(rs) == 0 {
		return LetterRecord{}, fmt.Errorf("letter %d: %w", id, ErrNotFound)
	}
	return rs[0], nil
}

// SetLetterTracking records a registered letter's tracking number, entered
// on the day on; the letter is registered from then on.
func (q *Queries) SetLetterTracking(ctx context.Context, id int64, number string, on ledger.Date) error {
	res, err := q.exec(ctx, `UPDATE letters SET registered = 1, tracking = ?, tracking_on = ? WHERE id = ?`, number, nullDate(on), id)
	if err != nil {
		return fmt.Errorf("record the tracking number of letter %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("letter %d: %w", id, ErrNotFound)
	}
	return nil
}

// SetLettersRegistered marks letters as sent by registered post (a print
// batch made with that option), in the caller's transaction.
func (q *Queries) SetLettersRegistered(ctx context.Context, ids []int64) error {
	for _, id := range ids {
		if _, err := q.exec(ctx, `UPDATE letters SET registered = 1 WHERE id = ?`, id); err != nil {
			return fmt.Errorf("mark letter %d registered: %w", id, err)
		}
	}
	return nil
}
