package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/mail/mailtest"
)

// TestTryAccountLoopsThroughTheMailboxAndSavesNothing: the setup's Test.
// With an in-process SMTP server whose deliveries the test files in an
// in-process IMAP inbox (what the provider does), the trial sends a
// message from the form's address to itself and finds it there by its
// Message-ID; the saved account is untouched. A message that never
// arrives, a wrong password and a setting refused are each said.
func TestTryAccountLoopsThroughTheMailboxAndSavesNothing(t *testing.T) {
	ctx := context.Background()
	svc, _, err := Create(ctx, filepath.Join(t.TempDir(), "t.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	ca, tlsCfg, err := mailtest.CA(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	smtpSrv, err := mailtest.Start(tlsCfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { smtpSrv.Close() })
	imapSrv, err := mailtest.StartIMAP("owner@fault.test", "imap-pass")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { imapSrv.Close() })
	pairs := map[string]string{"from_address": "owner@fault.test", "from_name": "Ateliers Bellecour",
		"smtp_host": "localhost", "smtp_port": fmt.Sprint(smtpSrv.Port), "smtp_user": smtpSrv.User, "tls_ca": ca,
		"imap_host": "127.0.0.1", "imap_port": fmt.Sprint(imapSrv.Port), "imap_security": "none", "imap_user": imapSrv.User}
	pw := func(server string) (string, error) {
		if server == "imap" {
			return imapSrv.Password, nil
		}
		return smtpSrv.Password, nil
	}
	// The provider: what the SMTP server takes reaches the inbox a moment
	// later.
	stop := make(chan struct{})
	stopped := false
	halt := func() {
		if !stopped {
			close(stop)
			stopped = true
		}
	}
	defer halt()
	go func() {
		filed := 0
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			if d := smtpSrv.Delivered(); len(d) > filed {
				imapSrv.Append("INBOX", d[filed].Data)
				filed++
			}
		}
	}()
	opts := TrialOptions{Wait: 5 * time.Second, Every: 50 * time.Millisecond}
	tr, err := svc.TryAccount(ctx, pairs, pw, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !tr.OK() || !tr.Found || len(tr.Checks) != 2 || tr.Checks[1].SentFolder != "Sent" {
		t.Fatalf("trial %+v", tr)
	}
	d := smtpSrv.Delivered()
	if len(d) != 1 || d[0].From != "owner@fault.test" || len(d[0].To) != 1 || d[0].To[0] != "owner@fault.test" ||
		!strings.Contains(string(d[0].Data), "Message-ID: <"+tr.MessageID+">") || !strings.Contains(string(d[0].Data), "Subject: Relance: test message") {
		t.Fatalf("delivered %+v", d)
	}
	if a, _ := svc.MailAccount(ctx); a.SMTPHost != "" || a.FromAddress != "" || a.IMAPHost != "" {
		t.Errorf("the trial saved the account: %+v", a)
	}

	// Sent, and not in the inbox (the wrong IMAP server): said, with the
	// address and the wait.
	halt()
	tr, err = svc.TryAccount(ctx, pairs, pw, TrialOptions{Wait: 300 * time.Millisecond, Every: 50 * time.Millisecond})
	var ue *core.UserError
	if err != nil || tr.OK() || tr.Found || !tr.Checks[0].OK || !errors.As(tr.Checks[1].Err, &ue) || ue.Msg.Key != "account.trial_not_found" {
		t.Fatalf("a message that never arrives: %+v, %v", tr, err)
	}

	// A wrong SMTP password: nothing sent, said as the server's refusal;
	// IMAP is still tried (its sign-in said apart).
	sent := len(smtpSrv.Delivered())
	tr, err = svc.TryAccount(ctx, pairs, func(server string) (string, error) {
		if server == "imap" {
			return imapSrv.Password, nil
		}
		return "wrong", nil
	}, opts)
	var ce *ConnError
	if err != nil || tr.OK() || tr.MessageID != "" || !errors.As(tr.Checks[0].Err, &ce) || !tr.Checks[1].OK || len(smtpSrv.Delivered()) != sent {
		t.Fatalf("a wrong password: %+v, %v", tr, err)
	}

	// A setting refused: the error names it; nothing is tried.
	bad := map[string]string{"from_address": "owner@fault.test", "smtp_host": "localhost", "smtp_port": "x"}
	conns := smtpSrv.Connections()
	if _, err := svc.TryAccount(ctx, bad, pw, opts); !errors.As(err, &ue) || !strings.Contains(err.Error(), "smtp_port") || smtpSrv.Connections() != conns {
		t.Fatalf("a bad port: %v", err)
	}
	// No address: the form is not yet an account.
	if _, err := svc.TryAccount(ctx, map[string]string{"from_name": "Ateliers Bellecour"}, pw, opts); !errors.As(err, &ue) || ue.Msg.Key != "send.no_account_form" {
		t.Fatalf("no address: %v", err)
	}
}
