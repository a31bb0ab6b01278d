package outbox

import (
	"context"
	"errors"
	"strconv"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/mail/discover"
)

// DetectAccount finds address's servers and sign-in methods
// (discover.Detect with the service's Discover options: the snapshot of
// Thunderbird's provider database first, then the network). It saves
// nothing: ApplyDetected does, once the owner has seen the result. An
// address that is not one, or that nothing is found for, is a UserError;
// the result says the steps tried either way.
func (s *Service) DetectAccount(ctx context.Context, address string) (discover.Result, error) {
	r, err := discover.Detect(ctx, address, s.Discover)
	switch {
	case errors.Is(err, discover.ErrBadAddress):
		return r, &core.UserError{Msg: i18n.M("account.detect_bad_address", address)}
	case errors.Is(err, discover.ErrNotFound):
		return r, &core.UserError{Msg: i18n.M("account.detect_not_found", r.Domain)}
	}
	return r, err
}

// DetectedSettings are the account settings (SetAccount's keys) that r
// stands for: the From address, both servers, the user names where they
// differ from the address. A result without IMAP server clears the IMAP
// host, so that no server of an earlier account is left to be read.
func DetectedSettings(r discover.Result) map[string]string {
	pairs := map[string]string{
		"from_address":  r.Address,
		"smtp_host":     r.SMTP.Host,
		"smtp_port":     strconv.Itoa(r.SMTP.Port),
		"smtp_security": string(r.SMTP.Security),
		"smtp_user":     "",
		"imap_host":     "",
		"imap_user":     "",
	}
	// An empty user name means the From address (mail.Account.SMTPLogin),
	// and the IMAP one the SMTP one: set only what differs.
	smtpLogin := r.Address
	if r.SMTP.Username != "" && r.SMTP.Username != r.Address {
		pairs["smtp_user"], smtpLogin = r.SMTP.Username, r.SMTP.Username
	}
	if r.IMAP.Found() {
		pairs["imap_host"] = r.IMAP.Host
		pairs["imap_port"] = strconv.Itoa(r.IMAP.Port)
		pairs["imap_security"] = string(r.IMAP.Security)
		if r.IMAP.Username != "" && r.IMAP.Username != smtpLogin {
			pairs["imap_user"] = r.IMAP.Username
		}
	}
	// The provider's sign-in: OAuth2 where it is the only way in
	// (Microsoft), a password otherwise (Google also takes an app password);
	// the provider is kept so that Sign in knows its endpoints once a
	// client ID is set.
	pairs["auth"], pairs["oauth_provider"] = string(mail.AuthPassword), r.OAuth2Provider
	if r.OAuth2Provider != "" && !r.Has(discover.Password) && !r.Has(discover.AppPassword) {
		pairs["auth"] = string(mail.AuthOAuth2)
	}
	return pairs
}

// ApplyDetected saves r's servers into the mail account, all or nothing
// (SetAccount: its checks apply). Other settings (name, copy to self,
// rate…) are kept.
func (s *Service) ApplyDetected(ctx context.Context, r discover.Result) (mail.Account, error) {
	if !r.SMTP.Found() {
		return mail.Account{}, &core.UserError{Msg: i18n.M("account.detect_not_found", r.Domain)}
	}
	return s.SetAccount(ctx, DetectedSettings(r))
}
