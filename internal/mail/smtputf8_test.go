package mail

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/mail/mailtest"
)

// Issue 12, finding 8. Observed before the fix on this fault server
// (which, like many, takes what it is given): jöe@exämple.fr went out raw,
// RCPT TO:<jöe@exämple.fr> without SMTPUTF8 and
// "To: =?utf-8?q?J=C3=B6e?= <jöe@exämple.fr>" in the header, and the
// outcome was Delivered.
func TestNonASCIIAddresses(t *testing.T) {
	r, err := Render(Message{FromName: "Ateliers", From: "owner@fault.test", ToName: "Jöe", To: []string{"jöe@exämple.fr", "anna@bücher.example"},
		Subject: "x", Text: "x", MessageID: NewMessageID("fault.test")})
	if err != nil {
		t.Fatal(err)
	}
	// Domains in their IDNA form, in the envelope and the header.
	if want := []string{"jöe@xn--exmple-cua.fr", "anna@xn--bcher-kva.example"}; strings.Join(r.Recipients, " ") != strings.Join(want, " ") {
		t.Errorf("envelope %v, want %v", r.Recipients, want)
	}
	if bytes.Contains(r.Raw, []byte("exämple")) || !bytes.Contains(r.Raw, []byte("xn--exmple-cua.fr")) {
		t.Errorf("the header keeps the Unicode domain")
	}

	t.Run("without SMTPUTF8", func(t *testing.T) {
		s, a := faultServer(t)
		out := dial(t, s, a).Send(r.Sender, r.Recipients, []string{"owner@fault.test"}, r.Raw)
		// jöe@ cannot go: refused for good here, with the reason; the ASCII
		// local part still receives the letter.
		if out.Class != Delivered || len(out.Refused) != 1 || out.Refused[0].Address != "jöe@xn--exmple-cua.fr" ||
			!out.Refused[0].NoSMTPUTF8 || out.Refused[0].Temporary || out.Refused[0].Code != 553 {
			t.Fatalf("outcome %+v", out)
		}
		d := s.Delivered()
		if len(d) != 1 || strings.Join(d[0].To, " ") != "anna@xn--bcher-kva.example owner@fault.test" || d[0].UTF8 {
			t.Fatalf("delivered %+v", d)
		}
		// Alone, it fails for good: the letter goes by post.
		out = dial(t, s, a).Send(r.Sender, r.Recipients[:1], nil, r.Raw)
		if out.Class != Permanent || len(out.Refused) != 1 || !out.Refused[0].NoSMTPUTF8 || !strings.Contains(out.Err.Error(), "SMTPUTF8") {
			t.Fatalf("alone: %+v", out)
		}
		if len(s.Delivered()) != 1 {
			t.Error("sent without SMTPUTF8")
		}
	})
	t.Run("with SMTPUTF8", func(t *testing.T) {
		ca, tlsCfg, err := mailtest.CA(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		s, err := mailtest.StartSMTPUTF8(tlsCfg)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		_, a := faultServer(t)
		a.SMTPPort, a.TLSCA = s.Port, ca
		c, err := DialSMTP(context.Background(), a, s.Password)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		out := c.Send(r.Sender, r.Recipients[:1], nil, r.Raw)
		d := s.Delivered()
		if out.Class != Delivered || len(d) != 1 || !d[0].UTF8 || d[0].To[0] != "jöe@xn--exmple-cua.fr" {
			t.Fatalf("outcome %+v, delivered %+v", out, d)
		}
		// An ASCII message does not ask for it.
		out = c.Send(r.Sender, r.Recipients[1:], nil, r.Raw)
		if d := s.Delivered(); out.Class != Delivered || len(d) != 2 || d[1].UTF8 {
			t.Fatalf("ASCII: %+v %+v", out, d)
		}
	})
	if _, err := ASCIIDomain("x@exä_mple.fr"); err == nil {
		t.Error("a bad domain was accepted")
	}
}
