package store

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// TestMigrationAcceptsGerman makes a file as the program before migration
// 0017 left it (a customer with two addresses and an invoice), migrates it,
// and checks that nothing was lost, that German customers and a German
// company are accepted on every pooled connection (each re-reads the
// schema), that the title and gender round-trip, and that the CHECKs still
// refuse what they refused.
func TestMigrationAcceptsGerman(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "old.db")
	db, err := openDB(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	old := &Store{Queries: newQueries(db, sqliteDialect{}, false), db: db, path: p}
	if err := old.migrateTo(ctx, 16); err != nil {
		t.Fatal(err)
	}
	if v, _ := old.version(ctx); v != 16 {
		t.Fatalf("old file at version %d, want 16", v)
	}
	// Before 0017 a German customer is refused: the test's premise.
	if _, err := db.Exec(`INSERT INTO customers (code, name, language, kind, delivery) VALUES ('D0', 'Vorher GmbH', 'de', 'business', 'email')`); err == nil {
		t.Fatal("version 16 accepted language 'de': the migration has nothing to do")
	}
	mustExec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	mustExec(`INSERT INTO customers (id, code, name, language, kind, delivery) VALUES (1, 'C1', 'Dupont SARL', 'fr', 'business', 'email')`)
	mustExec(`INSERT INTO customer_emails (customer_id, position, address) VALUES (1, 0, 'a@dupont.fr'), (1, 1, 'b@dupont.fr')`)
	mustExec(`INSERT INTO invoices (number, customer_id, issue_date, due_date, currency, total, creditor_ref)
		VALUES ('F-1', 1, '2026-01-05', '2026-02-04', 'EUR', 12000, ?)`, ledger.StructuredReference("F-1", "EUR"))
	db.Close()

	s, err := Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c1, err := s.CustomerByCode(ctx, "C1")
	if err != nil {
		t.Fatal(err)
	}
	if c1.Name != "Dupont SARL" || len(c1.Emails) != 2 || c1.Emails[1] != "b@dupont.fr" || c1.Title != "" || c1.Gender != ledger.GenderUnknown {
		t.Errorf("customer after the migration: %+v", c1)
	}
	var invoices int
	s.DB().QueryRow(`SELECT count(*) FROM invoices WHERE customer_id = 1`).Scan(&invoices)
	if invoices != 1 {
		t.Errorf("%d invoices of C1 after the migration, want 1", invoices)
	}
	// Several connections at once: a stale schema on one would still
	// refuse 'de'.
	var conns []interface{ Close() error }
	for i := 0; i < 3; i++ {
		c, err := s.DB().Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		if _, err := c.ExecContext(ctx, `INSERT INTO customers (code, name, language, kind, delivery) VALUES (?, 'Test GmbH', 'de', 'business', 'email')`,
			"D"+string(rune('1'+i))); err != nil {
			t.Errorf("connection %d refused a German customer: %v", i, err)
		}
	}
	for _, c := range conns {
		c.Close()
	}
	want := ledger.Customer{Code: "D9", Name: "Schäfer Logistik GmbH", Contact: "Anna Schäfer", Title: "Dr.", Gender: ledger.Female,
		Language: ledger.German, Kind: ledger.Business, Delivery: ledger.DeliveryPostal, Country: "DE", City: "Köln"}
	if _, err := s.SaveCustomer(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := s.CustomerByCode(ctx, "D9")
	if err != nil {
		t.Fatal(err)
	}
	if got.Language != ledger.German || got.Title != "Dr." || got.Gender != ledger.Female || got.Contact != "Anna Schäfer" {
		t.Errorf("German customer read back: %+v", got)
	}
	if _, err := s.DB().Exec(`UPDATE company SET language = 'de' WHERE id = 1`); err != nil {
		t.Errorf("German company refused: %v", err)
	}
	for _, bad := range []string{
		`INSERT INTO customers (code, name, language, kind, delivery) VALUES ('K1', 'x', 'tlh', 'business', 'email')`,
		`INSERT INTO customers (code, name, language, kind, delivery, gender) VALUES ('K2', 'x', 'de', 'business', 'email', 'q')`,
		`UPDATE company SET language = 'it' WHERE id = 1`,
	} {
		if _, err := s.DB().Exec(bad); err == nil {
			t.Errorf("accepted: %s", bad)
		}
	}
	var ok string
	if err := s.DB().QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check after the migration: %q, %v", ok, err)
	}
	var fk int
	s.DB().QueryRow(`SELECT count(*) FROM pragma_foreign_key_check`).Scan(&fk)
	if fk != 0 {
		t.Errorf("%d foreign key problems after the migration", fk)
	}
}
