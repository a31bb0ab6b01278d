package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
)

// The Store and a Batch run the same queries: a read gives the same
// answer on either, a missing record included.
func TestSameReadOnStoreAndBatch(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	c := addCustomer(t, s, "C1")
	addInvoice(t, s, c, "F-1", "2025-01-10", "2025-02-10", 10000, ledger.Payment{Date: ledger.MustDate("2025-01-20"), Amount: 2500})
	fromStore, err := s.InvoiceByNumber(ctx, "F-1")
	if err != nil {
		t.Fatal(err)
	}
	_, missingStore := s.InvoiceByNumber(ctx, "F-404")
	var fromBatch ledger.Invoice
	var missingBatch error
	var pays []ledger.Payment
	if err := s.InBatch(ctx, false, func(b *Batch) error {
		var err error
		if fromBatch, err = b.InvoiceByNumber(ctx, "F-1"); err != nil {
			return err
		}
		_, missingBatch = b.InvoiceByNumber(ctx, "F-404")
		pays, err = b.PaymentsOf(ctx, fromBatch.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if fromStore != fromBatch {
		t.Errorf("store read %+v, batch read %+v", fromStore, fromBatch)
	}
	if !errors.Is(missingStore, ErrNotFound) || !errors.Is(missingBatch, ErrNotFound) {
		t.Errorf("a missing invoice: store %v, batch %v; want ErrNotFound from both", missingStore, missingBatch)
	}
	if len(pays) != 1 || pays[0].Amount != 2500 {
		t.Errorf("payments in the batch: %+v", pays)
	}
}

// A write of several statements is whole on the Store too: a letter whose
// second statement fails leaves no letter behind.
func TestStoreWriteOfSeveralStatementsIsWhole(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	c := addCustomer(t, s, "C1")
	a := dunning.Action{CustomerID: c, CustomerCode: "C1", Currency: "EUR", Level: 1, Kind: dunning.KindReminder1,
		Channel: "postal", Invoices: []dunning.ActionInvoice{{ID: 999, Level: 1}}} // no such invoice: letter_invoices refuses it
	if _, err := s.RecordLetter(ctx, a, ledger.MustDate("2025-03-01"), "test"); err == nil {
		t.Fatal("a letter about a missing invoice was recorded")
	}
	last, err := s.LastLetterDate(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !last.IsZero() {
		t.Errorf("the failed letter left a letter dated %s", last)
	}
}

// An insert that ON CONFLICT DO NOTHING skips reports no id (SQLite's
// LastInsertId would be an earlier insert's).
func TestInsertSkippedByConflictHasNoID(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	m := Inbound{Fingerprint: "fp-1", Folder: "INBOX", Class: "other", ReceivedAt: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)}
	id, added, err := s.AddInbound(ctx, m)
	if err != nil || !added || id == 0 {
		t.Fatalf("first: id %d, added %v, %v", id, added, err)
	}
	if id, added, err := s.AddInbound(ctx, m); err != nil || added || id != 0 {
		t.Fatalf("again: id %d, added %v, %v; want 0, false", id, added, err)
	}
	got, err := s.Response(ctx, 1)
	if err != nil || got.Fingerprint != "fp-1" {
		t.Fatalf("Response: %+v, %v", got, err)
	}
	if _, err := s.Response(ctx, 2); !errors.Is(err, ErrNotFound) {
		t.Errorf("Response of a missing message: %v, want ErrNotFound", err)
	}
}

// The dialect tells a unique violation from other errors.
func TestDuplicateCampaignName(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	c := Campaign{Name: "Spring", Kind: "billing-change", CreatedOn: ledger.MustDate("2025-03-01")}
	if _, err := s.CreateCampaign(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateCampaign(ctx, c); !errors.Is(err, ErrDuplicate) {
		t.Errorf("a second campaign of the same name: %v, want ErrDuplicate", err)
	}
}

// A customer's addresses come back in their order, listed or read alone,
// and an address matches whatever its case.
func TestCustomerAddressesInOrder(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	emails := []string{"z@example.fr", "a@example.fr", "m@example.fr"}
	id, err := s.SaveCustomer(ctx, ledger.Customer{Code: "C1", Name: "One", Language: ledger.French, Kind: ledger.Business,
		Delivery: ledger.DeliveryEmail, Emails: emails, Country: "FR"})
	if err != nil {
		t.Fatal(err)
	}
	list, err := s.ListCustomers(ctx, CustomerFilter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("list: %v, %v", list, err)
	}
	one, err := s.CustomerByCode(ctx, "C1")
	if err != nil {
		t.Fatal(err)
	}
	for _, got := range [][]string{list[0].Emails, one.Emails} {
		if len(got) != len(emails) || got[0] != emails[0] || got[1] != emails[1] || got[2] != emails[2] {
			t.Errorf("emails %q, want %q", got, emails)
		}
	}
	refs, err := s.CustomersByEmail(ctx, []string{"A@Example.FR"})
	if err != nil || refs["a@example.fr"].CustomerID != id {
		t.Errorf("by email: %+v, %v", refs, err)
	}
}
