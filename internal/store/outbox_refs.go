package store

import (
	"context"
	"database/sql"
	"fmt"
)

// Our letters found from an incoming message's keys: the Message-IDs it
// answers, a plus-address tag.

// LetterRef is an emailed letter found by one of its keys.
type LetterRef struct {
	OutboxID     int64
	LetterID     int64
	CustomerID   int64
	CustomerCode string
	MessageID    string
}

// OutboxByMessageIDs finds our letters among Message-IDs, in one query.
func (q *Queries) OutboxByMessageIDs(ctx context.Context, ids []string) (map[string]LetterRef, error) {
	out := map[string]LetterRef{}
	if len(ids) == 0 {
		return out, nil
	}
	list, err := q.dialect.listArg(ids)
	if err != nil {
		return nil, err
	}
	rows, err := q.query(ctx, `SELECT o.id, coalesce(o.letter_id, 0), o.customer_id, c.code, o.message_id
		FROM `+q.dialect.list(1, "text")+` JOIN outbox o ON o.message_id = j.value JOIN customers c ON c.id = o.customer_id`, list)
	if err != nil {
		return nil, fmt.Errorf("find letters by Message-ID: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r LetterRef
		if err := rows.Scan(&r.OutboxID, &r.LetterID, &r.CustomerID, &r.CustomerCode, &r.MessageID); err != nil {
			return nil, err
		}
		out[r.MessageID] = r
	}
	return out, rows.Err()
}

// OutboxByTag finds the letter whose Message-ID begins with prefix (a
// plus-address tag).
func (q *Queries) OutboxByTag(ctx context.Context, prefix string) (LetterRef, bool, error) {
	var r LetterRef
	err := q.row(ctx, `SELECT o.id, coalesce(o.letter_id, 0), o.customer_id, c.code, o.message_id
		FROM outbox o JOIN customers c ON c.id = o.customer_id WHERE o.message_id >= ? AND o.message_id < ? ORDER BY o.id LIMIT 1`,
		prefix, q.dialect.prefixEnd(prefix)).Scan(&r.OutboxID, &r.LetterID, &r.CustomerID, &r.CustomerCode, &r.MessageID)
	if isNoRows(err) {
		return r, false, nil
	}
	return r, err == nil, err
}

// OutboxLetter is the dunning letter an outbox item recorded (0: none).
func (q *Queries) OutboxLetter(ctx context.Context, outboxID int64) (int64, error) {
	var id sql.NullInt64
	err := q.row(ctx, `SELECT letter_id FROM outbox WHERE id = ?`, outboxID).Scan(&id)
	if isNoRows(err) {
		return 0, nil
	}
	return id.Int64, err
}
