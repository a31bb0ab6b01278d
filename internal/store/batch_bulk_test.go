package store

import (
	"context"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

func bulkInvoice(number string, customerID int64) *ledger.Invoice {
	return &ledger.Invoice{Number: number, CustomerID: customerID, IssueDate: ledger.MustDate("2026-01-05"),
		DueDate: ledger.MustDate("2026-02-04"), Total: ledger.Money{Minor: 12000, Currency: "EUR"}}
}

// A bulk batch does not check each row's foreign keys, but one pointing at
// nothing still fails the whole batch, and nothing of it is written.
func TestInBulkBatchRefusesAMissingParent(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	id, err := s.SaveCustomer(ctx, ledger.Customer{Code: "C1", Name: "Dupont SARL", Kind: ledger.Business, Delivery: ledger.DeliveryPostal, Language: "fr", Country: "FR"})
	if err != nil {
		t.Fatal(err)
	}
	err = s.InBulkBatch(ctx, false, func(b *Batch) error {
		if err := b.InsertInvoices(ctx, []NewInvoice{{Inv: bulkInvoice("F1", id)}, {Inv: bulkInvoice("F2", id+999)}}); err != nil {
			t.Fatalf("insert with foreign keys off: %v", err)
		}
		return nil
	})
	if err == nil || !strings.Contains(err.Error(), "invoices.customer_id") || !strings.Contains(err.Error(), "customers") {
		t.Fatalf("err = %v, want invoices.customer_id pointing to no customer", err)
	}
	var n int
	if err := s.DB().QueryRowContext(ctx, `SELECT count(*) FROM invoices`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("invoices after the refused batch: %d (%v), want 0", n, err)
	}

	// A good bulk batch commits, and the pool's connections enforce
	// foreign keys again afterwards: an ordinary batch still refuses the row.
	if err := s.InBulkBatch(ctx, false, func(b *Batch) error {
		return b.InsertInvoices(ctx, []NewInvoice{{Inv: bulkInvoice("F1", id)}})
	}); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		err = s.InBatch(ctx, false, func(b *Batch) error {
			return b.InsertInvoices(ctx, []NewInvoice{{Inv: bulkInvoice("F9", id+999)}})
		})
		if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
			t.Fatalf("ordinary batch %d after a bulk one: err = %v, want SQLite's FOREIGN KEY constraint", i, err)
		}
	}
}

// The check covers every foreign key of the schema, not only invoices'.
func TestCheckForeignKeysSeesEveryTable(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	fks, err := s.foreignKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{"invoices.customer_id→customers": false, "payments.invoice_id→invoices": false,
		"payments.credit_note_id→credit_notes": false, "letter_invoices.letter_id→letters": false}
	for _, fk := range fks {
		k := fk.child + "." + fk.column + "→" + fk.parent
		if _, ok := want[k]; ok {
			want[k] = true
		}
	}
	for k, seen := range want {
		if !seen {
			t.Errorf("foreign key %s not listed (%d listed)", k, len(fks))
		}
	}
	if err := s.CheckForeignKeys(ctx); err != nil {
		t.Fatalf("empty ledger: %v", err)
	}
	// A payment of a missing invoice, written with enforcement off.
	conn, err := s.DB().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO payments (invoice_id, date, amount) VALUES (77, '2026-03-01', 500)`); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = ON`); err != nil {
		t.Fatal(err)
	}
	err = s.CheckForeignKeys(ctx)
	if err == nil || !strings.Contains(err.Error(), "payments.invoice_id = 77") {
		t.Fatalf("err = %v, want payments.invoice_id = 77", err)
	}
}
