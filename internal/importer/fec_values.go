package importer

import (
	"strings"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// fecAmount reads a FEC amount in minor units of a currency with decimals
// digits: a comma decimal mark and no thousands separator, as the article
// asks ("1200,50"); also what real exports write and the DGFiP's checker
// accepts: a point instead of the comma (Dolibarr's Montantdevise
// "1200.00000000"), leading zeros and a sign before or after (Odoo's
// " 000000000001200,50", "-000000000000120,00", "120,00-"). Extra
// decimals are accepted only when they are zeros: money is never rounded.
// Empty is zero.
func fecAmount(s string, decimals int) (int64, *i18n.Msg) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	neg := false
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = true, strings.TrimSpace(s[1:])
	case strings.HasPrefix(s, "+"):
		s = strings.TrimSpace(s[1:])
	case strings.HasSuffix(s, "-"):
		neg, s = true, strings.TrimSpace(s[:len(s)-1])
	case strings.HasSuffix(s, "+"):
		s = strings.TrimSpace(s[:len(s)-1])
	}
	intPart, frac, marks := s, "", 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == ',' || c == '.':
			marks++
			intPart, frac = s[:i], s[i+1:]
		case c == ' ' || c == '\'':
			m := i18n.M("import.fec_thousands")
			return 0, &m
		default:
			m := i18n.M("import.fec_bad_amount")
			return 0, &m
		}
	}
	if marks > 1 {
		m := i18n.M("import.fec_thousands")
		return 0, &m
	}
	if intPart == "" && frac == "" || marks == 1 && (intPart == "" || frac == "") {
		m := i18n.M("import.fec_bad_amount")
		return 0, &m
	}
	if len(frac) > decimals {
		if strings.Trim(frac[decimals:], "0") != "" {
			m := i18n.M("import.fec_decimals", decimals)
			return 0, &m
		}
		frac = frac[:decimals]
	}
	frac += strings.Repeat("0", decimals-len(frac))
	digits := strings.TrimLeft(intPart, "0") + frac
	if len(digits) > 17 { // 15 integer digits and 2 decimals, as ParseAmount allows
		m := i18n.M("import.amount_too_large")
		return 0, &m
	}
	var v int64
	for i := 0; i < len(digits); i++ {
		v = v*10 + int64(digits[i]-'0')
	}
	if neg {
		v = -v
	}
	return v, nil
}

// fecDate reads a FEC date: YYYYMMDD as the article asks; also what the
// DGFiP's checker accepts and some programs write: separators ("2024-03-31",
// "2024/03/31"), a time after the date, and the day first ("31032024",
// "31/03/2024": older Dolibarr versions wrote %d%m%Y). The two eight-digit
// forms never read one string two ways: a year-first date has a month
// (01 to 12) where a day-first one has a year's first digits (19 or 20).
// Empty is the zero date.
func fecDate(s string) (ledger.Date, *i18n.Msg) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if i := strings.IndexAny(s, " T"); i > 0 {
		s = s[:i] // "20240331 00:00:00", "2024-03-31T00:00:00"
	}
	digits := strings.Map(func(r rune) rune {
		if r == '-' || r == '/' || r == '.' {
			return -1
		}
		return r
	}, s)
	bad := i18n.M("import.fec_bad_date")
	if len(digits) != 8 {
		return 0, &bad
	}
	n := make([]int, 8)
	for i := 0; i < 8; i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return 0, &bad
		}
		n[i] = int(c - '0')
	}
	num := func(a, b int) int {
		v := 0
		for i := a; i < b; i++ {
			v = v*10 + n[i]
		}
		return v
	}
	y, m, d := num(0, 4), num(4, 6), num(6, 8)
	if y < 1900 || y > 2099 || m < 1 || m > 12 {
		y, m, d = num(4, 8), num(2, 4), num(0, 2) // day first
	}
	if y < 1900 || y > 2099 {
		return 0, &bad
	}
	date, err := ledger.NewDate(y, m, d)
	if err != nil {
		nd := i18n.M("import.date_not_exist")
		return 0, &nd
	}
	return date, nil
}
