package outbox

import (
	"context"
	"errors"
	"fmt"
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
	Kind         ledger.LetterKind
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
		return nil, core.NoAccount()
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
	unknown, err := s.St.Outbox(ctx, store.OutboxFilter{States: []ledger.OutboxState{store.OutboxUnknown}})
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
		if a.Channel == ledger.ChannelEmail && (o.Limit <= 0 || len(out) < o.Limit) {
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
			if _, err := b.Enqueue(ctx, it, now); err != nil {
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
