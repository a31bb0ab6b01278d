package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
)

// The letters sent (and level-4 tasks) and letter_invoices, the invoices
// each one listed.

// RecordLetter stores a letter (or task) of the plan as sent on its date,
// with the invoices it covers, in one transaction (the batch's, in a
// batch).
func (q *Queries) RecordLetter(ctx context.Context, a dunning.Action, date ledger.Date, source string) (int64, error) {
	var id int64
	err := q.inTx(ctx, func(q *Queries) error {
		var err error
		// The template variant and the language it was written in
		// (migration 0021), for the report of which wording gets paid.
		id, err = q.insert(ctx, `INSERT INTO letters (customer_id, currency, level, kind, channel, date, deadline,
			principal, interest, compensation, total_due, source, variant, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.CustomerID, string(a.Currency), a.Level, a.Kind, a.Channel, date.String(), nullDate(a.Deadline),
			a.Principal, a.Interest, a.Compensation, a.TotalDue, source, a.Variant, string(a.Language))
		if err != nil {
			return fmt.Errorf("record letter to %s: %w", a.CustomerCode, err)
		}
		for _, inv := range a.Invoices {
			interest := int64(0)
			if a.Interest > 0 {
				interest = inv.Interest.Interest
			}
			if _, err := q.exec(ctx, `INSERT INTO letter_invoices (letter_id, invoice_id, level, principal, interest) VALUES (?, ?, ?, ?, ?)`,
				id, inv.ID, inv.Level, inv.Principal, interest); err != nil {
				return fmt.Errorf("record letter to %s: %w", a.CustomerCode, err)
			}
		}
		return nil
	})
	return id, err
}

// LastLetterDate is the date of the latest letter recorded (0 if none).
func (q *Queries) LastLetterDate(ctx context.Context) (ledger.Date, error) {
	var d sql.NullString
	if err := q.row(ctx, `SELECT max(date) FROM letters`).Scan(&d); err != nil {
		return 0, fmt.Errorf("read the last letter's date: %w", err)
	}
	return parseNullDate(d), nil
}

// LetterHistory returns the letters (and level-4 tasks) dated up to asOf
// that listed any of the invoices, oldest first, each with every invoice
// it listed and that invoice's level in it. What the history means (the
// formal notice, the ladder's next step) is for package dunning to say.
func (q *Queries) LetterHistory(ctx context.Context, invoiceIDs []int64, asOf ledger.Date) ([]dunning.SentLetter, error) {
	if len(invoiceIDs) == 0 {
		return nil, nil
	}
	// A plain IN list: a letter covers few invoices.
	args := make([]any, 0, len(invoiceIDs)+1)
	args = append(args, asOf.String())
	for _, id := range invoiceIDs {
		args = append(args, id)
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(invoiceIDs)), ",")
	rows, err := q.query(ctx, `SELECT l.id, l.customer_id, l.currency, l.level, l.kind, l.date, l.tracking, l.registered, l.variant, li.invoice_id, li.level
		FROM letters l JOIN letter_invoices li ON li.letter_id = l.id
		WHERE l.date <= ? AND l.id IN (SELECT letter_id FROM letter_invoices WHERE invoice_id IN (`+marks+`))
		ORDER BY l.date, l.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("read the letter history: %w", err)
	}
	defer rows.Close()
	var out []dunning.SentLetter
	for rows.Next() {
		var l dunning.SentLetter
		var cur, date string
		var invID, invLevel sql.NullInt64
		if err := rows.Scan(&l.ID, &l.CustomerID, &cur, &l.Level, &l.Kind, &date, &l.Tracking, &l.Registered, &l.Variant, &invID, &invLevel); err != nil {
			return nil, fmt.Errorf("read the letter history: %w", err)
		}
		n := len(out)
		if n == 0 || out[n-1].ID != l.ID {
			l.Currency = ledger.Currency(cur)
			if l.Date, err = ledger.ParseISODate(date); err != nil {
				return nil, fmt.Errorf("letter %d: date %q: %w", l.ID, date, err)
			}
			l.Invoices = map[int64]int{}
			out = append(out, l)
			n++
		}
		if invID.Valid {
			out[n-1].Invoices[invID.Int64] = int(invLevel.Int64)
		}
	}
	return out, rows.Err()
}
