package core

import (
	"context"
	"errors"

	"github.com/relance-app/relance/internal/mail"
)

// Passwords gives the account's passwords to the service when it needs
// them ("smtp" or "imap"); it is the caller's: the CLI reads the
// environment, standard input or the keyring, the GUI the keyring.
type Passwords func(server string) (string, error)

// ErrNoPassword means no password was given for a server.
var ErrNoPassword = errors.New("no password")

// KeyringPasswords reads the account's passwords from the OS keyring; an
// OAuth2 account's answers are access tokens from its grant there
// (TokenPasswords).
func KeyringPasswords(a mail.Account) Passwords {
	if a.Auth == mail.AuthOAuth2 {
		t, err := AccountTokens(a)
		if err != nil {
			return func(string) (string, error) { return "", UserErr("account.oauth_no_client", a.OAuth.ProviderName()) }
		}
		return TokenPasswords(context.Background(), t)
	}
	return func(server string) (string, error) {
		key := PasswordKey(a, server)
		pw, err := mail.LoadPassword(key)
		if errors.Is(err, mail.ErrNoPassword) {
			return "", ErrNoPassword
		}
		return pw, err
	}
}

// PasswordKey is where a server's password is kept in the keyring.
func PasswordKey(a mail.Account, server string) string {
	if server == "imap" {
		return mail.SecretKey("imap", a.IMAPLogin(), a.IMAPHost, a.IMAPPort)
	}
	return mail.SecretKey("smtp", a.SMTPLogin(), a.SMTPHost, a.SMTPPort)
}
