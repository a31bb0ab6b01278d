package store

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/ledger"
)

// PaymentsByReferencePrefix returns the payments whose reference starts
// with prefix, with their invoice's number, in id order. A FEC import
// finds by it the payments an earlier import of the same entries made
// ("fec:…"), to make them again from the newer file instead of adding to
// them.
func (q *Queries) PaymentsByReferencePrefix(ctx context.Context, prefix string) ([]ledger.Payment, error) {
	if prefix == "" || prefix[len(prefix)-1] == 0xff {
		return nil, fmt.Errorf("read payments: unusable reference prefix %q", prefix)
	}
	// A range on the text (BINARY collation: byte order), not LIKE, whose
	// '_' and '%' a prefix could hold.
	upper := string(append([]byte(prefix[:len(prefix)-1]), prefix[len(prefix)-1]+1))
	rows, err := q.query(ctx, `SELECT p.id, p.invoice_id, i.number, p.date, p.amount, p.method, p.reference,
		p.source, p.undated, coalesce(p.credit_note_id, 0)
		FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE p.reference >= ? AND p.reference < ? ORDER BY p.id`,
		prefix, upper)
	if err != nil {
		return nil, fmt.Errorf("read payments: %w", err)
	}
	defer rows.Close()
	var out []ledger.Payment
	for rows.Next() {
		var p ledger.Payment
		var date string
		if err := rows.Scan(&p.ID, &p.InvoiceID, &p.InvoiceNumber, &date, &p.Amount, &p.Method, &p.Reference,
			&p.Source, &p.Undated, &p.CreditNoteID); err != nil {
			return nil, fmt.Errorf("read payments: %w", err)
		}
		p.Date, _ = ledger.ParseISODate(date)
		out = append(out, p)
	}
	return out, rows.Err()
}
