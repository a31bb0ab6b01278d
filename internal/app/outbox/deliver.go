package outbox

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/store"
)

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
			if conn, err = core.DialSMTP(ctx, acct, pw, o.Passwords); err != nil {
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
