package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/mail/mailtest"
)

// idp is a small authorization server: codes for a PKCE challenge, tokens
// for the verifier; every access token is "at-cli" (the SMTP server's).
type idp struct {
	*httptest.Server
	mu         sync.Mutex
	challenge  map[string]string
	refreshes  int
	refreshTok []string // every refresh token issued
}

func newIdP(t *testing.T) *idp {
	p := &idp{challenge: map[string]string{}}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		defer p.mu.Unlock()
		switch r.URL.Path {
		case "/authorize":
			q := r.URL.Query()
			code := fmt.Sprintf("code-%d", len(p.challenge)+1)
			p.challenge[code] = q.Get("code_challenge")
			http.Redirect(w, r, q.Get("redirect_uri")+"?code="+code+"&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
		case "/token":
			r.ParseForm()
			f := r.PostForm
			if f.Get("grant_type") == "authorization_code" {
				sum := sha256.Sum256([]byte(f.Get("code_verifier")))
				if base64.RawURLEncoding.EncodeToString(sum[:]) != p.challenge[f.Get("code")] {
					w.WriteHeader(400)
					io.WriteString(w, `{"error":"invalid_grant"}`)
					return
				}
			} else {
				p.refreshes++
			}
			rt := fmt.Sprintf("rt-cli-%d", len(p.refreshTok)+1)
			p.refreshTok = append(p.refreshTok, rt)
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprintf(w, `{"access_token":"at-cli","token_type":"Bearer","expires_in":3600,"refresh_token":%q}`, rt)
		}
	}))
	t.Cleanup(p.Close)
	return p
}

// browserWatch is standard error that plays the browser: the first
// authorize address written to it is followed.
type browserWatch struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	done chan error
}

func (b *browserWatch) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Write(p)
	for _, line := range strings.Split(string(p), "\n") {
		if u := strings.TrimSpace(line); strings.Contains(u, "/authorize?") && b.done == nil {
			b.done = make(chan error, 1)
			go func() {
				resp, err := http.Get(u)
				if err == nil {
					resp.Body.Close()
				}
				b.done <- err
			}()
		}
	}
	return len(p), nil
}

func (b *browserWatch) String() string { b.mu.Lock(); defer b.mu.Unlock(); return b.buf.String() }

// runBrowsing runs relancectl in-process with a browser on standard error.
func runBrowsing(t *testing.T, day ledger.Date, args ...string) (result, bool) {
	t.Helper()
	var out bytes.Buffer
	errw := &browserWatch{}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	code := Run(ctx, args, Env{Stdout: &out, Stderr: errw, Stdin: strings.NewReader(""),
		Getenv: func(k string) string {
			switch k {
			case "RELANCE_LANG":
				return "en"
			case "RELANCE_NO_BROWSER":
				return "1"
			}
			return ""
		},
		Today: func() ledger.Date { return day }})
	errw.mu.Lock()
	browsed := errw.done != nil
	errw.mu.Unlock()
	return result{code, out.String(), errw.String()}, browsed
}

func oauthLedger(t *testing.T) (string, *mailtest.Server, *idp, ledger.Date) {
	t.Helper()
	db, srv, day := mailLedger(t)
	srv.Token, srv.OAuthMechs = "at-cli", []string{"XOAUTH2"}
	p := newIdP(t)
	if r := runAt(t, day, "--db", db, "account", "set", "auth=oauth2", "oauth_provider=other", "oauth_client_id=relance-cli",
		"oauth_auth_url="+p.URL+"/authorize", "oauth_token_url="+p.URL+"/token"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	return db, srv, p, day
}

// TestSignInThenSend: account signin follows the loopback redirect and
// keeps the grant in the keyring; send logs in with XOAUTH2 and the
// token; no token is in the ledger or the output.
func TestSignInThenSend(t *testing.T) {
	keyring.MockInit()
	db, srv, p, day := oauthLedger(t)
	if r := runAt(t, day, "--db", db, "account", "show"); !strings.Contains(r.stdout, "Not signed in with 127.0.0.1:") {
		t.Fatalf("before: %+v", r)
	}
	if r := runAt(t, day, "--db", db, "send"); r.code == 0 || !strings.Contains(r.stderr, "sign in again") {
		t.Fatalf("send before signing in: %+v", r)
	}
	if len(srv.Delivered()) != 0 {
		t.Fatal("sent without a sign-in")
	}
	r, browsed := runBrowsing(t, day, "--db", db, "account", "signin")
	if r.code != 0 || !browsed || !strings.Contains(r.stdout, "Signed in with 127.0.0.1:") || strings.Contains(r.stderr, "kept for this run only") {
		t.Fatalf("signin: %+v (browsed %v)", r, browsed)
	}
	if r := runAt(t, day, "--db", db, "account", "show", "--json"); !strings.Contains(r.stdout, `"signin": "signed-in"`) {
		t.Fatalf("after: %+v", r)
	}
	send := runAt(t, day, "--db", db, "send")
	if send.code != 0 || !strings.Contains(send.stdout, "sent 2") || len(srv.Delivered()) != 2 {
		t.Fatalf("send with the token: %+v", send)
	}
	if got := srv.AuthMechs(); len(got) == 0 || got[len(got)-1] != "XOAUTH2" {
		t.Errorf("mechanisms used: %q", got)
	}
	show := runAt(t, day, "--db", db, "account", "show", "--json")
	p.mu.Lock()
	secrets := append([]string{"at-cli"}, p.refreshTok...)
	p.mu.Unlock()
	for _, f := range []string{db, db + "-wal"} {
		data, _ := os.ReadFile(f)
		for _, s := range secrets {
			if bytes.Contains(data, []byte(s)) {
				t.Errorf("%s is in %s", s, filepath.Base(f))
			}
		}
	}
	for _, s := range secrets {
		if strings.Contains(r.stdout+r.stderr+send.stdout+send.stderr+show.stdout+show.stderr, s) {
			t.Errorf("%s was printed", s)
		}
	}
	if r := runAt(t, day, "--db", db, "account", "signout"); r.code != 0 {
		t.Fatalf("signout: %+v", r)
	}
	if r := runAt(t, day, "--db", db, "account", "show"); !strings.Contains(r.stdout, "Not signed in") {
		t.Errorf("after signout: %+v", r)
	}
}

// TestSignInWithoutKeyring: a machine without a keyring says so; send
// signs in for the run, sends, and stores nothing.
func TestSignInWithoutKeyring(t *testing.T) {
	keyring.MockInitWithError(errors.New("org.freedesktop.secrets was not provided by any .service files"))
	defer keyring.MockInit()
	db, srv, _, day := oauthLedger(t)
	if r := runAt(t, day, "--db", db, "account", "show", "--json"); !strings.Contains(r.stdout, `"signin": "no-keyring"`) {
		t.Fatalf("show: %+v", r)
	}
	r, browsed := runBrowsing(t, day, "--db", db, "send")
	if r.code != 0 || !browsed || !strings.Contains(r.stderr, "no keyring to keep a sign-in in") || !strings.Contains(r.stdout, "sent 2") {
		t.Fatalf("send without a keyring: %+v (browsed %v)", r, browsed)
	}
	if len(srv.Delivered()) != 2 {
		t.Fatalf("%d delivered", len(srv.Delivered()))
	}
	r, _ = runBrowsing(t, day, "--db", db, "account", "signin")
	if r.code != 0 || !strings.Contains(r.stderr, "kept for this run only") {
		t.Errorf("signin without a keyring: %+v", r)
	}
	// This process's memory (the in-process runs share it) is emptied.
	if r := runAt(t, day, "--db", db, "account", "signout"); r.code != 0 {
		t.Fatalf("signout: %+v", r)
	}
}
