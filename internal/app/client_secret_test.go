package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/mail"
	"github.com/zalando/go-keyring"
)

// TestClientSecretInTheKeyringOnly: an OAuth2 client secret set on the
// account is kept in the keyring, not in the ledger file; the OAuth2
// client reads it back from there; set empty, it is forgotten.
func TestClientSecretInTheKeyringOnly(t *testing.T) {
	keyring.MockInit()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "s.db")
	svc, _, err := Create(ctx, db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	const secret = "GOCSPX-not-in-the-ledger-42"
	a, err := svc.SetAccount(ctx, map[string]string{"smtp_host": "smtp.gmail.com", "from_address": "jean@gmail.com", "auth": "oauth2",
		"oauth_provider": "google", "oauth_client_id": "123-abc.apps.googleusercontent.com", "oauth_client_secret": secret})
	if err != nil {
		t.Fatal(err)
	}
	if a.OAuth.ClientSecret != "" {
		t.Error("the account returned still holds the secret")
	}
	stored, err := svc.MailAccount(ctx)
	if err != nil || stored.OAuth.ClientSecret != "" {
		t.Fatalf("the ledger's account holds %q (%v)", stored.OAuth.ClientSecret, err)
	}
	svc.Close()
	for _, f := range []string{db, db + "-wal"} {
		if data, err := os.ReadFile(f); err == nil && strings.Contains(string(data), secret) {
			t.Fatalf("the client secret is in %s", filepath.Base(f))
		}
	}
	if got, err := keyring.Get(mail.KeyringService, mail.ClientSecretKey(stored.OAuth)); err != nil || got != secret {
		t.Fatalf("keyring: %q, %v", got, err)
	}
	cfg, err := stored.OAuthConfig()
	if err != nil || cfg.ClientSecret != secret {
		t.Fatalf("OAuthConfig: secret %q, %v", cfg.ClientSecret, err)
	}
	svc, err = Open(ctx, db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetAccount(ctx, map[string]string{"oauth_client_secret": ""}); err != nil {
		t.Fatal(err)
	}
	if _, err := keyring.Get(mail.KeyringService, mail.ClientSecretKey(stored.OAuth)); err == nil {
		t.Fatal("the secret is still in the keyring")
	}
}
