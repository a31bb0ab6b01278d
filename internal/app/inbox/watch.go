package inbox

import (
	"context"
	"time"

	"github.com/relance-app/relance/internal/app/core"
	rmail "github.com/relance-app/relance/internal/mail"
)

// WatchInbox syncs now, then again whenever new mail arrives: pushed by
// the server (IDLE on INBOX) where it can, else every poll interval;
// until ctx ends. Each sync's report goes to onSync. For the GUI while it
// is open, and `relancectl inbox sync --watch`.
func (s *Service) WatchInbox(ctx context.Context, pw core.Passwords, poll time.Duration, onSync func(*SyncReport, error)) error {
	acct, err := s.St.MailAccount(ctx)
	if err != nil {
		return err
	}
	// The password is read once (asked of the owner at most once); an
	// OAuth2 account's token is asked for each time, as it lapses within
	// the hour.
	p, err := pw("imap")
	if err != nil {
		return err
	}
	secret := func(server string) (string, error) {
		if acct.Auth == rmail.AuthOAuth2 {
			return pw(server)
		}
		return p, nil
	}
	for {
		if p, err = secret("imap"); err != nil {
			return err
		}
		rep, err := s.SyncInbox(ctx, secret, nil)
		onSync(rep, err)
		if ctx.Err() != nil {
			return nil
		}
		// Wait for news on a connection of its own (servers end an IDLE
		// after 30 minutes; it is renewed well before).
		waited := false
		if c, err := core.DialIMAP(ctx, acct, p, secret); err == nil {
			if c.CanIdle() {
				_, err = c.WaitForNew(ctx, "INBOX", min(poll, 25*time.Minute))
				waited = err == nil
			}
			c.Close()
		}
		if !waited {
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(poll):
			}
		}
		if ctx.Err() != nil {
			return nil
		}
	}
}
