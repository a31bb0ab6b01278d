package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/ledger"
)

// ledgerAt makes a ledger file at schema version v (migrations 1..v
// applied by hand, as an older Relance left it) and returns its path.
func ledgerAt(t *testing.T, v int, seed string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", DSN(p))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
		applied_at TEXT NOT NULL DEFAULT (datetime('now')))`); err != nil {
		t.Fatal(err)
	}
	for _, m := range ms[:v] {
		if _, err := db.Exec(m.sql); err != nil {
			t.Fatalf("migration %d: %v", m.version, err)
		}
		if _, err := db.Exec(`INSERT INTO schema_migrations (version, name) VALUES (?, ?)`, m.version, m.name); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(seed); err != nil {
		t.Fatal(err)
	}
	return p
}

// A ledger of before issue 15 gets its invoices' creditor references on
// migrating, the same ones a new invoice gets (values worked by hand in
// ledger/reference_test.go).
func TestMigrationFillsCreditorRefs(t *testing.T) {
	ctx := context.Background()
	p := ledgerAt(t, 13, `
		INSERT INTO customers (code, name, language, kind, delivery) VALUES ('C1', 'Client', 'fr', 'business', 'postal');
		INSERT INTO invoices (number, customer_id, issue_date, due_date, currency, total) VALUES
			('F-2026-007', 1, '2026-01-01', '2026-01-31', 'EUR', 1000),
			('2026-007', 1, '2026-01-01', '2026-01-31', 'RSD', 1000),
			('---', 1, '2026-01-01', '2026-01-31', 'EUR', 1000);`)
	s, err := Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for number, want := range map[string]string{"F-2026-007": "RF61F2026007", "2026-007": "97972026007", "---": ""} {
		inv, err := s.InvoiceByNumber(ctx, number)
		if err != nil {
			t.Fatal(err)
		}
		if inv.CreditorRef != want || inv.State != ledger.InvoiceActive {
			t.Errorf("%s: creditor ref %q state %q, want %q and active", number, inv.CreditorRef, inv.State, want)
		}
	}
	checkOK(t, s)
}

func TestInvoicesByCreditorRef(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	cid, err := s.SaveCustomer(ctx, ledger.Customer{Code: "C1", Name: "Client", Language: "fr", Kind: ledger.Business, Delivery: ledger.DeliveryPostal})
	if err != nil {
		t.Fatal(err)
	}
	add := func(number string, cur ledger.Currency) ledger.Invoice {
		inv := ledger.Invoice{Number: number, CustomerID: cid, IssueDate: ledger.MustDate("2026-01-01"),
			DueDate: ledger.MustDate("2026-01-31"), Total: ledger.Money{Minor: 5000, Currency: cur}}
		if err := s.InsertInvoice(ctx, &inv); err != nil {
			t.Fatal(err)
		}
		return inv
	}
	a := add("F-2026-007", "EUR")
	add("F-12", "EUR")
	add("F12", "EUR") // collides with F-12 once separators are stripped
	r := add("F-13", "RSD")
	// F12 + RF00 → 15 12 27 15 00; 1512271500 = 97 · 15590427 + 81; 98 − 81 = 17.
	// F-13 in dinars: 1513·100 = 151300 = 97 · 1559 + 77; 98 − 77 = 21.
	got, err := s.InvoicesByCreditorRef(ctx, []string{"RF61F2026007", "RF17F12", "97211513", "RF18539007547034", "RF61F2026007"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got["RF61F2026007"].ID != a.ID || got["97211513"].ID != r.ID || got["97211513"].Total.Currency != "RSD" {
		t.Fatalf("InvoicesByCreditorRef = %+v, want F-2026-007 and F-13 only", got)
	}
	if got["RF61F2026007"].CustomerCode != "C1" || a.CreditorRef != "RF61F2026007" {
		t.Errorf("invoice read %+v, inserted ref %q", got["RF61F2026007"], a.CreditorRef)
	}
	shared, err := s.InvoicesSharingCreditorRef(ctx, []string{"RF17F12"})
	if err != nil {
		t.Fatal(err)
	}
	if n := shared["RF17F12"]; len(n) != 2 || n[0].Number != "F-12" || n[1].Number != "F12" {
		t.Errorf("InvoicesSharingCreditorRef = %+v, want F-12 and F12", shared)
	}
	// An edit that changes the number makes the reference again.
	a.Number = "F-2026-0007"
	if err := s.UpdateInvoice(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.InvoicesByCreditorRef(ctx, []string{"RF61F2026007"}); len(got) != 0 {
		t.Errorf("the old reference still names %+v", got)
	}
	if inv, _ := s.InvoiceByNumber(ctx, "F-2026-0007"); inv.CreditorRef == "RF61F2026007" || !ledger.ValidRF(inv.CreditorRef) {
		t.Errorf("reference after the edit: %q", inv.CreditorRef)
	}
}

func TestChangesRecordedAndRead(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	cid, err := s.SaveCustomer(ctx, ledger.Customer{Code: "C1", Name: "Client", Language: "fr", Kind: ledger.Business, Delivery: ledger.DeliveryPostal})
	if err != nil {
		t.Fatal(err)
	}
	inv := ledger.Invoice{Number: "F-1", CustomerID: cid, IssueDate: ledger.MustDate("2026-01-01"),
		DueDate: ledger.MustDate("2026-01-31"), Total: ledger.Money{Minor: 5000, Currency: "EUR"}}
	if err := s.InsertInvoice(ctx, &inv); err != nil {
		t.Fatal(err)
	}
	paris := time.FixedZone("CET", 3600)
	first := Change{At: time.Date(2026, 3, 2, 10, 30, 15, 0, paris), Who: "marie", CustomerID: cid, InvoiceID: inv.ID,
		Kind: ledger.ChangePaymentAdded, Detail: "50,00 € cheque"}
	second := Change{At: time.Date(2026, 3, 2, 9, 31, 0, 0, time.UTC), Who: "jovan", CustomerID: cid,
		Kind: ledger.ChangeBankProposalIgnored}
	for _, c := range []*Change{&second, &first} {
		if err := s.RecordChange(ctx, c); err != nil {
			t.Fatal(err)
		}
		if c.ID == 0 {
			t.Fatal("no id set")
		}
	}
	var at string
	s.DB().QueryRow(`SELECT at FROM ledger_changes WHERE id = ?`, first.ID).Scan(&at)
	if at != "2026-03-02T09:30:15Z" {
		t.Errorf("stored at %q, want UTC 2026-03-02T09:30:15Z", at)
	}
	got, err := s.ChangesOf(ctx, cid)
	if err != nil {
		t.Fatal(err)
	}
	// In time order: 09:30:15 UTC before 09:31.
	if len(got) != 2 || got[0].ID != first.ID || got[1].ID != second.ID {
		t.Fatalf("ChangesOf = %+v", got)
	}
	if !got[0].At.Equal(first.At) || got[0].Who != "marie" || got[0].InvoiceID != inv.ID || got[0].Kind != ledger.ChangePaymentAdded ||
		got[0].Detail != "50,00 € cheque" || got[1].InvoiceID != 0 {
		t.Errorf("read back %+v", got)
	}
	for _, bad := range []Change{
		{At: first.At, Who: "marie", CustomerID: cid, Kind: "payment-eaten"},
		{At: first.At, CustomerID: cid, Kind: ledger.ChangePaymentAdded},
		{At: first.At, Who: "marie", Kind: ledger.ChangePaymentAdded},
		{Who: "marie", CustomerID: cid, Kind: ledger.ChangePaymentAdded},
	} {
		if err := s.RecordChange(ctx, &bad); err == nil {
			t.Errorf("RecordChange(%+v) accepted", bad)
		}
	}
	if other, _ := s.ChangesOf(ctx, cid+1); len(other) != 0 {
		t.Errorf("another customer's changes: %+v", other)
	}
}

// Every way an invoice enters the ledger writes its reference: one by
// one, with its export payment, and the bulk import's many to a statement.
func TestEveryInsertWritesCreditorRef(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	cid, err := s.SaveCustomer(ctx, ledger.Customer{Code: "C1", Name: "Client", Language: "fr", Kind: ledger.Business, Delivery: ledger.DeliveryPostal})
	if err != nil {
		t.Fatal(err)
	}
	mk := func(number string, cur ledger.Currency) *ledger.Invoice {
		return &ledger.Invoice{Number: number, CustomerID: cid, IssueDate: ledger.MustDate("2026-01-01"),
			DueDate: ledger.MustDate("2026-01-31"), Total: ledger.Money{Minor: 5000, Currency: cur}}
	}
	err = s.InBatch(ctx, false, func(b *Batch) error {
		if err := b.DeferInvoiceIndexes(ctx); err != nil {
			return err
		}
		if err := b.InsertInvoice(ctx, mk("F-2026-007", "EUR")); err != nil {
			return err
		}
		if err := b.InsertInvoiceSettled(ctx, mk("2026-007", "RSD"), 5000, ledger.MustDate("2026-01-10")); err != nil {
			return err
		}
		return b.InsertInvoices(ctx, []NewInvoice{{Inv: mk("F-13", "RSD")}, {Inv: mk("F-12", "EUR")}})
	})
	if err != nil {
		t.Fatal(err)
	}
	// Values worked by hand above and in ledger/reference_test.go.
	for number, want := range map[string]string{"F-2026-007": "RF61F2026007", "2026-007": "97972026007", "F-13": "97211513", "F-12": "RF17F12"} {
		var got string
		if err := s.DB().QueryRow(`SELECT creditor_ref FROM invoices WHERE number = ?`, number).Scan(&got); err != nil || got != want {
			t.Errorf("%s: creditor_ref %q (%v), want %q", number, got, err, want)
		}
	}
	// No index of references (migration 0018): the bank import finds
	// them through its index of numbers, and dinar ones in one scan.
	var n int
	s.DB().QueryRow(`SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'invoices_creditor_ref'`).Scan(&n)
	if n != 0 {
		t.Error("invoices_creditor_ref is back")
	}
	dinar, err := s.CreditorRefNumbers(ctx, "RSD")
	if err != nil || len(dinar["97972026007"]) != 1 || dinar["97972026007"][0] != "2026-007" {
		t.Errorf("dinar references: %v (%v)", dinar, err)
	}
}

// relancectl check finds an invoice inserted by hand without its
// reference, and a state without its day.
func TestCheckFindsMissingReferenceAndState(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	checkOK(t, s)
	if _, err := s.DB().Exec(`INSERT INTO customers (code, name, language, kind, delivery) VALUES ('C1', 'Client', 'fr', 'business', 'postal');
		INSERT INTO invoices (number, customer_id, issue_date, due_date, currency, total) VALUES ('F-2026-007', 1, '2026-01-01', '2026-01-31', 'EUR', 0);
		UPDATE invoices SET settled_on = issue_date;
		INSERT INTO invoices (number, customer_id, issue_date, due_date, currency, total, creditor_ref, state, settled_on)
			VALUES ('F-2', 1, '2026-01-01', '2026-01-31', 'EUR', 0, 'RF??', 'void', '2026-01-01');`); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, c := range rep.Checks {
		got[c.Name] = c.Problems
	}
	if got["creditor_refs"] != 2 || got["invoice_states"] != 1 || len(rep.Problems) != 3 {
		t.Fatalf("checks %v, problems %q", got, rep.Problems)
	}
	if !strings.Contains(strings.Join(rep.Problems, "\n"), `creditor_refs: invalid value "F-2026-007\tEUR\t"`) {
		t.Errorf("problems %q", rep.Problems)
	}
}
