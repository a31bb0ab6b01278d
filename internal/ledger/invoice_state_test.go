package ledger

import "testing"

func TestPositionWithState(t *testing.T) {
	due := MustDate("2026-03-31")
	on := MustDate("2026-05-10") // 40 days after the due date
	for _, c := range []struct {
		name  string
		paid  int64
		state InvoiceState
		want  Position
	}{
		{"active, part paid", 300, InvoiceActive, Position{Paid: 300, Balance: 700, Status: StatusOverdue, DaysOverdue: 40}},
		{"void", 300, InvoiceVoid, Position{Paid: 300, Balance: 0, Status: StatusVoid}},
		{"void, nothing paid", 0, InvoiceVoid, Position{Status: StatusVoid}},
		{"written off", 300, InvoiceWrittenOff, Position{Paid: 300, Balance: 700, Status: StatusWrittenOff}},
		{"written off, paid after all", 1000, InvoiceWrittenOff, Position{Paid: 1000, Status: StatusPaid}},
	} {
		if got := PositionWithState(1000, due, c.paid, on, c.state); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
	inv := Invoice{State: InvoiceWrittenOff, StateDate: MustDate("2026-05-01")}
	if inv.SetAsideOn(MustDate("2026-04-30")) != InvoiceActive || inv.SetAsideOn(MustDate("2026-05-01")) != InvoiceWrittenOff {
		t.Error("a write-off counts from its day, not before")
	}
	if (&Invoice{}).SetAsideOn(on) != InvoiceActive {
		t.Error("an invoice never set aside is active")
	}
}
