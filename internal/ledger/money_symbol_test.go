package ledger

import "testing"

func TestAmountCurrencies(t *testing.T) {
	for s, want := range map[string]Currency{
		"$1,200.00": "USD", "($400.00)": "USD", "1 234,56 €": "EUR", "-120,00 €": "EUR", "€-142.85": "EUR",
		"EUR 12": "EUR", "12.00 GBP": "GBP", "£5": "GBP", "1.200,00 дин.": "RSD", "1200.00": "", "": "", "12 XYZ": "",
	} {
		got := AmountCurrencies(s)
		if want == "" {
			if got != nil {
				t.Errorf("%q: %v, want none", s, got)
			}
			continue
		}
		if len(got) == 0 || got[0] != want {
			t.Errorf("%q: %v, want %s first", s, got, want)
		}
	}
}
