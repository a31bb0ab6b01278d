package outbox

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/mail"
)

// A trial of the account as the setup form holds it, before anything is
// saved: the whole loop a letter and its reply take. A message to the
// owner's own address goes out over SMTP and is looked for in the inbox
// over IMAP. Signing in is not enough to know that letters arrive (a
// provider can take the login and refuse the sender), nor that replies
// will be read (the wrong IMAP server can be a working one).

// TrialOptions are a trial's settings.
type TrialOptions struct {
	// Lang is the test message's language.
	Lang i18n.Lang
	// Wait is how long the message is looked for in the inbox (0:
	// DefaultTrialWait); Every how often (0: one second).
	Wait, Every time.Duration
}

// DefaultTrialWait is how long a trial looks for its message in the
// inbox: the large providers deliver to the sender's own mailbox within
// seconds, a greylisting or scanning one can take longer.
const DefaultTrialWait = 60 * time.Second

// AccountTrial is what a trial found.
type AccountTrial struct {
	// Checks are the servers': "smtp" (signed in, the message taken),
	// then "imap" when the form names an IMAP server (signed in, the
	// message found in the inbox).
	Checks []AccountCheck
	// MessageID is the test message's (without brackets), "" when it
	// was not sent.
	MessageID string
	// Found: the message reached the inbox, after FoundAfter.
	Found      bool
	FoundAfter time.Duration
}

// OK reports whether every check passed.
func (t *AccountTrial) OK() bool {
	for _, c := range t.Checks {
		if !c.OK {
			return false
		}
	}
	return len(t.Checks) > 0
}

// TryAccount checks the saved account with pairs applied (SetAccount's
// keys and checks), saving nothing: it sends a test message to the From
// address and looks for it in the IMAP inbox. pw gives the passwords
// typed in the form; a server it has none for (core.ErrNoPassword) is
// looked up in the keyring under the tried account's servers and user
// names. A setting that is refused is an error; a server that fails is a
// failed check, said in words.
func (s *Service) TryAccount(ctx context.Context, pairs map[string]string, pw core.Passwords, o TrialOptions) (*AccountTrial, error) {
	a, err := s.St.MailAccount(ctx)
	if err != nil {
		return nil, err
	}
	if err := applySettings(&a, pairs); err != nil {
		return nil, err
	}
	if !a.Configured() {
		return nil, core.UserErr("send.no_account_form")
	}
	keyring := core.KeyringPasswords(a)
	password := func(server string) (string, error) {
		p, err := pw(server)
		if errors.Is(err, core.ErrNoPassword) {
			return keyring(server)
		}
		return p, err
	}
	if a.Auth == mail.AuthOAuth2 {
		// Access tokens from the grant: a password typed is not this
		// account's secret.
		password = keyring
	}
	t := &AccountTrial{}
	smtpCheck := AccountCheck{Server: "smtp", Insecure: a.TLSInsecure}
	smtpCheck.Err = s.trialSend(ctx, a, password, o, t)
	smtpCheck.OK = smtpCheck.Err == nil
	t.Checks = append(t.Checks, smtpCheck)
	if !a.IMAPConfigured() {
		return t, nil
	}
	imapCheck := AccountCheck{Server: "imap", Insecure: a.TLSInsecure}
	imapCheck.SentFolder, imapCheck.Err = s.trialFind(ctx, a, password, o, t)
	imapCheck.OK = imapCheck.Err == nil
	t.Checks = append(t.Checks, imapCheck)
	return t, nil
}

// trialSend sends the test message to the owner's own address.
func (s *Service) trialSend(ctx context.Context, a mail.Account, pw core.Passwords, o TrialOptions, t *AccountTrial) error {
	p, err := pw("smtp")
	if err != nil {
		return err
	}
	c, err := core.DialSMTP(ctx, a, p, pw)
	if err != nil {
		return err
	}
	defer c.Close()
	r, err := mail.Render(mail.Message{FromName: a.FromName, From: a.FromAddress, To: []string{a.FromAddress},
		Subject: i18n.T(o.Lang, "account.trial_subject"), Text: i18n.T(o.Lang, "account.trial_body"),
		MessageID: mail.NewMessageID(a.Domain()), Date: s.Now()})
	if err != nil {
		return fmt.Errorf("test message: %w", err)
	}
	out := c.Send(r.Sender, r.Recipients, nil, r.Raw)
	if out.Class != mail.Delivered || len(out.Refused) > 0 {
		return trialRefused(out)
	}
	t.MessageID = r.MessageID
	return nil
}

// trialRefused says why the server did not take the test message.
func trialRefused(out mail.Outcome) error {
	if len(out.Refused) > 0 {
		r := out.Refused[0]
		return &core.UserError{Msg: i18n.M("account.trial_refused", fmt.Sprintf("%d %s %s", r.Code, r.Enhanced, r.Text))}
	}
	return &core.UserError{Msg: i18n.M("account.trial_refused", fmt.Sprint(out.Err))}
}

// trialFind signs in to IMAP and looks for the test message in the inbox
// until it is there or the wait is over; it also names the Sent folder.
func (s *Service) trialFind(ctx context.Context, a mail.Account, pw core.Passwords, o TrialOptions, t *AccountTrial) (string, error) {
	p, err := pw("imap")
	if err != nil {
		return "", err
	}
	c, err := core.DialIMAP(ctx, a, p, pw)
	if err != nil {
		return "", err
	}
	defer c.Close()
	sent, err := c.SentFolder(a.SentFolder)
	if err != nil {
		return "", err
	}
	if t.MessageID == "" {
		// Nothing was sent: signing in is all IMAP can show.
		return sent, nil
	}
	wait, every := o.Wait, o.Every
	if wait <= 0 {
		wait = DefaultTrialWait
	}
	if every <= 0 {
		every = time.Second
	}
	start := time.Now()
	for {
		found, err := c.FindMessageIDs([]string{"INBOX"}, []string{t.MessageID})
		if err != nil {
			return sent, err
		}
		if found[t.MessageID] {
			t.Found, t.FoundAfter = true, time.Since(start)
			return sent, nil
		}
		if time.Since(start) >= wait {
			return sent, &core.UserError{Msg: i18n.M("account.trial_not_found", a.FromAddress, int(wait/time.Second))}
		}
		select {
		case <-ctx.Done():
			return sent, ctx.Err()
		case <-time.After(every):
		}
	}
}
