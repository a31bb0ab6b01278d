package mail

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/relance-app/relance/internal/i18n"
)

// ErrSignInAgain means the account's grant is gone: never made, revoked,
// expired, or refused by the provider. Only the owner signing in again
// mends it; nothing is retried in a loop and queued letters stay queued.
var ErrSignInAgain = errors.New("sign in again")

// SignInError is ErrSignInAgain with the provider and the reason the
// provider gave (its error code, never a token), said in words.
type SignInError struct {
	Provider string // as the owner knows it: "Microsoft", "Google", a host
	Reason   string // e.g. "invalid_grant", "no grant stored"
}

func (e *SignInError) Error() string { return e.In(i18n.EN) }

// In says it in l.
func (e *SignInError) In(l i18n.Lang) string {
	return i18n.T(l, "mail.signin_again", e.Provider) + " (" + e.Reason + ")"
}

// Is makes errors.Is(err, ErrSignInAgain) true.
func (e *SignInError) Is(target error) bool { return target == ErrSignInAgain }

// GrantStore keeps refresh tokens: the OS keyring (KeyringGrants), or
// memory for one run where the machine has none.
type GrantStore interface {
	LoadGrant(key string) (string, error) // ErrNoPassword when none is kept
	StoreGrant(key, refresh string) error
	ForgetGrant(key string) error
}

// GrantKey names the account's grant in the keyring:
// "oauth2:provider:user".
func GrantKey(a Account) string { return "oauth2:" + a.OAuth.Provider + ":" + a.SMTPLogin() }

// KeyringGrants keeps grants in the OS keyring, beside the passwords.
type KeyringGrants struct{}

// LoadGrant reads a refresh token.
func (KeyringGrants) LoadGrant(key string) (string, error) { return LoadPassword(key) }

// StoreGrant keeps a refresh token.
func (KeyringGrants) StoreGrant(key, refresh string) error { return StorePassword(key, refresh) }

// ForgetGrant removes a refresh token.
func (KeyringGrants) ForgetGrant(key string) error { return ForgetPassword(key) }

// MemoryGrants keeps grants for this run only (no keyring on the machine).
type MemoryGrants struct {
	mu sync.Mutex
	m  map[string]string
}

// LoadGrant reads a refresh token.
func (g *MemoryGrants) LoadGrant(key string) (string, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if v, ok := g.m[key]; ok {
		return v, nil
	}
	return "", ErrNoPassword
}

// StoreGrant keeps a refresh token.
func (g *MemoryGrants) StoreGrant(key, refresh string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.m == nil {
		g.m = map[string]string{}
	}
	g.m[key] = refresh
	return nil
}

// ForgetGrant removes a refresh token.
func (g *MemoryGrants) ForgetGrant(key string) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.m, key)
	return nil
}

// RefreshEarly is how long before its expiry an access token is replaced:
// a batch of letters started with a token about to lapse would be refused
// half-way.
var RefreshEarly = 2 * time.Minute

// Tokens gives an account's access tokens from its grant: one kept in
// memory while it has more than RefreshEarly to live, else a new one from
// the provider (a rotated refresh token is stored back). Safe for
// concurrent use.
type Tokens struct {
	cfg      *oauth2.Config
	store    GrantStore
	key      string
	provider string
	now      func() time.Time

	mu  sync.Mutex
	tok *oauth2.Token
}

// NewTokens makes the token source of an OAuth2 account over store.
func NewTokens(a Account, store GrantStore) (*Tokens, error) {
	cfg, err := a.OAuthConfig()
	if err != nil {
		return nil, err
	}
	return &Tokens{cfg: cfg, store: store, key: GrantKey(a), provider: a.OAuth.ProviderName(), now: time.Now}, nil
}

// Adopt takes the token a sign-in gave: its refresh token is stored, its
// access token used until it nears expiry.
func (t *Tokens) Adopt(tok *oauth2.Token) error {
	if tok.RefreshToken == "" {
		return &SignInError{Provider: t.provider, Reason: "the provider gave no refresh token"}
	}
	if err := t.store.StoreGrant(t.key, tok.RefreshToken); err != nil {
		return err
	}
	t.mu.Lock()
	t.tok = tok
	t.mu.Unlock()
	return nil
}

// HasGrant reports whether a grant is kept (it may still have been
// revoked at the provider: only using it tells).
func (t *Tokens) HasGrant() (bool, error) {
	_, err := t.store.LoadGrant(t.key)
	if errors.Is(err, ErrNoPassword) {
		return false, nil
	}
	return err == nil, err
}

// Forget removes the grant (signing out).
func (t *Tokens) Forget() error {
	t.mu.Lock()
	t.tok = nil
	t.mu.Unlock()
	return t.store.ForgetGrant(t.key)
}

// Access is a valid access token.
func (t *Tokens) Access(ctx context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tok != nil && t.tok.AccessToken != "" && (t.tok.Expiry.IsZero() || t.tok.Expiry.Sub(t.now()) > RefreshEarly) {
		return t.tok.AccessToken, nil
	}
	return t.refresh(ctx)
}

// Renew gets a new access token even though the last one has not
// expired: the server refused it (revoked, or the clocks disagree).
func (t *Tokens) Renew(ctx context.Context) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.refresh(ctx)
}

// Expiry is when the access token in memory lapses (zero: none held).
func (t *Tokens) Expiry() time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tok == nil {
		return time.Time{}
	}
	return t.tok.Expiry
}

func (t *Tokens) refresh(ctx context.Context) (string, error) {
	rt, err := t.store.LoadGrant(t.key)
	if errors.Is(err, ErrNoPassword) {
		return "", &SignInError{Provider: t.provider, Reason: "no sign-in stored"}
	}
	if err != nil {
		return "", err
	}
	nt, err := t.cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: rt}).Token()
	if err != nil {
		return "", t.refreshErr(err)
	}
	if nt.RefreshToken != "" && nt.RefreshToken != rt {
		if err := t.store.StoreGrant(t.key, nt.RefreshToken); err != nil {
			return "", err
		}
	}
	t.tok = nt
	return nt.AccessToken, nil
}

// refreshErr: the provider's refusal of the grant asks for a new sign-in;
// anything else (the network) is an ordinary error, tried again later.
// Neither carries the provider's response body, where a token could be.
func (t *Tokens) refreshErr(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		code := re.ErrorCode
		if code == "" {
			code = fmt.Sprintf("HTTP %d", re.Response.StatusCode)
		}
		switch {
		case re.ErrorCode == "invalid_grant", re.ErrorCode == "interaction_required", re.ErrorCode == "consent_required",
			re.ErrorCode == "invalid_client", re.ErrorCode == "unauthorized_client",
			re.ErrorCode == "" && re.Response != nil && (re.Response.StatusCode == 400 || re.Response.StatusCode == 401):
			return &SignInError{Provider: t.provider, Reason: code}
		}
		return fmt.Errorf("%s token endpoint: %s", t.provider, code)
	}
	return fmt.Errorf("%s token endpoint: %w", t.provider, err)
}

// KeyringOrRun keeps grants in the OS keyring or, on a machine without
// one (a headless server, CI without a Secret Service), in memory for
// this run only: Volatile then says so, and nothing is written anywhere.
type KeyringOrRun struct {
	run      MemoryGrants
	mu       sync.Mutex
	volatile bool
}

// Volatile reports whether a grant was kept for this run only.
func (g *KeyringOrRun) Volatile() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.volatile
}

// LoadGrant reads the keyring, else this run's grant.
func (g *KeyringOrRun) LoadGrant(key string) (string, error) {
	v, err := LoadPassword(key)
	if errors.Is(err, ErrNoKeyring) {
		return g.run.LoadGrant(key)
	}
	return v, err
}

// StoreGrant writes the keyring, else keeps the grant for this run.
func (g *KeyringOrRun) StoreGrant(key, refresh string) error {
	err := StorePassword(key, refresh)
	if errors.Is(err, ErrNoKeyring) {
		g.mu.Lock()
		g.volatile = true
		g.mu.Unlock()
		return g.run.StoreGrant(key, refresh)
	}
	return err
}

// ForgetGrant removes the grant from both.
func (g *KeyringOrRun) ForgetGrant(key string) error {
	_ = g.run.ForgetGrant(key)
	if err := ForgetPassword(key); err != nil && !errors.Is(err, ErrNoKeyring) {
		return err
	}
	return nil
}
