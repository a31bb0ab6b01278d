package mail

import (
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"
)

// parts walks a parsed message and returns each leaf part's content type,
// file name (decoded) and decoded body.
type leaf struct {
	ctype, name string
	body        []byte
}

func leaves(t *testing.T, ctype string, body io.Reader, enc string) []leaf {
	t.Helper()
	mt, params, err := mime.ParseMediaType(ctype)
	if err != nil {
		t.Fatalf("content type %q: %v", ctype, err)
	}
	if strings.HasPrefix(mt, "multipart/") {
		var out []leaf
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return out
			}
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, leaves(t, p.Header.Get("Content-Type"), p, p.Header.Get("Content-Transfer-Encoding"))...)
			_ = p
		}
	}
	data, _ := io.ReadAll(body)
	switch strings.ToLower(enc) {
	case "base64":
		data = decodeB64(t, data)
	case "quoted-printable":
		data = decodeQP(t, data)
	}
	name := params["name"]
	dec := new(mime.WordDecoder)
	if n, err := dec.DecodeHeader(name); err == nil {
		name = n
	}
	return []leaf{{ctype: mt, name: name, body: data}}
}

func TestRenderedMessage(t *testing.T) {
	pdf := []byte("%PDF-1.7 test")
	m := Message{
		FromName: "Ateliers Bellecour\r\nBcc: victim@example.com", From: "owner@bellecour.test",
		ToName: "Столарија Петровић\nX-Evil: 1", To: []string{"petar@customers.test"}, ReplyTo: "compta@bellecour.test",
		Bcc:     []string{"owner@bellecour.test"},
		Subject: "Relance – facture F-1 échue\r\nX-Injected: yes / Подсетник",
		Text:    "Madame,\nvotre facture… Поштовани", HTML: "<p>Madame, &lt;b&gt;</p>",
		Attachments: []Attachment{{Name: "Relance F-1 – Škola.pdf", ContentType: "application/pdf", Data: pdf},
			{Name: "échéance.ics", ContentType: "text/calendar; method=PUBLISH", Data: []byte("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")}},
		MessageID: NewMessageID("bellecour.test"), Date: time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC),
		InReplyTo: "abc@customers.test", References: []string{"<root@customers.test>"},
	}
	r, err := Render(m)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(r.Raw, []byte("\r\n")) || bytes.Contains(bytes.ReplaceAll(r.Raw, []byte("\r\n"), nil), []byte("\n")) {
		t.Error("not CRLF throughout")
	}
	msg, err := mail.ReadMessage(bytes.NewReader(r.Raw))
	if err != nil {
		t.Fatal(err)
	}
	h := msg.Header
	for _, k := range []string{"Bcc", "X-Evil", "X-Injected"} {
		if h.Get(k) != "" {
			t.Errorf("header %s = %q: injected or leaked", k, h.Get(k))
		}
	}
	if bytes.Contains(r.Raw, []byte("victim@example.com")) && h.Get("Bcc") != "" {
		t.Error("a Bcc header from a name")
	}
	dec := new(mime.WordDecoder)
	subj, _ := dec.DecodeHeader(h.Get("Subject"))
	if subj != "Relance – facture F-1 échue X-Injected: yes / Подсетник" {
		t.Errorf("subject %q", subj)
	}
	from, _ := h.AddressList("From")
	to, _ := h.AddressList("To")
	if len(from) != 1 || from[0].Address != "owner@bellecour.test" || len(to) != 1 || to[0].Name != "Столарија Петровић X-Evil: 1" {
		t.Errorf("From %v To %v", from, to)
	}
	if h.Get("Message-Id") != "<"+m.MessageID+">" || h.Get("In-Reply-To") != "<abc@customers.test>" ||
		h.Get("References") != "<root@customers.test> <abc@customers.test>" || h.Get("Reply-To") != "<compta@bellecour.test>" {
		t.Errorf("headers: %v", h)
	}
	if d, err := h.Date(); err != nil || !d.Equal(m.Date) {
		t.Errorf("date %v %v", d, err)
	}
	if strings.Join(r.Recipients, ",") != "petar@customers.test,owner@bellecour.test" || r.Sender != "owner@bellecour.test" {
		t.Errorf("envelope %s -> %v", r.Sender, r.Recipients)
	}
	ls := leaves(t, h.Get("Content-Type"), msg.Body, h.Get("Content-Transfer-Encoding"))
	got := map[string]leaf{}
	for _, l := range ls {
		got[l.ctype+"|"+l.name] = l
	}
	if l, ok := got["text/plain|"]; !ok || !strings.Contains(string(l.body), "Поштовани") {
		t.Errorf("text part: %+v", ls)
	}
	if l, ok := got["text/html|"]; !ok || !strings.Contains(string(l.body), "&lt;b&gt;") {
		t.Errorf("html part: %+v", ls)
	}
	if l, ok := got["application/pdf|Relance F-1 – Škola.pdf"]; !ok || !bytes.Equal(l.body, pdf) {
		t.Errorf("pdf part: %+v", ls)
	}
	if _, ok := got["text/calendar|échéance.ics"]; !ok {
		t.Errorf("calendar part: %+v", ls)
	}
}

func TestRenderRefusesBadAddresses(t *testing.T) {
	base := Message{From: "owner@bellecour.test", To: []string{"a@customers.test"}, Subject: "x", Text: "x", MessageID: NewMessageID("bellecour.test")}
	for name, mod := range map[string]func(*Message){
		"to with a newline": func(m *Message) { m.To = []string{"a@customers.test\r\nBcc: b@x.test"} },
		"to with a name":    func(m *Message) { m.To = []string{"Eve <eve@x.test>"} },
		"no recipient":      func(m *Message) { m.To = nil },
		"bad from":          func(m *Message) { m.From = "owner" },
		"bad message id":    func(m *Message) { m.MessageID = "x\r\n@y" },
	} {
		m := base
		mod(&m)
		if _, err := Render(m); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func decodeB64(t *testing.T, b []byte) []byte {
	t.Helper()
	out, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, bytes.NewReader(bytes.ReplaceAll(bytes.ReplaceAll(b, []byte("\r"), nil), []byte("\n"), nil))))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func decodeQP(t *testing.T, b []byte) []byte {
	t.Helper()
	out, err := io.ReadAll(quotedprintable.NewReader(bytes.NewReader(b)))
	if err != nil {
		t.Fatal(err)
	}
	return out
}
