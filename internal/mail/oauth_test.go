package mail

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"golang.org/x/oauth2"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/mail/mailtest"
)

// TestOAuthConfigProviders: the endpoints and scopes are the ones the
// providers publish (checked by hand: Microsoft identity platform v2.0,
// "Authenticate an IMAP, POP or SMTP connection using OAuth"; Google,
// "OAuth 2.0 for Mobile & Desktop Apps" and the Gmail IMAP/SMTP scope).
func TestOAuthConfigProviders(t *testing.T) {
	a := DefaultAccount()
	a.Auth = AuthOAuth2
	a.OAuth = OAuthSettings{Provider: ProviderMicrosoft}
	if _, err := a.OAuthConfig(); !errors.Is(err, ErrNoClientID) {
		t.Fatalf("no client ID: %v", err)
	}
	a.OAuth.ClientID = "00000000-1111-2222-3333-444444444444"
	cfg, err := a.OAuthConfig()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Endpoint.AuthURL != "https://login.microsoftonline.com/common/oauth2/v2.0/authorize" ||
		cfg.Endpoint.TokenURL != "https://login.microsoftonline.com/common/oauth2/v2.0/token" ||
		cfg.Endpoint.DeviceAuthURL != "https://login.microsoftonline.com/common/oauth2/v2.0/devicecode" {
		t.Errorf("Microsoft endpoints: %+v", cfg.Endpoint)
	}
	want := []string{"https://outlook.office.com/IMAP.AccessAsUser.All", "https://outlook.office.com/SMTP.Send", "offline_access"}
	if !reflect.DeepEqual(cfg.Scopes, want) || cfg.ClientSecret != "" {
		t.Errorf("Microsoft scopes %q, secret %q", cfg.Scopes, cfg.ClientSecret)
	}
	a.OAuth.Tenant = "contoso.onmicrosoft.com"
	if cfg, _ = a.OAuthConfig(); cfg.Endpoint.TokenURL != "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token" {
		t.Errorf("a business's tenant: %s", cfg.Endpoint.TokenURL)
	}
	a.OAuth = OAuthSettings{Provider: ProviderGoogle, ClientID: "1234-abc.apps.googleusercontent.com", ClientSecret: "GOCSPX-x"}
	cfg, _ = a.OAuthConfig()
	if cfg.Endpoint.AuthURL != "https://accounts.google.com/o/oauth2/v2/auth" || cfg.Endpoint.TokenURL != "https://oauth2.googleapis.com/token" ||
		!reflect.DeepEqual(cfg.Scopes, []string{"https://mail.google.com/"}) {
		t.Errorf("Google: %+v %q", cfg.Endpoint, cfg.Scopes)
	}
	if a.OAuth.CanDeviceSignIn() {
		t.Error("Google does not allow its mail scope in the device flow")
	}
	if _, err := DeviceSignIn(context.Background(), a, SignInOptions{}); !errors.Is(err, ErrNoDeviceSignIn) {
		t.Errorf("device sign-in with Google: %v", err)
	}

	// Settings that cannot work.
	a.OAuth = OAuthSettings{Provider: ProviderOther, ClientID: "x", AuthURL: "http://idp.example.com/authorize", TokenURL: "https://idp.example.com/token"}
	ps := a.Check()
	if len(ps) != 1 || ps[0].Key != "oauth_auth_url" {
		t.Errorf("plain http to another machine: %v", ps)
	}
	a.OAuth.AuthURL = "http://127.0.0.1:8080/authorize"
	if ps := a.Check(); len(ps) != 0 {
		t.Errorf("http to this machine is fine: %v", ps)
	}
	a.OAuth.Provider = ""
	if ps := a.Check(); len(ps) != 1 || ps[0].Key != "oauth_provider" {
		t.Errorf("no provider: %v", ps)
	}
}

// TestXOAuth2Message: the initial response is Google's documented example
// byte for byte (developers.google.com/gmail/imap/xoauth2-protocol).
func TestXOAuth2Message(t *testing.T) {
	mech, ir, err := NewXOAuth2Client("someuser@example.com", "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg").Start()
	const google = "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJoZG1semRHRXVZMjl0Q2cBAQ=="
	if err != nil || mech != "XOAUTH2" || base64.StdEncoding.EncodeToString(ir) != google {
		t.Errorf("%s %q %v", mech, base64.StdEncoding.EncodeToString(ir), err)
	}
	for _, c := range []struct {
		offered []string
		want    string
	}{{[]string{"PLAIN", "LOGIN", "XOAUTH2"}, "XOAUTH2"}, {[]string{"XOAUTH2", "OAUTHBEARER"}, "OAUTHBEARER"},
		{[]string{"plain", "oauthbearer"}, "OAUTHBEARER"}, {[]string{"PLAIN", "LOGIN"}, ""}} {
		if got := pickOAuthMech(c.offered); got != c.want {
			t.Errorf("%q: %q, want %q", c.offered, got, c.want)
		}
	}
}

// TestOAuthSMTPLogin: an OAuth2 account logs in with the token over the
// mechanism the server offers (XOAUTH2 alone, as Microsoft 365; both, as
// Google), never with PLAIN; a server offering neither is said so; and
// Microsoft's tenant refusals say what the administrator must enable.
func TestOAuthSMTPLogin(t *testing.T) {
	for _, mechs := range [][]string{{MechXOAuth2}, {MechXOAuth2, MechOAuthBearer}} {
		s, a := faultServer(t)
		s.Token, s.OAuthMechs = "at-good", mechs
		a.Auth = AuthOAuth2
		c, err := DialSMTP(context.Background(), a, "at-good")
		if err != nil {
			t.Fatalf("%q: %v", mechs, err)
		}
		c.Close()
		if got := s.AuthMechs(); len(got) != 1 || got[0] != pickOAuthMech(mechs) {
			t.Errorf("offered %q, used %q", mechs, got)
		}
		if _, err := DialSMTP(context.Background(), a, "at-bad"); !isStage(err, StageAuth) {
			t.Errorf("%q, a bad token: %v", mechs, err)
		}
	}
	s, a := faultServer(t) // PLAIN only
	a.Auth = AuthOAuth2
	_, err := DialSMTP(context.Background(), a, "at-good")
	if !errors.Is(err, ErrNoOAuthMech) || !strings.Contains(err.Error(), "offers no OAuth2 sign-in") {
		t.Errorf("a server without OAuth2: %v", err)
	}
	if len(s.AuthMechs()) != 0 {
		t.Errorf("the token went out over %q", s.AuthMechs())
	}

	for _, c := range []struct {
		code        int
		enh         smtp.EnhancedCode
		msg, en, fr string
	}{
		{535, smtp.EnhancedCode{5, 7, 139}, "Authentication unsuccessful, SmtpClientAuthentication is disabled for the Mailbox.",
			"Authenticated SMTP", "SMTP authentifié"},
		{550, smtp.EnhancedCode{5, 7, 30}, "Basic authentication is not supported for Client Submission",
			"sign in with Microsoft", "connectez-vous plutôt avec Microsoft"},
	} {
		s, a := faultServer(t)
		s.SetFaults(mailtestAuthErr(c.code, c.enh, c.msg))
		_, err := DialSMTP(context.Background(), a, s.Password)
		var ce *ConnError
		if !errors.As(err, &ce) || ce.Stage != StageAuth {
			t.Fatalf("%d: %v", c.code, err)
		}
		if en, fr := ce.In(i18n.EN), ce.In(i18n.FR); !strings.Contains(en, c.en) || !strings.Contains(fr, c.fr) || !strings.Contains(en, c.msg) {
			t.Errorf("%d %v:\n%s\n%s", c.code, c.enh, en, fr)
		}
	}
}

func isStage(err error, st Stage) bool {
	var ce *ConnError
	return errors.As(err, &ce) && ce.Stage == st
}

// tokenServer is a token endpoint that counts refreshes and can refuse.
type tokenServer struct {
	*httptest.Server
	mu        sync.Mutex
	refreshes int
	refuse    string // an OAuth2 error code to answer, "" to grant
	status    int    // with this HTTP status
	ttl       int
	next      int
}

func newTokenServer(t *testing.T) *tokenServer {
	ts := &tokenServer{ttl: 3600}
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		ts.mu.Lock()
		defer ts.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if ts.refuse != "" {
			w.WriteHeader(ts.status)
			// The body may carry anything: it must not reach an error.
			json.NewEncoder(w).Encode(map[string]string{"error": ts.refuse, "error_description": "refresh_token rt-SECRET is revoked"})
			return
		}
		if r.PostForm.Get("grant_type") == "refresh_token" {
			ts.refreshes++
		}
		ts.next++
		json.NewEncoder(w).Encode(map[string]any{"access_token": "at-" + string(rune('a'+ts.next)), "token_type": "Bearer",
			"expires_in": ts.ttl, "refresh_token": "rt-" + string(rune('a'+ts.next))})
	}))
	t.Cleanup(ts.Close)
	return ts
}

func otherAccount(authURL, tokenURL string) Account {
	a := DefaultAccount()
	a.FromAddress, a.Auth = "owner@relance.test", AuthOAuth2
	a.OAuth = OAuthSettings{Provider: ProviderOther, ClientID: "relance-unit", AuthURL: authURL, TokenURL: tokenURL}
	return a
}

// TestTokensRefresh: the token in memory is used while it has more than
// RefreshEarly to live, replaced before; Renew replaces it at once; a
// rotated refresh token is stored; a refused grant is ErrSignInAgain
// without the provider's words; a server error is not.
func TestTokensRefresh(t *testing.T) {
	ts := newTokenServer(t)
	a := otherAccount(ts.URL+"/authorize", ts.URL+"/token")
	grants := &MemoryGrants{}
	tk, err := NewTokens(a, grants)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tk.Access(context.Background()); !errors.Is(err, ErrSignInAgain) {
		t.Fatalf("no grant yet: %v", err)
	}
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	tk.now = func() time.Time { return now }
	if err := tk.Adopt(&oauth2.Token{AccessToken: "at-first", RefreshToken: "rt-first", Expiry: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if rt, _ := grants.LoadGrant(GrantKey(a)); rt != "rt-first" || GrantKey(a) != "oauth2:other:owner@relance.test" {
		t.Fatalf("kept %q under %q", rt, GrantKey(a))
	}
	if at, err := tk.Access(context.Background()); at != "at-first" || err != nil || ts.refreshes != 0 {
		t.Fatalf("a token with an hour to live: %q %v, %d refreshes", at, err, ts.refreshes)
	}
	now = now.Add(time.Hour - RefreshEarly + time.Second) // 1 min 59 s left
	at, err := tk.Access(context.Background())
	if err != nil || at == "at-first" || ts.refreshes != 1 {
		t.Fatalf("near expiry: %q %v, %d refreshes", at, err, ts.refreshes)
	}
	if rt, _ := grants.LoadGrant(GrantKey(a)); rt == "rt-first" {
		t.Error("the rotated refresh token was not stored")
	}
	// The server's clock: the expiry comes from expires_in, from now.
	now = time.Now()
	if at2, _ := tk.Access(context.Background()); at2 != at || ts.refreshes != 1 {
		t.Errorf("a fresh token was replaced (%d refreshes)", ts.refreshes)
	}
	if at3, err := tk.Renew(context.Background()); err != nil || at3 == at || ts.refreshes != 2 {
		t.Errorf("Renew: %q %v, %d refreshes", at3, err, ts.refreshes)
	}

	for _, c := range []struct {
		code   string
		status int
		again  bool
	}{{"invalid_grant", 400, true}, {"invalid_client", 401, true}, {"temporarily_unavailable", 503, false}} {
		ts.mu.Lock()
		ts.refuse, ts.status = c.code, c.status
		ts.mu.Unlock()
		_, err := tk.Renew(context.Background())
		if errors.Is(err, ErrSignInAgain) != c.again || err == nil {
			t.Errorf("%s: %v", c.code, err)
		}
		if strings.Contains(err.Error(), "SECRET") || !strings.Contains(err.Error(), c.code) {
			t.Errorf("%s: the error says %q", c.code, err)
		}
	}
	var se *SignInError
	ts.mu.Lock()
	ts.refuse, ts.status = "invalid_grant", 400
	ts.mu.Unlock()
	_, err = tk.Renew(context.Background())
	if !errors.As(err, &se) || !strings.Contains(se.In(i18n.FR), "reconnectez-vous") || !strings.Contains(se.In(i18n.EN), "sign in again") {
		t.Errorf("said: %v", err)
	}
}

// TestSignInLoopback: the authorize address asks for a code with PKCE
// S256 and a loopback redirect on a port of its own; an answer with
// another state is ignored; the code is exchanged with the verifier; the
// owner's refusal is ErrSignInRefused.
func TestSignInLoopback(t *testing.T) {
	var mu sync.Mutex
	challenges := map[string]string{} // code → challenge
	var exchanged url.Values
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		switch r.URL.Path {
		case "/authorize":
			q := r.URL.Query()
			if q.Get("code_challenge_method") != "S256" || q.Get("response_type") != "code" || q.Get("client_id") != "relance-unit" ||
				q.Get("login_hint") != "owner@relance.test" {
				http.Error(w, "bad request "+q.Encode(), 400)
				return
			}
			challenges["code-1"] = q.Get("code_challenge")
			http.Redirect(w, r, q.Get("redirect_uri")+"?code=code-1&state="+url.QueryEscape(q.Get("state")), http.StatusFound)
		case "/token":
			r.ParseForm()
			exchanged = r.PostForm
			sum := sha256.Sum256([]byte(r.PostForm.Get("code_verifier")))
			if base64.RawURLEncoding.EncodeToString(sum[:]) != challenges[r.PostForm.Get("code")] {
				w.WriteHeader(400)
				io.WriteString(w, `{"error":"invalid_grant"}`)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"access_token":"at-1","refresh_token":"rt-1","token_type":"Bearer","expires_in":3600}`)
		}
	}))
	defer srv.Close()
	a := otherAccount(srv.URL+"/authorize", srv.URL+"/token")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	var shown string
	pages := make(chan string, 2)
	browser := func(u string) error {
		go func() {
			au, _ := url.Parse(u)
			redirect := au.Query().Get("redirect_uri")
			// A stray request with another state is refused and ignored.
			if resp, err := http.Get(redirect + "?code=forged&state=other"); err == nil {
				resp.Body.Close()
				pages <- resp.Status
			}
			resp, err := http.Get(u)
			if err != nil {
				pages <- err.Error()
				return
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			pages <- string(b)
		}()
		return nil
	}
	tok, err := SignIn(ctx, a, SignInOptions{OpenBrowser: browser, Show: func(u, _ string) { shown = u }, Lang: i18n.FR})
	if err != nil {
		t.Fatal(err)
	}
	if tok.AccessToken != "at-1" || tok.RefreshToken != "rt-1" {
		t.Errorf("token %+v", tok)
	}
	if p := <-pages; !strings.HasPrefix(p, "400") {
		t.Errorf("a forged answer got %s", p)
	}
	if p := <-pages; !strings.Contains(p, "Connexion réussie") {
		t.Errorf("the page: %s", p)
	}
	au, _ := url.Parse(shown)
	redirect, _ := url.Parse(au.Query().Get("redirect_uri"))
	if redirect.Scheme != "http" || redirect.Hostname() != "127.0.0.1" || redirect.Port() == "" || redirect.Path != "/" {
		t.Errorf("redirect %s", redirect)
	}
	if exchanged.Get("redirect_uri") != redirect.String() || exchanged.Get("code") != "code-1" {
		t.Errorf("exchanged %v", exchanged)
	}

	// The owner declines at the provider's page.
	deny := func(u string) error {
		go func() {
			au, _ := url.Parse(u)
			if resp, err := http.Get(au.Query().Get("redirect_uri") + "?error=access_denied&state=" + url.QueryEscape(au.Query().Get("state"))); err == nil {
				resp.Body.Close()
			}
		}()
		return nil
	}
	if _, err := SignIn(ctx, a, SignInOptions{OpenBrowser: deny}); !errors.Is(err, ErrSignInRefused) {
		t.Errorf("declined: %v", err)
	}
}

func mailtestAuthErr(code int, enh smtp.EnhancedCode, msg string) mailtest.Faults {
	return mailtest.Faults{AuthErr: &smtp.SMTPError{Code: code, EnhancedCode: enh, Message: msg}}
}

// rewrite sends every request to a local server (the provider's address
// kept in the path), so Microsoft's real endpoints are exercised offline.
type rewrite struct{ to *url.URL }

func (r rewrite) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.URL.Scheme, req.URL.Host = r.to.Scheme, r.to.Host
	return http.DefaultTransport.RoundTrip(req)
}

// TestDeviceSignInMicrosoft: the device flow asks Microsoft's tenant
// endpoint for a code with the mail scopes, shows the page and the code,
// and polls until the owner has typed it.
func TestDeviceSignInMicrosoft(t *testing.T) {
	var mu sync.Mutex
	polls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/contoso.example/oauth2/v2.0/devicecode":
			if r.PostForm.Get("client_id") != "app-1" ||
				r.PostForm.Get("scope") != "https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/SMTP.Send offline_access" {
				w.WriteHeader(400)
				io.WriteString(w, `{"error":"invalid_scope"}`)
				return
			}
			io.WriteString(w, `{"device_code":"dc-1","user_code":"ABCD-EFGH","verification_uri":"https://microsoft.com/devicelogin","expires_in":900,"interval":1}`)
		case "/contoso.example/oauth2/v2.0/token":
			if r.PostForm.Get("device_code") != "dc-1" {
				w.WriteHeader(400)
				io.WriteString(w, `{"error":"invalid_grant"}`)
				return
			}
			if polls++; polls == 1 {
				w.WriteHeader(400)
				io.WriteString(w, `{"error":"authorization_pending"}`)
				return
			}
			io.WriteString(w, `{"access_token":"at-d","refresh_token":"rt-d","token_type":"Bearer","expires_in":3600}`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	to, _ := url.Parse(srv.URL)
	a := DefaultAccount()
	a.FromAddress, a.Auth = "owner@contoso.example", AuthOAuth2
	a.OAuth = OAuthSettings{Provider: ProviderMicrosoft, ClientID: "app-1", Tenant: "contoso.example"}
	var page, code string
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	tok, err := DeviceSignIn(ctx, a, SignInOptions{HTTPClient: &http.Client{Transport: rewrite{to}},
		Show: func(u, c string) { page, code = u, c }})
	if err != nil {
		t.Fatal(err)
	}
	if tok.RefreshToken != "rt-d" || page != "https://microsoft.com/devicelogin" || code != "ABCD-EFGH" || polls != 2 {
		t.Errorf("token %+v, shown %q %q, %d polls", tok, page, code, polls)
	}
}
