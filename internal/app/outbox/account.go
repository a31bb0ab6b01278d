package outbox

import (
	"context"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/mail"
)

// accountField is one settable key of the mail account.
type accountField struct {
	key     string
	kind    FieldKind
	choices []string // FieldChoice's values
	get     func(a *mail.Account) string
	set     func(a *mail.Account, v string) *i18n.Msg
}

func accountText(key string, ptr func(a *mail.Account) *string, check func(string) *i18n.Msg) accountField {
	return accountField{key: key,
		get: func(a *mail.Account) string { return *ptr(a) },
		set: func(a *mail.Account, v string) *i18n.Msg {
			for _, r := range v {
				if unicode.IsControl(r) {
					return core.MsgErr("import.control_char")
				}
			}
			if check != nil && v != "" {
				if m := check(v); m != nil {
					return m
				}
			}
			*ptr(a) = v
			return nil
		}}
}

func accountInt(key string, ptr func(a *mail.Account) *int, lo, hi int) accountField {
	return accountField{key: key, kind: FieldNumber,
		get: func(a *mail.Account) string { return strconv.Itoa(*ptr(a)) },
		set: func(a *mail.Account, v string) *i18n.Msg {
			n, err := strconv.Atoi(v)
			if err != nil || n < lo || n > hi {
				return core.MsgErr("account.bad_number", lo, hi)
			}
			*ptr(a) = n
			return nil
		}}
}

func accountBool(key string, ptr func(a *mail.Account) *bool) accountField {
	return accountField{key: key, kind: FieldYesNo,
		get: func(a *mail.Account) string { return strconv.FormatBool(*ptr(a)) },
		set: func(a *mail.Account, v string) *i18n.Msg {
			switch strings.ToLower(v) {
			case "1", "true", "yes", "on", "oui", "da", "да":
				*ptr(a) = true
			case "0", "false", "no", "off", "non", "ne", "не":
				*ptr(a) = false
			default:
				return core.MsgErr("account.bad_bool")
			}
			return nil
		}}
}

func accountSecurity(key string, ptr func(a *mail.Account) *mail.Security) accountField {
	return accountField{key: key, kind: FieldSecurity,
		get: func(a *mail.Account) string { return string(*ptr(a)) },
		set: func(a *mail.Account, v string) *i18n.Msg {
			switch s := mail.Security(strings.ToLower(v)); s {
			case mail.StartTLS, mail.TLS, mail.None:
				*ptr(a) = s
				return nil
			}
			return core.MsgErr("account.bad_security")
		}}
}

func accountChoice(key string, ptr func(a *mail.Account) *string, choices ...string) accountField {
	return accountField{key: key, kind: FieldChoice, choices: choices,
		get: func(a *mail.Account) string { return *ptr(a) },
		set: func(a *mail.Account, v string) *i18n.Msg {
			v = strings.ToLower(v)
			for _, c := range choices {
				if v == c {
					*ptr(a) = v
					return nil
				}
			}
			return core.MsgErr("account.bad_choice", strings.Join(choices, ", "))
		}}
}

// accountSecret is a text never shown again once set (AccountValue says
// "(set)"): a form leaves it out unless a new one is typed.
func accountSecret(key string, ptr func(a *mail.Account) *string) accountField {
	f := accountText(key, ptr, nil)
	f.kind = FieldSecret
	return f
}

func checkHost(v string) *i18n.Msg {
	if strings.ContainsAny(v, " /:@") {
		return core.MsgErr("account.bad_host")
	}
	return nil
}

func checkAddress(v string) *i18n.Msg {
	if !mail.ValidAddress(v) {
		return core.MsgErr("account.bad_address")
	}
	return nil
}

func checkFile(v string) *i18n.Msg {
	if _, err := os.Stat(v); err != nil {
		return core.MsgErr("account.no_file", err.Error())
	}
	return nil
}

var accountFields = []accountField{
	accountText("smtp_host", func(a *mail.Account) *string { return &a.SMTPHost }, checkHost),
	accountInt("smtp_port", func(a *mail.Account) *int { return &a.SMTPPort }, 1, 65535),
	accountSecurity("smtp_security", func(a *mail.Account) *mail.Security { return &a.SMTPSecurity }),
	accountText("smtp_user", func(a *mail.Account) *string { return &a.SMTPUser }, nil),
	accountText("from_name", func(a *mail.Account) *string { return &a.FromName }, nil),
	accountText("from_address", func(a *mail.Account) *string { return &a.FromAddress }, checkAddress),
	accountText("reply_to", func(a *mail.Account) *string { return &a.ReplyTo }, checkAddress),
	accountBool("bcc_self", func(a *mail.Account) *bool { return &a.BCCSelf }),
	accountText("imap_host", func(a *mail.Account) *string { return &a.IMAPHost }, checkHost),
	accountInt("imap_port", func(a *mail.Account) *int { return &a.IMAPPort }, 1, 65535),
	accountSecurity("imap_security", func(a *mail.Account) *mail.Security { return &a.IMAPSecurity }),
	accountText("imap_user", func(a *mail.Account) *string { return &a.IMAPUser }, nil),
	accountText("sent_folder", func(a *mail.Account) *string { return &a.SentFolder }, nil),
	accountText("tls_ca", func(a *mail.Account) *string { return &a.TLSCA }, checkFile),
	accountBool("tls_insecure", func(a *mail.Account) *bool { return &a.TLSInsecure }),
	accountInt("rate_per_minute", func(a *mail.Account) *int { return &a.RatePerMinute }, 0, 100000),
	accountInt("confirm_after", func(a *mail.Account) *int { return &a.ConfirmAfter }, 0, 7*24*3600),
	accountText("watch_folders", func(a *mail.Account) *string { return &a.WatchFolders }, nil),
	accountBool("plus_tag", func(a *mail.Account) *bool { return &a.PlusTag }),
	accountText("authserv_id", func(a *mail.Account) *string { return &a.AuthServID }, nil),
	// Signing in with the provider (OAuth2) instead of a password: the
	// application registered by the owner's business (no client ID is
	// shipped: the project has none registered).
	accountChoice("auth", func(a *mail.Account) *string { return (*string)(&a.Auth) }, string(mail.AuthPassword), string(mail.AuthOAuth2)),
	accountChoice("oauth_provider", func(a *mail.Account) *string { return &a.OAuth.Provider }, "", mail.ProviderMicrosoft, mail.ProviderGoogle, mail.ProviderOther),
	accountText("oauth_client_id", func(a *mail.Account) *string { return &a.OAuth.ClientID }, nil),
	accountSecret("oauth_client_secret", func(a *mail.Account) *string { return &a.OAuth.ClientSecret }),
	accountText("oauth_tenant", func(a *mail.Account) *string { return &a.OAuth.Tenant }, checkHost),
	accountText("oauth_auth_url", func(a *mail.Account) *string { return &a.OAuth.AuthURL }, nil),
	accountText("oauth_token_url", func(a *mail.Account) *string { return &a.OAuth.TokenURL }, nil),
}

// FieldKind is what an account setting holds, for a form's widget.
type FieldKind string

// Kinds of account settings.
const (
	FieldText     FieldKind = ""         // free text
	FieldNumber   FieldKind = "number"   // a whole number
	FieldYesNo    FieldKind = "yesno"    // true or false: a checkbox
	FieldSecurity FieldKind = "security" // tls, starttls or none: a choice
	FieldChoice   FieldKind = "choice"   // one of AccountFieldChoices
	FieldSecret   FieldKind = "secret"   // not shown once set: typed anew or left as is
)

// AccountFieldChoices are a FieldChoice setting's values (nil for
// another kind).
func AccountFieldChoices(key string) []string {
	for _, f := range accountFields {
		if f.key == key {
			return f.choices
		}
	}
	return nil
}

// AccountFieldKind is what key holds (FieldText for an unknown key).
func AccountFieldKind(key string) FieldKind {
	for _, f := range accountFields {
		if f.key == key {
			return f.kind
		}
	}
	return FieldText
}

// AccountKeys lists the settable keys of the mail account in order.
func AccountKeys() []string {
	out := make([]string, len(accountFields))
	for i, f := range accountFields {
		out[i] = f.key
	}
	return out
}

// AccountValue is key's value for display (passwords and tokens are not
// in the account; an OAuth2 client secret is said only to be set).
func AccountValue(a *mail.Account, key string) string {
	for _, f := range accountFields {
		if f.key == key {
			if key == "oauth_client_secret" && a.OAuth.ClientSecret != "" {
				// Not a secret by Google's own account, but not shown either.
				return "(set)"
			}
			return f.get(a)
		}
	}
	return ""
}

// MailAccount reads the mail account.
func (s *Service) MailAccount(ctx context.Context) (mail.Account, error) {
	return s.St.MailAccount(ctx)
}

// SetAccount applies KEY=VALUE settings all or nothing, and refuses a
// combination that cannot work (no encryption to a remote server).
func (s *Service) SetAccount(ctx context.Context, pairs map[string]string) (mail.Account, error) {
	a, err := s.St.MailAccount(ctx)
	if err != nil {
		return a, err
	}
	if err := applySettings(&a, pairs); err != nil {
		return a, err
	}
	// An OAuth2 client secret goes to the keyring, never the ledger
	// (mail.OAuthConfig reads it back); none given keeps the one stored.
	if v, given := pairs["oauth_client_secret"]; given {
		key := mail.ClientSecretKey(a.OAuth)
		if v = strings.TrimSpace(v); v == "" {
			err = mail.ForgetPassword(key)
		} else {
			err = mail.StorePassword(key, v)
		}
		if err != nil {
			return a, &core.UserError{Msg: i18n.M("account.client_secret_keyring", err.Error())}
		}
	}
	a.OAuth.ClientSecret = ""
	return a, s.St.SetMailAccount(ctx, a)
}

// applySettings applies KEY=VALUE settings to a and checks the result
// (SetAccount saves it; TryAccount only uses it).
func applySettings(a *mail.Account, pairs map[string]string) error {
	for _, key := range sortedKeys(pairs) {
		v := strings.TrimSpace(pairs[key])
		found := false
		for _, f := range accountFields {
			if f.key == key {
				found = true
				if m := f.set(a, v); m != nil {
					return &core.UserError{Msg: i18n.M("account.field_error", key, v, *m)}
				}
			}
		}
		if !found {
			return &core.UserError{Msg: i18n.M("account.unknown_key", key, strings.Join(AccountKeys(), ", "))}
		}
	}
	if ps := a.Check(); len(ps) > 0 {
		return &core.UserError{Msg: i18n.M("account.problem", ps[0])}
	}
	return nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	// Settings apply in the fields' order: security before port is as good
	// as the reverse, but the order is stable for messages.
	order := map[string]int{}
	for i, f := range accountFields {
		order[f.key] = i
	}
	sort.Slice(keys, func(i, j int) bool { return order[keys[i]] < order[keys[j]] })
	return keys
}

// StorePassword keeps server's password in the OS keyring. Without a
// keyring it returns mail.ErrNoKeyring and stores nothing.
func (s *Service) StorePassword(ctx context.Context, server, password string) error {
	a, err := s.St.MailAccount(ctx)
	if err != nil {
		return err
	}
	return mail.StorePassword(core.PasswordKey(a, server), password)
}

// AccountCheck is the result of testing one server.
type AccountCheck struct {
	Server     string // "smtp" or "imap"
	OK         bool
	Err        error  // a *mail.ConnError, or a missing password
	SentFolder string // imap: where sent copies are filed, "" if none found
	Insecure   bool   // certificate checks are off
}

// TestAccount connects and logs in to both servers and says what failed,
// and where, in plain words.
func (s *Service) TestAccount(ctx context.Context, pw core.Passwords) ([]AccountCheck, error) {
	a, err := s.St.MailAccount(ctx)
	if err != nil {
		return nil, err
	}
	var out []AccountCheck
	smtpCheck := AccountCheck{Server: "smtp", Insecure: a.TLSInsecure}
	if p, err := pw("smtp"); err != nil {
		smtpCheck.Err = err
	} else if c, err := core.DialSMTP(ctx, a, p, pw); err != nil {
		smtpCheck.Err = err
	} else {
		c.Close()
		smtpCheck.OK = true
	}
	out = append(out, smtpCheck)
	if a.IMAPConfigured() {
		imapCheck := AccountCheck{Server: "imap", Insecure: a.TLSInsecure}
		if p, err := pw("imap"); err != nil {
			imapCheck.Err = err
		} else if c, err := core.DialIMAP(ctx, a, p, pw); err != nil {
			imapCheck.Err = err
		} else {
			imapCheck.SentFolder, imapCheck.Err = c.SentFolder(a.SentFolder)
			imapCheck.OK = imapCheck.Err == nil
			c.Close()
		}
		out = append(out, imapCheck)
	}
	return out, nil
}
