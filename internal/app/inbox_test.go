package app

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/app/inbox"
	"github.com/relance-app/relance/internal/mail/mailtest"
	"github.com/relance-app/relance/internal/store"
)

// inboxLedger is a send ledger whose letters went out, with the owner's
// mailbox on go-imap's in-memory server.
func inboxLedger(t *testing.T, n int) (*sendLedger, *mailtest.IMAPServer, map[string]store.OutboxItem) {
	t.Helper()
	l := newSendLedger(t, n)
	if rep := l.send(t); rep.Sent != n {
		t.Fatalf("%+v", rep)
	}
	imapSrv, err := mailtest.StartIMAP("owner@fault.test", "imap-pass")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { imapSrv.Close() })
	if _, err := l.svc.SetAccount(context.Background(), map[string]string{"imap_host": "127.0.0.1", "imap_port": fmt.Sprint(imapSrv.Port),
		"imap_security": "none", "imap_user": imapSrv.User}); err != nil {
		t.Fatal(err)
	}
	l.pw = func(server string) (string, error) {
		if server == "imap" {
			return imapSrv.Password, nil
		}
		return l.srv.Password, nil
	}
	return l, imapSrv, l.outbox(t)
}

func msg(headers map[string]string, body string) []byte {
	var b strings.Builder
	for _, k := range []string{"From", "To", "Subject", "Date", "Message-ID", "In-Reply-To", "References", "Auto-Submitted", "Content-Type"} {
		if v, ok := headers[k]; ok {
			b.WriteString(k + ": " + v + "\r\n")
		}
	}
	if _, ok := headers["Content-Type"]; !ok {
		b.WriteString("Content-Type: text/plain; charset=utf-8\r\n")
	}
	b.WriteString("\r\n" + strings.ReplaceAll(body, "\n", "\r\n"))
	return []byte(b.String())
}

func bounceFor(letterID, rcpt string) []byte {
	return []byte("From: Mail Delivery System <MAILER-DAEMON@mx.customers.test>\r\n" +
		"To: owner@fault.test\r\nSubject: Undelivered Mail Returned to Sender\r\nDate: Mon, 21 Jul 2025 10:00:00 +0200\r\n" +
		"Message-ID: <bounce-1@mx.customers.test>\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n" +
		"--B\r\nContent-Type: text/plain\r\n\r\nThis is the mail system at host mx.customers.test.\r\n\r\n<" + rcpt + ">: host said: 550 5.1.1 User unknown\r\n" +
		"--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.customers.test\r\n\r\nFinal-Recipient: rfc822; " + rcpt +
		"\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 User unknown\r\n" +
		"--B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: owner@fault.test\r\nTo: " + rcpt + "\r\nSubject: Rappel\r\nMessage-ID: <" + letterID + ">\r\n" +
		"--B--\r\n")
}

// TestSyncClassifiesMatchesAndPauses: replies, an automatic answer, a
// bounce, a newsletter and a stranger's message are read, matched and
// acted on; the copy to self is skipped; a second sync reads nothing; a
// reply pauses its customer until reviewed.
func TestSyncClassifiesMatchesAndPauses(t *testing.T) {
	ctx := context.Background()
	l, srv, ob := inboxLedger(t, 5)
	date := "Mon, 21 Jul 2025 09:00:00 +0200"
	err := srv.Append("INBOX",
		// The copy to self of a letter: ours, skipped.
		msg(map[string]string{"From": "owner@fault.test", "To": "c001@customers.test", "Subject": ob["C001"].Subject, "Date": date,
			"Message-ID": "<" + ob["C001"].MessageID + ">"}, "copy"),
		msg(map[string]string{"From": "c001@customers.test", "To": "owner@fault.test", "Subject": "Re: " + ob["C001"].Subject, "Date": date,
			"Message-ID": "<r1@customers.test>", "In-Reply-To": "<" + ob["C001"].MessageID + ">"},
			"Bonjour,\nje réglerai la facture le 30/07/2025.\nCordialement\n\nLe 20/07/2025, Ateliers Bellecour a écrit :\n> Madame,\n> votre facture"),
		// A client that drops In-Reply-To; the invoice number is in the subject.
		msg(map[string]string{"From": "comptabilite@ailleurs.test", "To": "owner@fault.test", "Subject": "Facture F-002", "Date": date,
			"Message-ID": "<r2@ailleurs.test>"}, "Nous avons déjà payé cette facture le 15/07/2025."),
		msg(map[string]string{"From": "c003@customers.test", "To": "owner@fault.test", "Subject": "Réponse automatique : " + ob["C003"].Subject,
			"Date": date, "Message-ID": "<a3@customers.test>", "Auto-Submitted": "auto-replied", "In-Reply-To": "<" + ob["C003"].MessageID + ">"},
			"Je suis absente jusqu'au 4 août 2025."),
		bounceFor(ob["C004"].MessageID, "c004@customers.test"),
		msg(map[string]string{"From": "news@shop.test", "To": "owner@fault.test", "Subject": "Nos promotions de juillet", "Date": date,
			"Message-ID": "<n1@shop.test>"}, "Promotions !"),
		msg(map[string]string{"From": "inconnu@ailleurs.test", "To": "owner@fault.test", "Subject": "Question", "Date": date,
			"Message-ID": "<u1@ailleurs.test>"}, "Bonjour, pouvez-vous me rappeler ?"),
	)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := l.svc.SyncInbox(ctx, l.pw, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Read != 7 || rep.Ours != 1 || rep.Replies < 2 || rep.AutoReplies != 1 || rep.Bounces != 1 {
		t.Fatalf("report %+v", rep)
	}
	list, err := l.svc.Responses(ctx, store.ResponseFilter{All: true})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]store.Inbound{}
	for _, m := range list {
		by[m.MessageID] = m
	}
	check := func(id, class, customer, match string) store.Inbound {
		t.Helper()
		m, ok := by[id]
		if !ok {
			t.Fatalf("%s not recorded", id)
		}
		if m.Class != class || m.CustomerCode != customer || m.Match != match {
			t.Errorf("%s: %s %q matched by %q; want %s %q by %q", id, m.Class, m.CustomerCode, m.Match, class, customer, match)
		}
		return m
	}
	r1 := check("r1@customers.test", "reply", "C001", "in-reply-to")
	if strings.Contains(r1.NewText, "votre facture") || !strings.Contains(r1.NewText, "30/07/2025") || r1.Evidence == "" {
		t.Errorf("reply text %q, evidence %q", r1.NewText, r1.Evidence)
	}
	if !strings.Contains(r1.Suggestions, `"promise"`) || !strings.Contains(r1.Suggestions, "2025-07-30") {
		t.Errorf("suggestions %s", r1.Suggestions)
	}
	check("r2@ailleurs.test", "reply", "C002", "invoice-number")
	a3 := check("a3@customers.test", "auto-reply", "C003", "in-reply-to")
	if a3.ReturnDate != "2025-08-04" {
		t.Errorf("return date %q", a3.ReturnDate)
	}
	b := check("bounce-1@mx.customers.test", "bounce", "C004", "returned")
	if !b.Hard || b.Recipient != "c004@customers.test" {
		t.Errorf("bounce %+v", b)
	}
	if u := by["u1@ailleurs.test"]; u.CustomerCode != "" || u.Class == "other" {
		t.Errorf("the stranger's message: %+v", u)
	}
	if _, own := by[ob["C001"].MessageID]; own {
		t.Error("the copy to self was recorded")
	}
	// The owner confirms suggestions: C002 says it paid on 15 July.
	r2 := by["r2@ailleurs.test"]
	var sg []struct{ Kind, Date string }
	json.Unmarshal([]byte(r2.Suggestions), &sg)
	if len(sg) == 0 || sg[0].Kind != "paid" || sg[0].Date != "2025-07-15" {
		t.Fatalf("r2 suggestions %s", r2.Suggestions)
	}
	// It came from an address that is not C002's and only names the
	// invoice: from an unknown sender, nothing applies until the owner
	// confirms the sender.
	if r2.Trust != store.TrustUnknownSender {
		t.Errorf("r2 trust %q, want %q", r2.Trust, store.TrustUnknownSender)
	}
	if _, err := l.svc.ApplySuggestion(ctx, r2.ID, 1); err == nil || !strings.Contains(err.Error(), "comptabilite@ailleurs.test") {
		t.Fatalf("a stranger's suggestion applied without confirmation: %v", err)
	}
	if _, err := l.svc.ConfirmResponse(ctx, r2.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := l.svc.ConfirmResponse(ctx, r2.ID); err == nil {
		t.Error("a confirmed message confirmed twice")
	}
	done, err := l.svc.ApplySuggestion(ctx, r2.ID, 1)
	if err != nil || !strings.Contains(done.String(), "F-002") {
		t.Fatalf("apply paid: %v %v", done, err)
	}
	if _, err := l.svc.ApplySuggestion(ctx, r2.ID, 9); err == nil {
		t.Error("a suggestion that does not exist was applied")
	}
	// Effects: C001 and C002 wait for the owner; C003 does not; C004's
	// address is flagged and its letter offered for print.
	if l.outbox(t)["C004"].Postal != "offered" {
		t.Error("the bounced letter is not offered for print")
	}
	l.day = l.day.AddDays(15)
	plan, _ := l.svc.Plan(ctx, l.day)
	got := map[string]string{}
	for _, a := range plan.Actions {
		got[a.CustomerCode] = string(a.Channel)
	}
	if _, ok := got["C001"]; ok {
		t.Error("C001 replied and still gets a letter")
	}
	if _, ok := got["C002"]; ok {
		t.Error("C002 replied and still gets a letter")
	}
	if got["C003"] != "email" || got["C004"] != "postal" || got["C005"] != "email" {
		t.Errorf("plan channels %v", got)
	}
	// Nothing new, nothing twice.
	if rep, err := l.svc.SyncInbox(ctx, l.pw, nil); err != nil || rep.Read != 0 || rep.Recorded != 0 {
		t.Fatalf("second sync %+v %v", rep, err)
	}
	// The owner reviews C001's reply: its ladder resumes. C002 paid:
	// nothing more to remind, reviewed or not.
	if err := l.svc.ReviewResponse(ctx, r1.ID); err != nil {
		t.Fatal(err)
	}
	if err := l.svc.ReviewResponse(ctx, r2.ID); err != nil {
		t.Fatal(err)
	}
	plan, _ = l.svc.Plan(ctx, l.day)
	found := false
	for _, a := range plan.Actions {
		found = found || a.CustomerCode == "C001"
		if a.CustomerCode == "C002" {
			t.Error("C002's invoice was recorded paid, and it is still reminded")
		}
	}
	if !found {
		t.Error("C001 still paused after review")
	}
}

// TestSyncIsIncrementalAndSurvivesRenumbering: only new messages are read;
// a new UIDVALIDITY makes a full rescan that records nothing twice; a sync
// cut off in the middle resumes with nothing lost and nothing twice.
func TestSyncIsIncrementalAndSurvivesRenumbering(t *testing.T) {
	ctx := context.Background()
	l, srv, _ := inboxLedger(t, 1)
	old := inbox.SyncBatch
	inbox.SyncBatch = 2
	defer func() { inbox.SyncBatch = old }()
	mk := func(i int) []byte {
		return msg(map[string]string{"From": fmt.Sprintf("p%d@elsewhere.test", i), "To": "owner@fault.test", "Subject": fmt.Sprintf("Question %d", i),
			"Date": "Mon, 21 Jul 2025 09:00:00 +0200", "Message-ID": fmt.Sprintf("<q%d@elsewhere.test>", i)}, "Bonjour")
	}
	var first [][]byte
	for i := 1; i <= 5; i++ {
		first = append(first, mk(i))
	}
	if err := srv.Append("INBOX", first...); err != nil {
		t.Fatal(err)
	}
	// Cut off after the first batch of two.
	cctx, cancel := context.WithCancel(ctx)
	_, err := l.svc.SyncInbox(cctx, l.pw, func(done, total int) {
		if done >= 2 {
			cancel()
		}
	})
	if err == nil {
		t.Fatal("the cut-off sync reported no error")
	}
	count := func() int {
		list, _ := l.svc.Responses(ctx, store.ResponseFilter{All: true})
		return len(list)
	}
	if n := count(); n != 2 {
		t.Fatalf("%d recorded after the cut, want the first batch's 2", n)
	}
	rep, err := l.svc.SyncInbox(ctx, l.pw, nil)
	if err != nil || rep.Read != 3 || count() != 5 {
		t.Fatalf("resumed: %+v %v, %d recorded", rep, err, count())
	}
	if err := srv.Append("INBOX", mk(6)); err != nil {
		t.Fatal(err)
	}
	if rep, _ := l.svc.SyncInbox(ctx, l.pw, nil); rep.Read != 1 || count() != 6 {
		t.Fatalf("incremental: %+v, %d recorded", rep, count())
	}
	// The server renumbers INBOX: everything is read again, nothing added.
	if err := srv.Recreate("INBOX"); err != nil {
		t.Fatal(err)
	}
	if err := srv.Append("INBOX", append(first, mk(6), mk(7))...); err != nil {
		t.Fatal(err)
	}
	rep, err = l.svc.SyncInbox(ctx, l.pw, nil)
	if err != nil || len(rep.Rescanned) != 1 || rep.Read != 7 || rep.Recorded != 1 || count() != 7 {
		t.Fatalf("after renumbering: %+v %v, %d recorded", rep, err, count())
	}
	_ = time.Second
}

// TestWatchInboxIsPushed: after the first sync, new mail is read when the
// server announces it (IDLE), long before the poll interval.
func TestWatchInboxIsPushed(t *testing.T) {
	l, srv, _ := inboxLedger(t, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reports := make(chan *SyncReport, 10)
	done := make(chan error, 1)
	go func() {
		done <- l.svc.WatchInbox(ctx, l.pw, time.Hour, func(r *SyncReport, err error) {
			if err == nil {
				reports <- r
			}
		})
	}()
	select {
	case <-reports:
	case <-time.After(30 * time.Second):
		t.Fatal("no first sync")
	}
	time.Sleep(300 * time.Millisecond) // let the watcher enter IDLE
	if err := srv.Append("INBOX", msg(map[string]string{"From": "c001@customers.test", "To": "owner@fault.test", "Subject": "Facture F-001",
		"Date": "Mon, 21 Jul 2025 09:00:00 +0200", "Message-ID": "<pushed@customers.test>"}, "Payée hier.")); err != nil {
		t.Fatal(err)
	}
	select {
	case r := <-reports:
		if r.Read != 1 || r.Replies != 1 {
			t.Errorf("pushed sync %+v", r)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("new mail not read before the poll interval (an hour): no IDLE")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
