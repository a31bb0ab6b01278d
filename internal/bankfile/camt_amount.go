package bankfile

import (
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/ledger"
)

type amountKind int

const (
	amountOK amountKind = iota
	amountBad
	amountDecimals
	amountLarge
)

// parseCAMTAmount reads an ISO 20022 amount, an xs:decimal ("1234.56",
// "8.850", "200000", "+5", ".5") into minor units of a currency with the
// given decimals. It is stricter than ledger.ParseAmount on purpose: XML
// amounts have no thousands separators, decimal comma or sign, so
// "1,234" is refused rather than guessed. Zeros beyond the currency's
// decimals are dropped (banks write "18.150" for euros: nothing is
// rounded); any other further digit is an error.
func parseCAMTAmount(s string, decimals int) (int64, amountKind) {
	s = strings.TrimPrefix(s, "+")
	intPart, frac, _ := strings.Cut(s, ".")
	if (intPart == "" && frac == "") || !digits(intPart) || !digits(frac) {
		return 0, amountBad
	}
	if len(frac) > decimals {
		if strings.Trim(frac[decimals:], "0") != "" {
			return 0, amountDecimals
		}
		frac = frac[:decimals]
	}
	intPart = strings.TrimLeft(intPart, "0")
	if len(intPart) > 15 {
		return 0, amountLarge
	}
	v, err := strconv.ParseInt("0"+intPart+frac+strings.Repeat("0", decimals-len(frac)), 10, 64)
	if err != nil {
		return 0, amountLarge
	}
	return v, amountOK
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// camtDate reads an ISODate ("2014-12-31") or the date of an
// ISODateTime ("2014-12-31T13:15:00+01:00") as the bank wrote it: the
// bank's own day, which is the day the money was booked.
func camtDate(s string) (ledger.Date, error) {
	if len(s) > 10 && s[10] == 'T' {
		s = s[:10]
	}
	return ledger.ParseISODate(s)
}
