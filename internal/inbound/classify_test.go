package inbound

import (
	"net/mail"
	"path/filepath"
	"strings"
	"testing"
)

// msg builds a small LF message from header lines and a body.
func msg(body string, header ...string) []byte {
	return []byte(strings.Join(header, "\n") + "\n\n" + body)
}

func classifyRaw(t *testing.T, raw []byte) Result {
	t.Helper()
	m, err := Parse(raw)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return Classify(m)
}

func TestRules(t *testing.T) {
	person := "From: Anne Leroy <anne@client.example.fr>"
	to := "To: factures@menuiserie-bernard.example.fr"
	for _, c := range []struct {
		name   string
		raw    []byte
		class  Class
		reason string
	}{
		{"fresh message from a person", msg("Bonjour, une question sur la facture.", person, to, "Subject: Facture 12"), Reply, "message from a person"},
		{"TR: forward of a bounce by a person", msg("Échec de la remise à ces destinataires ou groupes :\n\nx@y.example.fr\n", person, to, "Subject: TR: Non remis : Relance"), Reply, "reply subject"},
		{"AW: reply", msg("Danke.", person, to, "Subject: AW: Zahlungserinnerung"), Reply, "reply subject"},
		{"Одг: reply", msg("Хвала.", person, to, "Subject: Одг: Опомена"), Reply, "reply subject"},
		{"X-Auto-Response-Suppress does not mark an auto-reply", msg("Réglé.", person, to, "Subject: Facture", "X-Auto-Response-Suppress: All"), Reply, "message from a person"},
		{"Auto-Submitted: no", msg("Réglé.", person, to, "Subject: Facture", "Auto-Submitted: no"), Reply, "message from a person"},
		{"List-Unsubscribe on an answer", msg("Paid.", person, to, "Subject: Re: Reminder", "List-Unsubscribe: <mailto:u@crm.example.com>"), Reply, "reply subject"},
		{"Precedence: bulk without list fields", msg("Away.", person, to, "Subject: Hello", "Precedence: bulk"), AutoReply, "Precedence: bulk"},
		{"Precedence: auto_reply", msg("Away.", person, to, "Subject: Hello", "Precedence: auto_reply"), AutoReply, "Precedence: auto_reply"},
		{"X-Autoreply", msg("Away.", person, to, "Subject: Hello", "X-Autoreply: yes"), AutoReply, "X-Autoreply header"},
		{"Auto: subject", msg("Away.", person, to, "Subject: Auto: Relance facture"), AutoReply, `subject "Auto:"`},
		{"Out of Office subject", msg("Away.", person, to, "Subject: Out of Office: Invoice 12"), AutoReply, `subject "Out of Office"`},
		{"empty Return-Path", msg("Away.", "Return-Path: <>", person, to, "Subject: Invoice 12"), AutoReply, "empty Return-Path"},
		{"mailing list", msg("News.", person, to, "Subject: [list] News", "List-Id: <news.example.org>", "Precedence: list"), Other, "mailing list (List-Id)"},
		{"newsletter", msg("Offers.", "From: Shop <shop@example.com>", to, "Subject: Offers", "List-Unsubscribe: <https://example.com/u>"), Other, "bulk mail (List-Unsubscribe)"},
		{"no-reply robot", msg("Your statement.", "From: Bank <no-reply@bank.example.com>", to, "Subject: Statement"), Other, "no-reply sender"},
		{"read receipt", msg("--b\nContent-Type: message/disposition-notification\n\nFinal-Recipient: rfc822; a@b.example\nDisposition: manual-action/MDN-sent-manually; displayed\n--b--\n",
			person, to, "Subject: Lu : Relance", `Content-Type: multipart/report; report-type=disposition-notification; boundary="b"`), Other, "read receipt (MDN)"},
		{"successful delivery report", msg("--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example\n\nFinal-Recipient: rfc822; a@b.example\nAction: delivered\nStatus: 2.0.0\n--b--\n",
			"From: MAILER-DAEMON@mx.example", to, "Subject: Successful Mail Delivery Report", `Content-Type: multipart/report; report-type=delivery-status; boundary="b"`), Other, "delivery report: delivered"},
		{"bounce with Auto-Submitted", msg("This is the mail system at host mx.example.\n\n<a@b.example>: host mx.b.example said: 550 5.1.1 User unknown\n",
			"From: MAILER-DAEMON@mx.example (Mail Delivery System)", to, "Subject: Undelivered Mail Returned to Sender", "Auto-Submitted: auto-replied"), Bounce, "Postfix text"},
		{"person's message with an amount and an attached mail", msg("--b\nContent-Type: text/plain\n\nThe total is 550 EUR, see the attached mail.\n--b\nContent-Type: message/rfc822\n\nFrom: x@y.example\nSubject: Order\n\nHi\n--b--\n",
			person, to, "Subject: Order 12", `Content-Type: multipart/mixed; boundary="b"`), Reply, "message from a person"},
		{"auto-reply with a phone number", msg("I am away. Call 450-123-4567 (office).", person, to, "Subject: Away", "Auto-Submitted: auto-replied"), AutoReply, "Auto-Submitted: auto-replied"},
		{"postmaster with empty Return-Path", msg("Your mail could not be saved.\n", "Return-Path: <>", "From: postmaster@b.example", to, "Subject: Notice"), Bounce, "mail-system sender with empty Return-Path"},
	} {
		r := classifyRaw(t, c.raw)
		if r.Class != c.class || r.Reason != c.reason {
			t.Errorf("%s: got %s (%s), want %s (%s)", c.name, r.Class, r.Reason, c.class, c.reason)
		}
	}
}

func TestSisimaiOtherClasses(t *testing.T) {
	bsd := filepath.Join(sisimaiDir, "bsd")
	for file, reason := range map[string]string{
		"arf-01.eml":             "ARF feedback report",
		"arf-22.eml":             "abuse complaint",
		"arf-26.eml":             "unsubscribe request",
		"lhost-amazonses-11.eml": "Amazon SES complaint notification",
		"lhost-amazonses-12.eml": "Amazon SES delivery notification",
		"rfc3464-28.eml":         "delivery report: delivered",
	} {
		if r := mustClassify(t, filepath.Join(bsd, file)); r.Class != Other || r.Reason != reason {
			t.Errorf("%s: %s (%s), want other (%s)", file, r.Class, r.Reason, reason)
		}
	}
}

func TestOwnReplies(t *testing.T) {
	for _, c := range []struct{ file, reason, refersTo string }{
		{"reply-fr-outlook.eml", "In-Reply-To header", "relance.F-2025-0311.1764666000@menuiserie-bernard.example.fr"},
		{"reply-sr-latn.eml", "In-Reply-To header", "opomena.2025-88.1764752400@menuiserie-bernard.example.fr"},
		{"reply-sr-cyrl.eml", "reply subject", ""},
		{"reply-fr-fresh.eml", "message from a person", ""},
	} {
		r := mustClassify(t, filepath.Join(ownDir, c.file))
		if r.Class != Reply || r.Reason != c.reason {
			t.Errorf("%s: %s (%s)", c.file, r.Class, r.Reason)
		}
		if c.refersTo != "" && (len(r.RefersTo) != 1 || r.RefersTo[0] != c.refersTo) {
			t.Errorf("%s: RefersTo %v", c.file, r.RefersTo)
		}
	}
}

// TestRefersTo checks the identifiers a reply or a bounce points back to,
// read by hand in each sample.
func TestRefersTo(t *testing.T) {
	bsd := filepath.Join(sisimaiDir, "bsd")
	for _, c := range []struct {
		path, messageID string
		refersTo        []string
	}{
		{filepath.Join(talonDir, "apple_mail_2.eml"), "68001B29-8EA4-444C-A894-0537D2CA5208@tictail.com",
			[]string{"CABzQGhkMXDxUt_tSVQcg=43aniUhtsVfCZVzu-PG0kwS_uzqMw@mail.gmail.com"}},
		{filepath.Join(talonDir, "yahoo.eml"), "", []string{"1333374262.7063.15.camel@mg5"}},
		// qmail: the returned message is quoted in the text.
		{filepath.Join(bsd, "lhost-qmail-03.eml"), "", []string{"00000000000000.5529.qmail@nijo.example.jp"}},
		// Exim: the copy of the message follows the notice.
		{filepath.Join(bsd, "lhost-exim-01.eml"), "", []string{"E1P1ce6-000Egt-GZ@e1.example.org"}},
		// Postfix: the message/rfc822 part.
		{filepath.Join(bsd, "lhost-postfix-64.eml"), "", []string{"1576501935.xxxx@xxxx.fr"}},
		// A bare header part without a MIME header.
		{filepath.Join(bsd, "lhost-x1-01.eml"), "", []string{"000000000000000000000000000000000000@example.jp"}},
		// message/partial.
		{filepath.Join(bsd, "lhost-bigfoot-02.eml"), "", []string{"2015042923344500.neko.nyaan@smtp.r3.example.com"}},
		// Auto-reply: its In-Reply-To.
		{filepath.Join(bsd, "rfc3834-03.eml"), "7e23258d-247f-479e-996d-e01f0f30af85-vac@apple.example.com",
			[]string{"25203A4E-F90F-4A14-BF51-3E7B9D39BE8E@libsisimai.org"}},
	} {
		r := mustClassify(t, c.path)
		if c.messageID != "" && r.MessageID != c.messageID {
			t.Errorf("%s: MessageID %q, want %q", c.path, r.MessageID, c.messageID)
		}
		for _, id := range c.refersTo {
			if !contains(r.RefersTo, id) {
				t.Errorf("%s: RefersTo %v lacks %s", c.path, r.RefersTo, id)
			}
		}
		for _, id := range r.RefersTo {
			if id == r.MessageID || strings.ContainsAny(id, "<> ") {
				t.Errorf("%s: bad RefersTo entry %q", c.path, id)
			}
		}
	}
}

// TestCallerFilledMessage: an IMAP sync fills only some fields; a nil
// header or message must not break anything.
func TestCallerFilledMessage(t *testing.T) {
	if r := Classify(nil); r.Class != Other {
		t.Errorf("nil message: %+v", r)
	}
	if r := Classify(&Message{}); r.Class != Reply {
		t.Errorf("empty message: %+v", r)
	}
	m := &Message{
		Header:      mail.Header{"From": {"Mail Delivery System <MAILER-DAEMON@mx.example>"}, "Subject": {"Undelivered Mail Returned to Sender"}},
		ContentType: "multipart/report",
		ReportType:  "delivery-status",
		Report:      []byte("Reporting-MTA: dns; mx.example\r\n\r\nFinal-Recipient: rfc822; Bob@Client.example\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 <bob@client.example>: Recipient address rejected\r\n"),
		Returned:    []byte("From: us@example.fr\r\nTo: bob@client.example\r\nMessage-ID: <reminder-7@example.fr>\r\n"),
	}
	r := Classify(m)
	if r.Class != Bounce || r.Recipient != "bob@client.example" || r.Status != "5.1.1" || !r.Hard ||
		r.Diagnostic != "550 5.1.1 <bob@client.example>: Recipient address rejected" || !contains(r.RefersTo, "reminder-7@example.fr") {
		t.Errorf("caller-filled bounce: %+v", r)
	}
}
