package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

func newStore(t *testing.T) *Store {
	t.Helper()
	s, err := Create(context.Background(), filepath.Join(t.TempDir(), "ledger.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestOpenMissingFileCreatesNothing(t *testing.T) {
	p := filepath.Join(t.TempDir(), "nope.db")
	_, err := Open(context.Background(), p)
	if !errors.Is(err, ErrNoDatabase) {
		t.Fatalf("want ErrNoDatabase, got %v", err)
	}
	if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Open created %s", p)
	}
}

func TestMigrationsAppliedOnceWithVersion(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "a b#?%.db") // characters that break naive URIs
	s, err := Create(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := s.version(ctx)
	if v != SchemaVersion() || v < 1 {
		t.Fatalf("version %d, want %d", v, SchemaVersion())
	}
	s.Close()
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("file not at the requested path: %v", err)
	}
	s, err = Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int
	s.DB().QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&n)
	if n != SchemaVersion() {
		t.Fatalf("%d migration rows after reopening, want %d", n, SchemaVersion())
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "x.db")
	s, _ := Create(ctx, p)
	s.DB().Exec(`INSERT INTO schema_migrations (version, name) VALUES (999, 'future')`)
	s.Close()
	if _, err := Open(ctx, p); !errors.Is(err, ErrNewerSchema) {
		t.Fatalf("want ErrNewerSchema, got %v", err)
	}
}

// TestPragmasOnEveryConnection holds several connections at once and checks
// that each has foreign keys on, WAL and the busy timeout: the DSN, not a
// one-off PRAGMA on the first connection, must set them.
func TestPragmasOnEveryConnection(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	var conns []interface{ Close() error }
	for i := 0; i < 4; i++ {
		c, err := s.DB().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		var fk, timeout int
		var mode string
		c.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk)
		c.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode)
		c.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&timeout)
		if fk != 1 || mode != "wal" || timeout != 5000 {
			t.Errorf("connection %d: foreign_keys=%d journal_mode=%s busy_timeout=%d", i, fk, mode, timeout)
		}
	}
	for _, c := range conns {
		c.Close()
	}
}

func addCustomer(t *testing.T, s *Store, code string) int64 {
	t.Helper()
	id, err := s.SaveCustomer(context.Background(), ledger.Customer{Code: code, Name: "Customer " + code, Language: ledger.French,
		Kind: ledger.Business, Delivery: ledger.DeliveryEmail, Emails: []string{strings.ToLower(code) + "@example.fr"}, Country: "FR"})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func addInvoice(t *testing.T, s *Store, custID int64, number, issue, due string, total int64, payments ...ledger.Payment) int64 {
	t.Helper()
	inv := ledger.Invoice{Number: number, CustomerID: custID, IssueDate: ledger.MustDate(issue), DueDate: ledger.MustDate(due),
		Total: ledger.Money{Minor: total, Currency: "EUR"}}
	ctx := context.Background()
	err := s.InBatch(ctx, false, func(b *Batch) error {
		if err := b.InsertInvoice(ctx, &inv); err != nil {
			return err
		}
		for _, p := range payments {
			p.InvoiceID = inv.ID
			if err := b.SavePayment(ctx, &p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return inv.ID
}

func TestForeignKeysEnforced(t *testing.T) {
	s := newStore(t)
	inv := ledger.Invoice{Number: "X", CustomerID: 999, IssueDate: ledger.MustDate("2025-01-01"), DueDate: ledger.MustDate("2025-01-31"),
		Total: ledger.Money{Minor: 1, Currency: "EUR"}}
	err := s.InBatch(context.Background(), false, func(b *Batch) error { return b.InsertInvoice(context.Background(), &inv) })
	if err == nil {
		t.Fatal("invoice of a missing customer accepted")
	}
}

func TestPositionsAsOf(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	c := addCustomer(t, s, "C1")
	addInvoice(t, s, c, "A", "2025-05-01", "2025-06-10", 10000,
		ledger.Payment{Date: ledger.MustDate("2025-06-20"), Amount: 3000},
		ledger.Payment{Date: ledger.MustDate("2025-07-20"), Amount: 7000})
	addInvoice(t, s, c, "B", "2025-06-01", "2025-07-01", 5000)
	addInvoice(t, s, c, "Future", "2025-08-01", "2025-09-01", 5000)
	cases := []struct {
		asOf    string
		number  string
		paid    int64
		balance int64
		status  ledger.Status
		days    int
	}{
		{"2025-06-10", "A", 0, 10000, ledger.StatusOpen, 0},
		{"2025-06-11", "A", 0, 10000, ledger.StatusOverdue, 1},
		{"2025-06-20", "A", 3000, 7000, ledger.StatusOverdue, 10},
		{"2025-07-19", "A", 3000, 7000, ledger.StatusOverdue, 39},
		{"2025-07-20", "A", 10000, 0, ledger.StatusPaid, 0},
		{"2025-07-02", "B", 0, 5000, ledger.StatusOverdue, 1},
	}
	for _, c := range cases {
		lines, err := s.ListInvoices(ctx, InvoiceFilter{AsOf: ledger.MustDate(c.asOf)})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, l := range lines {
			if l.Number == "Future" {
				t.Errorf("as of %s: an invoice issued later is listed", c.asOf)
			}
			if l.Number != c.number {
				continue
			}
			found = true
			if l.Paid != c.paid || l.Balance != c.balance || l.Status != c.status || l.DaysOverdue != c.days {
				t.Errorf("%s as of %s: %+v, want paid %d balance %d %s %d days", c.number, c.asOf, l.Position, c.paid, c.balance, c.status, c.days)
			}
		}
		if !found {
			t.Errorf("%s missing as of %s", c.number, c.asOf)
		}
	}
	over, _ := s.ListInvoices(ctx, InvoiceFilter{AsOf: ledger.MustDate("2025-07-20"), OverdueOnly: true})
	if len(over) != 1 || over[0].Number != "B" {
		t.Errorf("overdue as of 2025-07-20: %+v", over)
	}
	paid, _ := s.ListInvoices(ctx, InvoiceFilter{AsOf: ledger.MustDate("2025-07-20"), Status: ledger.StatusPaid})
	if len(paid) != 1 || paid[0].Number != "A" {
		t.Errorf("paid: %+v", paid)
	}
}

func TestListCustomersSearch(t *testing.T) {
	s := newStore(t)
	addCustomer(t, s, "ALPHA")
	addCustomer(t, s, "BETA_1")
	addCustomer(t, s, "BETAX1")
	got, err := s.ListCustomers(context.Background(), CustomerFilter{Search: "beta_"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Code != "BETA_1" || got[0].Emails[0] != "beta_1@example.fr" {
		t.Errorf("search with a LIKE wildcard: %+v", got)
	}
}

func TestBackupWhileWriting(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	c := addCustomer(t, s, "C1")
	for i := 0; i < 50; i++ {
		addInvoice(t, s, c, "S"+string(rune('A'+i%26))+strings.Repeat("x", i/26), "2025-01-01", "2025-02-01", 100)
	}
	// A writer keeps adding invoices while the backup runs.
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			inv := ledger.Invoice{Number: "W" + strings.Repeat("0", 6) + string(rune('a'+i%26)) + itoa(i), CustomerID: c,
				IssueDate: ledger.MustDate("2025-01-01"), DueDate: ledger.MustDate("2025-01-31"), Total: ledger.Money{Minor: 5, Currency: "EUR"}}
			s.InBatch(ctx, false, func(b *Batch) error { return b.InsertInvoice(ctx, &inv) })
		}
	}()
	dest := filepath.Join(t.TempDir(), "backup.db")
	err := s.Backup(ctx, dest)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	rep, err := b.Check(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("backup check: %v %v", err, rep.Problems)
	}
	if rep.Invoices < 50 {
		t.Fatalf("backup has %d invoices, want at least 50", rep.Invoices)
	}
	// A backup never overwrites.
	if err := s.Backup(ctx, dest); !errors.Is(err, ErrExists) {
		t.Fatalf("second backup to the same file: %v", err)
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".relance-backup-*"))
	if len(left) != 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}

func TestCheckFindsProblems(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	rep, err := s.Check(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("fresh ledger: %v %v", err, rep.Problems)
	}
	c := addCustomer(t, s, "C1")
	id := addInvoice(t, s, c, "OVER", "2025-01-01", "2025-02-01", 100)
	// Damage the ledger behind the program's back, as a hand edit would.
	for _, q := range []string{
		`INSERT INTO payments (invoice_id, date, amount) VALUES (` + itoa(int(id)) + `, '2025-02-03', 500)`,
		`UPDATE customer_emails SET address = 'broken@@example' WHERE customer_id = ` + itoa(int(c)),
		`UPDATE invoices SET currency = 'XXX' WHERE id = ` + itoa(int(id)),
		`INSERT INTO payments (invoice_id, date, amount) VALUES (` + itoa(int(id)) + `, '2025-02-30', 1)`,
	} {
		if _, err := s.DB().Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	rep, err = s.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"overpaid_invoices": false, "email_addresses": false, "currencies": false, "payment_dates": false}
	for _, ch := range rep.Checks {
		if _, ok := want[ch.Name]; ok && ch.Problems > 0 {
			want[ch.Name] = true
		}
	}
	for name, found := range want {
		if !found {
			t.Errorf("check %s found nothing; problems: %v", name, rep.Problems)
		}
	}
	if rep.OK() || rep.Customers != 1 || rep.Invoices != 1 || rep.Payments != 2 {
		t.Errorf("report %+v", rep)
	}
}

func settledOn(t *testing.T, s *Store, id int64) string {
	t.Helper()
	var v sql.NullString
	if err := s.DB().QueryRow(`SELECT settled_on FROM invoices WHERE id = ?`, id).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v.String
}

// TestSettledOnFollowsPayments drives settled_on through every kind of
// write the triggers must follow.
func TestSettledOnFollowsPayments(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	c := addCustomer(t, s, "C1")
	id := addInvoice(t, s, c, "S1", "2025-01-01", "2025-01-31", 10000)
	if got := settledOn(t, s, id); got != "" {
		t.Fatalf("new invoice settled on %q", got)
	}
	pay := func(date string, amount int64) int64 {
		p := ledger.Payment{InvoiceID: id, Date: ledger.MustDate(date), Amount: amount}
		if err := s.InBatch(ctx, false, func(b *Batch) error { return b.SavePayment(ctx, &p) }); err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	pay("2025-02-10", 4000)
	if got := settledOn(t, s, id); got != "" {
		t.Fatalf("partly paid invoice settled on %q", got)
	}
	p2 := pay("2025-03-01", 6000)
	pay("2025-02-20", 1000) // an earlier payment: now 4000+1000 by 02-20, 11000 by 03-01
	if got := settledOn(t, s, id); got != "2025-03-01" {
		t.Fatalf("settled on %q, want 2025-03-01", got)
	}
	if _, err := s.DB().Exec(`UPDATE payments SET amount = 5000 WHERE id = ?`, p2); err != nil {
		t.Fatal(err)
	}
	if got := settledOn(t, s, id); got != "2025-03-01" {
		t.Fatalf("after an update: %q", got)
	}
	if _, err := s.DB().Exec(`UPDATE payments SET amount = 4000 WHERE id = ?`, p2); err != nil {
		t.Fatal(err)
	}
	if got := settledOn(t, s, id); got != "" {
		t.Fatalf("9000 of 10000 paid, settled on %q", got)
	}
	if _, err := s.DB().Exec(`UPDATE invoices SET total = 9000 WHERE id = ?`, id); err != nil {
		t.Fatal(err)
	}
	if got := settledOn(t, s, id); got != "2025-03-01" {
		t.Fatalf("after lowering the total: %q", got)
	}
	if _, err := s.DB().Exec(`DELETE FROM payments WHERE id = ?`, p2); err != nil {
		t.Fatal(err)
	}
	if got := settledOn(t, s, id); got != "" {
		t.Fatalf("after a delete: %q", got)
	}
	zero := addInvoice(t, s, c, "ZERO", "2025-04-01", "2025-05-01", 0)
	if got := settledOn(t, s, zero); got != "2025-04-01" {
		t.Fatalf("zero invoice settled on %q, want its issue date", got)
	}
	rep, _ := s.Check(ctx)
	if !rep.OK() {
		t.Fatalf("check after trigger work: %v", rep.Problems)
	}
	// A hand edit that breaks the derived date is caught.
	s.DB().Exec(`UPDATE invoices SET settled_on = '2025-01-01' WHERE id = ?`, id)
	rep, _ = s.Check(ctx)
	if rep.OK() {
		t.Fatal("check missed a wrong settled_on")
	}
}

// TestOverdueAsOfPastDate lists as of a date before a settlement: the
// listing must not trust "settled_on IS NULL" then.
func TestOverdueAsOfPastDate(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	c := addCustomer(t, s, "C1")
	addInvoice(t, s, c, "A", "2025-05-01", "2025-06-10", 10000,
		ledger.Payment{Date: ledger.MustDate("2025-07-20"), Amount: 10000})
	addInvoice(t, s, c, "B", "2025-06-01", "2025-07-01", 5000)
	got := func(asOf string, f InvoiceFilter) []string {
		f.AsOf = ledger.MustDate(asOf)
		lines, err := s.ListInvoices(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range lines {
			out = append(out, l.Number+":"+string(l.Status))
		}
		return out
	}
	if g := strings.Join(got("2025-07-19", InvoiceFilter{OverdueOnly: true}), " "); g != "A:overdue B:overdue" {
		t.Errorf("overdue as of 2025-07-19: %s", g)
	}
	if g := strings.Join(got("2025-07-20", InvoiceFilter{OverdueOnly: true}), " "); g != "B:overdue" {
		t.Errorf("overdue as of 2025-07-20: %s", g)
	}
	if g := strings.Join(got("2025-06-05", InvoiceFilter{Status: ledger.StatusOpen}), " "); g != "A:open B:open" {
		t.Errorf("open as of 2025-06-05: %s", g)
	}
	if g := strings.Join(got("2025-07-20", InvoiceFilter{Status: ledger.StatusPaid}), " "); g != "A:paid" {
		t.Errorf("paid as of 2025-07-20: %s", g)
	}
	if g := strings.Join(got("2025-07-20", InvoiceFilter{CustomerCode: "C1", OverdueOnly: true}), " "); g != "B:overdue" {
		t.Errorf("customer overdue: %s", g)
	}
}

func TestDunningDataAsOfPastDate(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	c := addCustomer(t, s, "C1")
	addInvoice(t, s, c, "A", "2025-05-01", "2025-06-10", 10000, ledger.Payment{Date: ledger.MustDate("2025-07-20"), Amount: 10000})
	addInvoice(t, s, c, "B", "2025-05-01", "2025-06-10", 10000, ledger.Payment{Date: ledger.MustDate("2025-06-20"), Amount: 4000})
	numbers := func(asOf string) string {
		d, err := s.DunningData(ctx, ledger.MustDate(asOf), ledger.JurisdictionFR)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, inv := range d.Invoices {
			var paid int64
			for _, p := range inv.Payments {
				paid += p.Amount
			}
			out = append(out, inv.Number+":"+itoa(int(paid)))
			if d.Customers[inv.CustomerID] == nil || d.Customers[inv.CustomerID].Code != "C1" || !d.Customers[inv.CustomerID].EmailUsable {
				t.Fatalf("customer of %s: %+v", inv.Number, d.Customers[inv.CustomerID])
			}
		}
		return strings.Join(out, " ")
	}
	if got := numbers("2025-07-19"); got != "A:0 B:4000" {
		t.Errorf("as of 2025-07-19: %s", got)
	}
	if got := numbers("2025-07-20"); got != "B:4000" {
		t.Errorf("as of 2025-07-20: %s", got)
	}
	if got := numbers("2025-06-19"); got != "A:0 B:0" {
		t.Errorf("as of 2025-06-19: %s", got)
	}
}

// TestDunningDataRefusesMalformedInvoiceFields: the plan's read takes an
// invoice's (and a letter's) short fields as one text (unpackInvoice); a
// date not in YYYY-MM-DD (which relancectl check reports) stops the read
// with the invoice (letter) named, rather than shifting the fields that
// follow it.
func TestDunningDataRefusesMalformedInvoiceFields(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	c := addCustomer(t, s, "C1")
	addInvoice(t, s, c, "A", "2025-05-01", "2025-06-10", 10000)
	addInvoice(t, s, c, "B", "2025-05-01", "2025-06-10", 12345)
	d, err := s.DunningData(ctx, ledger.MustDate("2025-07-01"), ledger.JurisdictionFR)
	if err != nil || len(d.Invoices) != 2 {
		t.Fatalf("%+v %v", d.Invoices, err)
	}
	for _, inv := range d.Invoices {
		if inv.IssueDate != ledger.MustDate("2025-05-01") || inv.DueDate != ledger.MustDate("2025-06-10") || inv.Total.Currency != "EUR" ||
			inv.CustomerID != c || inv.Excluded || (inv.Number == "B" && inv.Total.Minor != 12345) {
			t.Errorf("invoice read as %+v", inv.Invoice)
		}
	}
	// A letter's fields come packed the same way.
	if _, err := s.DB().ExecContext(ctx, `INSERT INTO letters (customer_id, currency, level, kind, date) VALUES (?, 'EUR', 1, 'reminder-1', '2025-06-1')`, c); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DunningData(ctx, ledger.MustDate("2025-07-01"), ledger.JurisdictionFR); err == nil || !strings.Contains(err.Error(), "letter 1") {
		t.Fatalf("malformed letter date: %v", err)
	}
	if _, err := s.DB().ExecContext(ctx, `UPDATE letters SET date = '2025-06-15'`); err != nil {
		t.Fatal(err)
	}
	d, err = s.DunningData(ctx, ledger.MustDate("2025-07-01"), ledger.JurisdictionFR)
	if err != nil || len(d.Letters) != 1 || d.Letters[0].Date != ledger.MustDate("2025-06-15") || d.Letters[0].Kind != ledger.KindReminder1 ||
		d.Letters[0].Level != 1 || d.Letters[0].Currency != "EUR" || d.Letters[0].CustomerID != c || len(d.Letters[0].Invoices) != 0 {
		t.Fatalf("letters %+v %v", d.Letters, err)
	}
	if _, err := s.DB().ExecContext(ctx, `UPDATE invoices SET issue_date = '2025-05-1' WHERE number = 'B'`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DunningData(ctx, ledger.MustDate("2025-07-01"), ledger.JurisdictionFR); err == nil || !strings.Contains(err.Error(), "invoice B") {
		t.Fatalf("malformed date: %v", err)
	}
}
