package ledger

import "strings"

// AmountCurrencies returns the currencies that an amount's symbol or ISO
// code may stand for: "$1,200.00" the dollar currencies (USD first),
// "1 234,56 €" EUR, "EUR 12" EUR; nil when the amount carries none or it
// is not one this package knows. Signs and accountants' parentheses
// ("($400.00)", "-120,00 €") are looked through. An import file without a
// currency column takes its amounts' currency from it.
func AmountCurrencies(s string) []Currency {
	t := strings.TrimSpace(s)
	if len(t) > 2 && t[0] == '(' && t[len(t)-1] == ')' {
		t = strings.TrimSpace(t[1 : len(t)-1])
	}
	for _, sign := range []string{"-", "−", "+"} {
		t = strings.TrimSpace(strings.TrimPrefix(t, sign))
	}
	t = strings.TrimSpace(strings.TrimSuffix(t, "-"))
	if t == "" {
		return nil
	}
	_, syms, err := stripCurrency(t)
	if err != nil {
		return nil
	}
	return syms
}
