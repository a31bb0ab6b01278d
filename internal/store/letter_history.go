package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
)

// LetterHistory returns the letters (and level-4 tasks) dated up to asOf
// that listed any of the invoices, oldest first, each with every invoice
// it listed and that invoice's level in it. What the history means (the
// formal notice, the ladder's next step) is for package dunning to say.
func (s *Store) LetterHistory(ctx context.Context, invoiceIDs []int64, asOf ledger.Date) ([]dunning.SentLetter, error) {
	if len(invoiceIDs) == 0 {
		return nil, nil
	}
	// A plain IN list: portable SQL, and a letter covers few invoices.
	args := make([]any, 0, len(invoiceIDs)+1)
	args = append(args, asOf.String())
	for _, id := range invoiceIDs {
		args = append(args, id)
	}
	marks := strings.TrimSuffix(strings.Repeat("?,", len(invoiceIDs)), ",")
	rows, err := s.db.QueryContext(ctx, `SELECT l.id, l.customer_id, l.currency, l.level, l.kind, l.date, li.invoice_id, li.level
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
		if err := rows.Scan(&l.ID, &l.CustomerID, &cur, &l.Level, &l.Kind, &date, &invID, &invLevel); err != nil {
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
