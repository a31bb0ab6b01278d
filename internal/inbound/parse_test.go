package inbound

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestParseErrors(t *testing.T) {
	for _, raw := range []string{"", " \r\n\t"} {
		if _, err := Parse([]byte(raw)); !errors.Is(err, ErrEmpty) {
			t.Errorf("Parse(%q): %v, want ErrEmpty", raw, err)
		}
	}
	if _, err := Parse([]byte("no header here\njust text\n")); !errors.Is(err, ErrNoHeader) {
		t.Errorf("text without header: %v, want ErrNoHeader", err)
	}
}

func TestParseLineEnds(t *testing.T) {
	lf := "From: a@b.example\nSubject: Hi\nContent-Type: multipart/alternative; boundary=x\n\n--x\nContent-Type: text/plain; charset=utf-8\n\nline one\nline two\n--x\nContent-Type: text/html\n\n<p>Hi</p>\n--x--\n"
	for name, raw := range map[string]string{
		"LF":   lf,
		"CRLF": strings.ReplaceAll(lf, "\n", "\r\n"),
		"CR":   strings.ReplaceAll(lf, "\n", "\r"),
	} {
		m, err := Parse([]byte(raw))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if m.Text != "line one\nline two" || m.HTML != "<p>Hi</p>" || m.ContentType != "multipart/alternative" || m.Header.Get("Subject") != "Hi" {
			t.Errorf("%s: %+v", name, m)
		}
	}
}

func TestParseCharsets(t *testing.T) {
	for _, c := range []struct{ ct, cte, body, want string }{
		{"text/plain; charset=iso-8859-1", "quoted-printable", "R=E9ponse =\nautomatique", "Réponse automatique"},
		{"text/plain; charset=windows-1250", "quoted-printable", "Vra=E6am se =E8etvrtak =9Ei=9Ea", "Vraćam se četvrtak žiža"},
		{"text/plain; charset=utf-8", "base64", "0J7QtNGB0YPRgtCw0L0g\nc9Cw0Lw=", "Одсутан sам"},
		{"text/plain; charset=iso-2022-jp", "7bit", "\x1b$B$3$s$K$A$O\x1b(B", "こんにちは"},
		{"text/plain; charset=unicode-1-1-utf-7", "7bit", "Hi +AOk-t+AOk- +-1", "Hi été +1"},
		{"text/plain; charset=uft-8", "8bit", "d\xc3\xa9j\xc3\xa0", "déjà"},
		{"text/plain; charset=x-nonsense", "8bit", "caf\xe9", "café"},
		{"text/plain", "base64", "!!!Y2Fm\n=ZQ==", "cafe"},
		{"text/plain", "quoted-printable", "a=ZZb=\n", "a=ZZb"},
	} {
		raw := fmt.Sprintf("From: a@b.example\nContent-Type: %s\nContent-Transfer-Encoding: %s\n\n%s", c.ct, c.cte, c.body)
		m, err := Parse([]byte(raw))
		if err != nil {
			t.Fatal(err)
		}
		if m.Text != c.want {
			t.Errorf("%s/%s: %q, want %q", c.ct, c.cte, m.Text, c.want)
		}
	}
}

func TestParseBounceParts(t *testing.T) {
	raw := "From: MAILER-DAEMON@mx.example\nContent-Type: multipart/report; report-type=Delivery-Status; boundary=\"b1\"\n\n" +
		"--b1\n\nnotice\n--b1\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; a@b.example\nAction: failed\n\n" +
		"--b1\nContent-Type: message/rfc822\n\nFrom: us@example.fr\nMessage-ID: <x@example.fr>\n\nbody\n--b1--\n"
	m, err := Parse([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if m.ReportType != "delivery-status" || m.Text != "notice" ||
		string(m.Report) != "Final-Recipient: rfc822; a@b.example\nAction: failed\n" ||
		string(m.Returned) != "From: us@example.fr\nMessage-ID: <x@example.fr>\n" {
		t.Errorf("%+v / report %q / returned %q", m, m.Report, m.Returned)
	}
}

// TestParseHostile checks the caps: deep nesting, many parts, a huge
// header and a huge body all finish fast.
func TestParseHostile(t *testing.T) {
	var deep strings.Builder
	deep.WriteString("From: a@b.example\nContent-Type: multipart/mixed; boundary=b0\n\n")
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&deep, "--b%d\nContent-Type: multipart/mixed; boundary=b%d\n\n", i, i+1)
	}
	var many strings.Builder
	many.WriteString("From: a@b.example\nContent-Type: multipart/mixed; boundary=z\n\n")
	for i := 0; i < 100000; i++ {
		many.WriteString("--z\n\nx\n")
	}
	var fields strings.Builder
	for i := 0; i < 200000; i++ {
		fmt.Fprintf(&fields, "X-F%d: %s\n", i, strings.Repeat("v", 20))
	}
	fields.WriteString("\nbody\n")
	rfc822 := strings.Repeat("Content-Type: message/rfc822\n\n", 20000)
	folded := "From: a@b.example\nReferences: <a@b>\n" + strings.Repeat("\t<x@y>\n", 150000) + "\nbody\n"
	dsn := "From: MAILER-DAEMON@x.example\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; a@b.example\nAction: failed\nDiagnostic-Code: smtp; 550\n" +
		strings.Repeat(" more words\n", 80000) + strings.Repeat("--\nStatus: 5.1.1\n", 20000)
	text := "From: MAILER-DAEMON@x.example\nSubject: Undeliverable: x\n\n" +
		strings.Repeat("The following addresses failed:\n\n<a@b>: x 550 5.1.1\nMessage-ID: <m@x>\nback on 3 December until 4.12. \n", 8000)
	html := "From: a@b.example\nContent-Type: text/html\n\n" + strings.Repeat("<script><style><head><p>x", 50000)
	words := "From: a@b.example\nSubject: " + strings.Repeat("=?utf-8?q?caf=C3=A9?= ", 40000) + "\n\nx"
	for name, raw := range map[string][]byte{
		"deep multipart":       []byte(deep.String()),
		"many parts":           []byte(many.String()),
		"huge header":          []byte("From: a@b.example\n" + fields.String()),
		"huge body":            append([]byte("From: a@b.example\n\n"), bytes.Repeat([]byte("delivery failed 550 5.1.1 <a@b.example>\n"), 1<<20)...),
		"nested rfc822":        []byte("From: a@b.example\n" + rfc822),
		"long line":            append([]byte("From: a@b.example\nSubject: "), bytes.Repeat([]byte("x"), 8<<20)...),
		"folded field":         []byte(folded),
		"folded report":        []byte(dsn),
		"repeated bounce text": []byte(text),
		"unclosed html":        []byte(html),
		"encoded words":        []byte(words),
	} {
		start := time.Now()
		r, err := classifyBytes(t, name, raw)
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("%s: %v", name, d)
		}
		t.Logf("%s: %d bytes, %v, class %s, err %v", name, len(raw), time.Since(start).Round(time.Millisecond), r.Class, err)
	}
}
