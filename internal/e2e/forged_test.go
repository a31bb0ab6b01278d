package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The attacks of the security review, over the real Postfix and Dovecot:
// an attacker knows an invoice number (it is printed on every letter) and
// nothing else. Each test says what the attack did before the fix (the
// figures seen), then asserts what must hold.

// forgedLedger sends the first letters to n customers from first; the
// customer first+1 has a second address, c<second>@ (a mailbox of its
// own). It returns the ledger and the outbox rows by customer code.
func forgedLedger(t *testing.T, s stack, first, n, second int) (string, map[string]outboxRow) {
	t.Helper()
	db := ledgerWith(t, s, first, n, 600)
	i := first + 1
	name := fmt.Sprintf("Boulangerie Élodie Müller n°%d", i)
	if i%2 == 0 {
		name = fmt.Sprintf("Пекара Ђурђевић бр. %d", i)
	}
	f := filepath.Join(t.TempDir(), "two.csv")
	os.WriteFile(f, []byte(fmt.Sprintf("code,name,email\nK%03d,\"%s\",\"c%03d@%s;c%03d@%s\"\n", i, name, i, s.get("CUSTOMER_DOMAIN"),
		second, s.get("CUSTOMER_DOMAIN"))), 0o600)
	if r := ctl(t, s, db, nil, "import", "customers", f); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if r := ctl(t, s, db, nil, "send", "--as-of", "2025-07-20"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	rows := map[string]outboxRow{}
	for _, row := range outbox(t, s, db) {
		rows[row.Customer] = row
	}
	if len(rows) != n {
		t.Fatalf("%d letters sent, want %d", len(rows), n)
	}
	return db, rows
}

// syncUntil syncs until every Message-ID in want is recorded, and returns
// the recorded messages by Message-ID.
func syncUntil(t *testing.T, s stack, db string, want ...string) map[string]trustRow {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if r := ctl(t, s, db, nil, "inbox", "sync", "--json"); r.code != 0 {
			t.Fatalf("%+v", r)
		}
		r := ctl(t, s, db, nil, "responses", "--json", "--all")
		var list []trustRow
		if err := json.Unmarshal([]byte(r.out), &list); err != nil {
			t.Fatalf("%v: %s", err, r.out)
		}
		got := map[string]trustRow{}
		for _, m := range list {
			got[m.MessageID] = m
		}
		missing := 0
		for _, w := range want {
			if _, ok := got[w]; !ok {
				missing++
			}
		}
		if missing == 0 {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d messages never recorded", missing, len(want))
		}
		time.Sleep(300 * time.Millisecond)
	}
}

type trustRow struct {
	responseRow
	Trust     string `json:"trust"`
	TrustNote string `json:"trust_note"`
}

// planChannels is the plan on day: customer code → channel.
func planChannels(t *testing.T, s stack, db, day string) map[string]string {
	t.Helper()
	r := ctl(t, s, db, nil, "plan", "--as-of", day, "--json")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	var plan struct {
		Actions []struct {
			CustomerCode string `json:"customer_code"`
			Channel      string `json:"channel"`
		} `json:"actions"`
	}
	if err := json.Unmarshal([]byte(r.out), &plan); err != nil {
		t.Fatalf("%v: %s", err, r.out)
	}
	ch := map[string]string{}
	for _, a := range plan.Actions {
		ch[a.CustomerCode] = a.Channel
	}
	return ch
}

func TestForgedMailChangesNothing(t *testing.T) {
	s := mailStack(t)
	const first, n, second = 211, 4, 240 // mailboxes of their own
	db, letter := forgedLedger(t, s, first, n, second)
	owner := s.get("MAIL_USER")
	dom := s.get("CUSTOMER_DOMAIN")
	addr := func(i int) string { return fmt.Sprintf("c%03d@%s", i, dom) }
	code := func(i int) string { return fmt.Sprintf("K%03d", i) }
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	date := time.Now().Format(time.RFC1123Z)
	mid := func(what string) string { return "e2e-" + what + "." + run + "@evil.test" }

	// 1. A forged soft bounce: from anyone's MAILER-DAEMON, naming the
	// invoice in its subject, a stranger as the recipient, no returned
	// headers. Before the fix (run on this test's first version): matched
	// to K211 by the invoice number, K211's letter went from "sent" to
	// "failed-temporary" (next attempt 4 minutes on: the next send after
	// that mailed it to the customer again).
	deliver(t, s, "MAILER-DAEMON@evil.test", "", owner, "From: Mail Delivery System <MAILER-DAEMON@evil.test>\nTo: "+owner+
		fmt.Sprintf("\nSubject: Undelivered Mail: F-%03d", first)+"\nDate: "+date+"\nMessage-ID: <"+mid("soft")+">"+
		"\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"XX\"\n\n"+
		"--XX\nContent-Type: text/plain\n\nDelivery to the following recipient has been delayed for too long.\n"+
		"--XX\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; evil.test\n\nFinal-Recipient: rfc822; nobody@evil.test"+
		"\nAction: failed\nStatus: 4.4.7\nDiagnostic-Code: smtp; 450 4.4.7 delivery time expired\n--XX--\n")
	// 2. A forged hard bounce from a person, subject "hello", naming
	// K214's address and matching no letter. Before the fix: the address
	// was flagged, and the plan of 2025-08-04 gave K214 "postal".
	deliver(t, s, "attacker@evil.test", "", owner, "From: attacker@evil.test\nTo: "+owner+"\nSubject: hello\nDate: "+date+
		"\nMessage-ID: <"+mid("hard")+">\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"YY\"\n\n"+
		"--YY\nContent-Type: text/plain\n\nhello\n--YY\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; evil.test\n\n"+
		"Final-Recipient: rfc822; "+addr(first+3)+"\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\n--YY--\n")
	// 3. A stranger naming K213's invoice, saying it is paid and giving a
	// new address. Before the fix: recorded as K213's reply, K213 missing
	// from the plan of 2025-08-04 (paused), and "responses apply ID 1"
	// exited 0 with "Payment of the balance on 2026-12-02 recorded for
	// F-213."
	deliver(t, s, "stranger@evil.test", "", owner, "From: stranger@evil.test\nTo: "+owner+fmt.Sprintf("\nSubject: Facture F-%03d", first+2)+
		"\nDate: "+date+"\nMessage-ID: <"+mid("stranger")+">\nContent-Type: text/plain; charset=utf-8\n\n"+
		"Bonjour,\n\nelle est payée, notre nouvelle adresse est pirate@evil.test\n\nCordialement\n")
	got := syncUntil(t, s, db, mid("soft"), mid("hard"), mid("stranger"))

	if m := got[mid("soft")]; m.Class != "bounce" || m.Trust != "unverified-bounce" {
		t.Errorf("forged soft bounce recorded as %s, trust %q; want an unverified bounce", m.Class, m.Trust)
	}
	if m := got[mid("hard")]; m.Class != "bounce" || m.Trust != "unverified-bounce" {
		t.Errorf("forged hard bounce recorded as %s, trust %q; want an unverified bounce", m.Class, m.Trust)
	}
	st := got[mid("stranger")]
	if st.Class != "reply" || st.Trust != "unknown-sender" {
		t.Errorf("stranger's message recorded as %s, trust %q; want a reply from an unknown sender", st.Class, st.Trust)
	}
	for _, row := range outbox(t, s, db) {
		if row.State != "sent" {
			t.Errorf("%s: letter %s after forged mail, want sent", row.Customer, row.State)
		}
	}
	// Nothing goes out again: the outbox has the same four letters, each
	// customer's mailbox its one letter.
	if r := ctl(t, s, db, nil, "send", "--as-of", "2025-07-20"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if rows := outbox(t, s, db); len(rows) != n {
		t.Errorf("%d outbox rows after a second send, want %d", len(rows), n)
	}
	got1 := waitDelivered(t, func() []string { return maildirFiles(s, dom, fmt.Sprintf("c%03d", first), "") }, []string{letter[code(first)].MessageID})
	if got1[letter[code(first)].MessageID] != 1 {
		t.Errorf("K%03d received its letter %d times", first, got1[letter[code(first)].MessageID])
	}
	// The stranger's message pauses no one, and its suggestions are not
	// applied without the owner confirming the sender.
	ch := planChannels(t, s, db, "2025-08-04")
	if ch[code(first+3)] != "email" {
		t.Errorf("after a forged hard bounce K%03d gets %q, want email", first+3, ch[code(first+3)])
	}
	if _, ok := ch[code(first+2)]; !ok {
		t.Errorf("a stranger's message paused K%03d", first+2)
	}
	r := ctl(t, s, db, nil, "responses", "apply", strconv.FormatInt(st.ID, 10), "1")
	if r.code == 0 || !strings.Contains(r.err, "stranger@evil.test") || !strings.Contains(r.err, "confirm") {
		t.Errorf("applying a stranger's suggestion: %+v", r)
	}
}

// TestGenuineBouncesActPerRecipient: a real soft bounce, returning our
// Message-ID, for one of a customer's two addresses retries that address
// alone; a reply from the customer's own address still pauses.
func TestGenuineBouncesActPerRecipient(t *testing.T) {
	s := mailStack(t)
	const first, n, second = 221, 3, 241
	db, letter := forgedLedger(t, s, first, n, second)
	owner := s.get("MAIL_USER")
	dom := s.get("CUSTOMER_DOMAIN")
	addr := func(i int) string { return fmt.Sprintf("c%03d@%s", i, dom) }
	code := func(i int) string { return fmt.Sprintf("K%03d", i) }
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	date := time.Now().Format(time.RFC1123Z)
	two := letter[code(first+1)]
	if len(two.To) != 2 {
		t.Fatalf("K%03d's letter went to %v, want two addresses", first+1, two.To)
	}
	// 1. Postfix's own form of a soft bounce for the second address: the
	// report and the returned headers with our Message-ID. Before the fix:
	// the letter itself went back to "failed-temporary" (to be sent again
	// to both addresses and the copy to self), and no retry row to the
	// bounced address alone existed.
	bounceID := "e2e-genuine." + run + "@mx.customers.test"
	deliver(t, s, "MAILER-DAEMON@mx.customers.test", "", owner, "From: Mail Delivery System <MAILER-DAEMON@mx.customers.test>\nTo: "+owner+
		"\nSubject: Undelivered Mail Returned to Sender\nDate: "+date+"\nMessage-ID: <"+bounceID+">"+
		"\nAuto-Submitted: auto-replied\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"ZZ\"\n\n"+
		"--ZZ\nContent-Type: text/plain\n\nThis is the mail system at host mx.customers.test.\n\n<"+addr(second)+">: host said: 452 4.2.2 Mailbox full\n"+
		"--ZZ\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.customers.test\n\nFinal-Recipient: rfc822; "+addr(second)+
		"\nOriginal-Recipient: rfc822;"+addr(second)+"\nAction: failed\nStatus: 4.2.2\nDiagnostic-Code: smtp; 452 4.2.2 Mailbox full\n"+
		"--ZZ\nContent-Type: text/rfc822-headers\n\nFrom: "+owner+"\nTo: "+addr(first+1)+", "+addr(second)+"\nSubject: "+two.Subject+
		"\nMessage-ID: <"+two.MessageID+">\n--ZZ--\n")
	// 2. The customer K221 answers from its own address, naming the
	// invoice but without In-Reply-To: its reminders pause, as before.
	replyID := "e2e-own." + run + "@customers.test"
	deliver(t, s, addr(first), addr(first), owner, "From: "+addr(first)+"\nTo: "+owner+fmt.Sprintf("\nSubject: Facture F-%03d", first)+
		"\nDate: "+date+"\nMessage-ID: <"+replyID+">\nContent-Type: text/plain; charset=utf-8\n\nBonjour,\n\nnous la réglerons le 30/07/2025.\n")
	got := syncUntil(t, s, db, bounceID, replyID)
	if m := got[bounceID]; m.Class != "bounce" || m.Trust != "" {
		t.Errorf("genuine bounce recorded as %s, trust %q", m.Class, m.Trust)
	}
	if m := got[replyID]; m.Class != "reply" || m.Trust != "" {
		t.Errorf("customer's own reply recorded as %s, trust %q", m.Class, m.Trust)
	}
	rows := outbox(t, s, db)
	var retries []outboxRow
	for _, row := range rows {
		if row.MessageID == two.MessageID && row.State != "sent" {
			t.Errorf("the bounced letter is %s, want sent (its other address received it)", row.State)
		}
		if row.Customer == code(first+1) && row.MessageID != two.MessageID {
			retries = append(retries, row)
		}
	}
	if len(retries) != 1 || len(retries[0].To) != 1 || retries[0].To[0] != addr(second) {
		t.Fatalf("retries %+v, want one to %s alone", retries, addr(second))
	}
	if r := ctl(t, s, db, nil, "send", "--as-of", "2025-07-20"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	// The retry reached the second address; the first address and the
	// owner's copy did not get the letter again.
	gotSecond := waitDelivered(t, func() []string { return maildirFiles(s, dom, fmt.Sprintf("c%03d", second), "") }, []string{retries[0].MessageID})
	if gotSecond[retries[0].MessageID] != 1 {
		t.Errorf("%s received the retry %d times", addr(second), gotSecond[retries[0].MessageID])
	}
	firstBox := messageIDsIn(maildirFiles(s, dom, fmt.Sprintf("c%03d", first+1), ""))
	if firstBox[retries[0].MessageID] != 0 || firstBox[two.MessageID] != 1 {
		t.Errorf("%s: retry %d times, letter %d times; want 0 and 1", addr(first+1), firstBox[retries[0].MessageID], firstBox[two.MessageID])
	}
	ownerLocal, ownerDomain, _ := strings.Cut(owner, "@")
	if ownBox := messageIDsIn(maildirFiles(s, ownerDomain, ownerLocal, "")); ownBox[retries[0].MessageID] != 0 {
		t.Errorf("the owner got a copy of the retry")
	}
	for _, row := range outbox(t, s, db) {
		if row.MessageID == retries[0].MessageID && row.State != "sent" {
			t.Errorf("retry %s", row.State)
		}
	}
	ch := planChannels(t, s, db, "2025-08-04")
	if _, ok := ch[code(first)]; ok {
		t.Errorf("K%03d answered from its own address and is reminded", first)
	}
}
