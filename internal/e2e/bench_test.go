package e2e

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// benchLedger queues n letters (one per customer, each with its PDF and
// its invoice copy) in a fresh ledger whose account is the real stack, and
// returns the service ready to deliver them.
func benchLedger(b *testing.B, s stack, n int) (*app.Service, app.Passwords) {
	svc, pw, _ := benchLedgerTimed(b, s, n)
	return svc, pw
}

// benchLedgerTimed also says how long queueing took: composing each
// letter, its PDF and its invoice copy, rendering the message, and the
// transaction that records and queues them all.
func benchLedgerTimed(b *testing.B, s stack, n int) (*app.Service, app.Passwords, time.Duration) {
	b.Helper()
	ctx := context.Background()
	day := ledger.MustDate("2025-07-20")
	svc, _, err := app.Create(ctx, filepath.Join(b.TempDir(), "bench.db"), app.Options{Today: func() ledger.Date { return day }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { svc.Close() })
	co := ledger.DefaultCompany()
	co.LegalName, co.Address1, co.Postcode, co.City = "Ateliers Bellecour SAS", "12 rue de la République", "69002", "Lyon"
	if err := svc.Store().SetCompany(ctx, co); err != nil {
		b.Fatal(err)
	}
	boxes := 300
	fmt.Sscan(s.get("CUSTOMER_COUNT"), &boxes)
	err = svc.Store().InBatch(ctx, false, func(bt *store.Batch) error {
		for i := 1; i <= n; i++ {
			c := ledger.Customer{Code: fmt.Sprintf("B%04d", i), Name: fmt.Sprintf("Client %d", i), Language: ledger.French, Kind: ledger.Business,
				Address1: "1 rue A", Postcode: "75011", City: "Paris", Country: "FR", Delivery: ledger.DeliveryEmail,
				Emails: []string{fmt.Sprintf("c%03d@%s", (i-1)%boxes+1, s.get("CUSTOMER_DOMAIN"))}}
			id, err := bt.SaveCustomer(ctx, c)
			if err != nil {
				return err
			}
			inv := ledger.Invoice{Number: fmt.Sprintf("B-%04d", i), CustomerID: id, IssueDate: ledger.MustDate("2025-05-01"),
				DueDate: ledger.MustDate("2025-06-01"), Total: ledger.Money{Minor: 12345, Currency: "EUR"}}
			if err := bt.InsertInvoice(ctx, &inv); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := svc.SetAccount(ctx, map[string]string{"smtp_host": "localhost", "smtp_port": s.get("SMTP_STARTTLS_PORT"),
		"smtp_user": s.get("MAIL_USER"), "from_address": s.get("MAIL_USER"), "tls_ca": s.get("MAIL_CA"), "bcc_self": "false"}); err != nil {
		b.Fatal(err)
	}
	// Queue only: a run whose password is refused stops before the first
	// connection, with every letter queued.
	start := time.Now()
	rep, err := svc.Send(ctx, app.SendOptions{AsOf: day, Passwords: func(string) (string, error) { return "", errors.New("not yet") }})
	took := time.Since(start)
	if err == nil && rep.Queued != n {
		b.Fatalf("queued %d of %d (%+v)", rep.Queued, n, rep)
	}
	return svc, func(string) (string, error) { return s.get("MAIL_PASSWORD"), nil }, took
}

func benchSend(b *testing.B, perConnection int) {
	s := mailStack(b)
	const n = 1000
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		svc, pw := benchLedger(b, s, n)
		b.StartTimer()
		start := time.Now()
		rep, err := svc.Send(context.Background(), app.SendOptions{AsOf: ledger.MustDate("2025-07-20"), Passwords: pw, PerConnection: perConnection})
		elapsed := time.Since(start)
		if err != nil || rep.Sent != n {
			b.Fatalf("%v %+v", err, rep)
		}
		b.ReportMetric(elapsed.Seconds(), "s/1000letters")
		b.ReportMetric(float64(n)/elapsed.Seconds(), "letters/s")
	}
}

// BenchmarkQueue1000: what comes before sending: the plan, then each
// letter composed with its PDF and invoice copy and rendered as a message
// (once to check, once inside the transaction), and the transaction that
// records and queues them.
func BenchmarkQueue1000(b *testing.B) {
	s := mailStack(b)
	for i := 0; i < b.N; i++ {
		_, _, took := benchLedgerTimed(b, s, 1000)
		b.ReportMetric(took.Seconds(), "s/1000letters")
		b.ReportMetric(1000/took.Seconds(), "letters/s")
	}
}

// BenchmarkSend1000OneConnection: 1,000 queued letters (each with the
// letter's PDF and the invoice copy) through the local Postfix over one
// SMTP connection, outbox states committed for each.
func BenchmarkSend1000OneConnection(b *testing.B) { benchSend(b, 0) }

// BenchmarkSend1000ConnectionEach: the same with a new connection (TCP,
// STARTTLS, login) for every message.
func BenchmarkSend1000ConnectionEach(b *testing.B) { benchSend(b, 1) }
