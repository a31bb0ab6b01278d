package mail

import (
	"bytes"
	"mime"
	"net/mail"
	"strings"
	"testing"
	"time"
)

// Issue 12, finding 10: a customer name written as a literal encoded word
// went out as a quoted string, To: "=?UTF-8?B?QWRtaW4=?=" <c@customers.test>.
// Observed before the fix: net/mail keeps the quoted text, but a reader
// that decodes encoded words anywhere in a header (mime.WordDecoder's
// DecodeHeader, and many mail clients) showed "\"Admin\" <c@customers.test>".
// Such names are now encoded whole: both ways of reading show the literal.
func TestNamesThatLookEncodedAreShownLiterally(t *testing.T) {
	long := "Boulangerie =?UTF-8?Q?Mairie_de_Paris?= Élodie Müller & fils, " + strings.TrimSpace(strings.Repeat("très long nom ", 6))
	for _, c := range []struct{ from, to, subject string }{
		{"Ateliers Bellecour", "=?UTF-8?B?QWRtaW4=?=", "Invoice F-1"},
		{"=?utf-8?q?Service_des_imp=C3=B4ts?=", "Élodie", "=?UTF-8?B?VXJnZW50?= F-2"},
		{"Ateliers", long, "Relance " + long},
	} {
		r, err := Render(Message{FromName: c.from, From: "owner@fault.test", ToName: c.to, To: []string{"c@customers.test", "d@customers.test"},
			Subject: c.subject, Text: "body", MessageID: NewMessageID("fault.test"), Date: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		msg, err := mail.ReadMessage(bytes.NewReader(r.Raw))
		if err != nil {
			t.Fatal(err)
		}
		from, err := mail.ParseAddress(msg.Header.Get("From"))
		if err != nil || from.Name != c.from || from.Address != "owner@fault.test" {
			t.Errorf("From %q: parsed %+v %v, want the name %q", msg.Header.Get("From"), from, err, c.from)
		}
		to, err := mail.ParseAddressList(msg.Header.Get("To"))
		if err != nil || len(to) != 2 || to[0].Name != c.to || to[0].Address != "c@customers.test" || to[1].Address != "d@customers.test" {
			t.Errorf("To %q: parsed %+v %v, want the name %q", msg.Header.Get("To"), to, err, c.to)
		}
		var dec mime.WordDecoder
		if shown, err := dec.DecodeHeader(msg.Header.Get("To")); err != nil || !strings.HasPrefix(shown, c.to+" <c@customers.test>") {
			t.Errorf("To shown by a decoding reader as %q (%v), want the literal %q", shown, err, c.to)
		}
		subj, err := dec.DecodeHeader(msg.Header.Get("Subject"))
		if err != nil || subj != c.subject {
			t.Errorf("Subject %q decodes to %q (%v), want %q", msg.Header.Get("Subject"), subj, err, c.subject)
		}
		// Every header line within RFC 5322's 78 characters advised.
		head, _, _ := bytes.Cut(r.Raw, []byte("\r\n\r\n"))
		for _, l := range strings.Split(string(head), "\r\n") {
			if (strings.HasPrefix(l, "To:") || strings.HasPrefix(l, "From:") || strings.HasPrefix(l, "Subject:") || strings.HasPrefix(l, " =?")) && len(l) > 998 {
				t.Errorf("header line of %d characters", len(l))
			}
		}
		for _, w := range strings.Fields(string(head)) {
			if strings.HasPrefix(w, "=?UTF-8?B?") && len(w) > 75 {
				t.Errorf("encoded word of %d characters: %s", len(w), w)
			}
		}
	}
}
