package mail

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/mail/mailtest"
)

func faultServer(t *testing.T) (*mailtest.Server, Account) {
	t.Helper()
	ca, tlsCfg, err := mailtest.CA(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	s, err := mailtest.Start(tlsCfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	a := DefaultAccount()
	a.SMTPHost, a.SMTPPort, a.SMTPSecurity, a.SMTPUser = "localhost", s.Port, StartTLS, s.User
	a.FromAddress, a.FromName, a.TLSCA = "owner@fault.test", "Ateliers Bellecour", ca
	return s, a
}

func testMessage(t *testing.T, to ...string) Rendered {
	t.Helper()
	r, err := Render(Message{FromName: "Ateliers Bellecour", From: "owner@fault.test", ToName: "Boulangerie Martin", To: to,
		Subject: "Relance – facture F-1", Text: "Bonjour", MessageID: NewMessageID("fault.test"), Date: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func dial(t *testing.T, s *mailtest.Server, a Account) *Conn {
	t.Helper()
	c, err := DialSMTP(context.Background(), a, s.Password)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestFaults: each fault the in-process server produces ends in the right
// class, with the server's words in the error.
func TestFaults(t *testing.T) {
	se := func(code int, enh smtp.EnhancedCode, msg string) *smtp.SMTPError {
		return &smtp.SMTPError{Code: code, EnhancedCode: enh, Message: msg}
	}
	cases := []struct {
		name    string
		faults  mailtest.Faults
		to      []string
		want    Class
		refused []string
		dead    bool
		says    string
	}{
		{"delivered", mailtest.Faults{}, []string{"a@customers.test"}, Delivered, nil, false, ""},
		{"550 for one of two", mailtest.Faults{RcptErr: map[string]*smtp.SMTPError{"bad@customers.test": se(550, smtp.EnhancedCode{5, 1, 1}, "No such user")}},
			[]string{"a@customers.test", "bad@customers.test"}, Delivered, []string{"bad@customers.test"}, false, ""},
		{"550 for the only one", mailtest.Faults{RcptErr: map[string]*smtp.SMTPError{"bad@customers.test": se(550, smtp.EnhancedCode{5, 1, 1}, "No such user")}},
			[]string{"bad@customers.test"}, Permanent, []string{"bad@customers.test"}, false, "No such user"},
		{"450 for one defers all", mailtest.Faults{RcptErr: map[string]*smtp.SMTPError{"busy@customers.test": se(450, smtp.EnhancedCode{4, 2, 1}, "Mailbox busy")}},
			[]string{"a@customers.test", "busy@customers.test"}, Temporary, []string{"busy@customers.test"}, false, "Mailbox busy"},
		{"451 after the message", mailtest.Faults{DataErr: se(451, smtp.EnhancedCode{4, 3, 0}, "Local error, try later")},
			[]string{"a@customers.test"}, Temporary, nil, false, "451"},
		{"554 after the message", mailtest.Faults{DataErr: se(554, smtp.EnhancedCode{5, 7, 1}, "Spam rejected")},
			[]string{"a@customers.test"}, Permanent, nil, false, "Spam rejected"},
		{"421 and hang up", mailtest.Faults{Rcpt421Close: "a@customers.test"}, []string{"a@customers.test"}, Temporary, []string{"a@customers.test"}, true, "421"},
		// A small message is all in the socket before the server hangs up:
		// the final dot went out, so only the mailbox can tell.
		{"dropped in the middle of DATA", mailtest.Faults{DropMidData: true}, []string{"a@customers.test"}, Unknown, nil, true, ""},
		{"dropped after the final dot", mailtest.Faults{DropAfterDot: true}, []string{"a@customers.test"}, Unknown, nil, true, ""},
		{"only the copy accepted", mailtest.Faults{RcptErr: map[string]*smtp.SMTPError{"bad@customers.test": se(550, smtp.EnhancedCode{5, 1, 1}, "No such user")}},
			[]string{"bad@customers.test", "bcc:owner@fault.test"}, Permanent, []string{"bad@customers.test"}, false, "No such user"},
		{"the copy deferred", mailtest.Faults{RcptErr: map[string]*smtp.SMTPError{"owner@fault.test": se(452, smtp.EnhancedCode{4, 2, 2}, "Mailbox full")}},
			[]string{"a@customers.test", "bcc:owner@fault.test"}, Temporary, []string{"owner@fault.test"}, false, "Mailbox full"},
		{"sender refused", mailtest.Faults{MailErr: se(553, smtp.EnhancedCode{5, 7, 1}, "Sender not owned by user")},
			[]string{"a@customers.test"}, Fatal, nil, false, "Sender not owned"},
		{"sender deferred", mailtest.Faults{MailErr: se(451, smtp.EnhancedCode{4, 3, 0}, "Try later")},
			[]string{"a@customers.test"}, Temporary, nil, false, "Try later"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, a := faultServer(t)
			conn := dial(t, s, a)
			s.SetFaults(c.faults)
			var to, bcc []string
			for _, r := range c.to {
				if b, ok := strings.CutPrefix(r, "bcc:"); ok {
					bcc = append(bcc, b)
				} else {
					to = append(to, r)
				}
			}
			msg := testMessage(t, to...)
			out := conn.Send(msg.Sender, to, bcc, msg.Raw)
			if out.Class != c.want {
				t.Fatalf("class %d, want %d (%v)", out.Class, c.want, out.Err)
			}
			var refused []string
			for _, r := range out.Refused {
				refused = append(refused, r.Address)
			}
			if strings.Join(refused, ",") != strings.Join(c.refused, ",") {
				t.Errorf("refused %v, want %v", refused, c.refused)
			}
			if conn.Dead() != c.dead {
				t.Errorf("connection dead %v, want %v", conn.Dead(), c.dead)
			}
			if c.says != "" && (out.Err == nil || !strings.Contains(out.Err.Error(), c.says)) {
				t.Errorf("error %v does not say %q", out.Err, c.says)
			}
			// A live connection serves the next message.
			if !conn.Dead() {
				s.SetFaults(mailtest.Faults{})
				next := testMessage(t, "a@customers.test")
				if o := conn.Send(next.Sender, next.Recipients, nil, next.Raw); o.Class != Delivered {
					t.Errorf("next message on the same connection: %v", o.Err)
				}
			}
		})
	}
}

// TestDropInALargeMessage: when the line drops before the end of the
// message was written, the server cannot have taken it: retry, no doubt.
func TestDropInALargeMessage(t *testing.T) {
	s, a := faultServer(t)
	conn := dial(t, s, a)
	s.SetFaults(mailtest.Faults{DropMidData: true})
	m, err := Render(Message{From: "owner@fault.test", To: []string{"a@customers.test"}, Subject: "big", Text: "x",
		MessageID: NewMessageID("fault.test"), Attachments: []Attachment{{Name: "big.pdf", ContentType: "application/pdf", Data: make([]byte, 16<<20)}}})
	if err != nil {
		t.Fatal(err)
	}
	if o := conn.Send(m.Sender, m.Recipients, nil, m.Raw); o.Class != Temporary || !conn.Dead() {
		t.Fatalf("class %d dead %v: %v", o.Class, conn.Dead(), o.Err)
	}
}

// TestOneConnectionForABatch: messages go byte for byte over one session.
func TestOneConnectionForABatch(t *testing.T) {
	s, a := faultServer(t)
	conn := dial(t, s, a)
	var sent [][]byte
	for i := 0; i < 25; i++ {
		m := testMessage(t, "a@customers.test")
		if o := conn.Send(m.Sender, m.Recipients, nil, m.Raw); o.Class != Delivered {
			t.Fatal(o.Err)
		}
		sent = append(sent, m.Raw)
	}
	got := s.Delivered()
	if len(got) != 25 || s.Connections() != 1 {
		t.Fatalf("%d messages over %d connections", len(got), s.Connections())
	}
	for i := range got {
		if string(got[i].Data) != string(sent[i]) {
			t.Fatalf("message %d was not sent byte for byte", i)
		}
	}
}

// TestDialDiagnosis: each way a connection fails is told apart, in words,
// and the password never appears in the message.
func TestDialDiagnosis(t *testing.T) {
	s, a := faultServer(t)
	try := func(a Account, pw string) *ConnError {
		t.Helper()
		c, err := DialSMTP(context.Background(), a, pw)
		if err == nil {
			c.Close()
			t.Fatal("connected")
		}
		var ce *ConnError
		if !errors.As(err, &ce) {
			t.Fatalf("%T %v", err, err)
		}
		if strings.Contains(ce.Error(), pw) && pw != "" {
			t.Errorf("the password is in the message: %s", ce)
		}
		return ce
	}
	check := func(name string, ce *ConnError, stage Stage, words string) {
		t.Helper()
		if ce.Stage != stage || !strings.Contains(ce.In(i18n.EN), words) {
			t.Errorf("%s: stage %s, %q; want %s and %q", name, ce.Stage, ce.In(i18n.EN), stage, words)
		}
		if fr := ce.In(i18n.FR); fr == ce.In(i18n.EN) {
			t.Errorf("%s: not translated", name)
		}
	}
	bad := a
	bad.SMTPHost = "no-such-host.invalid"
	check("dns", try(bad, "secret-1"), StageDNS, "does not resolve")
	bad = a
	bad.SMTPPort = 1 // nothing listens on port 1
	check("tcp", try(bad, "secret-1"), StageTCP, "answers")
	bad = a
	bad.TLSCA = ""
	check("tls", try(bad, s.Password), StageTLS, "not trusted")
	check("auth", try(a, "wrong-password-xyz"), StageAuth, "refused")
	s.SetFaults(mailtest.Faults{GreetReject: true})
	check("greeting", try(a, s.Password), StageGreeting, "refused the session")
	bad = a
	bad.SMTPHost, bad.SMTPSecurity = "smtp.example.com", None
	check("none", try(bad, "x"), StageConfig, "")
}
