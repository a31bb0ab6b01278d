package store

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
)

// rate_entries: the reference rates the owner added to the built-in tables.

// RateEntries returns the reference rates the owner added.
func (q *Queries) RateEntries(ctx context.Context) ([]dunning.RateEntry, error) {
	rows, err := q.query(ctx, `SELECT table_id, from_date, rate, source FROM rate_entries ORDER BY table_id, from_date`)
	if err != nil {
		return nil, fmt.Errorf("read rate entries: %w", err)
	}
	defer rows.Close()
	var out []dunning.RateEntry
	for rows.Next() {
		var e dunning.RateEntry
		var id, from string
		if err := rows.Scan(&id, &from, &e.Rate, &e.Source); err != nil {
			return nil, err
		}
		e.Table = dunning.RateID(id)
		e.From, _ = ledger.ParseISODate(from)
		e.Owner = true
		out = append(out, e)
	}
	return out, rows.Err()
}

// AddRateEntry stores (or replaces) an owner's reference rate entry.
func (q *Queries) AddRateEntry(ctx context.Context, e dunning.RateEntry, today ledger.Date) error {
	_, err := q.exec(ctx, `INSERT INTO rate_entries (table_id, from_date, rate, source, added_on) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (table_id, from_date) DO UPDATE SET rate = excluded.rate, source = excluded.source, added_on = excluded.added_on`,
		string(e.Table), e.From.String(), int64(e.Rate), e.Source, today.String())
	if err != nil {
		return fmt.Errorf("add rate entry: %w", err)
	}
	return nil
}
