package mail

import (
	"errors"
	"net/url"
	"os"
	"strings"

	"golang.org/x/oauth2"

	"github.com/relance-app/relance/internal/i18n"
)

// OAuth2 sign-in (Microsoft 365 / Outlook.com, Google, or a provider of
// the owner's own): the account names the provider and the application
// (client ID) registered with it; the grant (refresh token) lives in the
// keyring only (oauth_tokens.go), access tokens only in memory.

// AuthMethod is how the account signs in to its servers.
type AuthMethod string

// Sign-in methods.
const (
	AuthPassword AuthMethod = "password"
	AuthOAuth2   AuthMethod = "oauth2"
)

// OAuth2 providers.
const (
	ProviderMicrosoft = "microsoft"
	ProviderGoogle    = "google"
	// ProviderOther is an authorization server named by its URLs (a
	// business's own, the tests' local one).
	ProviderOther = "other"
)

// OAuthSettings are the account's OAuth2 settings: configuration, never
// a token. The project ships no client ID of its own (it has none
// registered): the owner's business registers an application with
// Microsoft Entra or Google Cloud and sets its ID here.
type OAuthSettings struct {
	Provider string // ProviderMicrosoft, ProviderGoogle, ProviderOther
	ClientID string
	// ClientSecret: Google's desktop-app clients come with one that Google
	// itself says is not treated as a secret (it ships inside every
	// installed copy); Microsoft's public clients have none.
	ClientSecret string
	Tenant       string // Microsoft: "common" when empty, else the organisation's tenant (ID or domain)
	AuthURL      string // ProviderOther: the authorization endpoint
	TokenURL     string // ProviderOther: the token endpoint
}

// Scopes the mail servers need, as the providers publish them.
var (
	microsoftScopes = []string{"https://outlook.office.com/IMAP.AccessAsUser.All", "https://outlook.office.com/SMTP.Send", "offline_access"}
	googleScopes    = []string{"https://mail.google.com/"}
)

// tenant is the Microsoft tenant signed in to.
func (o OAuthSettings) tenant() string {
	if t := strings.TrimSpace(o.Tenant); t != "" {
		return t
	}
	return "common"
}

// ProviderName is the provider as the owner knows it.
func (o OAuthSettings) ProviderName() string {
	switch o.Provider {
	case ProviderMicrosoft:
		return "Microsoft"
	case ProviderGoogle:
		return "Google"
	}
	if u, err := url.Parse(o.AuthURL); err == nil && u.Host != "" {
		return u.Host
	}
	return o.Provider
}

// ClientSecretKey names an application's client secret in the keyring,
// by its client ID alone (a provider chosen after the secret was set
// keeps it): the ledger never holds it, even Google's (which Google says
// is not a secret: our rule makes no such exception).
func ClientSecretKey(o OAuthSettings) string { return "oauth-client:" + o.ClientID }

// ClientSecret is the application's client secret: $RELANCE_OAUTH_CLIENT_SECRET
// (a machine without a keyring), else the keyring's; "" when neither has
// one (Microsoft's public clients have none).
func ClientSecret(o OAuthSettings) string {
	if v := os.Getenv("RELANCE_OAUTH_CLIENT_SECRET"); v != "" {
		return v
	}
	v, err := LoadPassword(ClientSecretKey(o))
	if err != nil {
		return ""
	}
	return v
}

// ErrNoClientID means the account names a provider but no application
// registered with it: the Sign in buttons stay hidden until one is set.
var ErrNoClientID = errors.New("no OAuth2 client ID set")

// OAuthConfig is the OAuth2 client of the account (no redirect URL: the
// sign-in sets its loopback one).
func (a Account) OAuthConfig() (*oauth2.Config, error) {
	o := a.OAuth
	if strings.TrimSpace(o.ClientID) == "" {
		return nil, ErrNoClientID
	}
	secret := o.ClientSecret
	if secret == "" {
		secret = ClientSecret(o)
	}
	cfg := &oauth2.Config{ClientID: o.ClientID, ClientSecret: secret}
	switch o.Provider {
	case ProviderMicrosoft:
		base := "https://login.microsoftonline.com/" + url.PathEscape(o.tenant()) + "/oauth2/v2.0/"
		cfg.Endpoint = oauth2.Endpoint{AuthURL: base + "authorize", TokenURL: base + "token",
			DeviceAuthURL: base + "devicecode", AuthStyle: oauth2.AuthStyleInParams}
		cfg.Scopes = microsoftScopes
	case ProviderGoogle:
		cfg.Endpoint = oauth2.Endpoint{AuthURL: "https://accounts.google.com/o/oauth2/v2/auth",
			TokenURL: "https://oauth2.googleapis.com/token", AuthStyle: oauth2.AuthStyleInParams}
		cfg.Scopes = googleScopes
	case ProviderOther:
		cfg.Endpoint = oauth2.Endpoint{AuthURL: o.AuthURL, TokenURL: o.TokenURL, AuthStyle: oauth2.AuthStyleInParams}
	default:
		return nil, errors.New("unknown OAuth2 provider " + o.Provider)
	}
	return cfg, nil
}

// CanDeviceSignIn reports whether the provider allows signing in from
// another device (a code typed at the provider's page): Microsoft does;
// Google does not allow its mail scope there (over SSH a Gmail owner uses
// an app password).
func (o OAuthSettings) CanDeviceSignIn() bool { return o.Provider == ProviderMicrosoft }

// checkOAuth finds OAuth2 settings that cannot work.
func (a Account) checkOAuth() []Problem {
	if a.Auth != AuthOAuth2 {
		return nil
	}
	var out []Problem
	add := func(key, msg string, args ...any) { out = append(out, Problem{key, i18n.M(msg, args...)}) }
	switch a.OAuth.Provider {
	case ProviderMicrosoft, ProviderGoogle:
	case ProviderOther:
		for _, f := range []struct{ key, v string }{{"oauth_auth_url", a.OAuth.AuthURL}, {"oauth_token_url", a.OAuth.TokenURL}} {
			if !secureURL(f.v) {
				add(f.key, "account.oauth_bad_url", f.v)
			}
		}
	default:
		add("oauth_provider", "account.oauth_no_provider")
	}
	return out
}

// secureURL: https, or http to this machine only (nothing crosses a
// network).
func secureURL(s string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return false
	}
	return u.Scheme == "https" || (u.Scheme == "http" && IsLoopback(u.Hostname()))
}
