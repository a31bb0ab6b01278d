package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/mail"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/relance-app/relance/internal/ledger"
	rmail "github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/mail/mailtest"
	"github.com/relance-app/relance/internal/store"
)

// sendLedger is a ledger of n customers with one overdue invoice each,
// emailed, and its account on the in-process fault server.
type sendLedger struct {
	svc   *Service
	srv   *mailtest.Server
	day   ledger.Date
	clock time.Time
	pw    Passwords
}

func newSendLedger(t *testing.T, n int) *sendLedger {
	t.Helper()
	ctx := context.Background()
	l := &sendLedger{day: ledger.MustDate("2025-07-20"), clock: time.Date(2025, 7, 20, 9, 0, 0, 0, time.UTC)}
	svc, _, err := Create(ctx, filepath.Join(t.TempDir(), "d.db"), Options{Today: func() ledger.Date { return l.day }, Now: func() time.Time { return l.clock }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	l.svc = svc
	co := ledger.DefaultCompany()
	co.LegalName, co.Address1, co.Postcode, co.City, co.Email = "Ateliers Bellecour SAS", "12 rue de la République", "69002", "Lyon", "owner@fault.test"
	if err := svc.Store().SetCompany(ctx, co); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("Boulangerie Numéro %d", i)
		lang := ledger.French
		if i%2 == 0 {
			name, lang = fmt.Sprintf("Пекара број %d", i), ledger.SerbianCyrillic
		}
		cid, err := svc.Store().SaveCustomer(ctx, ledger.Customer{Code: fmt.Sprintf("C%03d", i), Name: name, Language: lang, Kind: ledger.Business,
			Address1: "1 rue A", Postcode: "75011", City: "Paris", Country: "FR",
			Delivery: ledger.DeliveryEmail, Emails: []string{fmt.Sprintf("c%03d@customers.test", i)}})
		if err != nil {
			t.Fatal(err)
		}
		err = svc.Store().InBatch(ctx, false, func(b *store.Batch) error {
			inv := ledger.Invoice{Number: fmt.Sprintf("F-%03d", i), CustomerID: cid, IssueDate: ledger.MustDate("2025-05-01"),
				DueDate: ledger.MustDate("2025-06-01"), Total: ledger.Money{Minor: 10000 + int64(i), Currency: "EUR"}}
			return b.InsertInvoice(ctx, &inv)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	ca, tlsCfg, err := mailtest.CA(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	l.srv, err = mailtest.Start(tlsCfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.srv.Close() })
	if _, err := svc.SetAccount(ctx, map[string]string{"smtp_host": "localhost", "smtp_port": fmt.Sprint(l.srv.Port), "smtp_security": "starttls",
		"smtp_user": l.srv.User, "from_address": "owner@fault.test", "from_name": "Ateliers Bellecour", "tls_ca": ca, "confirm_after": "60"}); err != nil {
		t.Fatal(err)
	}
	l.pw = func(string) (string, error) { return l.srv.Password, nil }
	return l
}

func (l *sendLedger) send(t *testing.T) *SendReport {
	t.Helper()
	rep, err := l.svc.Send(context.Background(), SendOptions{AsOf: l.day, Passwords: l.pw})
	if err != nil {
		t.Fatal(err)
	}
	l.noneSending(t)
	return rep
}

func (l *sendLedger) outbox(t *testing.T) map[string]store.OutboxItem {
	t.Helper()
	items, err := l.svc.Outbox(context.Background(), store.OutboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]store.OutboxItem{}
	for _, it := range items {
		out[it.CustomerCode] = it
	}
	return out
}

func (l *sendLedger) noneSending(t *testing.T) {
	t.Helper()
	for code, it := range l.outbox(t) {
		if it.State == store.OutboxSending {
			t.Errorf("%s left in sending", code)
		}
	}
}

// TestSendRun: a run queues the plan's email letters, records them, and
// sends each over one connection with its PDF; a second run the same day
// sends nothing again.
func TestSendRun(t *testing.T) {
	l := newSendLedger(t, 4)
	var progress []int
	rep, err := l.svc.Send(context.Background(), SendOptions{AsOf: l.day, Passwords: l.pw, Progress: func(d, n int) { progress = append(progress, d) }})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Queued != 4 || rep.Sent != 4 || len(progress) != 4 || l.srv.Connections() != 1 {
		t.Fatalf("report %+v, progress %v, %d connections", rep, progress, l.srv.Connections())
	}
	got := l.srv.Delivered()
	ob := l.outbox(t)
	for _, d := range got {
		msg, err := mail.ReadMessage(bytes.NewReader(d.Data))
		if err != nil {
			t.Fatal(err)
		}
		id := strings.Trim(msg.Header.Get("Message-Id"), "<>")
		found := false
		for _, it := range ob {
			if it.MessageID == id && it.State == store.OutboxSent && strings.HasSuffix(id, "@fault.test") {
				found = true
				if d.To[0] != it.Recipients[0] || d.To[len(d.To)-1] != "owner@fault.test" {
					t.Errorf("envelope %v for %v", d.To, it.Recipients)
				}
			}
		}
		if !found {
			t.Errorf("delivered %s is not a sent outbox item", id)
		}
		if !bytes.Contains(d.Data, []byte("application/pdf")) || msg.Header.Get("Bcc") != "" {
			t.Error("no PDF attached, or a Bcc header")
		}
	}
	// Recorded: the ladder moved on, nothing is sent twice.
	rep = l.send(t)
	if rep.Queued != 0 || rep.Sent != 0 || len(l.srv.Delivered()) != 4 {
		t.Fatalf("second run %+v", rep)
	}
	plan, _ := l.svc.Plan(context.Background(), l.day)
	if len(plan.Actions) != 0 {
		t.Errorf("the plan still proposes %d letters", len(plan.Actions))
	}
	// A dry run says, changes nothing.
	l.day = l.day.AddDays(15)
	dry, err := l.svc.Send(context.Background(), SendOptions{AsOf: l.day, DryRun: true})
	if err != nil || len(dry.Planned) != 4 || dry.Planned[0].Kind != "reminder-2" {
		t.Fatalf("dry run %+v %v", dry, err)
	}
	if n := len(l.outbox(t)); n != 4 {
		t.Errorf("the dry run queued letters: %d in the outbox", n)
	}
}

// TestSendFaults: each fault ends in its state, and a retry or the owner
// takes it from there.
func TestSendFaults(t *testing.T) {
	se := func(code int, enh smtp.EnhancedCode, msg string) *smtp.SMTPError {
		return &smtp.SMTPError{Code: code, EnhancedCode: enh, Message: msg}
	}
	ctx := context.Background()
	t.Run("550: flagged, offered for print, the plan goes postal", func(t *testing.T) {
		l := newSendLedger(t, 2)
		l.srv.SetFaults(mailtest.Faults{RcptErr: map[string]*smtp.SMTPError{"c001@customers.test": se(550, smtp.EnhancedCode{5, 1, 1}, "No such user")}})
		rep := l.send(t)
		ob := l.outbox(t)
		if rep.Failed != 1 || rep.Sent != 1 || ob["C001"].State != store.OutboxPermanent || ob["C001"].Postal != "offered" || ob["C002"].State != store.OutboxSent {
			t.Fatalf("%+v %+v", rep, ob)
		}
		flags, _ := l.svc.Store().EmailFlags(ctx)
		if len(flags) != 1 || flags[0].Address != "c001@customers.test" || !strings.Contains(flags[0].Reason, "No such user") {
			t.Fatalf("flags %+v", flags)
		}
		// Offered for print: the next print run carries it, and once
		// printed (recorded) it is not offered again.
		batch, err := l.svc.PrintBatch(ctx, PrintOptions{AsOf: l.day, Record: true}, nil)
		if err != nil || len(batch.Letters) != 1 || batch.Letters[0].CustomerCode != "C001" || !batch.Letters[0].FromEmail {
			t.Fatalf("print %+v %v", batch, err)
		}
		if l.outbox(t)["C001"].Postal != "printed" {
			t.Errorf("postal %q after printing", l.outbox(t)["C001"].Postal)
		}
		if batch, _ := l.svc.PrintBatch(ctx, PrintOptions{AsOf: l.day}, nil); len(batch.Letters) != 0 {
			t.Errorf("printed again: %+v", batch.Letters)
		}
		l.day = l.day.AddDays(15)
		plan, _ := l.svc.Plan(ctx, l.day)
		for _, a := range plan.Actions {
			if a.CustomerCode == "C001" && a.Channel != "postal" {
				t.Errorf("C001's next letter goes by %s", a.Channel)
			}
		}
	})
	t.Run("451: deferred with backoff, then sent", func(t *testing.T) {
		l := newSendLedger(t, 1)
		l.srv.SetFaults(mailtest.Faults{DataErr: se(451, smtp.EnhancedCode{4, 3, 0}, "Local error")})
		rep := l.send(t)
		it := l.outbox(t)["C001"]
		if rep.Deferred != 1 || it.State != store.OutboxTemporary || !it.NextAttempt.Equal(l.clock.Add(time.Minute)) || !strings.Contains(it.LastError, "451") {
			t.Fatalf("%+v %+v", rep, it)
		}
		l.srv.SetFaults(mailtest.Faults{})
		if rep := l.send(t); rep.Sent != 0 {
			t.Fatal("retried before its time")
		}
		l.clock = l.clock.Add(2 * time.Minute)
		if rep := l.send(t); rep.Sent != 1 || l.outbox(t)["C001"].State != store.OutboxSent || l.outbox(t)["C001"].Attempts != 2 {
			t.Fatalf("retry: %+v %+v", rep, l.outbox(t)["C001"])
		}
	})
	t.Run("421 and hang up: deferred, the rest sent on a new connection", func(t *testing.T) {
		l := newSendLedger(t, 3)
		l.srv.SetFaults(mailtest.Faults{Rcpt421Close: "c001@customers.test"})
		rep := l.send(t)
		ob := l.outbox(t)
		if rep.Deferred != 1 || rep.Sent != 2 || ob["C001"].State != store.OutboxTemporary || l.srv.Connections() != 2 {
			t.Fatalf("%+v %+v, %d connections", rep, ob, l.srv.Connections())
		}
	})
	t.Run("dropped after the final dot, no IMAP: left to the owner, never resent blindly", func(t *testing.T) {
		l := newSendLedger(t, 1)
		l.srv.SetFaults(mailtest.Faults{DropAfterDot: true})
		rep := l.send(t)
		if rep.Unknown != 1 || l.outbox(t)["C001"].State != store.OutboxUnknown {
			t.Fatalf("%+v", rep)
		}
		l.srv.SetFaults(mailtest.Faults{})
		if rep := l.send(t); rep.Flagged != 0 || rep.Sent != 0 {
			t.Fatalf("checked before the server had its time: %+v", rep)
		}
		l.clock = l.clock.Add(2 * time.Minute)
		rep = l.send(t)
		it := l.outbox(t)["C001"]
		if rep.Flagged != 1 || !it.Flagged || it.State != store.OutboxUnknown || len(l.srv.Delivered()) != 1 {
			t.Fatalf("%+v %+v", rep, it)
		}
		// The owner checked: it did not leave.
		if err := l.svc.OutboxResend(ctx, it.ID); err != nil {
			t.Fatal(err)
		}
		if rep := l.send(t); rep.Sent != 1 || len(l.srv.Delivered()) != 2 {
			t.Fatalf("resend: %+v", rep)
		}
		d := l.srv.Delivered()
		if !bytes.Equal(d[0].Data, d[1].Data) {
			t.Error("the resend is not the same message byte for byte")
		}
	})
	t.Run("authentication refused: stopped, nothing lost", func(t *testing.T) {
		l := newSendLedger(t, 2)
		l.srv.SetFaults(mailtest.Faults{AuthFail: true})
		rep := l.send(t)
		var ce *rmail.ConnError
		if !errors.As(rep.Stopped, &ce) || ce.Stage != rmail.StageAuth || rep.Queued != 2 || rep.Sent != 0 {
			t.Fatalf("%+v", rep)
		}
		for code, it := range l.outbox(t) {
			if it.State != store.OutboxQueued {
				t.Errorf("%s is %s", code, it.State)
			}
		}
		l.srv.SetFaults(mailtest.Faults{})
		if rep := l.send(t); rep.Sent != 2 {
			t.Fatalf("after fixing: %+v", rep)
		}
	})
	t.Run("slow server: the run waits, then sends", func(t *testing.T) {
		l := newSendLedger(t, 1)
		l.srv.SetFaults(mailtest.Faults{Delay: 300 * time.Millisecond})
		if rep := l.send(t); rep.Sent != 1 {
			t.Fatalf("%+v", rep)
		}
	})
	t.Run("cancelled: stops between messages, the rest stays queued", func(t *testing.T) {
		l := newSendLedger(t, 3)
		cctx, cancel := context.WithCancel(ctx)
		rep, err := l.svc.Send(cctx, SendOptions{AsOf: l.day, Passwords: l.pw, Progress: func(d, n int) {
			if d == 1 {
				cancel()
			}
		}})
		if err != nil || !rep.Cancelled || rep.Sent != 1 {
			t.Fatalf("%+v %v", rep, err)
		}
		l.noneSending(t)
		queued := 0
		for _, it := range l.outbox(t) {
			if it.State == store.OutboxQueued {
				queued++
			}
		}
		if queued != 2 {
			t.Errorf("%d queued after cancel, want 2", queued)
		}
	})
}

// TestSendMoreFaults: one refused address of a customer's two, a server
// slower than the timeout, and the account's rate limit.
func TestSendMoreFaults(t *testing.T) {
	ctx := context.Background()
	se := &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"}
	t.Run("550 for one address of two: sent to the other, the bad one flagged", func(t *testing.T) {
		l := newSendLedger(t, 1)
		c, err := l.svc.Store().CustomerByCode(ctx, "C001")
		if err != nil {
			t.Fatal(err)
		}
		c.Emails = []string{"gone@customers.test", "c001@customers.test"}
		if _, err := l.svc.Store().SaveCustomer(ctx, c); err != nil {
			t.Fatal(err)
		}
		l.srv.SetFaults(mailtest.Faults{RcptErr: map[string]*smtp.SMTPError{"gone@customers.test": se}})
		rep := l.send(t)
		it := l.outbox(t)["C001"]
		if rep.Sent != 1 || it.State != store.OutboxSent || strings.Join(it.Refused, ",") != "gone@customers.test" {
			t.Fatalf("%+v %+v", rep, it)
		}
		d := l.srv.Delivered()
		if len(d) != 1 || strings.Join(d[0].To, ",") != "c001@customers.test,owner@fault.test" {
			t.Fatalf("delivered %+v", d)
		}
		flags, _ := l.svc.Store().EmailFlags(ctx)
		if len(flags) != 1 || flags[0].Address != "gone@customers.test" {
			t.Fatalf("flags %+v", flags)
		}
	})
	t.Run("slower than the timeout: deferred, the connection dropped", func(t *testing.T) {
		l := newSendLedger(t, 1)
		old := rmail.DialTimeout
		rmail.DialTimeout = 300 * time.Millisecond
		defer func() { rmail.DialTimeout = old }()
		l.srv.SetFaults(mailtest.Faults{Delay: time.Second})
		rep := l.send(t)
		it := l.outbox(t)["C001"]
		if rep.Deferred != 1 || it.State != store.OutboxTemporary || !strings.Contains(it.LastError, "timeout") {
			t.Fatalf("%+v %+v", rep, it)
		}
	})
	t.Run("rate limit: messages spaced out", func(t *testing.T) {
		l := newSendLedger(t, 3)
		if _, err := l.svc.SetAccount(ctx, map[string]string{"rate_per_minute": "300"}); err != nil { // one every 200 ms
			t.Fatal(err)
		}
		start := time.Now()
		if rep := l.send(t); rep.Sent != 3 {
			t.Fatalf("%+v", rep)
		}
		if took := time.Since(start); took < 400*time.Millisecond {
			t.Errorf("3 messages at 300 a minute took %v, less than two intervals", took)
		}
	})
}
