package inbound

import (
	"net/mail"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// header builds a mail.Header through net/mail, as the IMAP sync would,
// from raw header lines (LF ends).
func header(t *testing.T, lines string) mail.Header {
	t.Helper()
	m, err := mail.ReadMessage(strings.NewReader(strings.ReplaceAll(lines, "\n", "\r\n") + "\r\n\r\n"))
	if err != nil {
		t.Fatalf("read header: %v", err)
	}
	return m.Header
}

func exact(ids ...string) func(string) bool {
	return func(id string) bool {
		for _, want := range ids {
			if id == want {
				return true
			}
		}
		return false
	}
}

// net/mail keeps repeated fields in their order in the message, which is
// what "topmost" relies on.
func TestHeaderKeepsFieldOrder(t *testing.T) {
	h := header(t, "Authentication-Results: a.example; spf=pass\nReceived: x\nAuthentication-Results: b.example; spf=fail\nAuthentication-Results: c.example; none\nFrom: x@y.example")
	got := h["Authentication-Results"]
	if len(got) != 3 || !strings.HasPrefix(got[0], "a.example") || !strings.HasPrefix(got[2], "c.example") {
		t.Fatalf("fields out of order: %q", got)
	}
	m, err := Parse([]byte("Authentication-Results: a.example; spf=pass\r\nReceived: x\r\nAuthentication-Results: b.example; spf=fail\r\nFrom: x@y.example\r\n\r\nbody\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Header["Authentication-Results"]; len(got) != 2 || !strings.HasPrefix(got[0], "a.example") {
		t.Fatalf("Parse: fields out of order: %q", got)
	}
}

// RFC 8601 Appendix B: the examples of the standard itself.
func TestParseAuthResRFC8601Examples(t *testing.T) {
	type res struct{ method, result, props string }
	for _, c := range []struct {
		name, raw, id, version string
		want                   []res
	}{
		{"B.2 none", "example.org 1; none", "example.org", "1", nil},
		{"B.3", "example.com;\n                  spf=pass smtp.mailfrom=example.net", "example.com", "",
			[]res{{"spf", "pass", "smtp.mailfrom=example.net"}}},
		{"B.4 first", "example.com;\n              auth=pass (cram-md5) smtp.auth=sender@example.net;\n              spf=pass smtp.mailfrom=example.net", "example.com", "",
			[]res{{"auth", "pass", "smtp.auth=sender@example.net"}, {"spf", "pass", "smtp.mailfrom=example.net"}}},
		{"B.4 second", "example.com; iprev=pass\n              policy.iprev=192.0.2.200", "example.com", "",
			[]res{{"iprev", "pass", "policy.iprev=192.0.2.200"}}},
		{"B.6", "example.com;\n    dkim=pass reason=\"good signature\"\n      header.i=@mail-router.example.net;\n    dkim=fail reason=\"bad signature\"\n      header.i=@newyork.example.com", "example.com", "",
			[]res{{"dkim", "pass", "header.i=@mail-router.example.net"}, {"dkim", "fail", "header.i=@newyork.example.com"}}},
		{"B.7 comment-heavy", "foo.example.net (foobar) 1 (baz);\n    dkim (Because I like it) / 1 (One yay) = (wait for it) fail\n      policy (A dot can go here) . (like that) expired\n      (this surprised me) = (as I wasn't expecting it) 1362471462", "foo.example.net", "1",
			[]res{{"dkim", "fail", "policy.expired=1362471462"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, ok := parseAuthRes(strings.ReplaceAll(c.raw, "\n", " "))
			if !ok {
				t.Fatal("not parsed")
			}
			if a.authServID != c.id || a.version != c.version {
				t.Errorf("authserv-id %q version %q, want %q %q", a.authServID, a.version, c.id, c.version)
			}
			if len(a.results) != len(c.want) {
				t.Fatalf("%d results %+v, want %d", len(a.results), a.results, len(c.want))
			}
			for i, w := range c.want {
				r := a.results[i]
				k, v, _ := strings.Cut(w.props, "=")
				if r.method != w.method || r.result != w.result || r.props[k] != v {
					t.Errorf("result %d = %+v, want %s=%s %s", i, r, w.method, w.result, w.props)
				}
			}
		})
	}
	a, _ := parseAuthRes(`example.com; dkim=pass reason="good; signature (really)" header.d=example.com`)
	if len(a.results) != 1 || a.results[0].reason != "good; signature (really)" {
		t.Errorf("quoted reason with ; and ( ): %+v", a.results)
	}
}

// Real fields, read from the test samples with Parse (their sources are
// in testdata/SOURCES.md).
func TestAuthenticatedRealFields(t *testing.T) {
	bsd := filepath.Join(sisimaiDir, "bsd")
	for _, c := range []struct {
		file, imapHost                 string
		stamped, untrusted             bool
		dmarc, spf, dkim, reasonPrefix string
	}{
		// Gmail: one field, DMARC pass.
		{"lhost-gmail-15.eml", "imap.gmail.com", true, false, "pass", "pass", "pass", "mx.google.com: dmarc=pass"},
		{"lhost-googleworkspace-01.eml", "imap.gmail.com:993", true, false, "pass", "none", "pass", "mx.google.com: dmarc=pass"},
		// Gmail: SPF hard fail of the envelope, no DMARC verdict, DKIM
		// neutral: untrusted. The field of nijo.example.jp below it says
		// spf=pass and is not the provider's: ignored.
		{"lhost-amazonses-09.eml", "imap.gmail.com", true, true, "", "fail", "neutral", "mx.google.com: spf=fail"},
		// The same message read through another provider: not stamped.
		{"lhost-amazonses-09.eml", "imap.orange.fr", false, false, "", "", "", "no Authentication-Results"},
		// Microsoft omits the authserv-id and leaves stray words
		// ("header.d=none;outlook.com;").
		{"lhost-office365-12.eml", "outlook.office365.com", true, false, "pass", "pass", "none", "(no authserv-id): dmarc=pass"},
		{"lhost-office365-03.eml", "outlook.office365.com", true, false, "", "none", "", "(no authserv-id): spf=none"},
		// Two fields of one server (OpenDMARC and an SPF milter): only
		// the topmost counts, as decided; see the report.
		{"rhost-google-03.eml", "imap.secure.example.jp", true, false, "none", "", "", "secure.example.jp: dmarc=none"},
		// mail.ru stamps from f374.i.mail.ru: auth only.
		{"lhost-mailru-05.eml", "imap.mail.ru", true, false, "", "", "", "f374.i.mail.ru: no dmarc"},
	} {
		t.Run(c.file+"@"+c.imapHost, func(t *testing.T) {
			m, err := Parse(mustRead(t, filepath.Join(bsd, c.file)))
			if err != nil {
				t.Fatal(err)
			}
			v := Authenticated(m.Header, ProviderMatcher(c.imapHost, ""))
			if v.Stamped != c.stamped || v.Untrusted != c.untrusted || v.DMARC != c.dmarc || v.SPF != c.spf || v.DKIM != c.dkim {
				t.Errorf("got %+v", v)
			}
			if !strings.HasPrefix(v.Reason, c.reasonPrefix) {
				t.Errorf("reason %q, want it to start with %q", v.Reason, c.reasonPrefix)
			}
		})
	}
}

// The attack: a sender writes his own Authentication-Results claiming
// the owner's provider's id and a pass. Without the topmost rule (reading
// every field of that id, or the last one, as a naive reader does) the
// forged dmarc=pass below Gmail's own dmarc=fail would win. Observed with
// Authenticated changed to keep the last field of the provider's id:
// {Stamped:true AuthServID:mx.google.com DMARC:pass Untrusted:false}, the
// forged message trusted; with the topmost rule: DMARC fail, untrusted.
func TestAuthenticatedIgnoresForgedFields(t *testing.T) {
	gmail := ProviderMatcher("imap.gmail.com", "")
	h := header(t, `Authentication-Results: mx.google.com;
 dkim=fail header.i=@client.example;
 spf=fail smtp.mailfrom=client.example;
 dmarc=fail (p=NONE sp=NONE dis=NONE) header.from=client.example
Authentication-Results: trusted.example; dmarc=pass header.from=client.example
Authentication-Results: mx.google.com; dmarc=pass header.from=client.example
From: Client <accounts@client.example>`)
	v := Authenticated(h, gmail)
	if !v.Untrusted || v.DMARC != "fail" {
		t.Fatalf("forged pass below the provider's fail won: %+v", v)
	}

	// A look-alike id above is not the provider's.
	h = header(t, `Authentication-Results: mx.google.com.attacker.example; dmarc=pass
Authentication-Results: mx.google.com; dmarc=fail header.from=client.example
From: accounts@client.example`)
	if v := Authenticated(h, gmail); !v.Untrusted || v.AuthServID != "mx.google.com" {
		t.Errorf("a look-alike id was taken for the provider's: %+v", v)
	}
	// Only foreign fields: not stamped, trusted.
	h = header(t, `Authentication-Results: evil.example; dmarc=fail
From: accounts@client.example`)
	if v := Authenticated(h, gmail); v.Stamped || v.Untrusted {
		t.Errorf("a foreign field counted: %+v", v)
	}
}

func TestAuthenticatedRules(t *testing.T) {
	mine := exact("mx.provider.example")
	for _, c := range []struct {
		name, results, from string
		untrusted           bool
	}{
		{"dmarc pass overrides spf fail", "spf=fail smtp.mailfrom=list.example; dkim=pass header.d=client.example; dmarc=pass header.from=client.example", "a@client.example", false},
		{"dmarc fail", "spf=pass smtp.mailfrom=client.example; dmarc=fail header.from=client.example", "a@client.example", true},
		{"dmarc fail with p=none is still a fail", "dmarc=fail (p=none dis=none) header.from=client.example", "a@client.example", true},
		{"spf fail without dmarc", "spf=fail smtp.mailfrom=client.example", "a@client.example", true},
		{"spf fail rescued by aligned dkim", "spf=fail smtp.mailfrom=client.example; dkim=pass header.d=mail.client.example", "a@client.example", false},
		{"spf fail, dkim of another domain", "spf=fail smtp.mailfrom=client.example; dkim=pass header.d=mailer.example", "a@client.example", true},
		{"spf fail, dkim header.i aligned", "spf=fail smtp.mailfrom=client.example; dkim=pass header.i=@client.example", "a@client.example", false},
		{"spf softfail is not a fail", "spf=softfail smtp.mailfrom=client.example", "a@client.example", false},
		{"spf neutral", "spf=neutral smtp.mailfrom=client.example", "a@client.example", false},
		{"dmarc temperror, spf fail", "dmarc=temperror; spf=fail smtp.mailfrom=client.example", "a@client.example", true},
		{"upper case", "SPF=FAIL smtp.mailfrom=client.example", "a@client.example", true},
		{"spf of mailfrom preferred over helo", "spf=pass smtp.helo=mx.client.example; spf=fail smtp.mailfrom=client.example", "a@client.example", true},
		{"none", "none", "a@client.example", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := header(t, "Authentication-Results: mx.provider.example; "+c.results+"\nFrom: "+c.from)
			v := Authenticated(h, mine)
			if !v.Stamped || v.Untrusted != c.untrusted {
				t.Errorf("got %+v, want untrusted=%v", v, c.untrusted)
			}
		})
	}
	// A comment holding ";", as in the DMARC failure report of
	// testdata/.../bsd/arf-18.eml (a field quoted in its body): Microsoft's
	// form, without an authserv-id.
	h := header(t, "Authentication-Results: dmarc=fail (p=none; dis=none) header.from=example.org\nFrom: a@example.org")
	if v := Authenticated(h, ProviderMatcher("outlook.office365.com", "")); !v.Untrusted || v.DMARC != "fail" || v.Reason != "(no authserv-id): dmarc=fail" {
		t.Errorf("arf-18's field: %+v", v)
	}
	if v := Authenticated(mail.Header{}, nil); v.Stamped || v.Untrusted {
		t.Errorf("nil matcher: %+v", v)
	}
}

func TestProviderMatcher(t *testing.T) {
	for _, c := range []struct {
		host, setting, id string
		want              bool
	}{
		{"imap.gmail.com", "", "mx.google.com", true},
		{"imap.gmail.com", "", "MX.Google.COM", true},
		{"imap.gmail.com", "", "gmr-mx.google.com", true},
		{"imap.gmail.com", "", "mx.google.com.attacker.example", false},
		{"imap.gmail.com", "", "google.evil.example", false},
		{"imap.gmail.com", "", "", false},
		{"imap.orange.fr", "", "smtp-in.orange.fr", true},
		{"imap.orange.fr", "", "mx.google.com", false},
		{"outlook.office365.com", "", "", true},
		{"outlook.office365.com", "", "hotmail.com", true},
		{"outlook.office365.com", "", "mx.google.com", false},
		{"imap.mail.yahoo.com", "", "mta2022.biz.mail.sg2.yahoo.com", true},
		{"imap.mail.ru", "", "f374.i.mail.ru", true},
		{"mail.client.co.uk", "", "mx.client.co.uk", true},
		{"mail.client.co.uk", "", "mx.other.co.uk", false},
		{"127.0.0.1", "", "127.0.0.1", false},
		{"localhost", "", "localhost", false},
		{"127.0.0.1", "mail.proton.example, mx2.proton.example", "MX2.proton.example", true},
		{"127.0.0.1", "mail.proton.example", "proton.example", false},
		// The setting replaces the host rule.
		{"imap.gmail.com", "mx.own.example", "mx.google.com", false},
	} {
		if got := ProviderMatcher(c.host, c.setting)(c.id); got != c.want {
			t.Errorf("ProviderMatcher(%q, %q)(%q) = %v, want %v", c.host, c.setting, c.id, got, c.want)
		}
	}
}

// A ")" that closes no comment made the tokenizer loop for ever (found by
// FuzzAuthenticated through the watchdog of scripts/fuzz.sh: the call did
// not return within 60 s; after the fix, 73 µs). The fuzzer's inputs are
// kept in testdata/fuzz/FuzzAuthenticated/.
func TestAuthResStrayParenthesis(t *testing.T) {
	done := make(chan []arToken, 1)
	go func() { done <- authResTokens("a.example;) spf=fail) ) smtp.mailfrom=b.example)") }()
	select {
	case toks := <-done:
		a, _ := parseAuthRes("a.example;) spf=fail) ) smtp.mailfrom=b.example)")
		if len(toks) == 0 || len(a.results) != 1 || a.results[0].result != "fail" || a.results[0].props["smtp.mailfrom"] != "b.example" {
			t.Errorf("tokens %+v, results %+v", toks, a.results)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("authResTokens did not return within 5 s")
	}
}
