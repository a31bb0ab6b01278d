package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// What a bounce may change, and only with proof (issue 12): the letter it
// returns, per recipient. A retry to one address is an outbox row of its
// own, linked to the letter's first row (retry_of).

// BouncedLetter is an emailed letter as a bounce's effects need it: its
// envelope and the chain of rows it belongs to (a retry to one address is
// a row of its own, linked to the letter's first row, Root).
type BouncedLetter struct {
	ID         int64
	Root       int64 // the letter's first row (ID itself unless a retry)
	LetterID   int64
	CustomerID int64
	Kind       string
	Sender     string
	To         []string // the customer addresses this row went to
	Subject    string
	MessageID  string
	State      string
	Refused    []string
	InReplyTo  string
}

// BouncedLetter reads an outbox row.
func (q *Queries) BouncedLetter(ctx context.Context, id int64) (BouncedLetter, error) {
	var l BouncedLetter
	var rcpts, refused string
	err := q.row(ctx, `SELECT id, coalesce(retry_of, id), coalesce(letter_id, 0), customer_id, kind, sender, recipients,
		subject, message_id, state, refused, in_reply_to FROM outbox WHERE id = ?`, id).Scan(&l.ID, &l.Root, &l.LetterID, &l.CustomerID,
		&l.Kind, &l.Sender, &rcpts, &l.Subject, &l.MessageID, &l.State, &refused, &l.InReplyTo)
	if isNoRows(err) {
		return l, fmt.Errorf("outbox %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return l, fmt.Errorf("outbox %d: %w", id, err)
	}
	l.To, _ = splitRecipients(rcpts)
	l.Refused = lines(refused)
	return l, nil
}

// Retries counts the retry rows of a letter to one address: all of them,
// and those newer than the row after (a bounce of the row after is stale
// when another attempt followed it).
func (q *Queries) Retries(ctx context.Context, root int64, addr string, after int64) (total, later int, err error) {
	err = q.row(ctx, `SELECT count(*), count(*) FILTER (WHERE id > ?)
		FROM outbox WHERE retry_of = ? AND `+q.dialect.equalFold("recipients", "?"), after, root, addr).Scan(&total, &later)
	if err != nil {
		return 0, 0, fmt.Errorf("retries of outbox %d: %w", root, err)
	}
	return total, later, nil
}

// AddRetry queues a letter again to one address alone: a row of its own
// with its own Message-ID and message, no copy to self (the owner already
// has one), linked to the letter's first row; sent by the next run.
func (q *Queries) AddRetry(ctx context.Context, l BouncedLetter, addr, messageID string, message []byte, note string, now time.Time) (int64, error) {
	id, err := q.insert(ctx, `INSERT INTO outbox (letter_id, customer_id, kind, sender, recipients, subject, message_id,
		message, state, created_at, in_reply_to, retry_of, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?)`,
		nullID(l.LetterID), l.CustomerID, l.Kind, l.Sender, addr, l.Subject, messageID, message, stamp(now), l.InReplyTo, l.Root, note)
	if err != nil {
		return 0, fmt.Errorf("queue a retry of outbox %d to %s: %w", l.ID, addr, err)
	}
	return id, nil
}

// Unreached reports whether no address of a letter received it: every
// address of its first row was refused when sending or is flagged since.
func (q *Queries) Unreached(ctx context.Context, root int64) (bool, error) {
	l, err := q.BouncedLetter(ctx, root)
	if err != nil {
		return false, err
	}
	refused := map[string]bool{}
	for _, a := range l.Refused {
		refused[strings.ToLower(a)] = true
	}
	for _, a := range l.To {
		if refused[strings.ToLower(a)] {
			continue
		}
		flagged, err := q.flagged(ctx, a)
		if err != nil || !flagged {
			return false, err
		}
	}
	return true, nil
}
