package store

import (
	"context"
	"fmt"
	"time"
)

// email_flags: the addresses refused for good, never written to again
// until the owner corrects them. Addresses compare without case (the
// column is NOCASE; see dialect.equalFold).

// FlagAddresses records addresses refused for good (a bounce, or a
// partial refusal the server reported while taking the message), in one
// transaction (the batch's, in a batch).
func (q *Queries) FlagAddresses(ctx context.Context, addrs []string, reason string, outboxID int64, now time.Time) error {
	return q.inTx(ctx, func(q *Queries) error {
		for _, a := range addrs {
			if _, err := q.exec(ctx, `INSERT INTO email_flags (address, flagged_on, reason, outbox_id) VALUES (?, ?, ?, ?)
				ON CONFLICT (address) DO UPDATE SET flagged_on = excluded.flagged_on, reason = excluded.reason, outbox_id = excluded.outbox_id`,
				a, now.UTC().Format("2006-01-02"), reason, nullID(outboxID)); err != nil {
				return fmt.Errorf("flag %s: %w", a, err)
			}
		}
		return nil
	})
}

// EmailFlag is an address refused for good.
type EmailFlag struct {
	Address, FlaggedOn, Reason string
}

// EmailFlags lists the flagged addresses.
func (q *Queries) EmailFlags(ctx context.Context) ([]EmailFlag, error) {
	rows, err := q.query(ctx, `SELECT address, flagged_on, reason FROM email_flags ORDER BY address`)
	if err != nil {
		return nil, fmt.Errorf("read the flagged addresses: %w", err)
	}
	defer rows.Close()
	var out []EmailFlag
	for rows.Next() {
		var f EmailFlag
		if err := rows.Scan(&f.Address, &f.FlaggedOn, &f.Reason); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// flagged reports whether an address is flagged.
func (q *Queries) flagged(ctx context.Context, addr string) (bool, error) {
	var n int
	if err := q.row(ctx, `SELECT count(*) FROM email_flags WHERE `+q.dialect.equalFold("address", "?"), addr).Scan(&n); err != nil {
		return false, fmt.Errorf("flags of %s: %w", addr, err)
	}
	return n > 0, nil
}

// UnflagAddress makes an address usable again (the owner corrected it).
func (q *Queries) UnflagAddress(ctx context.Context, addr string) (bool, error) {
	res, err := q.exec(ctx, `DELETE FROM email_flags WHERE `+q.dialect.equalFold("address", "?"), addr)
	if err != nil {
		return false, fmt.Errorf("unflag %s: %w", addr, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}
