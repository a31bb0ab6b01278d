package outbox

import (
	"context"
	"time"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/store"
)

// nextUnknownDue is how long until the first unknown letter can be
// checked in the mailbox.
func (s *Service) nextUnknownDue(ctx context.Context, acct mail.Account) (time.Duration, bool, error) {
	us, err := s.St.Outbox(ctx, store.OutboxFilter{States: []ledger.OutboxState{store.OutboxUnknown}})
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

// settleUnknown looks for the letters whose outcome was lost, once the
// server has had time to deliver them, in the owner's mailbox.
func (s *Service) settleUnknown(ctx context.Context, acct mail.Account, pw core.Passwords, rep *SendReport) error {
	us, err := s.St.Outbox(ctx, store.OutboxFilter{States: []ledger.OutboxState{store.OutboxUnknown}})
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
	c, err := core.DialIMAP(ctx, acct, p, pw)
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
