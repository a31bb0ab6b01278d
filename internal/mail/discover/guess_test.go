package discover

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/mail"
)

// lineServer is a minimal SMTP or IMAP server on 127.0.0.1: the greeting,
// STARTTLS, the goodbye; enough for the probe, which never signs in.
func lineServer(t *testing.T, kind string, sec mail.Security, cert tls.Certificate) net.Listener {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go serveLines(c, kind, sec, cfg)
		}
	}()
	return l
}

func serveLines(c net.Conn, kind string, sec mail.Security, cfg *tls.Config) {
	defer func() { c.Close() }()
	c.SetDeadline(time.Now().Add(5 * time.Second))
	if sec == mail.TLS {
		c = tls.Server(c, cfg)
	}
	greet := map[string]string{"smtp": "220-mail.garage-dupont.test ESMTP\r\n220 ready\r\n", "imap": "* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n"}
	if _, err := c.Write([]byte(greet[kind])); err != nil {
		return
	}
	r := bufio.NewReader(c)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		switch cmd := strings.ToUpper(strings.TrimSpace(line)); cmd {
		case "EHLO LOCALHOST":
			c.Write([]byte("250-mail.garage-dupont.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n"))
		case "STARTTLS", "A1 STARTTLS":
			if kind == "smtp" {
				c.Write([]byte("220 go ahead\r\n"))
			} else {
				c.Write([]byte("a1 OK begin TLS\r\n"))
			}
			c = tls.Server(c, cfg)
			r = bufio.NewReader(c)
		case "QUIT":
			c.Write([]byte("221 bye\r\n"))
			return
		case "A9 LOGOUT":
			c.Write([]byte("* BYE\r\na9 OK\r\n"))
			return
		default:
			c.Write([]byte("500 what?\r\n"))
		}
	}
}

// TestGuessesProbed: no file and no DNS record; of the usual names, the
// servers that answer are found, the most preferred first, and a server
// whose certificate names another host is passed over (every send would
// fail on it).
func TestGuessesProbed(t *testing.T) {
	ca := newCA(t)
	n := newNetwork()
	// smtp.:465 answers, but with a certificate for another name.
	n.route("smtp.garage-dupont.test:465", lineServer(t, "smtp", mail.TLS, ca.issue(t, "shared.hoster.test")))
	// mail.:587 (STARTTLS) and mail.:465 answer with the right certificate.
	mailCert := ca.issue(t, "mail.garage-dupont.test")
	n.route("mail.garage-dupont.test:587", lineServer(t, "smtp", mail.StartTLS, mailCert))
	n.route("mail.garage-dupont.test:465", lineServer(t, "smtp", mail.TLS, mailCert))
	// imap.:143 (STARTTLS) answers; mail.:993 too, less preferred.
	n.route("imap.garage-dupont.test:143", lineServer(t, "imap", mail.StartTLS, ca.issue(t, "imap.garage-dupont.test")))
	n.route("mail.garage-dupont.test:993", lineServer(t, "imap", mail.TLS, mailCert))

	start := time.Now()
	r, err := Detect(context.Background(), "jean@garage-dupont.test", Options{Resolver: emptyDNS{}, Dial: n.dial, RootCAs: ca.pool, Timeout: 2 * time.Second})
	if err != nil {
		t.Fatalf("%v %+v", err, r.Tried)
	}
	wantSMTP := Server{Host: "mail.garage-dupont.test", Port: 465, Security: mail.TLS, UsernameForm: FormAddress, Username: "jean@garage-dupont.test"}
	wantIMAP := Server{Host: "imap.garage-dupont.test", Port: 143, Security: mail.StartTLS, UsernameForm: FormAddress, Username: "jean@garage-dupont.test"}
	if r.Step != StepGuess || r.SMTP != wantSMTP || r.IMAP != wantIMAP {
		t.Errorf("got %s\n%+v\n%+v", r.Step, r.SMTP, r.IMAP)
	}
	if r.Source != "mail.garage-dupont.test:465 imap.garage-dupont.test:143" {
		t.Errorf("source %q", r.Source)
	}
	// Every guess was tried (8 probes) plus the two autoconfig URLs.
	if d := n.dials(); len(d) != 10 {
		t.Errorf("dialled %d: %q", len(d), d)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("took %v: the probes are not bounded or not at once", el)
	}
}

// TestProbeSTARTTLSRefused: a server that does not offer STARTTLS on the
// submission port is not taken (a password would cross in clear).
func TestProbeSTARTTLSRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		c.Write([]byte("220 old server\r\n"))
		bufio.NewReader(c).ReadString('\n')
		c.Write([]byte("250-old.garage-dupont.test\r\n250 AUTH PLAIN LOGIN\r\n"))
		time.Sleep(100 * time.Millisecond)
	}()
	n := newNetwork()
	n.route("smtp.garage-dupont.test:587", l)
	err = probeServer(context.Background(), "smtp", Server{Host: "smtp.garage-dupont.test", Port: 587, Security: mail.StartTLS}, Options{Dial: n.dial, Timeout: time.Second})
	if err == nil || !strings.Contains(err.Error(), "does not offer STARTTLS") {
		t.Errorf("probe: %v", err)
	}
}

// TestProbeTimesOut: a server that accepts and says nothing costs one
// timeout, not more.
func TestProbeTimesOut(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	n := newNetwork()
	n.route("imap.garage-dupont.test:993", l)
	start := time.Now()
	err = probeServer(context.Background(), "imap", Server{Host: "imap.garage-dupont.test", Port: 993, Security: mail.TLS}, Options{Dial: n.dial, Timeout: 300 * time.Millisecond})
	if err == nil || time.Since(start) > 2*time.Second {
		t.Errorf("probe: %v after %v", err, time.Since(start))
	}
}

// TestNothingAnswersCostsTwoTimeouts: a domain where no DNS server and no
// host answers: the asking steps run at once (one timeout), then the
// guesses at once (one more), and the steps are all said.
func TestNothingAnswersCostsTwoTimeouts(t *testing.T) {
	hang := func(ctx context.Context, _, _ string) (net.Conn, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	const timeout = 400 * time.Millisecond
	start := time.Now()
	r, err := Detect(context.Background(), "jean@garage-dupont.test", Options{Resolver: hangingDNS{}, Dial: hang, Timeout: timeout})
	el := time.Since(start)
	if err == nil || len(r.Tried) != 5 {
		t.Fatalf("%v %+v", err, r.Tried)
	}
	if el < 2*timeout || el > 2*timeout+time.Second {
		t.Errorf("took %v, want about %v", el, 2*timeout)
	}
	// A cancelled context ends it at once, and says so.
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	start = time.Now()
	if _, err := Detect(ctx, "jean@garage-dupont.test", Options{Resolver: hangingDNS{}, Dial: hang, Timeout: 5 * time.Second}); !errors.Is(err, context.Canceled) || time.Since(start) > time.Second {
		t.Errorf("cancelled: %v after %v", err, time.Since(start))
	}
}
