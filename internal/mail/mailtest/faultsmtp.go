// Package mailtest holds an in-process SMTP server (emersion/go-smtp) for
// the faults a real server will not produce on demand: 421 and 451
// replies, 550 for one recipient of many, a connection dropped in the
// middle of DATA, authentication refused, a very slow server. Tests only.
package mailtest

import (
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Faults are what the server does wrong.
type Faults struct {
	GreetReject  bool                       // 421 instead of the 220 greeting, then close
	AuthFail     bool                       // AUTH -> 535 5.7.8
	AuthErr      *smtp.SMTPError            // reply to AUTH (Microsoft's 535 5.7.139, 550 5.7.30)
	MailErr      *smtp.SMTPError            // reply to MAIL FROM
	RcptErr      map[string]*smtp.SMTPError // per-recipient reply to RCPT TO
	Rcpt421Close string                     // on this RCPT: "421 4.3.2", then close the connection
	DataErr      *smtp.SMTPError            // reply after the final dot (451, 554)
	DropMidData  bool                       // read a little of DATA, then close the connection
	DropAfterDot bool                       // take the message, then close without replying
	Delay        time.Duration              // sleep in MAIL, RCPT and DATA (a slow server)
}

// Delivered is a message the server took.
type Delivered struct {
	From string
	To   []string
	Data []byte
	UTF8 bool // the transaction asked for SMTPUTF8
}

// Server is a fault-injecting SMTP server on 127.0.0.1.
type Server struct {
	Host     string
	Port     int
	User     string
	Password string
	// Token, when set, is the OAuth2 access token taken with the
	// mechanisms in OAuthMechs (XOAUTH2, OAUTHBEARER) beside PLAIN.
	Token      string
	OAuthMechs []string
	mu         sync.Mutex
	authMechs  []string // the mechanism of each AUTH, in order
	faults     Faults
	delivered  []Delivered
	conns      atomic.Int32
	srv        *smtp.Server
}

// SetFaults changes the faults for the next commands.
func (s *Server) SetFaults(f Faults) { s.mu.Lock(); s.faults = f; s.mu.Unlock() }

func (s *Server) f() Faults { s.mu.Lock(); defer s.mu.Unlock(); return s.faults }

// Delivered returns the messages taken so far.
func (s *Server) Delivered() []Delivered {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivered(nil), s.delivered...)
}

// Connections counts the connections accepted so far.
func (s *Server) Connections() int { return int(s.conns.Load()) }

type listener struct {
	net.Listener
	s *Server
}

func (l *listener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		l.s.conns.Add(1)
		if l.s.f().GreetReject {
			fmt.Fprintf(c, "421 4.3.2 Service not available, closing channel\r\n")
			c.Close()
			continue
		}
		return c, nil
	}
}

// Start listens on 127.0.0.1 on a free port. With tlsCfg the server offers
// STARTTLS; the login is user / password.
func Start(tlsCfg *tls.Config) (*Server, error) { return start(tlsCfg, false) }

// StartSMTPUTF8 is Start with a server that offers SMTPUTF8 (RFC 6531).
func StartSMTPUTF8(tlsCfg *tls.Config) (*Server, error) { return start(tlsCfg, true) }

func start(tlsCfg *tls.Config, smtpUTF8 bool) (*Server, error) {
	s := &Server{User: "owner@fault.test", Password: "fault-pass"}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{s: s, c: c}, nil
	}))
	srv.Domain = "fault.test"
	srv.AllowInsecureAuth = tlsCfg == nil
	srv.ReadTimeout = 30 * time.Second
	srv.WriteTimeout = 30 * time.Second
	srv.MaxRecipients = 100
	srv.MaxMessageBytes = 25 << 20
	srv.TLSConfig = tlsCfg
	srv.EnableSMTPUTF8 = smtpUTF8
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.Host, s.Port = "127.0.0.1", ln.Addr().(*net.TCPAddr).Port
	s.srv = srv
	go srv.Serve(&listener{Listener: ln, s: s})
	return s, nil
}

// Close stops the server.
func (s *Server) Close() error { return s.srv.Close() }

type session struct {
	s    *Server
	c    *smtp.Conn
	from string
	to   []string
	utf8 bool
}

func (se *session) AuthMechanisms() []string {
	if se.s.Token == "" {
		return []string{sasl.Plain}
	}
	return append([]string{sasl.Plain}, se.s.OAuthMechs...)
}

// AuthMechs are the mechanisms clients used, one per AUTH.
func (s *Server) AuthMechs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.authMechs...)
}

func (se *session) Auth(mech string) (sasl.Server, error) {
	se.s.mu.Lock()
	se.s.authMechs = append(se.s.authMechs, mech)
	se.s.mu.Unlock()
	refused := func() error {
		if e := se.s.f().AuthErr; e != nil {
			return e
		}
		return smtp.ErrAuthFailed
	}
	switch mech {
	case sasl.OAuthBearer:
		return sasl.NewOAuthBearerServer(func(o sasl.OAuthBearerOptions) *sasl.OAuthBearerError {
			if se.s.f().AuthFail || se.s.f().AuthErr != nil || o.Username != se.s.User || o.Token != se.s.Token {
				return &sasl.OAuthBearerError{Status: "invalid_token", Schemes: "bearer"}
			}
			return nil
		}), nil
	case "XOAUTH2":
		return &xoauth2Server{check: func(user, token string) error {
			if se.s.f().AuthFail || se.s.f().AuthErr != nil || user != se.s.User || token != se.s.Token {
				return refused()
			}
			return nil
		}}, nil
	}
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if se.s.f().AuthFail || se.s.f().AuthErr != nil || username != se.s.User || password != se.s.Password {
			return refused()
		}
		return nil
	}), nil
}

// xoauth2Server reads XOAUTH2's one message: user=…^Aauth=Bearer …^A^A.
type xoauth2Server struct {
	check func(user, token string) error
}

func (x *xoauth2Server) Next(resp []byte) ([]byte, bool, error) {
	if resp == nil {
		return []byte{}, false, nil // no initial response: ask for it
	}
	var user, token string
	for _, f := range strings.Split(string(resp), "\x01") {
		if v, ok := strings.CutPrefix(f, "user="); ok {
			user = v
		}
		if v, ok := strings.CutPrefix(f, "auth=Bearer "); ok {
			token = v
		}
	}
	return nil, true, x.check(user, token)
}

func (se *session) Mail(from string, opts *smtp.MailOptions) error {
	f := se.s.f()
	time.Sleep(f.Delay)
	if f.MailErr != nil {
		return f.MailErr
	}
	se.from = from
	se.utf8 = opts != nil && opts.UTF8
	return nil
}

func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	f := se.s.f()
	time.Sleep(f.Delay)
	if to == f.Rcpt421Close {
		fmt.Fprintf(se.c.Conn(), "421 4.3.2 System shutting down\r\n")
		se.c.Conn().Close()
		return nil
	}
	if e := f.RcptErr[to]; e != nil {
		return e
	}
	se.to = append(se.to, to)
	return nil
}

func (se *session) Data(r io.Reader) error {
	f := se.s.f()
	time.Sleep(f.Delay)
	if f.DropMidData {
		buf := make([]byte, 64)
		io.ReadFull(r, buf)
		se.c.Conn().Close()
		return nil
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if f.DataErr != nil {
		return f.DataErr
	}
	se.s.mu.Lock()
	se.s.delivered = append(se.s.delivered, Delivered{se.from, se.to, b, se.utf8})
	se.s.mu.Unlock()
	if f.DropAfterDot {
		se.c.Conn().Close()
	}
	return nil
}

func (se *session) Reset()        { se.from, se.to, se.utf8 = "", nil, false }
func (se *session) Logout() error { return nil }
