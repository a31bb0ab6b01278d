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
	return q.paymentRows(ctx, `p.reference >= ? AND p.reference < ? ORDER BY p.id`, prefix, upper)
}
