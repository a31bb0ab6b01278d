package core

import (
	"context"
	"errors"
	"strings"

	"github.com/relance-app/relance/internal/mail"
)

// An OAuth2 account's Passwords answer access tokens, from the grant in
// the keyring (or, on a machine without one, kept for the run). The
// servers may refuse a token that has not expired yet (revoked, clocks
// apart): DialSMTP and DialIMAP then ask once for a new one with
// Renew(server), and never more, so a grant that is gone ends in one
// "sign in again" (mail.ErrSignInAgain) and the letters stay queued.

const renewSuffix = "+renew"

// Renew is the server name that asks an OAuth2 account's Passwords for a
// new access token rather than the one in memory.
func Renew(server string) string { return server + renewSuffix }

// TokenPasswords answers access tokens from t (Renew(server) forces a new
// one).
func TokenPasswords(ctx context.Context, t *mail.Tokens) Passwords {
	return func(server string) (string, error) {
		if strings.HasSuffix(server, renewSuffix) {
			return t.Renew(ctx)
		}
		return t.Access(ctx)
	}
}

// Grants is where the service keeps OAuth2 grants: the OS keyring, or
// for this run only on a machine without one.
var Grants mail.GrantStore = &mail.KeyringOrRun{}

// GrantsVolatile reports whether a grant of this run is kept in memory
// only (no keyring on the machine).
func GrantsVolatile() bool {
	v, ok := Grants.(interface{ Volatile() bool })
	return ok && v.Volatile()
}

// AccountTokens is the token source of an OAuth2 account over Grants.
func AccountTokens(a mail.Account) (*mail.Tokens, error) { return mail.NewTokens(a, Grants) }

// DialSMTP logs in to the account's SMTP server with the secret already
// read from pw; an OAuth2 token refused is renewed once.
func DialSMTP(ctx context.Context, a mail.Account, secret string, pw Passwords) (*mail.Conn, error) {
	c, err := mail.DialSMTP(ctx, a, secret)
	if err == nil || !renewable(a, err) {
		return c, err
	}
	fresh, rerr := pw(Renew("smtp"))
	if rerr != nil {
		return nil, rerr
	}
	return mail.DialSMTP(ctx, a, fresh)
}

// DialIMAP is DialSMTP's IMAP twin.
func DialIMAP(ctx context.Context, a mail.Account, secret string, pw Passwords) (*mail.IMAPConn, error) {
	c, err := mail.DialIMAP(ctx, a, secret)
	if err == nil || !renewable(a, err) {
		return c, err
	}
	fresh, rerr := pw(Renew("imap"))
	if rerr != nil {
		return nil, rerr
	}
	return mail.DialIMAP(ctx, a, fresh)
}

// renewable: an OAuth2 account's token refused at login (not a server
// that offers no OAuth2 at all: a new token would change nothing).
func renewable(a mail.Account, err error) bool {
	var ce *mail.ConnError
	return a.Auth == mail.AuthOAuth2 && errors.As(err, &ce) && ce.Stage == mail.StageAuth && !errors.Is(err, mail.ErrNoOAuthMech)
}
