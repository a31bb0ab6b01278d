package mail

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"strconv"
	"time"

	"golang.org/x/oauth2"

	"github.com/relance-app/relance/internal/i18n"
)

// SignInOptions are a sign-in's seams.
type SignInOptions struct {
	// OpenBrowser opens the authorize page in the system browser; an
	// error (no browser) leaves the owner the printed address.
	OpenBrowser func(url string) error
	// Show tells the owner where to sign in: the authorize address (the
	// loopback flow), or the page and the code to type (the device flow).
	Show func(url, code string)
	Lang i18n.Lang // the page the browser lands on
	// HTTPClient, when set, talks to the provider's token endpoint (tests).
	HTTPClient *http.Client
}

func (o SignInOptions) ctx(ctx context.Context) context.Context {
	if o.HTTPClient != nil {
		return context.WithValue(ctx, oauth2.HTTPClient, o.HTTPClient)
	}
	return ctx
}

// ErrSignInRefused means the owner (or the provider) declined the
// sign-in at the provider's page.
var ErrSignInRefused = errors.New("the sign-in was declined")

// SignIn signs the account's owner in through the system browser: an
// authorization code with PKCE (S256), received on a loopback redirect
// (RFC 8252 §7.3: http://127.0.0.1 on a free port, for this one answer),
// exchanged for a grant. ctx bounds the wait for the owner.
func SignIn(ctx context.Context, a Account, o SignInOptions) (*oauth2.Token, error) {
	cfg, err := a.OAuthConfig()
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("loopback redirect: %w", err)
	}
	defer ln.Close()
	cfg.RedirectURL = "http://127.0.0.1:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port) + "/"
	verifier := oauth2.GenerateVerifier()
	state := randomState()
	opts := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(verifier)}
	if login := a.SMTPLogin(); login != "" {
		opts = append(opts, oauth2.SetAuthURLParam("login_hint", login))
	}
	if a.OAuth.Provider == ProviderGoogle {
		// Google gives a refresh token only when asked for offline access.
		opts = append(opts, oauth2.AccessTypeOffline, oauth2.SetAuthURLParam("prompt", "consent"))
	}
	authURL := cfg.AuthCodeURL(state, opts...)

	type answer struct {
		code string
		err  error
	}
	got := make(chan answer, 1)
	srv := &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if r.URL.Path != "/" || (q.Get("code") == "" && q.Get("error") == "") {
			http.NotFound(w, r)
			return
		}
		var ans answer
		switch {
		case q.Get("state") != state:
			// Not the answer to our request (another page, a replay): ignored.
			http.Error(w, "unexpected state", http.StatusBadRequest)
			return
		case q.Get("error") != "":
			ans.err = fmt.Errorf("%w: %s", ErrSignInRefused, q.Get("error"))
		default:
			ans.code = q.Get("code")
		}
		key := "mail.signin_page_done"
		if ans.err != nil {
			key = "mail.signin_page_failed"
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><meta charset=utf-8><title>Relance</title><p>%s</p>", html.EscapeString(i18n.T(o.Lang, key)))
		select {
		case got <- ans:
		default:
		}
	})}
	go srv.Serve(ln)
	defer func() {
		// Shutdown, not Close: the page the browser is being sent ends
		// whole before the listener goes.
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()

	if o.Show != nil {
		o.Show(authURL, "")
	}
	if o.OpenBrowser != nil {
		_ = o.OpenBrowser(authURL) // the printed address is there when it fails
	}
	var ans answer
	select {
	case ans = <-got:
	case <-ctx.Done():
		return nil, fmt.Errorf("sign-in: %w", ctx.Err())
	}
	if ans.err != nil {
		return nil, ans.err
	}
	tok, err := cfg.Exchange(o.ctx(ctx), ans.code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, exchangeErr(a, err)
	}
	return tok, nil
}

// DeviceSignIn signs in from another device (relancectl over SSH): the
// owner opens the provider's page anywhere and types the code shown.
// Microsoft only (CanDeviceSignIn).
func DeviceSignIn(ctx context.Context, a Account, o SignInOptions) (*oauth2.Token, error) {
	if !a.OAuth.CanDeviceSignIn() {
		return nil, ErrNoDeviceSignIn
	}
	cfg, err := a.OAuthConfig()
	if err != nil {
		return nil, err
	}
	ctx = o.ctx(ctx)
	da, err := cfg.DeviceAuth(ctx)
	if err != nil {
		return nil, exchangeErr(a, err)
	}
	if o.Show != nil {
		o.Show(da.VerificationURI, da.UserCode)
	}
	tok, err := cfg.DeviceAccessToken(ctx, da)
	if err != nil {
		return nil, exchangeErr(a, err)
	}
	return tok, nil
}

// ErrNoDeviceSignIn: the provider does not allow its mail scope in the
// device flow (Google): an app password is the way from a terminal.
var ErrNoDeviceSignIn = errors.New("this provider does not allow signing in from another device")

// exchangeErr says a failed code exchange without the response body.
func exchangeErr(a Account, err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		code := re.ErrorCode
		if code == "" && re.Response != nil {
			code = "HTTP " + strconv.Itoa(re.Response.StatusCode)
		}
		return fmt.Errorf("%s: %w: %s", a.OAuth.ProviderName(), ErrSignInRefused, code)
	}
	return fmt.Errorf("%s: %w", a.OAuth.ProviderName(), err)
}

func randomState() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
