package ledger

import (
	"testing"
	"time"
)

// TestDateAgreesWithTime walks every day from 1900 to 2200 and checks our
// day arithmetic against the standard library's calendar.
func TestDateAgreesWithTime(t *testing.T) {
	start := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	d0 := DateOf(start)
	for i := 0; i < 300*366; i++ {
		tm := start.AddDate(0, 0, i)
		d := d0.AddDays(i)
		if DateOf(tm) != d {
			t.Fatalf("day %d: DateOf(%v)=%v, want %v", i, tm, DateOf(tm), d)
		}
		if got := d.String(); got != tm.Format("2006-01-02") {
			t.Fatalf("String: got %s want %s", got, tm.Format("2006-01-02"))
		}
		if d.Weekday() != tm.Weekday() {
			t.Fatalf("%s: weekday %v want %v", d, d.Weekday(), tm.Weekday())
		}
		back, err := ParseISODate(d.String())
		if err != nil || back != d {
			t.Fatalf("round trip %s: %v %v", d, back, err)
		}
	}
}

func TestParseISODateRejects(t *testing.T) {
	for _, s := range []string{"", "2025-02-29", "2025-13-01", "2025-00-10", "2025-04-31", "25-01-01", "2025/01/01", "2025-1-01", "abcd-ef-gh", "0000-01-01"} {
		if _, err := ParseISODate(s); err == nil {
			t.Errorf("ParseISODate(%q) accepted", s)
		}
	}
	if _, err := ParseISODate("2024-02-29"); err != nil {
		t.Errorf("leap day rejected: %v", err)
	}
}

func TestDateArithmetic(t *testing.T) {
	due := MustDate("2025-06-10")
	if n := MustDate("2025-06-11").DaysSince(due); n != 1 {
		t.Errorf("days = %d", n)
	}
	if got := MustDate("2025-01-31").AddMonths(1); got != MustDate("2025-02-28") {
		t.Errorf("AddMonths clamp: %s", got)
	}
	if got := MustDate("2024-12-15").AddMonths(2); got != MustDate("2025-02-15") {
		t.Errorf("AddMonths year: %s", got)
	}
	var zero Date
	if !zero.IsZero() || zero.String() != "" {
		t.Errorf("zero date: %q", zero.String())
	}
}
