package importer

import "github.com/relance-app/relance/internal/ledger"

// A currency symbol is refused only when it contradicts the file's
// currency column. A file without one, whose amounts carry the symbol or
// code of a currency ("$1,200.00", "1 200,00 €"), is in that currency
// rather than refused against the company's.

// symbolCurrency is the currency an amount column's symbol or code shows,
// "" when it carries none. A symbol of several currencies ($, kr) is the
// company's when it is one of them, else the first listed (USD for $).
func (r *run) symbolCurrency(col string) ledger.Currency {
	v, _ := r.cell(col)
	if v == "" || (v[0] >= '0' && v[0] <= '9' && v[len(v)-1] >= '0' && v[len(v)-1] <= '9') {
		return "" // the common case: digits at both ends, no symbol
	}
	syms := ledger.AmountCurrencies(v)
	for _, c := range syms {
		if c == r.company.Currency {
			return c
		}
	}
	if len(syms) > 0 {
		return syms[0]
	}
	return ""
}
