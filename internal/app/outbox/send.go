package outbox

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/app/letters"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/store"
)

// The outbox's guarantee. Every emailed letter is written to the outbox
// (queued) in the transaction that records it in the dunning history,
// before anything is sent. An attempt is committed as "sending" before the
// first byte goes out. A process that dies there leaves "sending", which
// the next run turns into "unknown" (only one process sends at a time: a
// lock row in the ledger, sendlock.go). An unknown letter is never resent
// blindly: once the server has had time to deliver (ConfirmAfter), its
// Message-ID is looked for in the owner's mailbox, in the INBOX (the
// blind copy to self) and the Sent folder. Found: it was sent. Not found,
// and the account sends a blind copy to self: it never left, and is
// queued again with the same bytes. Without that copy nothing proves a
// letter did not leave, so it is flagged for the owner and not resent.
// So a letter is delivered exactly once when a copy reaches the owner's
// mailbox, and otherwise at most once, the doubt left to the owner.

// SendOptions choose a send run.
type SendOptions struct {
	AsOf      ledger.Date
	DryRun    bool // say what would be sent; change nothing
	Limit     int  // at most this many new letters queued (0: all the plan's)
	Passwords core.Passwords
	// Progress is told after each message (for a progress bar).
	Progress func(done, total int)
	// MaxWait is how long the run may wait at its end for letters whose
	// outcome was lost to become checkable (0: do not wait).
	MaxWait time.Duration
	// PerConnection caps the messages sent over one connection (0: no
	// cap), for servers that close long sessions; 1 opens a new connection
	// for each message (the comparison benchmark).
	PerConnection int
	// Only, when set, restricts the plan's letters to these customers
	// (the GUI's selection).
	Only map[string]bool
	// OutboxOnly delivers what is already queued (a campaign's notices)
	// and queues nothing from the plan.
	OutboxOnly bool
}

// PlannedEmail is a letter a run would queue.
type PlannedEmail struct {
	CustomerCode string
	Kind         string
	To           []string
	Subject      string
}

// SendReport says what a run did.
type SendReport struct {
	Planned       []PlannedEmail // dry run: the letters it would queue
	Queued        int            // new letters written to the outbox
	Sent          int
	Deferred      int // temporary failures, to retry
	Failed        int // refused for good: offered for postal print
	Unknown       int // outcome lost this run
	Confirmed     int // lost outcomes found in the mailbox: sent
	Requeued      int // lost outcomes not found: queued again
	Flagged       int // lost outcomes left to the owner
	Waiting       int // lost outcomes not yet checkable
	Problems      []letters.BatchProblem
	PaidMeanwhile []dunning.Skipped
	Cancelled     bool
	Stopped       error // why the run stopped before the end (the account refused, the server unreachable)
	Insecure      bool  // certificate checks were off
}

// PauseHook, when set, is called at each step of each message ("queued",
// "sending", "sent", "recorded") with the message's position in the run.
// It is a seam for the crash tests, which stop the process there; nothing
// else sets it.
var PauseHook func(step string, n int)

func pause(step string, n int) {
	if PauseHook != nil {
		PauseHook(step, n)
	}
}

// maxAttempts is how many temporary failures a letter goes through before
// it is given up and offered for postal print.
const maxAttempts = 12

// backoff is the wait after the n-th temporary failure: 1, 2, 4 … minutes,
// at most an hour.
func backoff(n int) time.Duration {
	d := time.Minute << min(max(n-1, 0), 6)
	return min(d, time.Hour)
}

// Send emails what the plan calls for on o.AsOf (postal letters are for
// print), then works through the outbox: letters queued, temporary
// failures whose time has come, lost outcomes now checkable.
func (s *Service) Send(ctx context.Context, o SendOptions) (*SendReport, error) {
	rep := &SendReport{}
	acct, err := s.St.MailAccount(ctx)
	if err != nil {
		return nil, err
	}
	if !acct.Configured() {
		return nil, core.UserErr("send.no_account")
	}
	rep.Insecure = acct.TLSInsecure
	if o.DryRun {
		return rep, s.planEmails(ctx, o, acct, rep)
	}
	// One run at a time per ledger (sendlock.go); ctx ends if the claim
	// is lost.
	lock, ctx, err := s.lockSending(ctx)
	if err != nil {
		return nil, err
	}
	defer lock.Unlock()
	if _, err := s.St.RecoverOutbox(ctx); err != nil {
		return nil, err
	}
	if err := s.settleUnknown(ctx, acct, o.Passwords, rep); err != nil {
		return rep, err
	}
	if !o.OutboxOnly {
		if err := s.queueEmails(ctx, o, acct, rep); err != nil {
			return rep, err
		}
	}
	if err := s.deliver(ctx, o, acct, rep); err != nil || rep.Cancelled {
		return rep, err
	}
	// Letters whose outcome was lost in this run can be settled once the
	// server has had its time, if that is soon enough to wait for.
	for rep.Stopped == nil && !rep.Cancelled && o.MaxWait > 0 {
		wait, ok, err := s.nextUnknownDue(ctx, acct)
		if err != nil || !ok || wait > o.MaxWait {
			break
		}
		select {
		case <-ctx.Done():
			rep.Cancelled = true
			return rep, nil
		case <-time.After(wait):
		}
		before := rep.Requeued
		if err := s.settleUnknown(ctx, acct, o.Passwords, rep); err != nil {
			return rep, err
		}
		if rep.Requeued > before {
			if err := s.deliver(ctx, o, acct, rep); err != nil {
				return rep, err
			}
		}
	}
	unknown, err := s.St.Outbox(ctx, store.OutboxFilter{States: []string{store.OutboxUnknown}})
	if err != nil {
		return rep, err
	}
	rep.Waiting = 0
	for _, u := range unknown {
		if !u.Flagged {
			rep.Waiting++
		}
	}
	return rep, nil
}

// nextUnknownDue is how long until the first unknown letter can be
// checked in the mailbox.
func (s *Service) nextUnknownDue(ctx context.Context, acct mail.Account) (time.Duration, bool, error) {
	us, err := s.St.Outbox(ctx, store.OutboxFilter{States: []string{store.OutboxUnknown}})
	if err != nil {
		return 0, false, err
	}
	first := time.Duration(-1)
	for _, u := range us {
		if u.Flagged {
			continue
		}
		d := time.Until(u.SendingSince.Add(time.Duration(acct.ConfirmAfter) * time.Second))
		if first < 0 || d < first {
			first = max(d, 0)
		}
	}
	return first, first >= 0, nil
}

// planEmails fills the report with what a run would queue.
func (s *Service) planEmails(ctx context.Context, o SendOptions, acct mail.Account, rep *SendReport) error {
	actions, err := s.emailActions(ctx, o)
	if err != nil {
		return err
	}
	now := s.Now()
	for _, a := range actions {
		it, err := s.emailLetter(ctx, a, acct, o.AsOf, now)
		var ue *core.UserError
		if errors.As(err, &ue) {
			rep.Problems = append(rep.Problems, letters.BatchProblem{CustomerCode: a.CustomerCode, Reason: err})
			continue
		}
		if err != nil {
			return err
		}
		rep.Planned = append(rep.Planned, PlannedEmail{CustomerCode: a.CustomerCode, Kind: a.Kind, To: it.Recipients, Subject: it.Subject})
	}
	return nil
}

func (s *Service) emailActions(ctx context.Context, o SendOptions) ([]dunning.Action, error) {
	plan, err := s.Plan(ctx, o.AsOf)
	if err != nil {
		return nil, err
	}
	var out []dunning.Action
	for _, a := range plan.Actions {
		if o.Only != nil && !o.Only[a.CustomerCode] {
			continue
		}
		if a.Channel == "email" && (o.Limit <= 0 || len(out) < o.Limit) {
			out = append(out, a)
		}
	}
	return out, nil
}

// queueEmails writes the plan's email letters to the outbox: checked again
// and recorded in the dunning history in the same transaction, so a letter
// is queued exactly when it is recorded.
func (s *Service) queueEmails(ctx context.Context, o SendOptions, acct mail.Account, rep *SendReport) error {
	actions, err := s.emailActions(ctx, o)
	if err != nil {
		return err
	}
	now := s.Now()
	var ok []dunning.Action
	for _, a := range actions {
		_, err := s.emailLetter(ctx, a, acct, o.AsOf, now)
		var ue *core.UserError
		if errors.As(err, &ue) {
			rep.Problems = append(rep.Problems, letters.BatchProblem{CustomerCode: a.CustomerCode, Reason: err})
			continue
		}
		if err != nil {
			return err
		}
		ok = append(ok, a)
	}
	if len(ok) == 0 {
		return nil
	}
	_, paid, err := s.Confirm(ctx, o.AsOf, ok, nil, "email", func(b *store.Batch, confirmed dunning.Plan, ids []int64, _ []dunning.Skipped) error {
		for i, a := range confirmed.Actions {
			// Made again from what is recorded: an invoice paid meanwhile
			// is gone from the letter.
			it, err := s.emailLetter(ctx, a, acct, o.AsOf, now)
			if err != nil {
				return fmt.Errorf("letter to %s: %w", a.CustomerCode, err)
			}
			it.LetterID = ids[i]
			if _, err := b.Enqueue(it, now); err != nil {
				return err
			}
			pause("queued", i+1)
		}
		rep.Queued += len(confirmed.Actions)
		return nil
	})
	rep.PaidMeanwhile = append(rep.PaidMeanwhile, paid...)
	return err
}

// deliver sends what is due over one connection (a new one only when the
// last was lost), at the account's pace, until done or cancelled.
func (s *Service) deliver(ctx context.Context, o SendOptions, acct mail.Account, rep *SendReport) error {
	due, err := s.St.DueOutbox(ctx, s.Now(), 0)
	if err != nil || len(due) == 0 {
		return err
	}
	var conn *mail.Conn
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	var interval time.Duration
	if acct.RatePerMinute > 0 {
		interval = time.Minute / time.Duration(acct.RatePerMinute)
	}
	var last time.Time
	redials, onConn := 0, 0
	for i, it := range due {
		if conn != nil && o.PerConnection > 0 && onConn >= o.PerConnection {
			conn.Close()
			conn, onConn = nil, 0
		}
		if ctx.Err() != nil {
			rep.Cancelled = true
			return nil
		}
		if interval > 0 && !last.IsZero() {
			select {
			case <-ctx.Done():
				rep.Cancelled = true
				return nil
			case <-time.After(time.Until(last.Add(interval))):
			}
		}
		if conn == nil || conn.Dead() {
			if conn != nil {
				conn.Close()
				conn = nil
				if redials++; redials > 3 {
					rep.Stopped = core.UserErr("send.line_unstable")
					return nil
				}
			}
			pw, err := o.Passwords("smtp")
			if err != nil {
				return err
			}
			if conn, err = mail.DialSMTP(ctx, acct, pw); err != nil {
				// Nothing was sent: the letters wait in the queue.
				rep.Stopped = err
				return nil
			}
			onConn = 0
		}
		onConn++
		full, err := s.St.OutboxMessage(ctx, it.ID)
		if err != nil {
			return err
		}
		if err := s.St.MarkSending(ctx, it.ID, s.Now()); err != nil {
			return err
		}
		pause("sending", i+1)
		last = time.Now()
		out := conn.Send(full.Sender, full.Recipients, full.Bcc, full.Message)
		pause("sent", i+1)
		// What happened is written even if the run is being cancelled.
		if err := s.record(context.WithoutCancel(ctx), acct, full, out, rep); err != nil {
			return err
		}
		pause("recorded", i+1)
		if o.Progress != nil {
			o.Progress(i+1, len(due))
		}
		if out.Class == mail.Fatal {
			rep.Stopped = out.Err
			return nil
		}
	}
	return nil
}

// record writes what became of one attempt.
func (s *Service) record(ctx context.Context, acct mail.Account, it store.OutboxItem, out mail.Outcome, rep *SendReport) error {
	now := s.Now()
	var refused []string // customer addresses refused for good
	for _, r := range out.Refused {
		if !r.Temporary && !strings.EqualFold(r.Address, acct.FromAddress) {
			refused = append(refused, r.Address)
		}
	}
	reason := ""
	if out.Err != nil {
		reason = out.Err.Error()
	}
	flagText := refusalText(out.Refused)
	if n, ok := noSMTPUTF8Note(out.Refused); ok {
		// Refused here, not by the server: said in the owner's language.
		flagText = n
		if out.Class == mail.Permanent {
			reason = n
		}
	}
	switch out.Class {
	case mail.Delivered:
		rep.Sent++
		if err := s.St.MarkSent(ctx, it.ID, now, refused, reason); err != nil {
			return err
		}
		if len(refused) > 0 {
			return s.St.FlagAddresses(ctx, refused, flagText, it.ID, now)
		}
		return nil
	case mail.Permanent:
		rep.Failed++
		return s.St.MarkPermanent(ctx, it.ID, refused, reason, now)
	case mail.Unknown:
		rep.Unknown++
		return s.St.MarkUnknown(ctx, it.ID, refused, reason)
	default: // Temporary, Fatal: the letter waits
		if it.Attempts+1 >= maxAttempts && out.Class == mail.Temporary {
			rep.Failed++
			return s.St.MarkPermanent(ctx, it.ID, nil, core.Note("outbox.gave_up", it.Attempts+1, reason), now)
		}
		rep.Deferred++
		next := now.Add(backoff(it.Attempts + 1))
		if out.Class == mail.Fatal {
			next = now // retried as soon as the owner has fixed the account
		}
		return s.St.MarkTemporary(ctx, it.ID, next, reason)
	}
}

// noSMTPUTF8Note is the note for the addresses refused because they need
// SMTPUTF8 and the server does not offer it, when every refusal for good
// is of that kind.
func noSMTPUTF8Note(rs []mail.Refusal) (string, bool) {
	var addrs []string
	for _, r := range rs {
		if r.Temporary {
			continue
		}
		if !r.NoSMTPUTF8 {
			return "", false
		}
		addrs = append(addrs, r.Address)
	}
	if len(addrs) == 0 {
		return "", false
	}
	return core.Note("send.no_smtputf8", strings.Join(addrs, ", ")), true
}

func refusalText(rs []mail.Refusal) string {
	var parts []string
	for _, r := range rs {
		if !r.Temporary {
			parts = append(parts, fmt.Sprintf("%d %s %s", r.Code, r.Enhanced, r.Text))
		}
	}
	return strings.Join(parts, "; ")
}

// settleUnknown looks for the letters whose outcome was lost, once the
// server has had time to deliver them, in the owner's mailbox.
func (s *Service) settleUnknown(ctx context.Context, acct mail.Account, pw core.Passwords, rep *SendReport) error {
	us, err := s.St.Outbox(ctx, store.OutboxFilter{States: []string{store.OutboxUnknown}})
	if err != nil {
		return err
	}
	now := s.Now()
	var due []store.OutboxItem
	for _, u := range us {
		if !u.Flagged && !now.Before(u.SendingSince.Add(time.Duration(acct.ConfirmAfter)*time.Second)) {
			due = append(due, u)
		}
	}
	if len(due) == 0 {
		return nil
	}
	flagAll := func(reason string) error {
		for _, u := range due {
			if err := s.St.MarkUnknownFlagged(ctx, u.ID, reason); err != nil {
				return err
			}
			rep.Flagged++
		}
		return nil
	}
	if !acct.IMAPConfigured() {
		return flagAll(core.Note("outbox.no_imap"))
	}
	p, err := pw("imap")
	if err != nil {
		return err
	}
	c, err := mail.DialIMAP(ctx, acct, p)
	if err != nil {
		// Not settled now; the next run tries again.
		rep.Stopped = err
		return nil
	}
	defer c.Close()
	sent, err := c.SentFolder(acct.SentFolder)
	if err != nil {
		return err
	}
	folders := []string{sent}
	if acct.BCCSelf {
		folders = append(folders, "INBOX")
	}
	ids := make([]string, len(due))
	for i, u := range due {
		ids[i] = u.MessageID
	}
	found, err := c.FindMessageIDs(folders, ids)
	if err != nil {
		return err
	}
	for _, u := range due {
		switch {
		case found[u.MessageID]:
			rep.Confirmed++
			rep.Sent++
			if err := s.St.MarkSent(ctx, u.ID, now, u.Refused, core.Note("outbox.found")); err != nil {
				return err
			}
		case acct.BCCSelf && len(u.Bcc) > 0:
			// Had the server taken it, the copy to self would be there.
			// (A retry to one address carries no copy to self: its fate
			// is left to the owner, never guessed.)
			rep.Requeued++
			if err := s.St.RequeueUnknown(ctx, u.ID, core.Note("outbox.not_found_requeued")); err != nil {
				return err
			}
		default:
			rep.Flagged++
			if err := s.St.MarkUnknownFlagged(ctx, u.ID, core.Note("outbox.not_found_flagged")); err != nil {
				return err
			}
		}
	}
	return nil
}

// Outbox lists the outbox.
func (s *Service) Outbox(ctx context.Context, f store.OutboxFilter) ([]store.OutboxItem, error) {
	return s.St.Outbox(ctx, f)
}

// OutboxResend queues again a letter whose outcome is unknown: the owner
// has checked that it did not leave.
func (s *Service) OutboxResend(ctx context.Context, id int64) error {
	it, err := s.St.OutboxMessage(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return core.UserErr("outbox.no_such", id)
	}
	if err != nil {
		return err
	}
	if it.State != store.OutboxUnknown {
		return core.UserErr("outbox.not_unknown", id, it.State)
	}
	return s.St.RequeueUnknown(ctx, id, core.Note("outbox.owner_resend"))
}

// OutboxMarkSent records a letter whose outcome is unknown as sent: the
// owner found it in their sent mail.
func (s *Service) OutboxMarkSent(ctx context.Context, id int64) error {
	it, err := s.St.OutboxMessage(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return core.UserErr("outbox.no_such", id)
	}
	if err != nil {
		return err
	}
	if it.State != store.OutboxUnknown {
		return core.UserErr("outbox.not_unknown", id, it.State)
	}
	return s.St.MarkSent(ctx, id, s.Now(), it.Refused, core.Note("outbox.owner_marked_sent"))
}
