package store

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// What a bounce may change, and only with proof (issue 12): the letter it
// returns, per recipient.

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

// BouncedLetter reads an outbox row in the batch.
func (b *Batch) BouncedLetter(id int64) (BouncedLetter, error) {
	var l BouncedLetter
	var rcpts, refused string
	err := b.tx.QueryRowContext(b.ctx, `SELECT id, coalesce(retry_of, id), coalesce(letter_id, 0), customer_id, kind, sender, recipients,
		subject, message_id, state, refused, in_reply_to FROM outbox WHERE id = ?`, id).Scan(&l.ID, &l.Root, &l.LetterID, &l.CustomerID,
		&l.Kind, &l.Sender, &rcpts, &l.Subject, &l.MessageID, &l.State, &refused, &l.InReplyTo)
	if errors.Is(err, sql.ErrNoRows) {
		return l, ErrNotFound
	}
	if err != nil {
		return l, fmt.Errorf("outbox %d: %w", id, err)
	}
	l.To, _ = splitRecipients(rcpts)
	l.Refused = lines(refused)
	return l, nil
}

// OutboxMessageIn reads an outbox row's stored message in the batch.
func (b *Batch) OutboxMessageIn(id int64) ([]byte, error) {
	var msg []byte
	if err := b.tx.QueryRowContext(b.ctx, `SELECT message FROM outbox WHERE id = ?`, id).Scan(&msg); err != nil {
		return nil, fmt.Errorf("outbox %d: %w", id, err)
	}
	return msg, nil
}

// Retries counts the retry rows of a letter to one address: all of them,
// and those newer than the row after (a bounce of the row after is stale
// when another attempt followed it).
func (b *Batch) Retries(root int64, addr string, after int64) (total, later int, err error) {
	err = b.tx.QueryRowContext(b.ctx, `SELECT count(*), coalesce(sum(id > ?), 0)
		FROM outbox WHERE retry_of = ? AND recipients = ? COLLATE NOCASE`, after, root, addr).Scan(&total, &later)
	if err != nil {
		return 0, 0, fmt.Errorf("retries of outbox %d: %w", root, err)
	}
	return total, later, nil
}

// AddRetry queues a letter again to one address alone: a row of its own
// with its own Message-ID and message, no copy to self (the owner already
// has one), linked to the letter's first row; sent by the next run.
func (b *Batch) AddRetry(l BouncedLetter, addr, messageID string, message []byte, note string, now time.Time) (int64, error) {
	res, err := b.tx.ExecContext(b.ctx, `INSERT INTO outbox (letter_id, customer_id, kind, sender, recipients, subject, message_id,
		message, state, created_at, in_reply_to, retry_of, last_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?)`,
		nullID(l.LetterID), l.CustomerID, l.Kind, l.Sender, addr, l.Subject, messageID, message, stamp(now), l.InReplyTo, l.Root, note)
	if err != nil {
		return 0, fmt.Errorf("queue a retry of outbox %d to %s: %w", l.ID, addr, err)
	}
	return res.LastInsertId()
}

// Unreached reports whether no address of a letter received it: every
// address of its first row was refused when sending or is flagged since.
func (b *Batch) Unreached(root int64) (bool, error) {
	l, err := b.BouncedLetter(root)
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
		var n int
		if err := b.tx.QueryRowContext(b.ctx, `SELECT count(*) FROM email_flags WHERE address = ?`, a).Scan(&n); err != nil {
			return false, fmt.Errorf("flags of %s: %w", a, err)
		}
		if n == 0 {
			return false, nil
		}
	}
	return true, nil
}

// CustomerAddresses lists a customer's email addresses, in the batch.
func (b *Batch) CustomerAddresses(customerID int64) ([]string, error) {
	return customerEmails(b.ctx, b.tx, customerID)
}

// ResponseIn reads one recorded message in the batch (for the owner's
// Confirm, whose effects go in the same transaction).
func (b *Batch) ResponseIn(id int64) (Inbound, error) {
	var m Inbound
	var addrs, confirmed string
	err := b.tx.QueryRowContext(b.ctx, `SELECT id, class, from_addr, hard, recipient, status, coalesce(outbox_id, 0), coalesce(customer_id, 0),
		summary, trust, trust_note, confirmed_at, bounce_addresses, delayed FROM inbound WHERE id = ?`, id).Scan(&m.ID, &m.Class, &m.From,
		&m.Hard, &m.Recipient, &m.Status, &m.OutboxID, &m.CustomerID, &m.Summary, &m.Trust, &m.TrustNote, &confirmed, &addrs, &m.Delayed)
	if errors.Is(err, sql.ErrNoRows) {
		return m, ErrNotFound
	}
	if err != nil {
		return m, fmt.Errorf("read message %d: %w", id, err)
	}
	m.ConfirmedAt, m.BounceAddresses = unstamp(confirmed), lines(addrs)
	return m, nil
}

// ConfirmTrust records that the owner vouches for a message's sender (or
// a bounce's truth): from now on it counts like any other.
func (b *Batch) ConfirmTrust(id int64, now time.Time) error {
	if _, err := b.tx.ExecContext(b.ctx, `UPDATE inbound SET trust = '', confirmed_at = ? WHERE id = ?`, stamp(now), id); err != nil {
		return fmt.Errorf("confirm message %d: %w", id, err)
	}
	return nil
}
