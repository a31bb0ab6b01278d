package inbound

import (
	"net/mail"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/relance-app/relance/internal/fuzzwatch"
)

// FuzzParseClassify feeds arbitrary bytes to Parse and Classify: they must
// never panic, finish quickly, and return valid UTF-8 and a known class.
func FuzzParseClassify(f *testing.F) {
	bsd := filepath.Join(sisimaiDir, "bsd")
	for _, p := range []string{
		filepath.Join(bsd, "lhost-qmail-03.eml"),
		filepath.Join(bsd, "lhost-postfix-01.eml"),
		filepath.Join(bsd, "lhost-exim-32.eml"),
		filepath.Join(bsd, "lhost-amazonses-10.eml"),
		filepath.Join(bsd, "lhost-x5-01.eml"),
		filepath.Join(bsd, "rfc3834-01.eml"),
		filepath.Join(bsd, "arf-01.eml"),
		filepath.Join(sisimaiDir, "mac", "lhost-sendmail-01.eml"),
		filepath.Join(ownDir, "ooo-fr-outlook.eml"),
		filepath.Join(ownDir, "bounce-sr-exchange.eml"),
		filepath.Join(mailDir, "mime_emails", "raw_email_with_illegal_boundary.eml"),
	} {
		f.Add(mustReadF(f, p))
	}
	f.Add([]byte("From: a@b.example\n\n"))
	f.Add([]byte("Content-Type: multipart/mixed\n\n--\n--\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		defer fuzzwatch.Start(t, raw)()
		m, r, d, err := timedRun(raw)
		if err != nil {
			return
		}
		// The machine may be busy: a slow run counts only if the best of
		// three runs is still slow.
		for i := 0; i < 2 && d > fuzzLimit; i++ {
			_, _, d2, _ := timedRun(raw)
			d = min(d, d2)
		}
		if d > fuzzLimit {
			t.Fatalf("Parse+Classify took %v on %d bytes", d, len(raw))
		}
		switch r.Class {
		case Bounce, AutoReply, Reply, Other:
		default:
			t.Fatalf("class %q", r.Class)
		}
		if r.Reason == "" {
			t.Fatal("no reason")
		}
		for _, s := range append([]string{r.Status, r.Recipient, r.Diagnostic, r.MessageID, r.ReturnDate, r.Reason, m.Text, m.HTML}, r.RefersTo...) {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 %q", s)
			}
		}
		if utf8.RuneCountInString(r.Diagnostic) > 300 {
			t.Fatalf("diagnostic of %d runes", utf8.RuneCountInString(r.Diagnostic))
		}
		if r.ReturnDate != "" {
			if _, err := time.Parse("2006-01-02", r.ReturnDate); err != nil {
				t.Fatalf("ReturnDate %q: %v", r.ReturnDate, err)
			}
		}
	})
}

// fuzzLimit is far above the real cost (well under a millisecond for
// inputs of the fuzzer's size) and far below what a hang would take.
const fuzzLimit = 2 * time.Second

func timedRun(raw []byte) (*Message, Result, time.Duration, error) {
	start := time.Now()
	m, err := Parse(raw)
	if err != nil {
		return nil, Result{}, time.Since(start), err
	}
	r := Classify(m)
	return m, r, time.Since(start), nil
}

func mustReadF(f *testing.F, path string) []byte {
	f.Helper()
	raw, err := readFile(path)
	if err != nil {
		f.Fatal(err)
	}
	return raw
}

// FuzzParseDSN feeds arbitrary delivery-status bodies to parseDSN and the
// choices made from its recipients. Seeds are the delivery-status parts of
// real bounces. Invariants: at most 100 recipients; every address has a
// local part, an "@" and a domain, lower case, no blanks; a status is
// empty or an RFC 3463 code ([245].ddd.ddd); an action is one lower-case
// word; the cleaned diagnostic is valid UTF-8 of at most 300 runes;
// pickRecipient and allSuccess agree with the actions.
func FuzzParseDSN(f *testing.F) {
	bsd := filepath.Join(sisimaiDir, "bsd")
	for _, p := range []string{
		filepath.Join(bsd, "lhost-postfix-01.eml"),
		filepath.Join(bsd, "lhost-sendmail-34.eml"),
		filepath.Join(bsd, "lhost-office365-03.eml"),
		filepath.Join(bsd, "lhost-exim-60.eml"),
		filepath.Join(bsd, "lhost-amavis-02.eml"), // message/global-delivery-status
		filepath.Join(bsd, "rfc3464-61.eml"),
		filepath.Join(ownDir, "bounce-fr-exchange.eml"),
	} {
		m, err := Parse(mustReadF(f, p))
		if err != nil {
			f.Fatalf("%s: %v", p, err)
		}
		if len(m.Report) == 0 {
			f.Fatalf("%s: no delivery-status part", p)
		}
		f.Add(m.Report)
	}
	f.Add([]byte("Final-Recipient: rfc822; a@b.example\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550\n  5.1.1 unknown\n"))
	f.Add([]byte("Final-Recipient: rfc822;a@b.example\nFinal-Recipient: rfc822;c@d.example\nAction: delivered\n\n--b\nStatus: 4.4.7\n"))
	f.Add([]byte("Diagnostic-Code: \x1b$B$3\x1b(B\n"))
	status := regexp.MustCompile(`^[245]\.\d{1,3}\.\d{1,3}$`)
	f.Fuzz(func(t *testing.T, report []byte) {
		defer fuzzwatch.Start(t, report)()
		rs := parseDSN(report)
		if len(rs) > 100 {
			t.Fatalf("%d recipients", len(rs))
		}
		for _, r := range rs {
			for _, a := range []string{r.final, r.original} {
				if a == "" {
					continue
				}
				local, domain, ok := strings.Cut(a, "@")
				if !ok || local == "" || domain == "" || strings.ContainsAny(a, " \t\r\n") || strings.ToLower(a) != a || !utf8.ValidString(a) {
					t.Fatalf("address %q", a)
				}
			}
			if r.status != "" && !status.MatchString(r.status) {
				t.Fatalf("status %q", r.status)
			}
			if strings.ContainsAny(r.action, " \t\r\n") || strings.ToLower(r.action) != r.action {
				t.Fatalf("action %q", r.action)
			}
			if len(r.diagnostic) > maxAuxBytes+2048 {
				t.Fatalf("diagnostic of %d bytes", len(r.diagnostic))
			}
			if d := cleanDiagnostic(r.diagnostic); !utf8.ValidString(d) || utf8.RuneCountInString(d) > 300 {
				t.Fatalf("cleaned diagnostic %q", d)
			}
		}
		picked, ok := pickRecipient(rs)
		if ok && picked.action != "failed" && picked.action != "delayed" &&
			(isSuccessAction(picked.action) || !(strings.HasPrefix(picked.status, "4") || strings.HasPrefix(picked.status, "5"))) {
			t.Fatalf("picked %+v, neither failed nor an error status", picked)
		}
		if !ok {
			for _, r := range rs {
				if r.action == "failed" || r.action == "delayed" {
					t.Fatalf("a %s recipient was not picked: %+v", r.action, rs)
				}
			}
		}
		if allSuccess(rs) && ok {
			t.Fatalf("all delivered yet %+v picked as a failure", picked)
		}
	})
}

// FuzzAuthenticated feeds arbitrary Authentication-Results and From
// values to Authenticated, every authserv-id taken as the provider's.
// Invariants: a verdict only when stamped; untrusted only on a DMARC or
// SPF fail, never with DMARC pass; results are lower-case keywords; the
// Reason is short valid UTF-8.
func FuzzAuthenticated(f *testing.F) {
	for _, s := range []string{
		"mx.google.com; dkim=pass header.i=@googlemail.com; spf=pass smtp.helo=mail-yw0-x247.google.com; dmarc=pass (p=QUARANTINE dis=NONE) header.from=googlemail.com",
		"spf=pass (sender IP is 40.92.253.45) smtp.helo=APC01-SG2-obe.outbound.protection.outlook.com; outlook.com; dkim=none (message not signed) header.d=none;outlook.com; dmarc=pass action=none header.from=outlook.com;",
		"foo.example.net (foobar) 1 (baz); dkim (Because I like it) / 1 (One yay) = (wait for it) fail policy (A dot can go here) . (like that) expired (this surprised me) = (as I wasn't expecting it) 1362471462",
		"example.org 1; none",
		`example.com; dkim=pass reason="good \"signature\"" header.d=example.com; spf=fail smtp.mailfrom=example.com`,
		"((((", `"`, "a;;;==;", "x; spf = fail",
	} {
		f.Add(s, "Client <a@example.com>")
	}
	f.Fuzz(func(t *testing.T, ar, from string) {
		defer fuzzwatch.Start(t, ar, from)()
		h := mail.Header{"Authentication-Results": {ar, ar}, "From": {from}}
		v := Authenticated(h, func(string) bool { return true })
		if !v.Stamped && (v.Untrusted || v.DMARC != "" || v.SPF != "" || v.DKIM != "") {
			t.Fatalf("a verdict without a stamp: %+v", v)
		}
		if v.Untrusted && v.DMARC != "fail" && v.SPF != "fail" {
			t.Fatalf("untrusted without a fail: %+v", v)
		}
		if v.DMARC == "pass" && v.Untrusted {
			t.Fatalf("untrusted with dmarc=pass: %+v", v)
		}
		for _, r := range []string{v.DMARC, v.SPF, v.DKIM} {
			if r != "" && (!isKeyword(r) || strings.ToLower(r) != r) {
				t.Fatalf("result %q", r)
			}
		}
		if v.Reason == "" || len(v.Reason) > 400 || !utf8.ValidString(v.Reason) {
			t.Fatalf("reason %q", v.Reason)
		}
	})
}
