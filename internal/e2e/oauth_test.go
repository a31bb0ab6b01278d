package e2e

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-smtp"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/mail"
)

// needKeyring skips (or, with RELANCE_REQUIRE_KEYRING=1 as on CI, fails)
// where the machine has no Secret Service for relancectl to keep the
// grant in between commands.
func needKeyring(t *testing.T) {
	t.Helper()
	key := "relance-e2e-probe-" + strconv.Itoa(os.Getpid())
	err := mail.StorePassword(key, "probe")
	if err == nil {
		mail.ForgetPassword(key)
		return
	}
	if os.Getenv("RELANCE_REQUIRE_KEYRING") == "1" {
		t.Fatalf("a keyring is required and there is none: %v (run under dbus-run-session with gnome-keyring-daemon --unlock)", err)
	}
	t.Skipf("no keyring (%v): run under dbus-run-session with gnome-keyring-daemon --unlock", err)
}

// oauthAccount turns a ledger's account to OAuth2 through the test's
// authorization server.
func oauthAccount(t *testing.T, s stack, db string, as *authServer) {
	t.Helper()
	if r := ctl(t, s, db, nil, "account", "set", "auth=oauth2", "oauth_provider=other", "oauth_client_id="+as.clientID,
		"oauth_auth_url="+as.base+"/authorize", "oauth_token_url="+as.base+"/token"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
}

// signIn runs relancectl account signin, plays the browser on the address
// it prints, and returns what it said.
func signIn(t *testing.T, s stack, db string) run {
	t.Helper()
	cmd := exec.Command(relancectl(t), "--db", db, "--lang", "en", "account", "signin")
	cmd.Env = append(os.Environ(), "RELANCE_NO_BROWSER=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var said strings.Builder
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sent := false
		for sc.Scan() {
			said.WriteString(sc.Text() + "\n")
			if u := strings.TrimSpace(sc.Text()); !sent && strings.HasPrefix(u, "http://127.0.0.1:") && strings.Contains(u, "/authorize?") {
				found <- u
				sent = true
			}
		}
		close(found)
	}()
	select {
	case u, ok := <-found:
		if !ok {
			cmd.Wait()
			t.Fatalf("account signin printed no authorize address: %s", said.String())
		}
		if page := follow(t, u); !strings.Contains(page, "Signed in") {
			t.Errorf("the page after the redirect: %q", page)
		}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("account signin printed nothing for 30 s")
	}
	err = cmd.Wait()
	r := run{out: out.String(), err: said.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	}
	return r
}

// TestOAuth2OverTheRealStack: the owner signs in through the loopback
// redirect (the authorize page followed as a browser would); a reminder
// goes out over SMTP with the access token (Postfix asking Dovecot, which
// asks the authorization server); the copy to self and a customer's reply
// are read over IMAP with the token; every relancectl run starts from the
// refresh token kept in the keyring; a revoked grant stops the next run
// with "sign in again" and its letter stays queued. No token appears in
// the ledger, the logs, the output or the outbox.
func TestOAuth2OverTheRealStack(t *testing.T) {
	s := mailStack(t)
	needKeyring(t)
	as := startAuthServer(t, s)
	const first = 275 // mailboxes of their own
	db := ledgerWith(t, s, first, 2, 600)
	oauthAccount(t, s, db, as)
	// smtp_user is set by ledgerWith: a signed-in account keeps it as the
	// login its tokens are for.
	if r := ctl(t, s, db, nil, "account", "show"); r.code != 0 || !strings.Contains(r.out, "Not signed in with 127.0.0.1:") {
		t.Fatalf("before signing in: %+v", r)
	}

	r := signIn(t, s, db)
	if r.code != 0 || !strings.Contains(r.out, "Signed in with 127.0.0.1:") {
		t.Fatalf("account signin: %+v", r)
	}
	if grants, _, refused := as.counts(); grants != 1 || len(refused) != 0 {
		t.Fatalf("the authorization server made %d grants, refused %q", grants, refused)
	}
	if r := ctl(t, s, db, nil, "account", "show", "--json"); r.code != 0 || !strings.Contains(r.out, `"signin": "signed-in"`) {
		t.Fatalf("account show after signing in: %+v", r)
	}

	// A letter over SMTP with the token (and no password anywhere: ctl's
	// RELANCE_*_PASSWORD are ignored by an OAuth2 account, so a wrong one
	// proves it).
	wrongPW := []string{"RELANCE_SMTP_PASSWORD=wrong", "RELANCE_IMAP_PASSWORD=wrong"}
	if r := ctl(t, s, db, wrongPW, "account", "test"); r.code != 0 || strings.Count(r.out, "logged in") != 2 {
		t.Fatalf("account test with the token: %+v", r)
	}
	if r := ctl(t, s, db, wrongPW, "send", "--as-of", "2025-07-20", "--limit", "1"); r.code != 0 {
		t.Fatalf("send with the token: %+v", r)
	}
	rows := outbox(t, s, db)
	if len(rows) != 1 || rows[0].State != "sent" {
		t.Fatalf("outbox after the send: %+v", rows)
	}
	letter := rows[0]
	cust := fmt.Sprintf("c%03d@%s", first, s.get("CUSTOMER_DOMAIN"))
	got := waitDelivered(t, func() []string { return maildirFiles(s, s.get("CUSTOMER_DOMAIN"), fmt.Sprintf("c%03d", first), "") },
		[]string{letter.MessageID})
	if got[letter.MessageID] != 1 {
		t.Fatalf("the letter reached %s %d times", cust, got[letter.MessageID])
	}

	// A reply, read over IMAP with the token.
	owner := s.get("MAIL_USER")
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	replyID := "e2e-oauth-reply." + run + "@customers.test"
	deliver(t, s, cust, cust, owner, "From: "+cust+"\nTo: "+owner+"\nSubject: Re: "+letter.Subject+
		"\nDate: "+time.Now().Format(time.RFC1123Z)+"\nMessage-ID: <"+replyID+">\nIn-Reply-To: <"+letter.MessageID+">"+
		"\nContent-Type: text/plain; charset=utf-8\n\nBonjour,\n\nJe réglerai la facture le 30/07/2025.\n")
	var matched bool
	for deadline := time.Now().Add(30 * time.Second); !matched && time.Now().Before(deadline); time.Sleep(300 * time.Millisecond) {
		if r := ctl(t, s, db, wrongPW, "inbox", "sync", "--json"); r.code != 0 {
			t.Fatalf("inbox sync with the token: %+v", r)
		}
		r := ctl(t, s, db, nil, "responses", "--json")
		matched = strings.Contains(r.out, replyID) && strings.Contains(r.out, `"in-reply-to"`)
	}
	if !matched {
		t.Fatal("the reply was not found over IMAP")
	}
	_, refreshes, refused := as.counts()
	// Each run signs in to the servers from the kept grant: one refresh
	// per run that needed mail (account test, send, each sync).
	if refreshes < 3 || len(refused) != 0 {
		t.Fatalf("%d refreshes, refused %q", refreshes, refused)
	}

	// The owner revokes the app's access: the next run says "sign in
	// again", once, and its letter stays queued.
	as.revokeAll()
	r = ctl(t, s, db, nil, "send", "--as-of", "2025-07-20", "--limit", "1")
	if r.code == 0 || !strings.Contains(r.err+r.out, "sign in again") || !strings.Contains(r.err+r.out, "relancectl account signin") {
		t.Fatalf("send after the revocation: %+v", r)
	}
	t.Logf("send after the revocation (exit %d): %s%s", r.code, r.out, r.err)
	if n := strings.Count(r.err+r.out, "sign in again"); n != 1 {
		t.Errorf("said %d times: %s", n, r.err+r.out)
	}
	rows = outbox(t, s, db)
	queued := 0
	for _, row := range rows {
		if row.Customer == fmt.Sprintf("K%03d", first+1) && row.State == "queued" {
			queued++
		}
	}
	if len(rows) != 2 || queued != 1 {
		t.Fatalf("after the revocation the second letter should wait, queued: %+v", rows)
	}
	if r := ctl(t, s, db, nil, "account", "show"); !strings.Contains(r.out, "Signed in with") {
		// The grant is still kept: only the provider knows it is revoked.
		t.Logf("account show after the revocation: %s", r.out)
	}

	// Signing in again sends the waiting letter.
	if r := signIn(t, s, db); r.code != 0 {
		t.Fatalf("signing in again: %+v", r)
	}
	if r := ctl(t, s, db, nil, "send", "--as-of", "2025-07-20", "--limit", "1"); r.code != 0 {
		t.Fatalf("send after signing in again: %+v", r)
	}
	for _, row := range outbox(t, s, db) {
		if row.State != "sent" {
			t.Errorf("after signing in again: %+v", row)
		}
	}

	noSecretsLeft(t, as, s, db)
}

// noSecretsLeft looks for every token the authorization server issued in
// the ledger file (and its WAL), the stack's logs and what relancectl says
// of the account and the outbox.
func noSecretsLeft(t *testing.T, as *authServer, s stack, db string) {
	t.Helper()
	as.mu.Lock()
	var secrets []string
	for tok := range as.access {
		secrets = append(secrets, tok)
	}
	for tok := range as.refresh {
		secrets = append(secrets, tok)
	}
	for c := range as.codes {
		secrets = append(secrets, c)
	}
	as.mu.Unlock()
	secrets = append(secrets, s.get("MAIL_PASSWORD"))
	files := []string{db, db + "-wal", filepath.Join(s.get("MAIL_DIR"), "log", "postfix.log"), filepath.Join(s.get("MAIL_DIR"), "log", "dovecot.log")}
	var texts []string
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil {
			texts = append(texts, string(b))
		}
	}
	for _, args := range [][]string{{"account", "show", "--json"}, {"account", "show"}, {"outbox", "--json"}, {"responses", "--json"}} {
		r := ctl(t, s, db, nil, args...)
		texts = append(texts, r.out, r.err)
	}
	if len(secrets) < 4 {
		t.Fatalf("only %d secrets to look for", len(secrets))
	}
	for _, sec := range secrets {
		for i, text := range texts {
			if strings.Contains(text, sec) {
				t.Errorf("a secret (%.6s…) is in text %d", sec, i)
			}
		}
	}
}

// TestOAuth2TokenLifecycle, in this process over the real servers: both
// mechanisms (XOAUTH2, OAUTHBEARER) are taken by Postfix and Dovecot; an
// access token the server stops accepting before its announced expiry is
// renewed once and the login goes through; a revoked grant ends in
// mail.ErrSignInAgain after exactly one attempt to renew.
func TestOAuth2TokenLifecycle(t *testing.T) {
	s := mailStack(t)
	as := startAuthServer(t, s)
	a := mail.DefaultAccount()
	a.SMTPHost, a.IMAPHost, a.TLSCA = "localhost", "localhost", s.get("MAIL_CA")
	a.SMTPPort, _ = strconv.Atoi(s.get("SMTP_STARTTLS_PORT"))
	a.IMAPPort, _ = strconv.Atoi(s.get("IMAPS_PORT"))
	a.SMTPSecurity, a.IMAPSecurity = mail.StartTLS, mail.TLS
	a.FromAddress, a.SMTPUser = s.get("MAIL_USER"), s.get("MAIL_USER")
	a.Auth = mail.AuthOAuth2
	a.OAuth = mail.OAuthSettings{Provider: mail.ProviderOther, ClientID: as.clientID, AuthURL: as.base + "/authorize", TokenURL: as.base + "/token"}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	tok, err := mail.SignIn(ctx, a, mail.SignInOptions{OpenBrowser: func(u string) error {
		go func() {
			if _, err := browse(u); err != nil {
				t.Error(err)
			}
		}()
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	grants := &mail.MemoryGrants{}
	tokens, err := mail.NewTokens(a, grants)
	if err != nil {
		t.Fatal(err)
	}
	if err := tokens.Adopt(tok); err != nil {
		t.Fatal(err)
	}
	access, err := tokens.Access(ctx)
	if err != nil || access != tok.AccessToken {
		t.Fatalf("the first access token should be the sign-in's: %v", err)
	}

	// Both SASL mechanisms, on both servers.
	pool := x509.NewCertPool()
	ca, _ := os.ReadFile(s.get("MAIL_CA"))
	pool.AppendCertsFromPEM(ca)
	tlsCfg := &tls.Config{RootCAs: pool, ServerName: "localhost"}
	for _, mech := range []string{mail.MechXOAuth2, mail.MechOAuthBearer} {
		client := func(host string, port int) interface {
			Start() (string, []byte, error)
			Next([]byte) ([]byte, error)
		} {
			if mech == mail.MechXOAuth2 {
				return mail.NewXOAuth2Client(a.SMTPUser, access)
			}
			return mail.NewOAuthBearerClient(a.SMTPUser, access, host, port)
		}
		c, err := smtp.DialStartTLS(fmt.Sprintf("localhost:%d", a.SMTPPort), tlsCfg)
		if err != nil {
			t.Fatal(err)
		}
		if ok, mechs := c.Extension("AUTH"); !ok || !strings.Contains(mechs, mech) {
			t.Errorf("Postfix does not offer %s: %q", mech, mechs)
		}
		if err := c.Auth(client("localhost", a.SMTPPort)); err != nil {
			t.Errorf("SMTP AUTH %s: %v", mech, err)
		}
		c.Close()
		ic, err := imapclient.DialTLS(fmt.Sprintf("localhost:%d", a.IMAPPort), &imapclient.Options{TLSConfig: tlsCfg})
		if err != nil {
			t.Fatal(err)
		}
		if err := ic.Authenticate(client("localhost", a.IMAPPort)); err != nil {
			t.Errorf("IMAP AUTHENTICATE %s: %v", mech, err)
		}
		ic.Close()
	}
	// Through the app's own dial (the mechanism it picks), timed.
	start := time.Now()
	if c, err := mail.DialSMTP(ctx, a, access); err != nil {
		t.Errorf("DialSMTP with the token: %v", err)
	} else {
		c.Close()
	}
	smtpOK := time.Since(start)
	start = time.Now()
	if c, err := mail.DialIMAP(ctx, a, access); err != nil {
		t.Errorf("DialIMAP with the token: %v", err)
	} else {
		c.Close()
	}
	imapOK := time.Since(start)
	// A wrong token is refused by both (the servers really ask).
	start = time.Now()
	if _, err := mail.DialSMTP(ctx, a, "at-not-issued"); !isAuth(err) {
		t.Errorf("SMTP with a token never issued: %v", err)
	}
	smtpBad := time.Since(start)
	start = time.Now()
	if _, err := mail.DialIMAP(ctx, a, "at-not-issued"); !isAuth(err) {
		t.Errorf("IMAP with a token never issued: %v", err)
	}
	t.Logf("connect + TLS + login with a token: SMTP %v, IMAP %v; refused: SMTP %v, IMAP %v",
		smtpOK.Round(time.Millisecond), imapOK.Round(time.Millisecond), smtpBad.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))

	// The server ends the token early: the login is refused once, the
	// token renewed once, the login goes through.
	as.expireAccess()
	pw := app.TokenPasswords(ctx, tokens)
	_, before, _ := as.counts()
	c, err := app.DialSMTP(ctx, a, access, pw)
	if err != nil {
		t.Fatalf("SMTP after the token's early end: %v", err)
	}
	c.Close()
	_, after, _ := as.counts()
	if after != before+1 {
		t.Errorf("%d refreshes for one refused token, want 1", after-before)
	}
	fresh, _ := tokens.Access(ctx)
	if fresh == access {
		t.Error("the renewed token is the refused one")
	}
	ic, err := app.DialIMAP(ctx, a, fresh, pw)
	if err != nil {
		t.Fatalf("IMAP with the renewed token: %v", err)
	}
	ic.Close()
	if _, after2, _ := as.counts(); after2 != after {
		t.Errorf("a valid token was renewed anyway (%d refreshes)", after2-after)
	}

	// Revoked: one refused login, one refused renewal, ErrSignInAgain.
	as.revokeAll()
	_, before, _ = as.counts()
	_, err = app.DialSMTP(ctx, a, fresh, pw)
	var se *mail.SignInError
	if !errors.Is(err, mail.ErrSignInAgain) || !errors.As(err, &se) {
		t.Fatalf("after revocation: %v, want ErrSignInAgain", err)
	}
	if strings.Contains(err.Error(), fresh) {
		t.Error("the error holds the token")
	}
	if _, after, refused := as.counts(); after != before || len(refused) == 0 || !strings.Contains(refused[len(refused)-1], "revoked") {
		t.Errorf("after revocation: %d refreshes, refused %q", after-before, refused)
	}
}

func isAuth(err error) bool {
	var ce *mail.ConnError
	return errors.As(err, &ce) && ce.Stage == mail.StageAuth
}
