package bankfile

import (
	"errors"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// ofxAmount reads TRNAMT exactly, in minor units of cur, signed: OFX
// writes an optional sign, digits and a '.' (some European banks: ',')
// before the decimals, never a grouping separator, so this reads only
// that and refuses the rest. Decimals past the currency's are refused
// unless they are zeros ("12.340" is 12.34 exactly).
func ofxAmount(s string, cur ledger.Currency) (int64, *i18n.Msg) {
	bad := func(key string, args ...any) (int64, *i18n.Msg) {
		m := i18n.M(key, args...)
		return 0, &m
	}
	i, neg := 0, false
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		neg, i = s[i] == '-', i+1
	}
	units := cur.MinorUnits()
	var v int64
	digits, decimals, seenMark := 0, 0, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if seenMark {
				decimals++
				if decimals > units {
					if c != '0' {
						return bad("import.too_many_decimals", cur, units)
					}
					continue
				}
			}
			digits++
			if v > (maxAmount-9)/10 {
				return bad("import.amount_too_large")
			}
			v = v*10 + int64(c-'0')
		case (c == '.' || c == ',') && !seenMark:
			seenMark = true
		default:
			return bad("import.bad_amount")
		}
	}
	if digits == 0 {
		return bad("import.bad_amount")
	}
	for d := min(decimals, units); d < units; d++ {
		if v > (maxAmount-9)/10 {
			return bad("import.amount_too_large")
		}
		v *= 10
	}
	if neg {
		v = -v
	}
	return v, nil
}

// maxAmount bounds an amount in minor units, as the importer does.
const maxAmount int64 = 1e17

var errOFXDate = errors.New("not an OFX date")

// ofxDate reads an OFX date, YYYYMMDD with an optional time, fraction
// and zone ("20090401122017.000[-5:EST]"). The day is the one written:
// the bank's own day for the entry, which is what a statement means by
// it, not the day in UTC.
func ofxDate(s string) (ledger.Date, error) {
	if len(s) < 8 {
		return 0, errOFXDate
	}
	n := 0
	for _, c := range s[:8] {
		if c < '0' || c > '9' {
			return 0, errOFXDate
		}
		n = n*10 + int(c-'0')
	}
	if rest := s[8:]; rest != "" {
		// The time and zone, checked only for what they may hold.
		for _, c := range rest {
			if !(c >= '0' && c <= '9') && c != '.' && c != ':' && c != '[' && c != ']' && c != '-' && c != '+' &&
				!(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') && c != ' ' {
				return 0, errOFXDate
			}
		}
	}
	return ledger.NewDate(n/10000, n/100%100, n%100)
}
