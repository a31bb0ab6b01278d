package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/mail"
)

// deliver sends a raw message through the stack: as a logged-in user on
// submission (a customer replying), or unauthenticated on the plain port
// (a remote server's bounce or automatic answer).
func deliver(t *testing.T, s stack, from, login, to string, raw string) {
	t.Helper()
	a := mail.DefaultAccount()
	a.SMTPHost, a.FromAddress, a.TLSCA = "localhost", from, s.get("MAIL_CA")
	pw := ""
	if login != "" {
		a.SMTPPort, _ = strconv.Atoi(s.get("SMTP_STARTTLS_PORT"))
		a.SMTPSecurity, a.SMTPUser, pw = mail.StartTLS, login, s.get("MAIL_PASSWORD")
	} else {
		a.SMTPPort, _ = strconv.Atoi(s.get("SMTP_PLAIN_PORT"))
		a.SMTPSecurity = mail.None
	}
	c, err := mail.DialSMTP(context.Background(), a, pw)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	envelopeFrom := from
	if login == "" && strings.HasPrefix(strings.ToUpper(from), "MAILER-DAEMON") {
		envelopeFrom = "" // a bounce has a null sender
	}
	raw = strings.ReplaceAll(strings.ReplaceAll(raw, "\r\n", "\n"), "\n", "\r\n")
	if out := c.Send(envelopeFrom, []string{to}, nil, []byte(raw)); out.Class != mail.Delivered {
		t.Fatalf("deliver %s → %s: %v", from, to, out.Err)
	}
}

type responseRow struct {
	ID          int64           `json:"id"`
	MessageID   string          `json:"message_id"`
	Customer    *string         `json:"customer_code"`
	Class       string          `json:"class"`
	ReceivedAt  string          `json:"received_at"`
	LetterMsgID *string         `json:"letter_message_id"`
	Match       *string         `json:"match"`
	Summary     string          `json:"summary"`
	Suggestions json.RawMessage `json:"suggestions"`
	Reviewed    bool            `json:"reviewed"`
}

// TestRepliesOverTheRealStack: reminders go out; one customer answers with
// In-Reply-To, another from a client that drops it but keeps the invoice
// number in the subject; an automatic answer and a bounce come back; a
// sync records each, matched, and the plan pauses the two who answered.
func TestRepliesOverTheRealStack(t *testing.T) {
	s := mailStack(t)
	const first = 271
	db := ledgerWith(t, s, first, 4, 600)
	owner := s.get("MAIL_USER")
	if r := ctl(t, s, db, nil, "send", "--as-of", "2025-07-20"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	rows := outbox(t, s, db)
	letter := map[string]outboxRow{}
	for _, row := range rows {
		letter[row.Customer] = row
	}
	cust := func(i int) string { return fmt.Sprintf("c%03d@%s", i, s.get("CUSTOMER_DOMAIN")) }
	code := func(i int) string { return fmt.Sprintf("K%03d", i) }
	date := time.Now().Format(time.RFC1123Z)
	// This run's messages (the owner's INBOX on the stack also holds
	// earlier runs' answers, about customers of the same codes).
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	ours := map[string]bool{"e2e-reply-1." + run + "@customers.test": true, "e2e-reply-2." + run + "@customers.test": true,
		"e2e-ooo." + run + "@customers.test": true, "e2e-bounce." + run + "@mx.customers.test": true}
	// 1. A reply with In-Reply-To, promising a date.
	deliver(t, s, cust(first), cust(first), owner, "From: "+cust(first)+"\nTo: "+owner+"\nSubject: Re: "+letter[code(first)].Subject+
		"\nDate: "+date+"\nMessage-ID: <e2e-reply-1."+run+"@customers.test>\nIn-Reply-To: <"+letter[code(first)].MessageID+">"+
		"\nReferences: <"+letter[code(first)].MessageID+">\nContent-Type: text/plain; charset=utf-8\n\nBonjour,\n\nJe réglerai la facture le 30/07/2025.\n\nCordialement,\nÉlodie\n\n"+
		"Le 20 juil. 2025 à 09:00, Ateliers Bellecour a écrit :\n> Madame, Monsieur,\n> Sauf erreur de notre part\n")
	// 2. A client that drops In-Reply-To, the invoice number in the subject.
	deliver(t, s, cust(first+1), cust(first+1), owner, "From: "+cust(first+1)+"\nTo: "+owner+fmt.Sprintf("\nSubject: Фактура F-%03d", first+1)+
		"\nDate: "+date+"\nMessage-ID: <e2e-reply-2."+run+"@customers.test>\nContent-Type: text/plain; charset=utf-8\n\n"+
		"Поштовани,\n\nфактуру смо платили 18.07.2025.\n\nПоздрав\n")
	// 3. An automatic answer.
	deliver(t, s, cust(first+2), "", owner, "From: "+cust(first+2)+"\nTo: "+owner+"\nSubject: Réponse automatique : "+letter[code(first+2)].Subject+
		"\nDate: "+date+"\nMessage-ID: <e2e-ooo."+run+"@customers.test>\nAuto-Submitted: auto-replied\nIn-Reply-To: <"+
		letter[code(first+2)].MessageID+">\nContent-Type: text/plain; charset=utf-8\n\nJe suis absente du bureau jusqu'au 4 août 2025 inclus.\n")
	// 4. A bounce for the fourth customer's letter.
	failed := cust(first + 3)
	deliver(t, s, "MAILER-DAEMON@mx.customers.test", "", owner, "From: Mail Delivery System <MAILER-DAEMON@mx.customers.test>\nTo: "+owner+
		"\nSubject: Undelivered Mail Returned to Sender\nDate: "+date+"\nMessage-ID: <e2e-bounce."+run+"@mx.customers.test>"+
		"\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"XX\"\n\n"+
		"--XX\nContent-Type: text/plain\n\nThis is the mail system at host mx.customers.test.\n\n<"+failed+">: host said: 550 5.1.1 User unknown\n"+
		"--XX\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.customers.test\n\nFinal-Recipient: rfc822; "+failed+
		"\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n"+
		"--XX\nContent-Type: text/rfc822-headers\n\nFrom: "+owner+"\nTo: "+failed+"\nSubject: "+letter[code(first+3)].Subject+"\nMessage-ID: <"+letter[code(first+3)].MessageID+">\n"+
		"--XX--\n")
	// Postfix hands them to Dovecot within a moment; sync until all four
	// are in (the owner's INBOX also holds older tests' messages: matched
	// to no customer of this ledger, they stay unmatched).
	var list []responseRow
	deadline := time.Now().Add(30 * time.Second)
	for {
		if r := ctl(t, s, db, nil, "inbox", "sync", "--json"); r.code != 0 {
			t.Fatalf("%+v", r)
		}
		r := ctl(t, s, db, nil, "responses", "--json")
		list = nil
		if err := json.Unmarshal([]byte(r.out), &list); err != nil {
			t.Fatalf("%v: %s", err, r.out)
		}
		mine := 0
		for _, m := range list {
			if ours[m.MessageID] {
				mine++
			}
		}
		if mine >= 4 || time.Now().After(deadline) {
			break
		}
		time.Sleep(300 * time.Millisecond)
	}
	got := map[string]responseRow{}
	for _, m := range list {
		if m.Customer != nil && ours[m.MessageID] {
			got[*m.Customer] = m
		}
	}
	want := map[string][2]string{code(first): {"reply", "in-reply-to"}, code(first + 1): {"reply", "invoice-number"},
		code(first + 2): {"auto-reply", "in-reply-to"}, code(first + 3): {"bounce", "returned"}}
	for c, w := range want {
		m, ok := got[c]
		if !ok {
			t.Errorf("%s: nothing recorded", c)
			continue
		}
		if m.Class != w[0] || m.Match == nil || *m.Match != w[1] {
			t.Errorf("%s: %s matched by %v, want %s by %s", c, m.Class, m.Match, w[0], w[1])
		}
		if (w[1] == "in-reply-to" || w[1] == "returned") && (m.LetterMsgID == nil || *m.LetterMsgID != letter[c].MessageID) {
			t.Errorf("%s: letter %v, want %s", c, m.LetterMsgID, letter[c].MessageID)
		}
	}
	if !strings.Contains(string(got[code(first)].Suggestions), "2025-07-30") || strings.Contains(got[code(first)].Summary, "Sauf erreur") {
		t.Errorf("reply 1: summary %q, suggestions %s", got[code(first)].Summary, got[code(first)].Suggestions)
	}
	if !strings.Contains(string(got[code(first+1)].Suggestions), `"paid"`) {
		t.Errorf("reply 2: suggestions %s", got[code(first+1)].Suggestions)
	}
	// The plan two weeks on: the two who answered wait for the owner, the
	// bounced one goes by post, the absent one is reminded as usual.
	ch := planChannels(t, s, db, "2025-08-04")
	if _, ok := ch[code(first)]; ok {
		t.Errorf("%s answered and is reminded", code(first))
	}
	if _, ok := ch[code(first+1)]; ok {
		t.Errorf("%s answered and is reminded", code(first+1))
	}
	if ch[code(first+2)] != "email" || ch[code(first+3)] != "postal" {
		t.Errorf("plan channels %v", ch)
	}
}
