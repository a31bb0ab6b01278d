package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/mail/mailtest"
)

// runWith runs relancectl in-process with standard input and environment.
func runWith(t *testing.T, day ledger.Date, stdin string, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, Env{
		Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(stdin),
		Getenv: func(k string) string {
			if k == "RELANCE_LANG" {
				return "en"
			}
			return env[k]
		},
		Today: func() ledger.Date { return day },
	})
	return result{code, out.String(), errb.String()}
}

func mailLedger(t *testing.T) (string, *mailtest.Server, ledger.Date) {
	t.Helper()
	db := dunningLedger(t)
	day := ledger.MustDate("2025-07-20")
	ca, tlsCfg, err := mailtest.CA(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	srv, err := mailtest.Start(tlsCfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	r := runAt(t, day, "--db", db, "account", "set", "smtp_host=localhost", fmt.Sprintf("smtp_port=%d", srv.Port),
		"smtp_user="+srv.User, "from_address=owner@fault.test", "tls_ca="+ca)
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	return db, srv, day
}

// TestPasswordsStayInTheKeyring: a password stored through the CLI is used
// from the keyring, never written to the ledger or printed.
func TestPasswordsStayInTheKeyring(t *testing.T) {
	keyring.MockInit()
	db, srv, day := mailLedger(t)
	if r := runWith(t, day, srv.Password+"\n", nil, "--db", db, "account", "password", "smtp", "--password-stdin"); r.code != 0 || !strings.Contains(r.stdout, "keyring") {
		t.Fatalf("%+v", r)
	}
	r := runAt(t, day, "--db", db, "send")
	if r.code != 0 || !strings.Contains(r.stdout, "sent 2") {
		t.Fatalf("send with the keyring's password: %+v", r)
	}
	show := runAt(t, day, "--db", db, "account", "show", "--json")
	for _, f := range []string{db, db + "-wal"} {
		data, _ := os.ReadFile(f)
		if bytes.Contains(data, []byte(srv.Password)) {
			t.Errorf("the password is in %s", filepath.Base(f))
		}
	}
	if strings.Contains(show.stdout+show.stderr+r.stdout+r.stderr, srv.Password) {
		t.Error("the password was printed")
	}
	// A password as an account setting is refused: it would end up in the
	// ledger.
	if r := runAt(t, day, "--db", db, "account", "set", "password=x"); r.code != ExitUser {
		t.Errorf("password= accepted: %+v", r)
	}
}

// TestNoKeyring: on a machine without a keyring, nothing is stored, the
// message says so, and the environment's password works for the run.
func TestNoKeyring(t *testing.T) {
	keyring.MockInitWithError(errors.New("exec: \"dbus-launch\": executable file not found in $PATH"))
	defer keyring.MockInit()
	db, srv, day := mailLedger(t)
	r := runWith(t, day, "secret-never-stored\n", nil, "--db", db, "account", "password", "smtp", "--password-stdin")
	if r.code != ExitUser || !strings.Contains(r.stderr, "nothing was stored") || strings.Contains(r.stderr, "secret-never-stored") {
		t.Fatalf("%+v", r)
	}
	r = runAt(t, day, "--db", db, "send")
	if r.code != ExitUser || !strings.Contains(r.stderr, "RELANCE_SMTP_PASSWORD") {
		t.Fatalf("send without a password: %+v", r)
	}
	r = runWith(t, day, "", map[string]string{"RELANCE_SMTP_PASSWORD": srv.Password}, "--db", db, "send")
	if r.code != 0 || !strings.Contains(r.stderr, "nothing is stored") || !strings.Contains(r.stdout, "sent 2") {
		t.Fatalf("send with RELANCE_SMTP_PASSWORD: %+v", r)
	}
}

// TestAccountTestSaysWhatFails: the diagnosis names the stage, in plain
// words, in the user's language.
func TestAccountTestSaysWhatFails(t *testing.T) {
	db, srv, day := mailLedger(t)
	env := map[string]string{"RELANCE_SMTP_PASSWORD": srv.Password}
	if r := runWith(t, day, "", env, "--db", db, "account", "test"); r.code != 0 || !strings.Contains(r.stdout, "SMTP: connected and logged in") {
		t.Fatalf("%+v", r)
	}
	if r := runWith(t, day, "", map[string]string{"RELANCE_SMTP_PASSWORD": "wrong"}, "--db", db, "account", "test"); r.code != ExitUser ||
		!strings.Contains(r.stdout, "refused the user name or password") {
		t.Fatalf("wrong password: %+v", r)
	}
	runAt(t, day, "--db", db, "account", "set", "tls_ca=")
	if r := runWith(t, day, "", env, "--db", db, "--lang", "fr", "account", "test"); r.code != ExitUser ||
		!strings.Contains(r.stdout, "n'est pas reconnu") {
		t.Fatalf("untrusted certificate, in French: %+v", r)
	}
	r := runAt(t, day, "--db", db, "account", "set", "tls_insecure=true")
	if r.code != 0 || !strings.Contains(r.stderr, "WARNING") {
		t.Fatalf("insecure without a warning: %+v", r)
	}
	if r := runWith(t, day, "", env, "--db", db, "account", "test"); r.code != 0 || !strings.Contains(r.stderr, "WARNING") {
		t.Fatalf("the warning is not repeated: %+v", r)
	}
	if r := runAt(t, day, "--db", db, "account", "set", "smtp_host=smtp.example.com", "smtp_security=none"); r.code != ExitUser {
		t.Fatalf("no encryption to a remote server accepted: %+v", r)
	}
}
