package e2e

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"sync"
	"testing"
	"time"
)

// authServer is a local OAuth2 authorization server for the end-to-end
// tests: the authorize endpoint (authorization code, PKCE S256 required,
// the redirect a loopback http://127.0.0.1:PORT/), the token endpoint
// (code exchange with the verifier checked; refresh, rotating the refresh
// token) and the introspection endpoint (RFC 7662) that the stack's
// Dovecot asks about every XOAUTH2 / OAUTHBEARER token. It listens where
// scripts/mailserver pointed Dovecot (RELANCE_TEST_OAUTH_PORT).
type authServer struct {
	t        testing.TB
	clientID string
	user     string // whom every sign-in signs in
	srv      *http.Server
	base     string

	mu        sync.Mutex
	codes     map[string]*authCode
	access    map[string]*accessToken
	refresh   map[string]int // refresh token → grant
	revoked   map[int]bool
	grants    int
	ttl       time.Duration // access tokens' life, as told to the client
	refreshes int           // refresh_token grants served
	refused   []string      // why requests were refused (PKCE, redirect, …)
}

type authCode struct {
	challenge, redirect string
	used                bool
}

type accessToken struct {
	grant   int
	expires time.Time // when introspection stops calling it active
}

// startAuthServer listens on the stack's OAuth2 port; the test fails if
// it is taken (another instance of this test).
func startAuthServer(t testing.TB, s stack) *authServer {
	t.Helper()
	port := s.get("OAUTH_PORT")
	if port == "" {
		// A stack started by an older scripts/mailserver.
		if os.Getenv("RELANCE_REQUIRE_MAILSERVER") == "1" {
			t.Fatal("the mail stack has no OAuth2 mode (RELANCE_TEST_OAUTH_PORT unset): scripts/mailserver up again")
		}
		t.Skip("the mail stack has no OAuth2 mode (RELANCE_TEST_OAUTH_PORT unset): scripts/mailserver up again")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		t.Fatalf("the authorization server's port: %v", err)
	}
	a := &authServer{t: t, clientID: s.get("OAUTH_CLIENT_ID"), user: s.get("MAIL_USER"), base: "http://127.0.0.1:" + port,
		codes: map[string]*authCode{}, access: map[string]*accessToken{}, refresh: map[string]int{}, revoked: map[int]bool{},
		ttl: time.Hour}
	mux := http.NewServeMux()
	mux.HandleFunc("/authorize", a.authorize)
	mux.HandleFunc("/token", a.token)
	mux.HandleFunc("/introspect", a.introspect)
	a.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go a.srv.Serve(ln)
	t.Cleanup(func() { a.srv.Close() })
	return a
}

func randToken(prefix string) string {
	b := make([]byte, 18)
	rand.Read(b)
	return prefix + base64.RawURLEncoding.EncodeToString(b)
}

func (a *authServer) refuse(w http.ResponseWriter, status int, code, why string) {
	a.mu.Lock()
	a.refused = append(a.refused, why)
	a.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": why})
}

// loopbackRedirect: http://127.0.0.1:PORT/ and nothing else (RFC 8252
// §7.3; a port of its own).
func loopbackRedirect(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return err
	}
	if u.Scheme != "http" || u.Hostname() != "127.0.0.1" || u.Port() == "" || u.RawQuery != "" || u.Fragment != "" {
		return errors.New("not a loopback redirect: " + s)
	}
	return nil
}

func (a *authServer) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	switch {
	case q.Get("response_type") != "code":
		a.refuse(w, 400, "unsupported_response_type", "response_type "+q.Get("response_type"))
		return
	case q.Get("client_id") != a.clientID:
		a.refuse(w, 400, "unauthorized_client", "client_id "+q.Get("client_id"))
		return
	case q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) != 43:
		a.refuse(w, 400, "invalid_request", "PKCE S256 missing")
		return
	case q.Get("state") == "":
		a.refuse(w, 400, "invalid_request", "no state")
		return
	case q.Get("login_hint") != "" && q.Get("login_hint") != a.user:
		a.refuse(w, 400, "invalid_request", "login_hint "+q.Get("login_hint"))
		return
	}
	if err := loopbackRedirect(q.Get("redirect_uri")); err != nil {
		a.refuse(w, 400, "invalid_request", err.Error())
		return
	}
	code := randToken("code-")
	a.mu.Lock()
	a.codes[code] = &authCode{challenge: q.Get("code_challenge"), redirect: q.Get("redirect_uri")}
	a.mu.Unlock()
	http.Redirect(w, r, q.Get("redirect_uri")+"?"+url.Values{"code": {code}, "state": {q.Get("state")}}.Encode(), http.StatusFound)
}

func (a *authServer) token(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.ParseForm() != nil {
		a.refuse(w, 400, "invalid_request", "not a form POST")
		return
	}
	f := r.PostForm
	if f.Get("client_id") != a.clientID {
		a.refuse(w, 401, "invalid_client", "client_id "+f.Get("client_id"))
		return
	}
	at, rt, status, code, why := a.grant(f)
	if why != "" {
		a.refuse(w, status, code, why)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"access_token": at, "token_type": "Bearer", "expires_in": int(a.ttl / time.Second),
		"refresh_token": rt})
}

// grant checks a token request and issues its tokens, or says why not.
func (a *authServer) grant(f url.Values) (at, rt string, status int, code, why string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var grant int
	switch f.Get("grant_type") {
	case "authorization_code":
		c := a.codes[f.Get("code")]
		sum := sha256.Sum256([]byte(f.Get("code_verifier")))
		switch {
		case c == nil || c.used:
			return "", "", 400, "invalid_grant", "unknown or used code"
		case base64.RawURLEncoding.EncodeToString(sum[:]) != c.challenge:
			return "", "", 400, "invalid_grant", "PKCE verifier does not match"
		case f.Get("redirect_uri") != c.redirect:
			return "", "", 400, "invalid_grant", "redirect_uri differs"
		}
		c.used = true
		a.grants++
		grant = a.grants
	case "refresh_token":
		g, ok := a.refresh[f.Get("refresh_token")]
		if !ok || a.revoked[g] {
			return "", "", 400, "invalid_grant", "refresh token revoked or unknown"
		}
		delete(a.refresh, f.Get("refresh_token")) // rotated: the old one is spent
		a.refreshes++
		grant = g
	default:
		return "", "", 400, "unsupported_grant_type", f.Get("grant_type")
	}
	at, rt = randToken("at-"), randToken("rt-")
	a.access[at] = &accessToken{grant: grant, expires: time.Now().Add(a.ttl)}
	a.refresh[rt] = grant
	return at, rt, 0, "", ""
}

// introspect answers Dovecot: active with the user's name, or not.
func (a *authServer) introspect(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.ParseForm() != nil {
		a.refuse(w, 400, "invalid_request", "introspection not a form POST")
		return
	}
	a.mu.Lock()
	tok := a.access[r.PostForm.Get("token")]
	active := tok != nil && time.Now().Before(tok.expires) && !a.revoked[tok.grant]
	a.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if !active {
		json.NewEncoder(w).Encode(map[string]any{"active": false})
		return
	}
	json.NewEncoder(w).Encode(map[string]any{"active": true, "username": a.user, "client_id": a.clientID})
}

// expireAccess ends every access token now, server side, while the
// client still believes them good for the hour: the next login is
// refused until the client renews.
func (a *authServer) expireAccess() {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, t := range a.access {
		t.expires = time.Now().Add(-time.Second)
	}
}

// revokeAll revokes every grant (the owner removed the app's access).
func (a *authServer) revokeAll() {
	a.mu.Lock()
	defer a.mu.Unlock()
	for g := 1; g <= a.grants; g++ {
		a.revoked[g] = true
	}
}

func (a *authServer) counts() (grants, refreshes int, refused []string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.grants, a.refreshes, append([]string(nil), a.refused...)
}

// follow plays the browser: it opens the authorize address and follows
// the redirect to the app's loopback listener, returning the page the
// app shows.
func follow(t testing.TB, authURL string) string {
	t.Helper()
	page, err := browse(authURL)
	if err != nil {
		t.Fatal(err)
	}
	return page
}

// browse is follow for a goroutine (no t.Fatal there).
func browse(authURL string) (string, error) {
	resp, err := http.Get(authURL)
	if err != nil {
		return "", fmt.Errorf("following the authorize address: %w", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != 200 {
		return "", fmt.Errorf("the sign-in ended on HTTP %d: %s", resp.StatusCode, b)
	}
	return string(b), nil
}
