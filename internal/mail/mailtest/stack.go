package mailtest

import (
	"os"
	"strings"
	"testing"
)

// StackEnv reads the environment scripts/mailserver up writes (the real
// Postfix and Dovecot on 127.0.0.1; $RELANCE_TEST_MAIL_ENV, else
// /tmp/relance-mail/env), its RELANCE_TEST_ variables without that
// prefix; it skips the test without a running stack, or fails it with
// RELANCE_REQUIRE_MAILSERVER=1 (CI).
func StackEnv(t testing.TB) map[string]string {
	t.Helper()
	path := os.Getenv("RELANCE_TEST_MAIL_ENV")
	if path == "" {
		path = "/tmp/relance-mail/env"
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("RELANCE_REQUIRE_MAILSERVER") == "1" {
			t.Fatalf("the mail stack is required and not running: %v (scripts/mailserver up)", err)
		}
		t.Skipf("no mail stack (%v): run scripts/mailserver up", err)
	}
	env := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		k, v, ok := strings.Cut(strings.TrimPrefix(strings.TrimSpace(line), "export "), "=")
		if ok && strings.HasPrefix(k, "RELANCE_TEST_") {
			env[strings.TrimPrefix(k, "RELANCE_TEST_")] = strings.Trim(v, `'"`)
		}
	}
	return env
}
