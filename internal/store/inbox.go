package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// FolderState is how far a folder has been read.
type FolderState struct {
	Name        string
	UIDValidity uint32
	LastUID     uint32
}

// Folder reads a folder's sync state; ok is false for a folder never read.
func (s *Store) Folder(ctx context.Context, name string) (FolderState, bool, error) {
	f := FolderState{Name: name}
	err := s.db.QueryRowContext(ctx, `SELECT uid_validity, last_uid FROM inbox_folders WHERE name = ?`, name).Scan(&f.UIDValidity, &f.LastUID)
	if errors.Is(err, sql.ErrNoRows) {
		return f, false, nil
	}
	if err != nil {
		return f, false, fmt.Errorf("read folder %s: %w", name, err)
	}
	return f, true, nil
}

// SetFolder records a folder's sync state, in the batch that recorded the
// messages read up to it: a sync cut off resumes after the last batch
// committed, with nothing lost and nothing twice.
func (b *Batch) SetFolder(f FolderState, now time.Time) error {
	_, err := b.tx.ExecContext(b.ctx, `INSERT INTO inbox_folders (name, uid_validity, last_uid, synced_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET uid_validity = excluded.uid_validity, last_uid = excluded.last_uid, synced_at = excluded.synced_at`,
		f.Name, f.UIDValidity, f.LastUID, stamp(now))
	if err != nil {
		return fmt.Errorf("save folder %s: %w", f.Name, err)
	}
	return nil
}

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
}

// Trust states of a recorded message (migration 0009).
const (
	TrustOK               = ""
	TrustUnknownSender    = "unknown-sender"
	TrustUnverifiedBounce = "unverified-bounce"
)

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// AddInbound records a message; one already recorded (same fingerprint)
// is left as it is, and added is false.
func (b *Batch) AddInbound(m Inbound) (id int64, added bool, err error) {
	res, err := b.tx.ExecContext(b.ctx, `INSERT INTO inbound (fingerprint, folder, uid_validity, uid, message_id, class, from_addr, subject,
		received_at, hard, recipient, status, return_date, outbox_id, customer_id, match, summary, new_text, suggestions, evidence,
		trust, trust_note, bounce_addresses, delayed)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (fingerprint) DO NOTHING`,
		m.Fingerprint, m.Folder, m.UIDValidity, m.UID, m.MessageID, m.Class, m.From, m.Subject, stamp(m.ReceivedAt), m.Hard, m.Recipient,
		m.Status, m.ReturnDate, nullID(m.OutboxID), nullID(m.CustomerID), m.Match, m.Summary, m.NewText, m.Suggestions, m.Evidence,
		m.Trust, m.TrustNote, strings.Join(m.BounceAddresses, "\n"), m.Delayed)
	if err != nil {
		return 0, false, fmt.Errorf("record message %s: %w", m.Fingerprint, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, false, nil
	}
	id, err = res.LastInsertId()
	return id, true, err
}

// HasFingerprints reports which of the fingerprints are recorded.
func (s *Store) HasFingerprints(ctx context.Context, fps []string) (map[string]bool, error) {
	out := map[string]bool{}
	for len(fps) > 0 {
		n := min(len(fps), 500)
		chunk := fps[:n]
		fps = fps[n:]
		args := make([]any, len(chunk))
		for i, f := range chunk {
			args[i] = f
		}
		rows, err := s.db.QueryContext(ctx, `SELECT fingerprint FROM inbound WHERE fingerprint IN (`+strings.TrimSuffix(strings.Repeat("?,", n), ",")+`)`, args...)
		if err != nil {
			return nil, err
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

// LetterRef is an emailed letter found by one of its keys.
type LetterRef struct {
	OutboxID     int64
	LetterID     int64
	CustomerID   int64
	CustomerCode string
	MessageID    string
}

// OutboxByMessageIDs finds our letters among Message-IDs, in one query.
func (s *Store) OutboxByMessageIDs(ctx context.Context, ids []string) (map[string]LetterRef, error) {
	out := map[string]LetterRef{}
	if len(ids) == 0 {
		return out, nil
	}
	js, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT o.id, coalesce(o.letter_id, 0), o.customer_id, c.code, o.message_id
		FROM json_each(?1) j JOIN outbox o ON o.message_id = j.value JOIN customers c ON c.id = o.customer_id`, string(js))
	if err != nil {
		return nil, err
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
func (s *Store) OutboxByTag(ctx context.Context, prefix string) (LetterRef, bool, error) {
	var r LetterRef
	err := s.db.QueryRowContext(ctx, `SELECT o.id, coalesce(o.letter_id, 0), o.customer_id, c.code, o.message_id
		FROM outbox o JOIN customers c ON c.id = o.customer_id WHERE o.message_id >= ? AND o.message_id < ? ORDER BY o.id LIMIT 1`,
		prefix, prefix+"\xff").Scan(&r.OutboxID, &r.LetterID, &r.CustomerID, &r.CustomerCode, &r.MessageID)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

// CustomerByEmail finds the customer an address belongs to.
func (s *Store) CustomerByEmail(ctx context.Context, addr string) (id int64, code string, ok bool, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT c.id, c.code FROM customer_emails e JOIN customers c ON c.id = e.customer_id
		WHERE e.address = ? COLLATE NOCASE ORDER BY c.id LIMIT 1`, addr).Scan(&id, &code)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", false, nil
	}
	return id, code, err == nil, err
}

// InvoiceCustomer finds, among candidate numbers (in the order given), the
// first that is an invoice: its customer, and the last emailed letter
// about it. One query for all candidates.
func (s *Store) InvoiceCustomer(ctx context.Context, numbers []string) (ref LetterRef, ok bool, err error) {
	if len(numbers) == 0 {
		return ref, false, nil
	}
	js, err := json.Marshal(numbers)
	if err != nil {
		return ref, false, err
	}
	err = s.db.QueryRowContext(ctx, `SELECT c.id, c.code,
		coalesce((SELECT o.id FROM letter_invoices li JOIN outbox o ON o.letter_id = li.letter_id WHERE li.invoice_id = i.id ORDER BY o.id DESC LIMIT 1), 0),
		coalesce((SELECT o.message_id FROM letter_invoices li JOIN outbox o ON o.letter_id = li.letter_id WHERE li.invoice_id = i.id ORDER BY o.id DESC LIMIT 1), '')
		FROM json_each(?1) j JOIN invoices i ON i.number = j.value JOIN customers c ON c.id = i.customer_id
		ORDER BY j.key LIMIT 1`, string(js)).Scan(&ref.CustomerID, &ref.CustomerCode, &ref.OutboxID, &ref.MessageID)
	if errors.Is(err, sql.ErrNoRows) {
		return ref, false, nil
	}
	return ref, err == nil, err
}

// ResponseFilter selects recorded messages.
type ResponseFilter struct {
	All        bool // include "other" messages matched to nobody
	Unreviewed bool
}

// Responses lists recorded messages, newest first.
func (s *Store) Responses(ctx context.Context, f ResponseFilter) ([]Inbound, error) {
	q := `SELECT i.id, i.fingerprint, i.folder, i.uid_validity, i.uid, i.message_id, i.class, i.from_addr, i.subject, i.received_at, i.hard,
		i.recipient, i.status, i.return_date, coalesce(i.outbox_id, 0), coalesce(i.customer_id, 0), coalesce(c.code, ''),
		coalesce(o.message_id, ''), i.match, i.summary, i.new_text, i.suggestions, i.evidence, i.reviewed, i.reviewed_at,
		i.trust, i.trust_note, i.confirmed_at, i.bounce_addresses, i.delayed
		FROM inbound i LEFT JOIN customers c ON c.id = i.customer_id LEFT JOIN outbox o ON o.id = i.outbox_id WHERE 1 = 1`
	if !f.All {
		q += ` AND (i.class <> 'other' OR i.customer_id IS NOT NULL)`
	}
	if f.Unreviewed {
		q += ` AND i.reviewed = 0`
	}
	q += ` ORDER BY i.received_at DESC, i.id DESC`
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("read responses: %w", err)
	}
	defer rows.Close()
	var out []Inbound
	for rows.Next() {
		var m Inbound
		var received, reviewedAt, confirmedAt, addrs string
		if err := rows.Scan(&m.ID, &m.Fingerprint, &m.Folder, &m.UIDValidity, &m.UID, &m.MessageID, &m.Class, &m.From, &m.Subject, &received,
			&m.Hard, &m.Recipient, &m.Status, &m.ReturnDate, &m.OutboxID, &m.CustomerID, &m.CustomerCode, &m.LetterMsgID, &m.Match,
			&m.Summary, &m.NewText, &m.Suggestions, &m.Evidence, &m.Reviewed, &reviewedAt,
			&m.Trust, &m.TrustNote, &confirmedAt, &addrs, &m.Delayed); err != nil {
			return nil, err
		}
		m.ReceivedAt, m.ReviewedAt, m.ConfirmedAt, m.BounceAddresses = unstamp(received), unstamp(reviewedAt), unstamp(confirmedAt), lines(addrs)
		out = append(out, m)
	}
	return out, rows.Err()
}

// ReviewResponse marks a recorded message reviewed by the owner: a reply
// no longer pauses its customer's ladder.
func (s *Store) ReviewResponse(ctx context.Context, id int64, now time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE inbound SET reviewed = 1, reviewed_at = ? WHERE id = ?`, stamp(now), id)
	if err != nil {
		return fmt.Errorf("review response %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return ErrNotFound
	}
	return nil
}

// OfferForPrint marks an emailed letter as offered for postal print (a
// hard bounce came back for it), in the sync's batch.
func (b *Batch) OfferForPrint(outboxID int64, note string) error {
	_, err := b.tx.ExecContext(b.ctx, `UPDATE outbox SET postal = 'offered', last_error = ? WHERE id = ? AND postal = ''`, note, outboxID)
	if err != nil {
		return fmt.Errorf("outbox %d: %w", outboxID, err)
	}
	return nil
}

// FlagAddress records an address refused for good, in the batch.
func (b *Batch) FlagAddress(addr, reason string, outboxID int64, now time.Time) error {
	return b.flagAddresses([]string{addr}, reason, outboxID, now)
}

// InvoiceCustomers finds which of the candidate numbers are invoices, each
// with its customer and the last emailed letter about it (one query).
func (s *Store) InvoiceCustomers(ctx context.Context, numbers []string) (map[string]LetterRef, error) {
	out := map[string]LetterRef{}
	if len(numbers) == 0 {
		return out, nil
	}
	js, err := json.Marshal(numbers)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT i.number, c.id, c.code,
		coalesce((SELECT o.id FROM letter_invoices li JOIN outbox o ON o.letter_id = li.letter_id WHERE li.invoice_id = i.id ORDER BY o.id DESC LIMIT 1), 0),
		coalesce((SELECT o.message_id FROM letter_invoices li JOIN outbox o ON o.letter_id = li.letter_id WHERE li.invoice_id = i.id ORDER BY o.id DESC LIMIT 1), '')
		FROM (SELECT DISTINCT value FROM json_each(?1)) j JOIN invoices i ON i.number = j.value JOIN customers c ON c.id = i.customer_id`, string(js))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		var r LetterRef
		if err := rows.Scan(&n, &r.CustomerID, &r.CustomerCode, &r.OutboxID, &r.MessageID); err != nil {
			return nil, err
		}
		out[n] = r
	}
	return out, rows.Err()
}

// CustomersByEmail finds the customers the addresses belong to (lower-case
// keys; one query).
func (s *Store) CustomersByEmail(ctx context.Context, addrs []string) (map[string]LetterRef, error) {
	out := map[string]LetterRef{}
	if len(addrs) == 0 {
		return out, nil
	}
	js, err := json.Marshal(addrs)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT lower(e.address), c.id, c.code FROM (SELECT DISTINCT value FROM json_each(?1)) j
		JOIN customer_emails e ON e.address = j.value COLLATE NOCASE JOIN customers c ON c.id = e.customer_id ORDER BY c.id DESC`, string(js))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var a string
		var r LetterRef
		if err := rows.Scan(&a, &r.CustomerID, &r.CustomerCode); err != nil {
			return nil, err
		}
		out[a] = r // the lowest id wins (rows come highest first)
	}
	return out, rows.Err()
}

// Response reads one recorded message.
func (s *Store) Response(ctx context.Context, id int64) (Inbound, error) {
	list, err := s.Responses(ctx, ResponseFilter{All: true})
	if err != nil {
		return Inbound{}, err
	}
	for _, m := range list {
		if m.ID == id {
			return m, nil
		}
	}
	return Inbound{}, ErrNotFound
}

// UnpaidInvoicesOf lists the invoice numbers a letter covered that are not
// settled on day; with letterID 0, every unpaid invoice of the customer.
func (s *Store) UnpaidInvoicesOf(ctx context.Context, letterID, customerID int64, day string) ([]string, error) {
	q := `SELECT i.number FROM letter_invoices li JOIN invoices i ON i.id = li.invoice_id
		WHERE li.letter_id = ?1 AND (i.settled_on IS NULL OR i.settled_on > ?2) ORDER BY i.number`
	arg := letterID
	if letterID == 0 {
		q = `SELECT i.number FROM invoices i WHERE i.customer_id = ?1 AND (i.settled_on IS NULL OR i.settled_on > ?2) ORDER BY i.number`
		arg = customerID
	}
	rows, err := s.db.QueryContext(ctx, q, arg, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// OutboxLetter is the dunning letter an outbox item recorded (0: none).
func (s *Store) OutboxLetter(ctx context.Context, outboxID int64) (int64, error) {
	var id sql.NullInt64
	err := s.db.QueryRowContext(ctx, `SELECT letter_id FROM outbox WHERE id = ?`, outboxID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id.Int64, err
}
