package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Messages are composed once (go-mail), stored whole, and transmitted byte
// for byte with go-smtp's client: a resend after a crash carries the very
// same bytes and Message-ID, and each recipient's reply is read on its own
// (go-mail's Send re-renders the message and cancels it when one of several
// recipients is refused).

// Conn is one SMTP session, reused for a whole batch.
type Conn struct {
	c    *smtp.Client
	dead bool
}

// DialTimeout bounds connecting and each command.
var DialTimeout = 30 * time.Second

// DialSMTP connects, secures and logs in to the account's SMTP server
// with password: the password itself, or for an OAuth2 account the access
// token (OAUTHBEARER or XOAUTH2, whichever the server offers). A failure
// is a *ConnError saying at which stage and why.
func DialSMTP(ctx context.Context, a Account, password string) (*Conn, error) {
	fail := func(stage Stage, err error) (*Conn, error) {
		return nil, &ConnError{Server: "smtp", Host: a.SMTPHost, Port: a.SMTPPort, Stage: stage, Err: err}
	}
	if a.SMTPHost == "" {
		return fail(StageConfig, errors.New("no SMTP server set"))
	}
	if a.SMTPSecurity == None && !IsLoopback(a.SMTPHost) {
		return fail(StageConfig, errors.New("an unencrypted connection is only allowed to this machine"))
	}
	cfg, err := a.TLSConfig(a.SMTPHost)
	if err != nil {
		return fail(StageConfig, err)
	}
	addr := net.JoinHostPort(a.SMTPHost, strconv.Itoa(a.SMTPPort))
	d := &net.Dialer{Timeout: DialTimeout}
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fail(connStage(err, false), err)
	}
	var c *smtp.Client
	switch a.SMTPSecurity {
	case TLS:
		tc := tls.Client(conn, cfg)
		hctx, cancel := context.WithTimeout(ctx, DialTimeout)
		err = tc.HandshakeContext(hctx)
		cancel()
		if err != nil {
			conn.Close()
			return fail(StageTLS, err)
		}
		c = smtp.NewClient(tc)
	case None:
		c = smtp.NewClient(conn)
	default:
		conn.SetDeadline(time.Now().Add(DialTimeout))
		c, err = smtp.NewClientStartTLS(conn, cfg)
		if err != nil {
			conn.Close()
			var se *smtp.SMTPError
			if errors.As(err, &se) {
				return fail(StageGreeting, err)
			}
			if strings.Contains(err.Error(), "STARTTLS") {
				return fail(StageTLS, err)
			}
			return fail(connStage(err, true), err)
		}
		conn.SetDeadline(time.Time{})
	}
	c.CommandTimeout = DialTimeout
	c.SubmissionTimeout = 5 * time.Minute
	if err := c.Hello(helloName(a)); err != nil {
		c.Close()
		return fail(connStage(err, a.SMTPSecurity != None), err)
	}
	if password != "" || a.SMTPUser != "" || a.Auth == AuthOAuth2 {
		ok, mechs := c.Extension("AUTH")
		if !ok {
			c.Close()
			return fail(StageAuth, errors.New("the server offers no login (AUTH) on this connection"))
		}
		client := sasl.NewPlainClient("", a.SMTPLogin(), password)
		if a.Auth == AuthOAuth2 {
			mech := pickOAuthMech(strings.Fields(mechs))
			if mech == "" {
				c.Close()
				return fail(StageAuth, ErrNoOAuthMech)
			}
			client = oauthClient(mech, a.SMTPLogin(), password, a.SMTPHost, a.SMTPPort)
		}
		if err := c.Auth(client); err != nil {
			c.Close()
			return fail(StageAuth, err)
		}
	}
	return &Conn{c: c}, nil
}

// helloName is the name given in EHLO: the sender's domain, which says who
// we are without revealing the machine's name.
func helloName(a Account) string {
	if d := a.Domain(); d != "" {
		return d
	}
	return "localhost"
}

// Close ends the session politely.
func (c *Conn) Close() error {
	if c.dead {
		return c.c.Close()
	}
	return c.c.Quit()
}

// Dead reports whether the connection was lost: the next message needs a
// new one.
func (c *Conn) Dead() bool { return c.dead }

// Class is what became of a message.
type Class int

// Outcomes of a send.
const (
	Delivered Class = iota // the server took the message (for every recipient, or all but those refused for good)
	Temporary              // try again later: a 4xx, a connection lost before the message was complete
	Permanent              // no retry will help: every recipient refused for good, or the message refused
	Unknown                // the message may have been taken: the connection dropped after its end was sent
	Fatal                  // the account itself is refused (the sender address): stop the batch
)

// Refusal is a recipient the server refused.
type Refusal struct {
	Address   string
	Code      int
	Enhanced  string
	Text      string
	Temporary bool
	// NoSMTPUTF8: refused here, not by the server: the address needs
	// SMTPUTF8, which the server does not offer.
	NoSMTPUTF8 bool
}

// Outcome is what a send came to.
type Outcome struct {
	Class    Class
	Refused  []Refusal // recipients refused (for good, with a Delivered or Permanent class)
	Reply    string    // the server's reply to the message (its queue id)
	Err      error     // why, when not Delivered
	Duration time.Duration
}

func smtpErr(err error) *smtp.SMTPError {
	var se *smtp.SMTPError
	if errors.As(err, &se) {
		return se
	}
	return nil
}

func enhanced(se *smtp.SMTPError) string {
	if se.EnhancedCode == (smtp.EnhancedCode{}) || se.EnhancedCode == smtp.NoEnhancedCode {
		return ""
	}
	return fmt.Sprintf("%d.%d.%d", se.EnhancedCode[0], se.EnhancedCode[1], se.EnhancedCode[2])
}

// Send transmits a stored message to the recipients to, with blind copies
// to bcc (the owner's own copy). A temporary refusal of any recipient
// defers the whole message (nothing is sent, so the retry cannot
// duplicate); recipients refused for good are left out and reported. A
// message none of whose to recipients is accepted is not sent at all: a
// copy to the owner alone is not a letter sent.
func (c *Conn) Send(from string, to, bcc []string, raw []byte) Outcome {
	start := time.Now()
	out := c.send(from, to, bcc, raw)
	out.Duration = time.Since(start)
	return out
}

func (c *Conn) send(from string, to, bcc []string, raw []byte) Outcome {
	if c.dead {
		return Outcome{Class: Temporary, Err: errors.New("connection lost")}
	}
	lost := func(err error) Outcome {
		c.dead = true
		return Outcome{Class: Temporary, Err: err}
	}
	// A non-ASCII local part goes only with SMTPUTF8 (idna.go): offered,
	// the transaction asks for it; not offered, such a recipient is
	// refused for good here (553 5.6.7, RFC 6531's code) and the others
	// still receive the letter; a sender that needs it stops the batch.
	utf8OK, _ := c.c.Extension("SMTPUTF8")
	needUTF8 := NeedsSMTPUTF8(from)
	for _, r := range append(append([]string{}, to...), bcc...) {
		needUTF8 = needUTF8 || NeedsSMTPUTF8(r)
	}
	if NeedsSMTPUTF8(from) && !utf8OK {
		return Outcome{Class: Fatal, Err: fmt.Errorf("%s: %w", from, ErrNoSMTPUTF8)}
	}
	// The envelope carries domains in their ASCII form whatever the form
	// stored; refusals name the address as given, so that it is the
	// customer's own address that gets flagged.
	if a, err := ASCIIDomain(from); err == nil {
		from = a
	}
	if err := c.c.Mail(from, &smtp.MailOptions{Size: int64(len(raw)), UTF8: needUTF8 && utf8OK}); err != nil {
		se := smtpErr(err)
		switch {
		case se == nil:
			return lost(err)
		case se.Temporary():
			return Outcome{Class: Temporary, Err: err}
		default:
			// The server refuses our own sender: no letter can go until the
			// owner fixes the account.
			return Outcome{Class: Fatal, Err: err}
		}
	}
	accepted := 0
	var refused []Refusal
	temp := false
	for i, r := range append(append([]string{}, to...), bcc...) {
		if !utf8OK && NeedsSMTPUTF8(r) {
			refused = append(refused, Refusal{Address: r, Code: 553, Enhanced: "5.6.7", Text: ErrNoSMTPUTF8.Error(), NoSMTPUTF8: true})
			continue
		}
		env, err := ASCIIDomain(r)
		if err != nil {
			refused = append(refused, Refusal{Address: r, Code: 553, Enhanced: "5.1.3", Text: err.Error()})
			continue
		}
		err = c.c.Rcpt(env, nil)
		if err == nil {
			if i < len(to) {
				accepted++
			}
			continue
		}
		se := smtpErr(err)
		if se == nil {
			return lost(err)
		}
		refused = append(refused, Refusal{Address: r, Code: se.Code, Enhanced: enhanced(se), Text: se.Message, Temporary: se.Temporary()})
		temp = temp || se.Temporary()
	}
	reset := func() {
		if err := c.c.Reset(); err != nil {
			c.dead = true
		}
	}
	if temp {
		reset()
		return Outcome{Class: Temporary, Refused: refused, Err: refusalErr(refused)}
	}
	if accepted == 0 {
		reset()
		return Outcome{Class: Permanent, Refused: refused, Err: refusalErr(refused)}
	}
	w, err := c.c.Data()
	if err != nil {
		se := smtpErr(err)
		if se == nil {
			return lost(err)
		}
		if se.Temporary() {
			return Outcome{Class: Temporary, Refused: refused, Err: err}
		}
		return Outcome{Class: Permanent, Refused: refused, Err: err}
	}
	if _, err := w.Write(raw); err != nil {
		// The end of the message was never sent: the server drops it.
		return lost(err)
	}
	resp, err := w.CloseWithResponse()
	if err != nil {
		se := smtpErr(err)
		switch {
		case se == nil:
			// The final dot went out; whether the server took the message
			// before the line dropped, only the mailbox can tell.
			c.dead = true
			return Outcome{Class: Unknown, Refused: refused, Err: err}
		case se.Temporary():
			return Outcome{Class: Temporary, Refused: refused, Err: err}
		default:
			return Outcome{Class: Permanent, Refused: refused, Err: err}
		}
	}
	return Outcome{Class: Delivered, Refused: refused, Reply: resp.StatusText}
}

func refusalErr(rs []Refusal) error {
	var parts []string
	for _, r := range rs {
		parts = append(parts, fmt.Sprintf("%s: %d %s %s", r.Address, r.Code, r.Enhanced, r.Text))
	}
	return errors.New(strings.Join(parts, "; "))
}
