package discover

import (
	"context"
	"crypto/x509"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/mail/mailtest"
)

// mailStackEnv is the running mail stack's environment (mailtest.StackEnv).
func mailStackEnv(t *testing.T) map[string]string { return mailtest.StackEnv(t) }

// TestProbeAgainstPostfixAndDovecot: the guesses' probe against real
// servers: Postfix's submission (STARTTLS) and submissions (implicit TLS),
// Dovecot's IMAP (STARTTLS) and IMAPS, each reached as "localhost" on the
// usual port (the stack's certificate names localhost), the certificate
// checked against the stack's CA. The wrong security on a port fails, and
// so does a CA that did not sign the certificate.
func TestProbeAgainstPostfixAndDovecot(t *testing.T) {
	env := mailStackEnv(t)
	pem, err := os.ReadFile(env["MAIL_CA"])
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatal("no certificate in the stack's CA file")
	}
	n := newNetwork()
	n.routes["localhost:587"] = env["SMTP_HOST"] + ":" + env["SMTP_STARTTLS_PORT"]
	n.routes["localhost:465"] = env["SMTP_HOST"] + ":" + env["SMTP_TLS_PORT"]
	n.routes["localhost:143"] = env["IMAP_HOST"] + ":" + env["IMAP_STARTTLS_PORT"]
	n.routes["localhost:993"] = env["IMAP_HOST"] + ":" + env["IMAPS_PORT"]
	o := Options{Dial: n.dial, RootCAs: pool, Timeout: 5 * time.Second}
	ctx := context.Background()
	for _, c := range []struct {
		kind string
		port int
		sec  mail.Security
	}{{"smtp", 587, mail.StartTLS}, {"smtp", 465, mail.TLS}, {"imap", 143, mail.StartTLS}, {"imap", 993, mail.TLS}} {
		if err := probeServer(ctx, c.kind, Server{Host: "localhost", Port: c.port, Security: c.sec}, o); err != nil {
			t.Errorf("%s localhost:%d %s: %v", c.kind, c.port, c.sec, err)
		}
	}
	// Implicit TLS on the STARTTLS ports, STARTTLS on the TLS ones.
	for _, c := range []struct {
		kind string
		port int
		sec  mail.Security
	}{{"smtp", 587, mail.TLS}, {"smtp", 465, mail.StartTLS}, {"imap", 143, mail.TLS}, {"imap", 993, mail.StartTLS}} {
		if err := probeServer(ctx, c.kind, Server{Host: "localhost", Port: c.port, Security: c.sec}, Options{Dial: n.dial, RootCAs: pool, Timeout: time.Second}); err == nil {
			t.Errorf("%s localhost:%d %s: answered", c.kind, c.port, c.sec)
		}
	}
	other := newCA(t)
	if err := probeServer(ctx, "smtp", Server{Host: "localhost", Port: 465, Security: mail.TLS}, Options{Dial: n.dial, RootCAs: other.pool, Timeout: 2 * time.Second}); err == nil ||
		!strings.Contains(err.Error(), "certificate") {
		t.Errorf("another CA: %v", err)
	}
}
