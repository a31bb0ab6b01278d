package ledger

import "testing"

func TestParseSignedAmountForms(t *testing.T) {
	for in, want := range map[string]int64{"-120.00": -12000, "€-142.85": -14285, "-120,00 €": -12000, "($400.00)": -40000,
		"400.00-": -40000, "−12": -1200, "1200.00000000": 120000, "(1 234,56)": -123456, "-€5": -500, "12.50": 1250} {
		cur := Currency("EUR")
		if in == "($400.00)" {
			cur = Currency("USD")
		}
		got, err := ParseSignedAmount(in, cur)
		if err != nil || got != want {
			t.Errorf("ParseSignedAmount(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"--5", "(-5)", "$-5", "-", "-(5)"} {
		if got, err := ParseSignedAmount(in, Currency("EUR")); err == nil {
			t.Errorf("ParseSignedAmount(%q) = %d, want an error", in, got)
		}
	}
	if _, err := ParseAmount("-5", Currency("EUR")); err == nil {
		t.Error("ParseAmount accepts a negative")
	}
}
