package store

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/ledger"
)

// Emailed letters offered for postal print: refused for good, or bounced
// hard, they go by post instead once the owner prints them (outbox.postal:
// '' none, 'offered', or what became of the offer).

// PostalOffer is an emailed letter refused for good, offered for print.
type PostalOffer struct {
	OutboxID     int64
	LetterID     int64 // the emailed letter's row in the history: the ID its tracking number is entered against once printed
	Kind         ledger.LetterKind
	CustomerCode string
	Invoices     []string // those still unpaid on the day asked
}

// PostalOffers lists the letters offered for postal print, each with the
// invoices it covered that are still unpaid on day.
func (q *Queries) PostalOffers(ctx context.Context, day string) ([]PostalOffer, error) {
	rows, err := q.query(ctx, `SELECT o.id, coalesce(o.letter_id, 0), o.kind, c.code, coalesce(i.number, '')
		FROM outbox o JOIN customers c ON c.id = o.customer_id
		LEFT JOIN letter_invoices li ON li.letter_id = o.letter_id
		LEFT JOIN invoices i ON i.id = li.invoice_id AND (i.settled_on IS NULL OR i.settled_on > ?)
		WHERE o.postal = 'offered' ORDER BY o.id, i.number`, day)
	if err != nil {
		return nil, fmt.Errorf("read postal offers: %w", err)
	}
	defer rows.Close()
	var out []PostalOffer
	for rows.Next() {
		var id, letterID int64
		var kind, code, number string
		if err := rows.Scan(&id, &letterID, &kind, &code, &number); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].OutboxID != id {
			out = append(out, PostalOffer{OutboxID: id, LetterID: letterID, Kind: ledger.LetterKind(kind), CustomerCode: code})
		}
		if number != "" {
			out[len(out)-1].Invoices = append(out[len(out)-1].Invoices, number)
		}
	}
	return out, rows.Err()
}

// SetPostal marks an offered letter printed, or withdraws the offer ("")
// when its invoices are paid; in the batch of the print run.
func (q *Queries) SetPostal(ctx context.Context, outboxID int64, state string) error {
	_, err := q.exec(ctx, `UPDATE outbox SET postal = ? WHERE id = ? AND postal = 'offered'`, state, outboxID)
	if err != nil {
		return fmt.Errorf("outbox %d: %w", outboxID, err)
	}
	return nil
}

// OfferForPrint marks an emailed letter as offered for postal print (a
// hard bounce came back for it), in the sync's batch.
func (q *Queries) OfferForPrint(ctx context.Context, outboxID int64, note string) error {
	_, err := q.exec(ctx, `UPDATE outbox SET postal = 'offered', last_error = ? WHERE id = ? AND postal = ''`, note, outboxID)
	if err != nil {
		return fmt.Errorf("outbox %d: %w", outboxID, err)
	}
	return nil
}
