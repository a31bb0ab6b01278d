package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/ledger"
)

// The outbox: every emailed letter, its stored message and where its
// sending stands.

// Outbox states (ledger.OutboxState), named here for the store's callers.
const (
	OutboxQueued    = ledger.OutboxQueued
	OutboxSending   = ledger.OutboxSending
	OutboxSent      = ledger.OutboxSent
	OutboxTemporary = ledger.OutboxTemporary
	OutboxPermanent = ledger.OutboxPermanent
	OutboxUnknown   = ledger.OutboxUnknown
)

// OutboxItem is an emailed letter and where it stands.
type OutboxItem struct {
	ID           int64
	LetterID     int64
	CustomerID   int64
	CustomerCode string
	Kind         ledger.LetterKind
	Sender       string
	Recipients   []string // To: the customer's addresses
	Bcc          []string // the owner's copy
	Subject      string
	MessageID    string
	Message      []byte // only when asked for
	State        ledger.OutboxState
	Attempts     int
	NextAttempt  time.Time
	SendingSince time.Time
	CreatedAt    time.Time
	SentAt       time.Time
	LastError    string
	Refused      []string
	Flagged      bool
	Postal       string
	InReplyTo    string
}

// joinRecipients stores the envelope recipients one per line, the blind
// copies marked "bcc:".
func joinRecipients(to, bcc []string) string {
	all := append([]string{}, to...)
	for _, b := range bcc {
		all = append(all, "bcc:"+b)
	}
	return strings.Join(all, "\n")
}

func splitRecipients(s string) (to, bcc []string) {
	for _, l := range lines(s) {
		if b, ok := strings.CutPrefix(l, "bcc:"); ok {
			bcc = append(bcc, b)
		} else {
			to = append(to, l)
		}
	}
	return to, bcc
}

// Enqueue writes an emailed letter to the outbox, state queued, in the
// batch's transaction (the one that records the letter).
func (q *Queries) Enqueue(ctx context.Context, it OutboxItem, now time.Time) (int64, error) {
	var letter any
	if it.LetterID != 0 {
		letter = it.LetterID
	}
	id, err := q.insert(ctx, `INSERT INTO outbox (letter_id, customer_id, kind, sender, recipients, subject, message_id,
		message, state, created_at, in_reply_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
		letter, it.CustomerID, it.Kind, it.Sender, joinRecipients(it.Recipients, it.Bcc), it.Subject, it.MessageID, it.Message, stamp(now), it.InReplyTo)
	if err != nil {
		return 0, fmt.Errorf("queue the letter to %s: %w", it.CustomerCode, err)
	}
	return id, nil
}

const outboxColumns = `o.id, coalesce(o.letter_id, 0), o.customer_id, c.code, o.kind, o.sender, o.recipients, o.subject, o.message_id,
	o.state, o.attempts, o.next_attempt, o.sending_since, o.created_at, o.sent_at, o.last_error, o.refused, o.flagged, o.postal, o.in_reply_to`

func scanOutbox(sc rowScanner, withMessage bool) (OutboxItem, error) {
	var it OutboxItem
	var rcpt, next, since, created, sent, refused string
	dest := []any{&it.ID, &it.LetterID, &it.CustomerID, &it.CustomerCode, &it.Kind, &it.Sender, &rcpt, &it.Subject, &it.MessageID,
		&it.State, &it.Attempts, &next, &since, &created, &sent, &it.LastError, &refused, &it.Flagged, &it.Postal, &it.InReplyTo}
	if withMessage {
		dest = append(dest, &it.Message)
	}
	if err := sc.Scan(dest...); err != nil {
		return it, err
	}
	it.Recipients, it.Bcc = splitRecipients(rcpt)
	it.Refused = lines(refused)
	it.NextAttempt, it.SendingSince, it.CreatedAt, it.SentAt = unstamp(next), unstamp(since), unstamp(created), unstamp(sent)
	return it, nil
}

// OutboxFilter selects outbox items.
type OutboxFilter struct {
	States []ledger.OutboxState // none: all
	Limit  int
}

// Outbox lists outbox items, oldest first, without their messages.
func (q *Queries) Outbox(ctx context.Context, f OutboxFilter) ([]OutboxItem, error) {
	query := `SELECT ` + outboxColumns + ` FROM outbox o JOIN customers c ON c.id = o.customer_id`
	var args []any
	if len(f.States) > 0 {
		query += ` WHERE o.state IN (` + strings.TrimSuffix(strings.Repeat("?,", len(f.States)), ",") + `)`
		for _, st := range f.States {
			args = append(args, st)
		}
	}
	query += ` ORDER BY o.id`
	if f.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := q.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxItem
	for rows.Next() {
		it, err := scanOutbox(rows, false)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// OutboxMessage reads one item with its message.
func (q *Queries) OutboxMessage(ctx context.Context, id int64) (OutboxItem, error) {
	row := q.row(ctx, `SELECT `+outboxColumns+`, o.message FROM outbox o JOIN customers c ON c.id = o.customer_id WHERE o.id = ?`, id)
	it, err := scanOutbox(row, true)
	if isNoRows(err) {
		return it, fmt.Errorf("outbox %d: %w", id, ErrNotFound)
	}
	return it, err
}

// RecoverOutbox turns every item left in "sending" into "unknown": the
// process that was sending it is gone (the caller holds the outbox lock,
// so no other one is sending). It returns how many there were.
func (q *Queries) RecoverOutbox(ctx context.Context) (int, error) {
	res, err := q.exec(ctx, `UPDATE outbox SET state = 'unknown',
		last_error = 'i18n:outbox.interrupted' WHERE state = 'sending'`)
	if err != nil {
		return 0, fmt.Errorf("recover outbox: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// DueOutbox lists the items to send now: queued, and temporary failures
// whose retry time has come, oldest first.
func (q *Queries) DueOutbox(ctx context.Context, now time.Time, limit int) ([]OutboxItem, error) {
	query := `SELECT ` + outboxColumns + ` FROM outbox o JOIN customers c ON c.id = o.customer_id
		WHERE o.state = 'queued' OR (o.state = 'failed-temporary' AND o.next_attempt <= ?) ORDER BY o.id`
	if limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := q.query(ctx, query, stamp(now))
	if err != nil {
		return nil, fmt.Errorf("read outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxItem
	for rows.Next() {
		it, err := scanOutbox(rows, false)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// outboxMove changes an item's state only from the state expected, so two
// writers can never both move it.
func (q *Queries) outboxMove(ctx context.Context, id int64, from []ledger.OutboxState, set string, args ...any) error {
	query := `UPDATE outbox SET ` + set + ` WHERE id = ? AND state IN (` + strings.TrimSuffix(strings.Repeat("?,", len(from)), ",") + `)`
	args = append(args, id)
	for _, f := range from {
		args = append(args, f)
	}
	res, err := q.exec(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("outbox %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("outbox %d: not in state %v", id, from)
	}
	return nil
}

// MarkSending records that an attempt begins. It is committed before the
// first byte goes to the server: a crash from here on leaves "sending",
// which the next start turns into "unknown".
func (q *Queries) MarkSending(ctx context.Context, id int64, now time.Time) error {
	return q.outboxMove(ctx, id, []ledger.OutboxState{OutboxQueued, OutboxTemporary}, `state = 'sending', attempts = attempts + 1, sending_since = ?`, stamp(now))
}

// MarkSent records a message the server accepted (refused: recipients it
// refused for good while taking the others).
func (q *Queries) MarkSent(ctx context.Context, id int64, at time.Time, refused []string, note string) error {
	return q.outboxMove(ctx, id, []ledger.OutboxState{OutboxSending, OutboxUnknown}, `state = 'sent', sent_at = ?, refused = ?, last_error = ?, flagged = FALSE`,
		stamp(at), strings.Join(refused, "\n"), note)
}

// MarkTemporary records a failure worth retrying from next.
func (q *Queries) MarkTemporary(ctx context.Context, id int64, next time.Time, reason string) error {
	return q.outboxMove(ctx, id, []ledger.OutboxState{OutboxSending}, `state = 'failed-temporary', next_attempt = ?, last_error = ?`, stamp(next), reason)
}

// MarkPermanent records a failure no retry can mend: the letter is offered
// for postal print, the refused addresses flagged.
func (q *Queries) MarkPermanent(ctx context.Context, id int64, refused []string, reason string, now time.Time) error {
	return q.inTx(ctx, func(q *Queries) error {
		// A letter's first row refused by every address is offered for
		// print; a retry to one address (retry_of) is not offered itself:
		// its letter is, once no address of the first row was reached.
		res, err := q.exec(ctx, `UPDATE outbox SET state = 'failed-permanent', refused = ?, last_error = ?,
			postal = CASE WHEN retry_of IS NULL THEN 'offered' ELSE postal END
			WHERE id = ? AND state IN ('sending', 'failed-temporary', 'unknown')`, strings.Join(refused, "\n"), reason, id)
		if err != nil {
			return fmt.Errorf("outbox %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("outbox %d: not being sent", id)
		}
		if err := q.FlagAddresses(ctx, refused, reason, id, now); err != nil {
			return err
		}
		var root sql.NullInt64
		if err := q.row(ctx, `SELECT retry_of FROM outbox WHERE id = ?`, id).Scan(&root); err != nil || !root.Valid {
			return err
		}
		unreached, err := q.Unreached(ctx, root.Int64)
		if err != nil || !unreached {
			return err
		}
		return q.OfferForPrint(ctx, root.Int64, reason)
	})
}

// MarkUnknown records an attempt whose outcome was lost (the line dropped
// after the end of the message went out): only the mailbox can tell.
func (q *Queries) MarkUnknown(ctx context.Context, id int64, refused []string, reason string) error {
	return q.outboxMove(ctx, id, []ledger.OutboxState{OutboxSending}, `state = 'unknown', refused = ?, last_error = ?`, strings.Join(refused, "\n"), reason)
}

// MarkUnknownFlagged leaves an unknown item for the owner: its fate cannot
// be settled from the mailbox, and it is never resent blindly.
func (q *Queries) MarkUnknownFlagged(ctx context.Context, id int64, reason string) error {
	return q.outboxMove(ctx, id, []ledger.OutboxState{OutboxUnknown}, `flagged = TRUE, last_error = ?`, reason)
}

// RequeueUnknown puts an unknown item back in the queue: the mailbox shows
// it never left (or the owner says so).
func (q *Queries) RequeueUnknown(ctx context.Context, id int64, reason string) error {
	return q.outboxMove(ctx, id, []ledger.OutboxState{OutboxUnknown}, `state = 'queued', flagged = FALSE, last_error = ?`, reason)
}
