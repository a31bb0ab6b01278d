package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/ledger"
)

// WithQueryDelay delays every statement, in a transaction or not, and the
// ledger still reads and writes as usual; a cancelled context ends the
// wait.
func TestQueryDelayReachesEveryStatement(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "ledger.db")
	s, err := Create(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	id := addCustomer(t, s, "C1")
	addInvoice(t, s, id, "F-1", "2026-01-01", "2026-01-31", 10000)
	s.Close()

	const delay = 40 * time.Millisecond
	slow, err := Open(ctx, path, WithQueryDelay(delay))
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	start := time.Now()
	if n, err := slow.CountCustomers(ctx); err != nil || n != 1 {
		t.Fatalf("count: %d, %v", n, err)
	}
	if d := time.Since(start); d < delay {
		t.Errorf("a query took %v, less than the delay", d)
	}
	// The plan's input: one read transaction of several statements.
	start = time.Now()
	data, err := slow.DunningData(ctx, ledger.MustDate("2026-03-01"), ledger.JurisdictionFR)
	if err != nil || len(data.Invoices) != 1 {
		t.Fatalf("dunning data: %+v, %v", data, err)
	}
	if d := time.Since(start); d < 5*delay {
		t.Errorf("the plan's input (7 statements and more) took %v", d)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := slow.CountCustomers(cancelled); err == nil {
		t.Error("a cancelled read went through")
	}
}
