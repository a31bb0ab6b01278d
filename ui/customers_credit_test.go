package ui

import (
	"context"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/store"
)

// TestCustomerShowsOpenCredit: a customer's credit applied to no invoice
// (here a credit note in dollars, the demo's invoices being in euros) is
// shown on the customer's screen beside the balances; a customer without
// any shows no such line.
func TestCustomerShowsOpenCredit(t *testing.T) {
	svc := demoService(t)
	ctx := context.Background()
	custs, err := svc.ListCustomers(ctx, store.CustomerFilter{Limit: 2})
	if err != nil || len(custs) < 2 {
		t.Fatalf("%d customers, %v", len(custs), err)
	}
	if _, err := svc.Store().DB().ExecContext(ctx, `INSERT INTO credit_notes (number, customer_id, date, currency, amount)
		VALUES ('AV-1', ?, '2026-10-01', 'USD', 12000)`, custs[0].ID); err != nil {
		t.Fatal(err)
	}
	u := newTestUI(t, svc, i18n.EN, nil)
	u.Show(ScreenCustomers)
	u.Wait()
	v := u.customers
	detail := func(code string) string {
		t.Helper()
		for i, c := range v.found {
			if c.Code == code {
				v.List.Select(i)
				u.Wait()
				return texts(v.Detail)
			}
		}
		t.Fatalf("customer %s not listed", code)
		return ""
	}
	if got := detail(custs[0].Code); !strings.Contains(got, "Open credit\n$120.00\n") {
		t.Errorf("%s's detail lacks its open credit:\n%s", custs[0].Code, got)
	}
	if got := detail(custs[1].Code); strings.Contains(got, "Open credit") {
		t.Errorf("%s has no credit, yet:\n%s", custs[1].Code, got)
	}
}
