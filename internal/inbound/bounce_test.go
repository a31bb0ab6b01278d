package inbound

import (
	"path/filepath"
	"testing"
)

// TestRecipients checks the failed address, status and permanence on
// samples read by hand, one or two per way a server writes them.
func TestRecipients(t *testing.T) {
	bsd := filepath.Join(sisimaiDir, "bsd")
	for _, c := range []struct {
		file, recipient, status string
		hard                    bool
		why                     string
	}{
		{"lhost-qmail-03.eml", "kijitora@example.org", "5.7.1", true, `qmail "<addr>:" line`},
		{"lhost-exim-01.eml", "kijitora@example.ed.jp", "5.7.0", true, `Exim "The following address(es) failed:"`},
		{"lhost-exim-04.eml", "kijitora@example.ed.jp", "5.7.0", true, "X-Failed-Recipients beats the sender's address in a refused MAIL FROM"},
		{"lhost-einsundeins-03.eml", "xxxx@xxxx.fr", "5.2.0", true, `Exim list heading wrapped onto "failed:"`},
		{"lhost-gmail-01.eml", "userunknown@example.jp", "5.1.1", true, "Gmail text"},
		{"lhost-gmail-08.eml", "kijitora@example.com", "", false, "Gmail delay notice"},
		{"lhost-office365-02.eml", "kijitora@example.onmicrosoft.com", "5.1.1", true, `Exchange "Delivery has failed to these recipients"`},
		{"lhost-exchange2003-02.eml", "kijitora@example.co.jp", "", true, `Exchange 2003 "did not reach the following recipient(s)"`},
		{"lhost-exchange2007-06.eml", "transports@agglo-saumur.fr", "5.1.1", true, `French Exchange "Non remis", report`},
		{"lhost-postfix-07.eml", "kijitora@user.example.or.jp", "", true, "Postfix plain text"},
		{"lhost-sendmail-01.eml", "userunknown@bouncehammer.jp", "5.1.1", true, "RFC 3464 report"},
		{"lhost-sendmail-54.eml", "kijitora@neko.example.jp", "4.4.7", false, "report fields in a message that lost its MIME header"},
		{"lhost-v5sendmail-01.eml", "kijitora@example.com", "", false, "addressee of the quoted unsent message; 421 deferral"},
		{"lhost-amazonses-09.eml", "bounce@simulator.amazonses.com", "5.1.1", true, "Amazon SES JSON"},
		{"lhost-dragonfly-05.eml", "authfailure@libsisimai.net", "5.7.26", true, `"error delivering your mail to <addr>"`},
		{"lhost-domino-01.eml", "kijitora@example.jp", "", true, `Domino "was not delivered to:"`},
		{"lhost-x1-01.eml", "kijitora@example.co.jp", "", true, `"---The following addresses had delivery errors---"`},
		{"lhost-biglobe-01.eml", "postmaster@mxr.biglobe.ne.jp", "", true, "a mail-system address can be the failed one"},
		{"lhost-googlegroups-02.eml", "libsisimai@googlegroups.com", "", true, "X-Failed-Recipients only"},
		{"lhost-apachejames-01.eml", "000000000000@vtext.example.com", "", true, `"RCPT TO:" without brackets, "Re:" subject from post_master`},
		{"rfc3464-37.eml", "kijitora@neko.nyaan.example.com", "", true, "Smail-style banner"},
		{"rhost-outlook-07.eml", "kijitora@example.com", "4.4.7", false, "Action: failed with a 4.x.x status is soft"},
	} {
		r := mustClassify(t, filepath.Join(bsd, c.file))
		if r.Class != Bounce || r.Recipient != c.recipient || r.Status != c.status || r.Hard != c.hard {
			t.Errorf("%s (%s): got %s %q %q hard=%v (%s), want bounce %q %q hard=%v",
				c.file, c.why, r.Class, r.Recipient, r.Status, r.Hard, r.Reason, c.recipient, c.status, c.hard)
		}
		if len(r.Diagnostic) == 0 && c.file != "lhost-googlegroups-02.eml" {
			t.Errorf("%s: no diagnostic", c.file)
		}
		if n := len([]rune(r.Diagnostic)); n > 300 {
			t.Errorf("%s: diagnostic of %d runes", c.file, n)
		}
	}
}

func TestOwnBounces(t *testing.T) {
	for _, c := range []struct {
		file, recipient, status, diagnostic, refersTo string
		hard                                          bool
	}{
		{"bounce-fr-orange.eml", "jean.dupont@exemple-client.example.fr", "5.1.1",
			"hôte smtp-in.orange.fr [192.0.2.65]: 550 5.1.1 <Jean.Dupont@exemple-client.example.fr>: adresse destinataire inconnue",
			"relance.F-2025-0320.1764837600@menuiserie-bernard.example.fr", true},
		{"bounce-fr-exchange.eml", "compta@sarl-martin.example.fr", "4.4.7",
			"550 4.4.7 QUEUE.Expired; message expired",
			"relance.F-2025-0298.1764770400@menuiserie-bernard.example.fr", false},
		{"bounce-sr-exchange.eml", "marko.petrovic@primer-klijent.example.rs", "5.1.1",
			"Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'",
			"opomena.2025-91.1765271520@menuiserie-bernard.example.fr", true},
	} {
		r := mustClassify(t, filepath.Join(ownDir, c.file))
		if r.Class != Bounce || r.Recipient != c.recipient || r.Status != c.status || r.Hard != c.hard || r.Diagnostic != c.diagnostic {
			t.Errorf("%s: got %+v", c.file, r)
		}
		if !contains(r.RefersTo, c.refersTo) {
			t.Errorf("%s: RefersTo %v lacks %s", c.file, r.RefersTo, c.refersTo)
		}
	}
}

// TestBounceBeforeAutoReply: many bounces say Auto-Submitted: auto-replied;
// they must stay bounces.
func TestBounceBeforeAutoReply(t *testing.T) {
	n := 0
	for _, f := range files(t, filepath.Join(sisimaiDir, "bsd"), "*.eml") {
		raw := mustRead(t, f)
		m, err := Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if autoSubmitted(m.Header) == "" || kindOf(filepath.Base(f)) == "rfc3834" {
			continue
		}
		if _, ok := notBounces[filepath.Base(f)]; ok {
			continue
		}
		if kindOf(filepath.Base(f)) == "arf" {
			continue
		}
		n++
		if r := Classify(m); r.Class != Bounce {
			t.Errorf("%s: %s (%s)", f, r.Class, r.Reason)
		}
	}
	t.Logf("%d bounces carry Auto-Submitted", n)
	if n < 50 {
		t.Errorf("only %d bounces with Auto-Submitted: the check lost its samples", n)
	}
}
