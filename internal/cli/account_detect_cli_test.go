package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
)

// These run on providers the embedded provider database knows, or with
// --offline: nothing leaves the machine (internal/mail/discover tests the
// network steps against its own servers).

func detectLedger(t *testing.T) string {
	t.Helper()
	db := tempDB(t)
	if r := run(t, nil, "--db", db, "init"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	return db
}

// TestAccountDetectSaysWhatHowAndSignIn: Free's published settings
// (imap.free.fr 993 SSL, smtp.free.fr 465 SSL, the login without @free.fr,
// the mailbox's password), how they were found, and nothing saved.
func TestAccountDetectSaysWhatHowAndSignIn(t *testing.T) {
	db := detectLedger(t)
	r := run(t, nil, "--db", db, "account", "detect", "jean.dupont@free.fr")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	want := []string{
		// The snapshot's commit (ispdb/SOURCE.txt), shortened.
		"Found for jean.dupont@free.fr — source: the provider database (Thunderbird's ISPDB, snapshot " + app.ISPDBCommit()[:7] + ")",
		"Details: ISPDB free.fr.xml",
		"Provider: Freebox",
		"Sending (SMTP): smtp.free.fr, port 465, TLS, user name jean.dupont",
		"Reading (IMAP): imap.free.fr, port 993, TLS, user name jean.dupont",
		"Sign-in: the mailbox's password",
		"Nothing saved. To save these servers in the mail account: relancectl account detect jean.dupont@free.fr --apply",
	}
	if got := strings.Split(strings.TrimSpace(r.stdout), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", r.stdout, strings.Join(want, "\n"))
	}
	show := run(t, nil, "--db", db, "account", "show", "--json")
	var acc map[string]string
	if err := json.Unmarshal([]byte(show.stdout), &acc); err != nil || acc["smtp_host"] != "" || acc["from_address"] != "" {
		t.Errorf("detect without --apply changed the account: %v %v", acc, err)
	}
}

// TestAccountDetectJSON: Gmail as a program reads it: Google's published
// servers (smtp.gmail.com 465 SSL, imap.gmail.com 993 SSL), OAuth2 with
// Google or an app password.
func TestAccountDetectJSON(t *testing.T) {
	db := detectLedger(t)
	r := run(t, nil, "--db", db, "account", "detect", "jane.doe@gmail.com", "--json")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	var got struct {
		Step string `json:"step"`
		SMTP struct {
			Host     string `json:"host"`
			Port     int    `json:"port"`
			Security string `json:"security"`
			Username string `json:"username"`
		} `json:"smtp"`
		IMAP struct {
			Host string `json:"host"`
			Port int    `json:"port"`
		} `json:"imap"`
		Methods        []string `json:"methods"`
		OAuth2Provider string   `json:"oauth2_provider"`
		AppPasswordURL string   `json:"app_password_url"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("not one JSON document: %v\n%s", err, r.stdout)
	}
	if got.Step != "ispdb" || got.SMTP.Host != "smtp.gmail.com" || got.SMTP.Port != 465 || got.SMTP.Security != "tls" ||
		got.SMTP.Username != "jane.doe@gmail.com" || got.IMAP.Host != "imap.gmail.com" || got.IMAP.Port != 993 ||
		strings.Join(got.Methods, ",") != "oauth2,app-password" || got.OAuth2Provider != "google" ||
		got.AppPasswordURL != "https://myaccount.google.com/apppasswords" {
		t.Errorf("%+v", got)
	}
}

// TestAccountDetectApply: iCloud's servers saved over an earlier account's
// (Apple's published settings: imap.mail.me.com 993 SSL with the name
// part of the address, smtp.mail.me.com 587 STARTTLS with the full
// address); the earlier user names are cleared, the other settings kept.
func TestAccountDetectApply(t *testing.T) {
	db := detectLedger(t)
	if r := run(t, nil, "--db", db, "account", "set", "smtp_host=smtp.old.test", "smtp_user=old", "imap_host=imap.old.test",
		"imap_user=old-imap", "from_address=old@old.test", "from_name=Garage Dupont", "rate_per_minute=20"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	r := run(t, nil, "--db", db, "account", "detect", "jane@icloud.com", "--apply", "--json")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	var js map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &js); err != nil {
		t.Errorf("--apply --json: standard output is not one JSON document: %v\n%s", err, r.stdout)
	}
	if !strings.Contains(r.stderr, "Mail account updated: the servers of jane@icloud.com saved.") ||
		!strings.Contains(r.stderr, "make an app password at https://account.apple.com/account/manage") {
		t.Errorf("stderr %q", r.stderr)
	}
	show := run(t, nil, "--db", db, "account", "show", "--json")
	var acc map[string]string
	if err := json.Unmarshal([]byte(show.stdout), &acc); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"smtp_host": "smtp.mail.me.com", "smtp_port": "587", "smtp_security": "starttls", "smtp_user": "",
		"imap_host": "imap.mail.me.com", "imap_port": "993", "imap_security": "tls", "imap_user": "jane",
		"from_address": "jane@icloud.com", "from_name": "Garage Dupont", "rate_per_minute": "20"}
	for k, v := range want {
		if acc[k] != v {
			t.Errorf("%s = %q, want %q", k, acc[k], v)
		}
	}
}

// TestAccountDetectNotFound: offline, a domain the database does not know:
// what was tried, how to go on, exit 1, nothing saved; a bad address and a
// missing one.
func TestAccountDetectNotFound(t *testing.T) {
	db := detectLedger(t)
	r := run(t, nil, "--db", db, "account", "detect", "owner@garage-dupont.test", "--offline", "--apply")
	if r.code != 1 || r.stdout != "" {
		t.Fatalf("%+v", r)
	}
	for _, s := range []string{"Tried:\n", "garage-dupont.test is not in the provider database",
		"relancectl account set smtp_host=", "no mail settings found for garage-dupont.test"} {
		if !strings.Contains(r.stderr, s) {
			t.Errorf("stderr lacks %q:\n%s", s, r.stderr)
		}
	}
	if show := run(t, nil, "--db", db, "account", "show", "--json"); strings.Contains(show.stdout, "garage-dupont") {
		t.Errorf("saved: %s", show.stdout)
	}
	if r := run(t, nil, "--db", db, "account", "detect", "owner"); r.code != 1 || !strings.Contains(r.stderr, `"owner" is not one email address`) {
		t.Errorf("%+v", r)
	}
	if r := run(t, nil, "--db", db, "account", "detect"); r.code != 2 || !strings.Contains(r.stderr, "usage: relancectl account detect ADDRESS") {
		t.Errorf("%+v", r)
	}
	// In French, the same refusal.
	fr := run(t, map[string]string{"RELANCE_LANG": "fr"}, "--db", db, "account", "detect", "owner@garage-dupont.test", "--offline")
	if fr.code != 1 || !strings.Contains(fr.stderr, "aucun réglage de messagerie trouvé pour garage-dupont.test") ||
		!strings.Contains(fr.stderr, "garage-dupont.test n'est pas dans la base des fournisseurs") {
		t.Errorf("%+v", fr)
	}
}

// TestAccountDetectApplySetsTheSignIn: an Outlook.com address takes
// OAuth2 only (Microsoft turned passwords off), so --apply sets auth=oauth2
// with the provider; a Gmail address keeps a password (an app password)
// with Google as the provider, for Sign in once a client ID is set.
func TestAccountDetectApplySetsTheSignIn(t *testing.T) {
	for _, c := range []struct{ address, auth, provider string }{
		{"jane@outlook.com", "oauth2", "microsoft"},
		{"jane@gmail.com", "password", "google"},
		{"jane@icloud.com", "password", ""},
	} {
		db := detectLedger(t)
		if r := run(t, nil, "--db", db, "account", "detect", c.address, "--apply", "--offline"); r.code != 0 {
			t.Fatalf("%s: %+v", c.address, r)
		}
		show := run(t, nil, "--db", db, "account", "show", "--json")
		var acc map[string]string
		if err := json.Unmarshal([]byte(show.stdout), &acc); err != nil {
			t.Fatal(err)
		}
		if acc["auth"] != c.auth || acc["oauth_provider"] != c.provider {
			t.Errorf("%s: auth %q provider %q, want %q %q", c.address, acc["auth"], acc["oauth_provider"], c.auth, c.provider)
		}
	}
}
