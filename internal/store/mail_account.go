package store

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/mail"
)

// mail_account: the owner's mail account, one row.

// MailAccount reads the owner's mail account (never a password: there is
// none in the database).
func (q *Queries) MailAccount(ctx context.Context) (mail.Account, error) {
	var a mail.Account
	var smtpSec, imapSec, auth string
	err := q.row(ctx, `SELECT smtp_host, smtp_port, smtp_security, smtp_user, from_name, from_address, reply_to,
		bcc_self, imap_host, imap_port, imap_security, imap_user, sent_folder, tls_ca, tls_insecure, rate_per_minute, confirm_after,
		watch_folders, plus_tag, authserv_id,
		auth, oauth_provider, oauth_client_id, oauth_client_secret, oauth_tenant, oauth_auth_url, oauth_token_url
		FROM mail_account WHERE id = 1`).Scan(&a.SMTPHost, &a.SMTPPort, &smtpSec, &a.SMTPUser, &a.FromName, &a.FromAddress, &a.ReplyTo,
		&a.BCCSelf, &a.IMAPHost, &a.IMAPPort, &imapSec, &a.IMAPUser, &a.SentFolder, &a.TLSCA, &a.TLSInsecure, &a.RatePerMinute, &a.ConfirmAfter,
		&a.WatchFolders, &a.PlusTag, &a.AuthServID,
		&auth, &a.OAuth.Provider, &a.OAuth.ClientID, &a.OAuth.ClientSecret, &a.OAuth.Tenant, &a.OAuth.AuthURL, &a.OAuth.TokenURL)
	if err != nil {
		return a, fmt.Errorf("read mail account: %w", err)
	}
	a.SMTPSecurity, a.IMAPSecurity, a.Auth = mail.Security(smtpSec), mail.Security(imapSec), mail.AuthMethod(auth)
	return a, nil
}

// SetMailAccount replaces the mail account.
func (q *Queries) SetMailAccount(ctx context.Context, a mail.Account) error {
	_, err := q.exec(ctx, `UPDATE mail_account SET smtp_host = ?, smtp_port = ?, smtp_security = ?, smtp_user = ?,
		from_name = ?, from_address = ?, reply_to = ?, bcc_self = ?, imap_host = ?, imap_port = ?, imap_security = ?, imap_user = ?,
		sent_folder = ?, tls_ca = ?, tls_insecure = ?, rate_per_minute = ?, confirm_after = ?, watch_folders = ?, plus_tag = ?, authserv_id = ?,
		auth = ?, oauth_provider = ?, oauth_client_id = ?, oauth_client_secret = ?, oauth_tenant = ?, oauth_auth_url = ?, oauth_token_url = ? WHERE id = 1`,
		a.SMTPHost, a.SMTPPort, string(a.SMTPSecurity), a.SMTPUser, a.FromName, a.FromAddress, a.ReplyTo, a.BCCSelf,
		a.IMAPHost, a.IMAPPort, string(a.IMAPSecurity), a.IMAPUser, a.SentFolder, a.TLSCA, a.TLSInsecure, a.RatePerMinute, a.ConfirmAfter,
		a.WatchFolders, a.PlusTag, a.AuthServID,
		authOrDefault(a.Auth), a.OAuth.Provider, a.OAuth.ClientID, a.OAuth.ClientSecret, a.OAuth.Tenant, a.OAuth.AuthURL, a.OAuth.TokenURL)
	if err != nil {
		return fmt.Errorf("save mail account: %w", err)
	}
	return nil
}

// authOrDefault: an account built in code without Auth signs in with a
// password, as every account did before OAuth2.
func authOrDefault(m mail.AuthMethod) string {
	if m == "" {
		return string(mail.AuthPassword)
	}
	return string(m)
}
