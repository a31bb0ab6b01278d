package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/mail"
)

// MailAccount reads the owner's mail account (never a password: there is
// none in the database).
func (s *Store) MailAccount(ctx context.Context) (mail.Account, error) {
	var a mail.Account
	var smtpSec, imapSec string
	err := s.db.QueryRowContext(ctx, `SELECT smtp_host, smtp_port, smtp_security, smtp_user, from_name, from_address, reply_to,
		bcc_self, imap_host, imap_port, imap_security, imap_user, sent_folder, tls_ca, tls_insecure, rate_per_minute, confirm_after,
		watch_folders, plus_tag, authserv_id
		FROM mail_account WHERE id = 1`).Scan(&a.SMTPHost, &a.SMTPPort, &smtpSec, &a.SMTPUser, &a.FromName, &a.FromAddress, &a.ReplyTo,
		&a.BCCSelf, &a.IMAPHost, &a.IMAPPort, &imapSec, &a.IMAPUser, &a.SentFolder, &a.TLSCA, &a.TLSInsecure, &a.RatePerMinute, &a.ConfirmAfter,
		&a.WatchFolders, &a.PlusTag, &a.AuthServID)
	if err != nil {
		return a, fmt.Errorf("read mail account: %w", err)
	}
	a.SMTPSecurity, a.IMAPSecurity = mail.Security(smtpSec), mail.Security(imapSec)
	return a, nil
}

// SetMailAccount replaces the mail account.
func (s *Store) SetMailAccount(ctx context.Context, a mail.Account) error {
	_, err := s.db.ExecContext(ctx, `UPDATE mail_account SET smtp_host = ?, smtp_port = ?, smtp_security = ?, smtp_user = ?,
		from_name = ?, from_address = ?, reply_to = ?, bcc_self = ?, imap_host = ?, imap_port = ?, imap_security = ?, imap_user = ?,
		sent_folder = ?, tls_ca = ?, tls_insecure = ?, rate_per_minute = ?, confirm_after = ?, watch_folders = ?, plus_tag = ?, authserv_id = ? WHERE id = 1`,
		a.SMTPHost, a.SMTPPort, string(a.SMTPSecurity), a.SMTPUser, a.FromName, a.FromAddress, a.ReplyTo, a.BCCSelf,
		a.IMAPHost, a.IMAPPort, string(a.IMAPSecurity), a.IMAPUser, a.SentFolder, a.TLSCA, a.TLSInsecure, a.RatePerMinute, a.ConfirmAfter,
		a.WatchFolders, a.PlusTag, a.AuthServID)
	if err != nil {
		return fmt.Errorf("save mail account: %w", err)
	}
	return nil
}

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

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func unstamp(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}

func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
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
func (b *Batch) Enqueue(it OutboxItem, now time.Time) (int64, error) {
	var letter any
	if it.LetterID != 0 {
		letter = it.LetterID
	}
	res, err := b.tx.ExecContext(b.ctx, `INSERT INTO outbox (letter_id, customer_id, kind, sender, recipients, subject, message_id,
		message, state, created_at, in_reply_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
		letter, it.CustomerID, it.Kind, it.Sender, joinRecipients(it.Recipients, it.Bcc), it.Subject, it.MessageID, it.Message, stamp(now), it.InReplyTo)
	if err != nil {
		return 0, fmt.Errorf("queue the letter to %s: %w", it.CustomerCode, err)
	}
	return res.LastInsertId()
}

const outboxColumns = `o.id, coalesce(o.letter_id, 0), o.customer_id, c.code, o.kind, o.sender, o.recipients, o.subject, o.message_id,
	o.state, o.attempts, o.next_attempt, o.sending_since, o.created_at, o.sent_at, o.last_error, o.refused, o.flagged, o.postal, o.in_reply_to`

func scanOutbox(sc interface{ Scan(...any) error }, withMessage bool) (OutboxItem, error) {
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
func (s *Store) Outbox(ctx context.Context, f OutboxFilter) ([]OutboxItem, error) {
	q := `SELECT ` + outboxColumns + ` FROM outbox o JOIN customers c ON c.id = o.customer_id`
	var args []any
	if len(f.States) > 0 {
		q += ` WHERE o.state IN (` + strings.TrimSuffix(strings.Repeat("?,", len(f.States)), ",") + `)`
		for _, st := range f.States {
			args = append(args, st)
		}
	}
	q += ` ORDER BY o.id`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
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
func (s *Store) OutboxMessage(ctx context.Context, id int64) (OutboxItem, error) {
	row := s.db.QueryRowContext(ctx, `SELECT `+outboxColumns+`, o.message FROM outbox o JOIN customers c ON c.id = o.customer_id WHERE o.id = ?`, id)
	it, err := scanOutbox(row, true)
	if errors.Is(err, sql.ErrNoRows) {
		return it, ErrNotFound
	}
	return it, err
}

// RecoverOutbox turns every item left in "sending" into "unknown": the
// process that was sending it is gone (the caller holds the outbox lock,
// so no other one is sending). It returns how many there were.
func (s *Store) RecoverOutbox(ctx context.Context) (int, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE outbox SET state = 'unknown',
		last_error = 'i18n:outbox.interrupted' WHERE state = 'sending'`)
	if err != nil {
		return 0, fmt.Errorf("recover outbox: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// DueOutbox lists the items to send now: queued, and temporary failures
// whose retry time has come, oldest first.
func (s *Store) DueOutbox(ctx context.Context, now time.Time, limit int) ([]OutboxItem, error) {
	q := `SELECT ` + outboxColumns + ` FROM outbox o JOIN customers c ON c.id = o.customer_id
		WHERE o.state = 'queued' OR (o.state = 'failed-temporary' AND o.next_attempt <= ?) ORDER BY o.id`
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := s.db.QueryContext(ctx, q, stamp(now))
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
func (s *Store) outboxMove(ctx context.Context, id int64, from []ledger.OutboxState, set string, args ...any) error {
	q := `UPDATE outbox SET ` + set + ` WHERE id = ? AND state IN (` + strings.TrimSuffix(strings.Repeat("?,", len(from)), ",") + `)`
	args = append(args, id)
	for _, f := range from {
		args = append(args, f)
	}
	res, err := s.db.ExecContext(ctx, q, args...)
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
func (s *Store) MarkSending(ctx context.Context, id int64, now time.Time) error {
	return s.outboxMove(ctx, id, []ledger.OutboxState{OutboxQueued, OutboxTemporary}, `state = 'sending', attempts = attempts + 1, sending_since = ?`, stamp(now))
}

// MarkSent records a message the server accepted (refused: recipients it
// refused for good while taking the others).
func (s *Store) MarkSent(ctx context.Context, id int64, at time.Time, refused []string, note string) error {
	return s.outboxMove(ctx, id, []ledger.OutboxState{OutboxSending, OutboxUnknown}, `state = 'sent', sent_at = ?, refused = ?, last_error = ?, flagged = 0`,
		stamp(at), strings.Join(refused, "\n"), note)
}

// MarkTemporary records a failure worth retrying from next.
func (s *Store) MarkTemporary(ctx context.Context, id int64, next time.Time, reason string) error {
	return s.outboxMove(ctx, id, []ledger.OutboxState{OutboxSending}, `state = 'failed-temporary', next_attempt = ?, last_error = ?`, stamp(next), reason)
}

// MarkPermanent records a failure no retry can mend: the letter is offered
// for postal print, the refused addresses flagged.
func (s *Store) MarkPermanent(ctx context.Context, id int64, refused []string, reason string, now time.Time) error {
	return s.InBatch(ctx, false, func(b *Batch) error {
		// A letter's first row refused by every address is offered for
		// print; a retry to one address (retry_of) is not offered itself:
		// its letter is, once no address of the first row was reached.
		res, err := b.tx.ExecContext(b.ctx, `UPDATE outbox SET state = 'failed-permanent', refused = ?, last_error = ?,
			postal = CASE WHEN retry_of IS NULL THEN 'offered' ELSE postal END
			WHERE id = ? AND state IN ('sending', 'failed-temporary', 'unknown')`, strings.Join(refused, "\n"), reason, id)
		if err != nil {
			return fmt.Errorf("outbox %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("outbox %d: not being sent", id)
		}
		if err := b.flagAddresses(refused, reason, id, now); err != nil {
			return err
		}
		var root sql.NullInt64
		if err := b.tx.QueryRowContext(b.ctx, `SELECT retry_of FROM outbox WHERE id = ?`, id).Scan(&root); err != nil || !root.Valid {
			return err
		}
		unreached, err := b.Unreached(root.Int64)
		if err != nil || !unreached {
			return err
		}
		return b.OfferForPrint(root.Int64, reason)
	})
}

func (b *Batch) flagAddresses(addrs []string, reason string, outboxID int64, now time.Time) error {
	for _, a := range addrs {
		if _, err := b.tx.ExecContext(b.ctx, `INSERT INTO email_flags (address, flagged_on, reason, outbox_id) VALUES (?, ?, ?, ?)
			ON CONFLICT (address) DO UPDATE SET flagged_on = excluded.flagged_on, reason = excluded.reason, outbox_id = excluded.outbox_id`,
			a, now.UTC().Format("2006-01-02"), reason, nullID(outboxID)); err != nil {
			return fmt.Errorf("flag %s: %w", a, err)
		}
	}
	return nil
}

// FlagAddresses records addresses refused for good outside a send (a
// partial refusal the server reported while taking the message).
func (s *Store) FlagAddresses(ctx context.Context, addrs []string, reason string, outboxID int64, now time.Time) error {
	return s.InBatch(ctx, false, func(b *Batch) error { return b.flagAddresses(addrs, reason, outboxID, now) })
}

// MarkUnknown records an attempt whose outcome was lost (the line dropped
// after the end of the message went out): only the mailbox can tell.
func (s *Store) MarkUnknown(ctx context.Context, id int64, refused []string, reason string) error {
	return s.outboxMove(ctx, id, []ledger.OutboxState{OutboxSending}, `state = 'unknown', refused = ?, last_error = ?`, strings.Join(refused, "\n"), reason)
}

// MarkUnknownFlagged leaves an unknown item for the owner: its fate cannot
// be settled from the mailbox, and it is never resent blindly.
func (s *Store) MarkUnknownFlagged(ctx context.Context, id int64, reason string) error {
	return s.outboxMove(ctx, id, []ledger.OutboxState{OutboxUnknown}, `flagged = 1, last_error = ?`, reason)
}

// RequeueUnknown puts an unknown item back in the queue: the mailbox shows
// it never left (or the owner says so).
func (s *Store) RequeueUnknown(ctx context.Context, id int64, reason string) error {
	return s.outboxMove(ctx, id, []ledger.OutboxState{OutboxUnknown}, `state = 'queued', flagged = 0, last_error = ?`, reason)
}

// EmailFlag is an address refused for good.
type EmailFlag struct {
	Address, FlaggedOn, Reason string
}

// EmailFlags lists the flagged addresses.
func (s *Store) EmailFlags(ctx context.Context) ([]EmailFlag, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT address, flagged_on, reason FROM email_flags ORDER BY address`)
	if err != nil {
		return nil, err
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

// UnflagAddress makes an address usable again (the owner corrected it).
func (s *Store) UnflagAddress(ctx context.Context, addr string) (bool, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM email_flags WHERE address = ?`, addr)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// PostalOffer is an emailed letter refused for good, offered for print.
type PostalOffer struct {
	OutboxID     int64
	Kind         ledger.LetterKind
	CustomerCode string
	Invoices     []string // those still unpaid on the day asked
}

// PostalOffers lists the letters offered for postal print, each with the
// invoices it covered that are still unpaid on day.
func (s *Store) PostalOffers(ctx context.Context, day string) ([]PostalOffer, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT o.id, o.kind, c.code, coalesce(i.number, '')
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
		var id int64
		var kind, code, number string
		if err := rows.Scan(&id, &kind, &code, &number); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].OutboxID != id {
			out = append(out, PostalOffer{OutboxID: id, Kind: ledger.LetterKind(kind), CustomerCode: code})
		}
		if number != "" {
			out[len(out)-1].Invoices = append(out[len(out)-1].Invoices, number)
		}
	}
	return out, rows.Err()
}

// SetPostal marks an offered letter printed, or withdraws the offer ("")
// when its invoices are paid; in the batch of the print run.
func (b *Batch) SetPostal(outboxID int64, state string) error {
	_, err := b.tx.ExecContext(b.ctx, `UPDATE outbox SET postal = ? WHERE id = ? AND postal = 'offered'`, state, outboxID)
	if err != nil {
		return fmt.Errorf("outbox %d: %w", outboxID, err)
	}
	return nil
}
