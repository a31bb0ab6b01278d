package ui

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/zalando/go-keyring"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/mail/mailtest"
	"github.com/relance-app/relance/internal/store"
)

// mailStackEnv is the running mail stack's environment (mailtest.StackEnv).
func mailStackEnv(t *testing.T) map[string]string { return mailtest.StackEnv(t) }

// stackDNS answers the SRV look-ups of the stack's domain as its DNS
// would (RFC 6186: submissions and imaps on localhost) and nothing else:
// discovery reaches no real DNS.
type stackDNS struct {
	domain             string
	smtpPort, imapPort int
}

func (d stackDNS) LookupSRV(_ context.Context, service, proto, name string) (string, []*net.SRV, error) {
	if name == d.domain && proto == "tcp" {
		switch service {
		case "submissions":
			return "", []*net.SRV{{Target: "localhost.", Port: uint16(d.smtpPort)}}, nil
		case "imaps":
			return "", []*net.SRV{{Target: "localhost.", Port: uint16(d.imapPort)}}, nil
		}
	}
	return "", nil, &net.DNSError{Err: "no such host", Name: "_" + service + "._" + proto + "." + name, IsNotFound: true}
}

func (stackDNS) LookupMX(_ context.Context, name string) ([]*net.MX, error) {
	return nil, &net.DNSError{Err: "no such host", Name: name, IsNotFound: true}
}

// noNetwork refuses every connection discovery would open (the autoconfig
// requests, the guesses' probes).
func noNetwork(context.Context, string, string) (net.Conn, error) {
	return nil, errors.New("test: no network")
}

// inboxMessages lists the files of the owner's INBOX holding subject.
func inboxMessages(t *testing.T, env map[string]string, subject string) []string {
	t.Helper()
	user, domain, _ := strings.Cut(env["MAIL_USER"], "@")
	var out []string
	for _, sub := range []string{"new", "cur"} {
		dir := filepath.Join(env["MAILDIR_ROOT"], domain, user, "Maildir", sub)
		es, _ := os.ReadDir(dir)
		for _, e := range es {
			data, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err == nil && strings.Contains(string(data), subject) {
				out = append(out, e.Name())
			}
		}
	}
	return out
}

// TestMailSetupAgainstTheMailStack: the owner's way through Settings →
// Mail account on a new ledger, against the real Postfix and Dovecot:
// the address, Find settings (the domain's SRV records, from a DNS that
// answers in the test), the password, Test (a message to the owner's own
// address, sent over SMTP and found over IMAP, from what the form holds:
// nothing is saved yet), Save (it says so; the password is in the
// keyring, not the ledger). Laid out in a 1280×720 window, nothing is
// cut.
func TestMailSetupAgainstTheMailStack(t *testing.T) {
	env := mailStackEnv(t)
	keyring.MockInit() // the password goes to a keyring: never the machine's
	ctx := context.Background()
	smtpPort, _ := strconv.Atoi(env["SMTP_TLS_PORT"])
	imapPort, _ := strconv.Atoi(env["IMAPS_PORT"])
	user, domain, _ := strings.Cut(env["MAIL_USER"], "@")
	path := filepath.Join(t.TempDir(), "new.db")
	svc, _, err := app.Create(ctx, path, app.Options{Today: func() ledger.Date { return testDay },
		Discover: app.DiscoverOptions{Resolver: stackDNS{domain, smtpPort, imapPort}, Dial: noNetwork, Timeout: 2 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	u := newTestUI(t, svc, i18n.EN, nil)
	u.Win.Resize(fyne.NewSize(1280, 720))
	u.Show(ScreenSettings)
	u.Wait()
	s := u.settings.Mail
	if s == nil {
		t.Fatal("no mail setup in Settings")
	}
	s.Address.SetText(env["MAIL_USER"])
	s.Name.SetText("Ateliers Bellecour")
	test.Tap(s.Find)
	u.Wait()
	for _, want := range []string{domain, i18n.T(i18n.EN, "cli.detect_step_srv"), "localhost, port " + env["SMTP_TLS_PORT"], "localhost, port " + env["IMAPS_PORT"]} {
		if !strings.Contains(s.Found.Text, want) {
			t.Errorf("Find says %q, without %q", s.Found.Text, want)
		}
	}
	if s.Entries["smtp_host"].Text != "localhost" || s.Entries["smtp_port"].Text != env["SMTP_TLS_PORT"] ||
		s.Security["smtp_security"].Selected != i18n.T(i18n.EN, "ui.security_tls") ||
		s.Entries["imap_host"].Text != "localhost" || s.Entries["imap_port"].Text != env["IMAPS_PORT"] ||
		s.Security["imap_security"].Selected != i18n.T(i18n.EN, "ui.security_tls") {
		t.Fatalf("the form after Find: smtp %s:%s %s, imap %s:%s %s", s.Entries["smtp_host"].Text, s.Entries["smtp_port"].Text,
			s.Security["smtp_security"].Selected, s.Entries["imap_host"].Text, s.Entries["imap_port"].Text, s.Security["imap_security"].Selected)
	}
	if s.SignIn.Visible() || s.Hint.Text != i18n.T(i18n.EN, "ui.setup_hint_password") {
		t.Errorf("sign-in: button shown %v, hint %q", s.SignIn.Visible(), s.Hint.Text)
	}
	// The stack's certificates come from its own CA: the owner gives its
	// file under Advanced settings.
	s.Advanced.Open(0)
	s.Entries["tls_ca"].SetText(env["MAIL_CA"])
	subject := i18n.T(i18n.EN, "account.trial_subject")
	before := len(inboxMessages(t, env, subject))

	// A wrong password: Test says where it failed, and sends nothing.
	s.Password.SetText("not-" + env["MAIL_PASSWORD"])
	test.Tap(s.Test)
	u.Wait()
	t.Logf("wrong password:\n%s", s.Result.Text)
	if !strings.HasPrefix(s.Result.Text, "SMTP: ") || strings.Contains(s.Result.Text, env["MAIL_PASSWORD"]) {
		t.Errorf("Test with a wrong password says:\n%s", s.Result.Text)
	}
	if n := len(inboxMessages(t, env, subject)); n != before {
		t.Errorf("a test message was delivered with a wrong password")
	}

	s.Password.SetText(env["MAIL_PASSWORD"])
	test.Tap(s.Test)
	u.Wait()
	if !strings.Contains(s.Result.Text, i18n.T(i18n.EN, "ui.setup_test_sent", env["MAIL_USER"])) ||
		!strings.Contains(s.Result.Text, "the test message arrived in the inbox") {
		t.Fatalf("Test says:\n%s", s.Result.Text)
	}
	if n := len(inboxMessages(t, env, subject)); n != before+1 {
		t.Errorf("%d test messages in %s's inbox, want %d", n, user, before+1)
	}
	if a, _ := svc.MailAccount(ctx); a.SMTPHost != "" || a.FromAddress != "" {
		t.Errorf("Test saved the account: %+v", a)
	}

	// Nothing cut at 1280×720: the setup fits the screen's width (it
	// scrolls down), and so does the inline dialog.
	width := u.Win.Canvas().Size().Width * 0.84 // the navigation takes the rest
	if w := u.settings.Mail.Found.MinSize().Width; w > width {
		t.Errorf("the setup needs %.0f px, the screen has %.0f", w, width)
	}
	if sd := u.setupDialog(map[string]string{}, u.t("ui.setup_why_send"), nil); sd.d.MinSize().Width > 1280 || sd.d.MinSize().Height > 720 {
		t.Errorf("the setup dialog needs %v in 1280×720", sd.d.MinSize())
	} else {
		sd.d.Hide()
	}

	test.Tap(s.Save)
	u.Wait()
	if s.Result.Text != i18n.T(i18n.EN, "ui.setup_saved", env["MAIL_USER"]) {
		t.Errorf("Save says %q", s.Result.Text)
	}
	a, err := svc.MailAccount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if a.FromAddress != env["MAIL_USER"] || a.FromName != "Ateliers Bellecour" || a.SMTPHost != "localhost" || a.SMTPPort != smtpPort ||
		a.SMTPSecurity != app.SecurityTLS || a.IMAPHost != "localhost" || a.IMAPPort != imapPort || a.IMAPSecurity != app.SecurityTLS ||
		a.TLSCA != env["MAIL_CA"] || !a.BCCSelf {
		t.Errorf("saved %+v", a)
	}
	if p, err := app.KeyringPasswords(a)("smtp"); err != nil || p != env["MAIL_PASSWORD"] {
		t.Errorf("the keyring holds %v for SMTP", err)
	}
	// The password is nowhere in the ledger's file.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), env["MAIL_PASSWORD"]) || strings.Contains(texts(u.Content(ScreenSettings)), env["MAIL_PASSWORD"]) {
		t.Error("the password is in the ledger or on the screen")
	}
}

// TestSendReminderWithoutAccountSetsItUpInline: Send reminder on a ledger
// with no mail account opens the setup over the letter (it says why; no
// screen says to run a command); the owner gives the address, the
// server under Advanced settings and the password, and Save sends the
// letter at once: it reaches the server and the outbox says sent. Check
// the inbox then opens the setup for the IMAP server it lacks.
func TestSendReminderWithoutAccountSetsItUpInline(t *testing.T) {
	keyring.MockInit()
	svc, srv, ca := noAccountLedger(t)
	// A discovery that would reach nothing: the owner types the servers.
	u := newTestUI(t, svc, i18n.FR, nil)
	u.Show(ScreenInvoices)
	<-u.invoices.Opened()
	u.Wait()
	test.Tap(reminderButton(t, u.invoices, 0))
	u.Wait()
	r := u.lastReminder
	if r == nil || !r.ready {
		t.Fatal("no reminder dialog")
	}
	test.Tap(r.Send)
	u.Wait()
	sd := u.lastSetup
	if sd == nil {
		t.Fatal("Send without an account opened no setup")
	}
	shown := texts(u.Win.Canvas().Overlays().Top())
	if !strings.Contains(shown, i18n.T(i18n.FR, "ui.setup_why_send")) || strings.Contains(shown, "relancectl") {
		t.Errorf("the setup says:\n%s", shown)
	}
	if len(srv.Delivered()) != 0 {
		t.Fatal("sent before the account was set up")
	}
	sd.Address.SetText("owner@fault.test")
	sd.Advanced.Open(0)
	sd.Entries["smtp_host"].SetText("localhost")
	sd.Entries["smtp_port"].SetText(fmt.Sprint(srv.Port))
	sd.Entries["smtp_user"].SetText(srv.User)
	sd.Entries["tls_ca"].SetText(ca)
	sd.Password.SetText(srv.Password)
	test.Tap(sd.Save)
	u.Wait()
	if len(srv.Delivered()) != 1 {
		t.Fatalf("%d messages delivered after Save; the setup says %q", len(srv.Delivered()), sd.Result.Text)
	}
	items, _ := svc.Outbox(context.Background(), store.OutboxFilter{})
	if len(items) != 1 || items[0].State != store.OutboxSent {
		t.Fatalf("outbox %+v", items)
	}
	for _, o := range u.Win.Canvas().Overlays().List() {
		if o.Visible() && strings.Contains(texts(o), i18n.T(i18n.FR, "ui.setup_why_send")) {
			t.Error("the setup is still open after the send")
		}
	}

	// No IMAP server yet: Check the inbox opens the setup for it, over
	// the account as saved.
	u.lastSetup = nil
	u.syncInbox(nil)
	u.Wait()
	if u.lastSetup == nil || u.lastSetup.Address.Text != "owner@fault.test" ||
		!strings.Contains(texts(u.Win.Canvas().Overlays().Top()), i18n.T(i18n.FR, "ui.setup_why_inbox")) {
		t.Fatalf("Check the inbox without IMAP: %+v", u.lastSetup)
	}
}

// TestSetupSaysWhichPasswordTheProviderTakes: from the provider database
// alone (offline), a Gmail address is told that an app password is
// needed and where it is made (Google's page, as Google publishes it);
// without a client ID configured there is no Sign in button. An
// Outlook.com address is told that Microsoft takes no password and what
// its business must do. Hand-checked: Gmail is smtp.gmail.com, 465,
// SSL/TLS (support.google.com/mail/answer/7126229).
func TestSetupSaysWhichPasswordTheProviderTakes(t *testing.T) {
	ctx := context.Background()
	svc, _, err := app.Create(ctx, filepath.Join(t.TempDir(), "p.db"), app.Options{Today: func() ledger.Date { return testDay },
		Discover: app.DiscoverOptions{Offline: true}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	u := newTestUI(t, svc, i18n.EN, nil)
	u.Show(ScreenSettings)
	u.Wait()
	s := u.settings.Mail
	s.Address.SetText("jean.dupont@gmail.com")
	test.Tap(s.Find)
	u.Wait()
	if s.Entries["smtp_host"].Text != "smtp.gmail.com" || s.Entries["smtp_port"].Text != "465" || s.Security["smtp_security"].SelectedIndex() != 0 {
		t.Errorf("Gmail: %s:%s %s", s.Entries["smtp_host"].Text, s.Entries["smtp_port"].Text, s.Security["smtp_security"].Selected)
	}
	if !strings.Contains(s.Hint.Text, "app password") || !strings.Contains(s.Hint.Text, "2-Step Verification") {
		t.Errorf("Gmail hint: %q", s.Hint.Text)
	}
	if !s.AppPassword.Visible() || s.AppPassword.URL == nil || s.AppPassword.URL.String() != "https://myaccount.google.com/apppasswords" {
		t.Errorf("Gmail app password link: visible %v, %v", s.AppPassword.Visible(), s.AppPassword.URL)
	}
	if s.SignIn.Visible() {
		t.Error("a Sign in button without a client ID")
	}

	s.Address.SetText("jean.dupont@outlook.com")
	test.Tap(s.Find)
	u.Wait()
	if s.Entries["smtp_host"].Text != "smtp-mail.outlook.com" || s.Entries["smtp_port"].Text != "587" {
		t.Errorf("Outlook.com: %s:%s", s.Entries["smtp_host"].Text, s.Entries["smtp_port"].Text)
	}
	if s.AppPassword.Visible() || s.SignIn.Visible() || s.Hint.Text != i18n.T(i18n.EN, "ui.setup_hint_oauth_only", "Microsoft") {
		t.Errorf("Outlook.com: link %v, sign in %v, hint %q", s.AppPassword.Visible(), s.SignIn.Visible(), s.Hint.Text)
	}

	// Nothing found: said, and the servers are to be typed under
	// Advanced settings (opened).
	s.Address.SetText("jean@garage-dupont.test")
	test.Tap(s.Find)
	u.Wait()
	if !strings.Contains(s.Found.Text, "garage-dupont.test") || !strings.Contains(s.Found.Text, i18n.T(i18n.EN, "ui.setup_enter_servers")) ||
		!s.Advanced.Items[0].Open {
		t.Errorf("not found: %q, advanced open %v", s.Found.Text, s.Advanced.Items[0].Open)
	}
	if a, _ := svc.MailAccount(ctx); a.SMTPHost != "" {
		t.Errorf("Find saved %q", a.SMTPHost)
	}
}

// TestSignInWithTheProviderOnlyWithAClientID: once the business's client
// ID is set, a Gmail address found offers "Sign in with Google"; signing
// in saves the account as signed in with Google (the sign-in itself, the
// browser and the loopback redirect, is the service's: a seam here). The
// saved client secret is never shown nor overwritten by a Save. A grant
// that is gone opens the setup with the reason, the Sign in button, and
// the letters said to wait.
func TestSignInWithTheProviderOnlyWithAClientID(t *testing.T) {
	keyring.MockInit()
	ctx := context.Background()
	svc, _, err := app.Create(ctx, filepath.Join(t.TempDir(), "o.db"), app.Options{Today: func() ledger.Date { return testDay },
		Discover: app.DiscoverOptions{Offline: true}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	if _, err := svc.SetAccount(ctx, map[string]string{"oauth_client_id": "123-abc.apps.googleusercontent.com", "oauth_client_secret": "s3cret-of-the-app"}); err != nil {
		t.Fatal(err)
	}
	u := newTestUI(t, svc, i18n.EN, nil)
	var signedIn int
	u.signIn = func(ctx context.Context, _ i18n.Lang, show func(string)) error {
		signedIn++
		show("http://127.0.0.1:1/authorize")
		return nil
	}
	u.Show(ScreenSettings)
	u.Wait()
	s := u.settings.Mail
	if e := s.Secrets["oauth_client_secret"]; e == nil || e.Text != "" || strings.Contains(texts(u.Content(ScreenSettings)), "s3cret") {
		t.Fatalf("the client secret is shown: %v", e)
	}
	if sel := s.Choices["auth"]; sel == nil || sel.Selected != i18n.T(i18n.EN, "ui.choice.auth.password") {
		t.Fatalf("sign-in method: %v", sel)
	}
	s.Address.SetText("jean.dupont@gmail.com")
	test.Tap(s.Find)
	u.Wait()
	if !s.SignIn.Visible() || s.SignIn.Text != "Sign in with Google" || s.Hint.Text != i18n.T(i18n.EN, "ui.setup_hint_or_app_password", "Google") || !s.AppPassword.Visible() {
		t.Fatalf("with a client ID: button %v %q, hint %q", s.SignIn.Visible(), s.SignIn.Text, s.Hint.Text)
	}
	test.Tap(s.SignIn)
	u.Wait()
	a, err := svc.MailAccount(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The client secret stays in the keyring (by the client ID), never in the ledger.
	kept, _ := keyring.Get("Relance", "oauth-client:123-abc.apps.googleusercontent.com")
	if signedIn != 1 || a.Auth != app.AuthOAuth2 || a.OAuth.Provider != "google" || a.SMTPHost != "smtp.gmail.com" || a.OAuth.ClientSecret != "" ||
		kept != "s3cret-of-the-app" {
		t.Fatalf("signed in %d times; saved auth %q provider %q smtp %q secret in the ledger %q, kept %v", signedIn, a.Auth, a.OAuth.Provider,
			a.SMTPHost, a.OAuth.ClientSecret, kept == "s3cret-of-the-app")
	}
	if s.Result.Text != i18n.T(i18n.EN, "ui.setup_signed_in", "Google") {
		t.Errorf("after signing in: %q", s.Result.Text)
	}
	test.Tap(s.Save)
	u.Wait()
	kept, _ = keyring.Get("Relance", "oauth-client:123-abc.apps.googleusercontent.com")
	if a, _ := svc.MailAccount(ctx); kept != "s3cret-of-the-app" || a.OAuth.ClientSecret != "" || a.Auth != app.AuthOAuth2 {
		t.Errorf("Save changed the secret or the sign-in: %q", a.Auth)
	}

	// The grant is gone (revoked at Google): one message, one button.
	if !u.signInAgain(fmt.Errorf("smtp: %w", app.ErrSignInAgain)) {
		t.Fatal("ErrSignInAgain not recognised")
	}
	u.Wait()
	sd := u.lastSetup
	if sd == nil || !sd.SignIn.Visible() || sd.SignIn.Text != "Sign in with Google" ||
		!strings.Contains(texts(u.Win.Canvas().Overlays().Top()), i18n.T(i18n.EN, "ui.setup_letters_wait")) {
		t.Fatalf("sign in again: %+v", sd)
	}
	if u.signInAgain(errors.New("connection refused")) {
		t.Error("another error taken for a grant that is gone")
	}
}
