package mail

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/emersion/go-smtp"

	"github.com/relance-app/relance/internal/i18n"
)

// Stage is where a connection failed.
type Stage string

// Connection stages, in order.
const (
	StageDNS      Stage = "dns"      // the server's name does not resolve
	StageTCP      Stage = "tcp"      // nothing answers at that address and port
	StageTLS      Stage = "tls"      // encryption could not be set up or the certificate is not trusted
	StageGreeting Stage = "greeting" // the server answered, but refused the session
	StageAuth     Stage = "auth"     // the user name or password was refused
	StageConfig   Stage = "config"   // the settings themselves (no host, a missing CA file)
)

// ConnError is a failure to reach and log in to a server, with the stage
// it happened at and a diagnosis in plain words. It never holds a
// password.
type ConnError struct {
	Server string // "smtp" or "imap"
	Host   string
	Port   int
	Stage  Stage
	Err    error
}

func (e *ConnError) Error() string { return e.In(i18n.EN) }

func (e *ConnError) Unwrap() error { return e.Err }

// In gives the diagnosis in l.
func (e *ConnError) In(l i18n.Lang) string {
	where := fmt.Sprintf("%s:%d", e.Host, e.Port)
	detail := e.Err.Error()
	var msg string
	switch e.Stage {
	case StageDNS:
		msg = i18n.T(l, "mail.diag_dns", e.Host)
	case StageTCP:
		if isTimeout(e.Err) {
			msg = i18n.T(l, "mail.diag_tcp_timeout", where)
		} else {
			msg = i18n.T(l, "mail.diag_tcp_refused", where)
		}
	case StageTLS:
		var ua x509.UnknownAuthorityError
		var he x509.HostnameError
		var ci x509.CertificateInvalidError
		switch {
		case errors.As(e.Err, &ua):
			msg = i18n.T(l, "mail.diag_tls_authority", where)
		case errors.As(e.Err, &he):
			msg = i18n.T(l, "mail.diag_tls_name", e.Host)
		case errors.As(e.Err, &ci) && ci.Reason == x509.Expired:
			msg = i18n.T(l, "mail.diag_tls_expired", where)
		case strings.Contains(detail, "STARTTLS"):
			msg = i18n.T(l, "mail.diag_tls_no_starttls", where)
		default:
			msg = i18n.T(l, "mail.diag_tls", where)
		}
	case StageGreeting:
		msg = i18n.T(l, "mail.diag_greeting", where)
	case StageAuth:
		msg = authDiagnosis(l, e.Err, where)
	default:
		msg = i18n.T(l, "mail.diag_config")
	}
	return fmt.Sprintf("%s: %s (%s)", strings.ToUpper(e.Server), msg, detail)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// connStage tells the stage of a dial error.
func connStage(err error, tlsStarted bool) Stage {
	var dns *net.DNSError
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	var ci x509.CertificateInvalidError
	var rec tls.RecordHeaderError
	var ve *tls.CertificateVerificationError
	var se *smtp.SMTPError
	switch {
	case errors.As(err, &dns):
		return StageDNS
	case errors.As(err, &ua), errors.As(err, &he), errors.As(err, &ci), errors.As(err, &rec), errors.As(err, &ve):
		return StageTLS
	case errors.As(err, &se) && (se.Code == 535 || se.Code == 534 || se.Code == 530 || se.EnhancedCode == smtp.EnhancedCode{5, 7, 8} ||
		microsoftRefusal(se) != ""):
		return StageAuth
	case errors.As(err, &se):
		return StageGreeting
	case tlsStarted:
		return StageTLS
	}
	return StageTCP
}

// ErrNoOAuthMech means the server offers neither OAUTHBEARER nor XOAUTH2
// on this connection: it takes no OAuth2 sign-in.
var ErrNoOAuthMech = errors.New("the server offers no OAuth2 sign-in (neither OAUTHBEARER nor XOAUTH2)")

// Microsoft 365's refusals of a sign-in that the tenant's settings cause,
// as Microsoft documents them: 535 5.7.139 (SMTP AUTH is disabled for the
// mailbox or the tenant, even with OAuth2) and 550 5.7.30 (basic
// authentication, a password, is no longer accepted for submission).
const (
	msSMTPAuthDisabled = "5.7.139"
	msBasicAuthOff     = "5.7.30"
)

// microsoftRefusal is the Microsoft code of a refusal, "" for any other.
func microsoftRefusal(se *smtp.SMTPError) string {
	switch enhanced(se) {
	case msSMTPAuthDisabled:
		return msSMTPAuthDisabled
	case msBasicAuthOff:
		return msBasicAuthOff
	}
	return ""
}

// authDiagnosis says why a sign-in was refused: what a Microsoft tenant's
// administrator must enable, when that is the cause.
func authDiagnosis(l i18n.Lang, err error, where string) string {
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		switch microsoftRefusal(se) {
		case msSMTPAuthDisabled:
			return i18n.T(l, "mail.diag_ms_smtp_auth_disabled", where)
		case msBasicAuthOff:
			return i18n.T(l, "mail.diag_ms_basic_auth_off", where)
		}
	}
	if errors.Is(err, ErrNoOAuthMech) {
		return i18n.T(l, "mail.diag_no_oauth", where)
	}
	return i18n.T(l, "mail.diag_auth", where)
}
