// Package mail sends the owner's letters through the owner's own mail
// account: the account settings, message building, the SMTP transport with
// its failure classes, and the IMAP look-up that settles a send whose
// outcome was lost. Secrets never pass through here except as arguments.
package mail

import (
	"fmt"
	"net"
	"net/mail"
	"strings"

	"github.com/relance-app/relance/internal/i18n"
)

// Security is how a connection is protected.
type Security string

// Connection security.
const (
	StartTLS Security = "starttls" // plain connection upgraded with STARTTLS (port 587, 143)
	TLS      Security = "tls"      // implicit TLS from the first byte (port 465, 993)
	None     Security = "none"     // no encryption: only for a server on this machine
)

// Account is the owner's mail account, without its passwords.
type Account struct {
	SMTPHost     string
	SMTPPort     int
	SMTPSecurity Security
	SMTPUser     string
	FromName     string
	FromAddress  string
	ReplyTo      string
	// BCCSelf sends a blind copy of every letter to FromAddress: proof of
	// sending, and what settles a send whose outcome was lost.
	BCCSelf      bool
	IMAPHost     string
	IMAPPort     int
	IMAPSecurity Security
	IMAPUser     string
	SentFolder   string // "" = the folder the server marks \Sent
	TLSCA        string // a private CA's PEM file, for servers with their own certificates
	TLSInsecure  bool   // certificate checks off: said as a warning every time
	// RatePerMinute limits sending (0: no limit), for providers that cap it.
	RatePerMinute int
	// ConfirmAfter is how long (seconds) to leave the server to deliver
	// before a send whose outcome was lost is looked for in the mailbox.
	ConfirmAfter int
	// WatchFolders are folders read for replies besides INBOX
	// (comma-separated).
	WatchFolders string
	// PlusTag puts a tag naming the letter in Reply-To (owner+r1a2b3c@…),
	// for providers that deliver plus-addressed mail: a reply from a client
	// that drops In-Reply-To still finds its letter.
	PlusTag bool
	// AuthServID names the owner's provider in Authentication-Results
	// (RFC 8601), when it is not the IMAP host's domain: only that
	// provider's verdict on a message is believed.
	AuthServID string
	// Auth is how both servers are signed in to: a password (the
	// keyring's) or an OAuth2 grant from the provider (oauth.go).
	Auth AuthMethod
	// OAuth names the provider and the application signed in through;
	// only read when Auth is AuthOAuth2.
	OAuth OAuthSettings
}

// Folders are the folders read for replies: INBOX, then the watched ones.
func (a Account) Folders() []string {
	out := []string{"INBOX"}
	for _, f := range strings.Split(a.WatchFolders, ",") {
		if f = strings.TrimSpace(f); f != "" && !strings.EqualFold(f, "INBOX") {
			out = append(out, f)
		}
	}
	return out
}

// DefaultAccount is a new ledger's account: nothing set, the usual ports.
func DefaultAccount() Account {
	return Account{SMTPPort: 587, SMTPSecurity: StartTLS, IMAPPort: 993, IMAPSecurity: TLS, BCCSelf: true, ConfirmAfter: 600, Auth: AuthPassword}
}

// Configured reports whether the account can send.
func (a Account) Configured() bool { return a.SMTPHost != "" && a.FromAddress != "" }

// IMAPConfigured reports whether the mailbox can be read.
func (a Account) IMAPConfigured() bool { return a.IMAPHost != "" }

// SMTPLogin is the SMTP user name, the From address when unset.
func (a Account) SMTPLogin() string {
	if a.SMTPUser != "" {
		return a.SMTPUser
	}
	return a.FromAddress
}

// IMAPLogin is the IMAP user name: the SMTP one when unset.
func (a Account) IMAPLogin() string {
	if a.IMAPUser != "" {
		return a.IMAPUser
	}
	return a.SMTPLogin()
}

// Domain is the part of the From address after the @: Message-IDs are
// made under it.
func (a Account) Domain() string {
	_, d, _ := strings.Cut(a.FromAddress, "@")
	return d
}

// IsLoopback reports whether host is this machine (where a server without
// encryption is acceptable: nothing crosses a network).
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Problem is an account setting that cannot work, in words.
type Problem struct {
	Key    string
	Reason i18n.Msg
}

func (p Problem) Error() string { return fmt.Sprintf("%s: %s", p.Key, p.Reason) }

// In says the problem in l.
func (p Problem) In(l i18n.Lang) string { return p.Key + ": " + p.Reason.In(l) }

// Check finds settings that cannot work together.
func (a Account) Check() []Problem {
	var out []Problem
	add := func(key, msg string, args ...any) { out = append(out, Problem{key, i18n.M(msg, args...)}) }
	if a.SMTPSecurity == None && a.SMTPHost != "" && !IsLoopback(a.SMTPHost) {
		add("smtp_security", "account.none_remote", a.SMTPHost)
	}
	if a.IMAPSecurity == None && a.IMAPHost != "" && !IsLoopback(a.IMAPHost) {
		add("imap_security", "account.none_remote", a.IMAPHost)
	}
	if a.SMTPHost != "" && a.FromAddress == "" {
		add("from_address", "account.from_missing")
	}
	return append(out, a.checkOAuth()...)
}

// ValidAddress reports whether s is one bare email address (no display
// name, no line break).
func ValidAddress(s string) bool {
	if s == "" || strings.ContainsAny(s, "\r\n<>\" ,;") {
		return false
	}
	a, err := mail.ParseAddress(s)
	at := strings.LastIndex(s, "@")
	return err == nil && a.Address == s && at > 0 && at < len(s)-1
}
