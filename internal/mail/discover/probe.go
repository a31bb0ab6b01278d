package discover

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/mail"
)

// probeServer says whether s speaks kind ("smtp" or "imap") with TLS: it
// connects, reads the greeting, upgrades with STARTTLS where the port uses
// it, and checks the certificate for s.Host (a guess whose certificate
// names another host would fail at every send anyway). It does not sign in.
func probeServer(ctx context.Context, kind string, s Server, o Options) error {
	conn, err := o.dial(ctx, "tcp", net.JoinHostPort(s.Host, strconv.Itoa(s.Port)))
	if err != nil {
		return err
	}
	defer conn.Close()
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(o.timeout())
	}
	if err := conn.SetDeadline(deadline); err != nil {
		return err
	}
	cfg := &tls.Config{ServerName: s.Host, RootCAs: o.RootCAs, MinVersion: tls.VersionTLS12}
	var p *protoConn
	switch s.Security {
	case mail.TLS:
		tc := tls.Client(conn, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			return err
		}
		p = newProtoConn(tc)
		if err := p.greeting(kind); err != nil {
			return err
		}
	case mail.StartTLS:
		p = newProtoConn(conn)
		if err := p.greeting(kind); err != nil {
			return err
		}
		if err := p.startTLS(kind); err != nil {
			return err
		}
		tc := tls.Client(conn, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			return err
		}
		p = newProtoConn(tc)
	default:
		return fmt.Errorf("security %q is not probed", s.Security)
	}
	p.quit(kind)
	return nil
}

// protoConn reads the line protocols' replies, bounded: a line of at most
// 4 KB, a reply of at most 100 lines.
type protoConn struct {
	c net.Conn
	r *bufio.Reader
}

func newProtoConn(c net.Conn) *protoConn { return &protoConn{c: c, r: bufio.NewReaderSize(c, 4096)} }

func (p *protoConn) line() (string, error) {
	l, isPrefix, err := p.r.ReadLine()
	if err != nil {
		return "", err
	}
	if isPrefix {
		return "", errors.New("reply line longer than 4 KB")
	}
	return string(l), nil
}

// smtpReply reads one (multi-line) SMTP reply: its code and its lines.
func (p *protoConn) smtpReply() (string, []string, error) {
	var lines []string
	for range 100 {
		l, err := p.line()
		if err != nil {
			return "", nil, err
		}
		if len(l) < 3 {
			return "", nil, fmt.Errorf("not an SMTP reply: %.40q", l)
		}
		lines = append(lines, l)
		if len(l) == 3 || l[3] != '-' {
			return l[:3], lines, nil
		}
	}
	return "", nil, errors.New("SMTP reply of more than 100 lines")
}

// imapTagged reads lines until the one tagged tag.
func (p *protoConn) imapTagged(tag string) (string, error) {
	for range 100 {
		l, err := p.line()
		if err != nil {
			return "", err
		}
		if strings.HasPrefix(l, tag+" ") {
			return l, nil
		}
	}
	return "", errors.New("IMAP reply of more than 100 lines")
}

func (p *protoConn) greeting(kind string) error {
	if kind == "smtp" {
		code, lines, err := p.smtpReply()
		if err != nil {
			return err
		}
		if code != "220" {
			return fmt.Errorf("SMTP greeting: %.80q", lines[0])
		}
		return nil
	}
	l, err := p.line()
	if err != nil {
		return err
	}
	if !strings.HasPrefix(l, "* OK") && !strings.HasPrefix(l, "* PREAUTH") {
		return fmt.Errorf("IMAP greeting: %.80q", l)
	}
	return nil
}

func (p *protoConn) send(s string) error {
	_, err := p.c.Write([]byte(s + "\r\n"))
	return err
}

func (p *protoConn) startTLS(kind string) error {
	if kind == "smtp" {
		if err := p.send("EHLO localhost"); err != nil {
			return err
		}
		code, lines, err := p.smtpReply()
		if err != nil {
			return err
		}
		offered := false
		for _, l := range lines {
			if len(l) > 4 && strings.EqualFold(strings.TrimSpace(l[4:]), "STARTTLS") {
				offered = true
			}
		}
		if code != "250" || !offered {
			return errors.New("the server does not offer STARTTLS")
		}
		if err := p.send("STARTTLS"); err != nil {
			return err
		}
		if code, lines, err = p.smtpReply(); err != nil {
			return err
		} else if code != "220" {
			return fmt.Errorf("STARTTLS refused: %.80q", lines[0])
		}
		return nil
	}
	if err := p.send("a1 STARTTLS"); err != nil {
		return err
	}
	l, err := p.imapTagged("a1")
	if err != nil {
		return err
	}
	if !strings.HasPrefix(l, "a1 OK") {
		return fmt.Errorf("STARTTLS refused: %.80q", l)
	}
	return nil
}

// quit says goodbye; its answer does not matter.
func (p *protoConn) quit(kind string) {
	if kind == "smtp" {
		_ = p.send("QUIT")
	} else {
		_ = p.send("a9 LOGOUT")
	}
}
