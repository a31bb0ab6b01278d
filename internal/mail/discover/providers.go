package discover

import "strings"

// What Relance adds to a configuration file: which servers belong to a
// sign-in provider Relance knows (OAuth2 only works with a provider whose
// endpoints and scopes Relance has: Microsoft and Google; the ISPDB also
// says OAuth2 for Yahoo, AOL, Mail.ru…, which Relance cannot use), and
// which providers refuse the mailbox's own password to other programs and
// take an app password instead. Keyed by server host, so a custom domain
// found through its MX or its own autoconfig file gets the same answer.
type hostRule struct {
	oauth2 string // "google", "microsoft", or ""
	// appPasswordURL: a password here is an app password, made at this
	// page.
	appPasswordURL string
	// noPassword: the provider refuses passwords altogether.
	noPassword bool
}

var (
	// Google: IMAP and SMTP take OAuth2 (scope https://mail.google.com/) or
	// an app password, which needs 2-Step Verification; the account
	// password is refused. Google's help "Sign in with app passwords".
	google = hostRule{oauth2: "google", appPasswordURL: "https://myaccount.google.com/apppasswords"}
	// Microsoft 365 and Outlook.com: OAuth2 only (basic authentication is
	// off for IMAP since 2022, for Outlook.com, and for SMTP AUTH from the
	// end of 2026).
	microsoft = hostRule{oauth2: "microsoft", noPassword: true}
	// Yahoo and AOL (one company): third-party mail programs need an app
	// password made in the account's security page ("Generate and manage
	// 3rd-party app passwords", Yahoo Help).
	yahoo = hostRule{appPasswordURL: "https://login.yahoo.com/account/security"}
	aol   = hostRule{appPasswordURL: "https://login.aol.com/account/security"}
	// iCloud: mail programs other than Apple's need an app-specific
	// password ("iCloud Mail server settings for other email client apps",
	// Apple Support HT202304), made at the Apple Account's Sign-In and
	// Security page.
	apple = hostRule{appPasswordURL: "https://account.apple.com/account/manage"}
)

var hostRules = map[string]hostRule{
	"imap.gmail.com":             google,
	"smtp.gmail.com":             google,
	"outlook.office365.com":      microsoft,
	"outlook.office.com":         microsoft,
	"smtp.office365.com":         microsoft,
	"smtp-mail.outlook.com":      microsoft,
	"imap-mail.outlook.com":      microsoft,
	"imap.mail.yahoo.com":        yahoo,
	"export.imap.mail.yahoo.com": yahoo,
	"smtp.mail.yahoo.com":        yahoo,
	"imap.aol.com":               aol,
	"smtp.aol.com":               aol,
	"imap.mail.me.com":           apple,
	"smtp.mail.me.com":           apple,
}

// signIn sets the result's methods from its servers' <authentication>
// values (r.auth; none given means a password) and the host rules.
func signIn(r *Result) {
	rule, known := hostRules[r.SMTP.Host]
	if !known {
		rule, known = hostRules[r.IMAP.Host]
	}
	password := len(r.auth) == 0
	for _, a := range r.auth {
		switch strings.ToLower(a) {
		case "password-cleartext", "password-encrypted", "plain", "secure":
			password = true
		}
	}
	r.Methods, r.OAuth2Provider, r.AppPasswordURL = nil, "", ""
	if known && rule.oauth2 != "" {
		// The provider takes OAuth2 whatever the file says (a domain's own
		// file may list only passwords).
		r.Methods = append(r.Methods, OAuth2)
		r.OAuth2Provider = rule.oauth2
	}
	switch {
	case known && rule.noPassword:
	case known && rule.appPasswordURL != "":
		r.Methods = append(r.Methods, AppPassword)
		r.AppPasswordURL = rule.appPasswordURL
	case password:
		r.Methods = append(r.Methods, Password)
	}
}
