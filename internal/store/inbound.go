package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// inbound: the messages read from the owner's mailbox, classified and
// matched to our letters and customers.

// Inbound is a message read from the owner's mailbox, classified and
// matched.
type Inbound struct {
	ID           int64
	Fingerprint  string
	Folder       string
	UIDValidity  uint32
	UID          uint32
	MessageID    string
	Class        string
	From         string
	Subject      string
	ReceivedAt   time.Time
	Hard         bool
	Recipient    string
	Status       string
	ReturnDate   string
	OutboxID     int64 // 0: none
	CustomerID   int64 // 0: none
	CustomerCode string
	LetterMsgID  string // the matched letter's Message-ID
	Match        string
	Summary      string
	NewText      string
	Suggestions  string // JSON
	Evidence     string
	Reviewed     bool
	ReviewedAt   time.Time
	// Trust is TrustOK, TrustUnknownSender or TrustUnverifiedBounce;
	// TrustNote says why (an i18n note).
	Trust       string
	TrustNote   string
	ConfirmedAt time.Time
	// A bounce's addresses for the failed recipient, and whether it only
	// says delivery is delayed.
	BounceAddresses []string
	Delayed         bool
	// ProofID is the proof the message answers or returns (migration
	// 0023): such a message has no customer and no letter.
	ProofID int64
}

// Trust states of a recorded message (migration 0009).
const (
	TrustOK               = ""
	TrustUnknownSender    = "unknown-sender"
	TrustUnverifiedBounce = "unverified-bounce"
)

// AddInbound records a message; one already recorded (same fingerprint)
// is left as it is, and added is false.
func (q *Queries) AddInbound(ctx context.Context, m Inbound) (id int64, added bool, err error) {
	id, err = q.insert(ctx, `INSERT INTO inbound (fingerprint, folder, uid_validity, uid, message_id, class, from_addr, subject,
		received_at, hard, recipient, status, return_date, outbox_id, customer_id, match, summary, new_text, suggestions, evidence,
		trust, trust_note, bounce_addresses, delayed, proof_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (fingerprint) DO NOTHING`,
		m.Fingerprint, m.Folder, m.UIDValidity, m.UID, m.MessageID, m.Class, m.From, m.Subject, stamp(m.ReceivedAt), m.Hard, m.Recipient,
		m.Status, m.ReturnDate, nullID(m.OutboxID), nullID(m.CustomerID), m.Match, m.Summary, m.NewText, m.Suggestions, m.Evidence,
		m.Trust, m.TrustNote, strings.Join(m.BounceAddresses, "\n"), m.Delayed, nullID(m.ProofID))
	if err != nil {
		return 0, false, fmt.Errorf("record message %s: %w", m.Fingerprint, err)
	}
	return id, id != 0, nil
}

// HasFingerprints reports which of the fingerprints are recorded.
func (q *Queries) HasFingerprints(ctx context.Context, fps []string) (map[string]bool, error) {
	out := map[string]bool{}
	for len(fps) > 0 {
		n := min(len(fps), 500)
		chunk := fps[:n]
		fps = fps[n:]
		args := make([]any, len(chunk))
		for i, f := range chunk {
			args[i] = f
		}
		rows, err := q.query(ctx, `SELECT fingerprint FROM inbound WHERE fingerprint IN (`+strings.TrimSuffix(strings.Repeat("?,", n), ",")+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("read fingerprints: %w", err)
		}
		for rows.Next() {
			var f string
			if err := rows.Scan(&f); err != nil {
				rows.Close()
				return nil, err
			}
			out[f] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ResponseFilter selects recorded messages.
type ResponseFilter struct {
	All        bool // include "other" messages matched to nobody
	Unreviewed bool
}

const inboundColumns = `i.id, i.fingerprint, i.folder, i.uid_validity, i.uid, i.message_id, i.class, i.from_addr, i.subject, i.received_at,
	i.hard, i.recipient, i.status, i.return_date, coalesce(i.outbox_id, 0), coalesce(i.customer_id, 0), coalesce(c.code, ''),
	coalesce(o.message_id, ''), i.match, i.summary, i.new_text, i.suggestions, i.evidence, i.reviewed, i.reviewed_at,
	i.trust, i.trust_note, i.confirmed_at, i.bounce_addresses, i.delayed
	FROM inbound i LEFT JOIN customers c ON c.id = i.customer_id LEFT JOIN outbox o ON o.id = i.outbox_id`

func scanInbound(r rowScanner) (Inbound, error) {
	var m Inbound
	var received, reviewedAt, confirmedAt, addrs string
	if err := r.Scan(&m.ID, &m.Fingerprint, &m.Folder, &m.UIDValidity, &m.UID, &m.MessageID, &m.Class, &m.From, &m.Subject, &received,
		&m.Hard, &m.Recipient, &m.Status, &m.ReturnDate, &m.OutboxID, &m.CustomerID, &m.CustomerCode, &m.LetterMsgID, &m.Match,
		&m.Summary, &m.NewText, &m.Suggestions, &m.Evidence, &m.Reviewed, &reviewedAt,
		&m.Trust, &m.TrustNote, &confirmedAt, &addrs, &m.Delayed); err != nil {
		return m, err
	}
	m.ReceivedAt, m.ReviewedAt, m.ConfirmedAt, m.BounceAddresses = unstamp(received), unstamp(reviewedAt), unstamp(confirmedAt), lines(addrs)
	return m, nil
}

// Responses lists recorded messages, newest first.
func (q *Queries) Responses(ctx context.Context, f ResponseFilter) ([]Inbound, error) {
	// Answers to proofs are the proofs' (ProofReplies), never the
	// customers' replies.
	query := `SELECT ` + inboundColumns + ` WHERE i.proof_id IS NULL`
	if !f.All {
		query += ` AND (i.class <> 'other' OR i.customer_id IS NOT NULL)`
	}
	if f.Unreviewed {
		query += ` AND i.reviewed = FALSE`
	}
	query += ` ORDER BY i.received_at DESC, i.id DESC`
	rows, err := q.query(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("read responses: %w", err)
	}
	defer rows.Close()
	var out []Inbound
	for rows.Next() {
		m, err := scanInbound(rows)
		if err != nil {
			return nil, fmt.Errorf("read responses: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// Response reads one recorded message; ErrNotFound when there is none.
func (q *Queries) Response(ctx context.Context, id int64) (Inbound, error) {
	m, err := scanInbound(q.row(ctx, `SELECT `+inboundColumns+` WHERE i.id = ?`, id))
	if isNoRows(err) {
		return m, fmt.Errorf("message %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return m, fmt.Errorf("read message %d: %w", id, err)
	}
	return m, nil
}

// ReviewResponse marks a recorded message reviewed by the owner: a reply
// no longer pauses its customer's ladder.
func (q *Queries) ReviewResponse(ctx context.Context, id int64, now time.Time) error {
	res, err := q.exec(ctx, `UPDATE inbound SET reviewed = TRUE, reviewed_at = ? WHERE id = ?`, stamp(now), id)
	if err != nil {
		return fmt.Errorf("review response %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrNotFound
	}
	return nil
}

// ConfirmTrust records that the owner vouches for a message's sender (or
// a bounce's truth): from now on it counts like any other.
func (q *Queries) ConfirmTrust(ctx context.Context, id int64, now time.Time) error {
	if _, err := q.exec(ctx, `UPDATE inbound SET trust = '', confirmed_at = ? WHERE id = ?`, stamp(now), id); err != nil {
		return fmt.Errorf("confirm message %d: %w", id, err)
	}
	return nil
}
