package ledger

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Money is an exact amount: an integer number of minor units (cents, paras,
// yen) of one currency. There is no float anywhere on the way in or out.
type Money struct {
	Minor    int64
	Currency Currency
}

// ErrBadAmount is wrapped by every amount parsing failure.
var ErrBadAmount = errors.New("invalid amount")

// Finer amount errors; each also matches ErrBadAmount with errors.Is.
var (
	ErrNegativeAmount  = fmt.Errorf("%w: negative", ErrBadAmount)
	ErrTooManyDecimals = fmt.Errorf("%w: too many decimals", ErrBadAmount)
	ErrAmountTooLarge  = fmt.Errorf("%w: too large", ErrBadAmount)
)

// ErrCurrencyMismatch is returned when two amounts of different currencies meet.
var ErrCurrencyMismatch = errors.New("currency mismatch")

// Add returns m + o; both must share a currency.
func (m Money) Add(o Money) (Money, error) {
	if m.Currency != o.Currency {
		return Money{}, fmt.Errorf("%w: %s + %s", ErrCurrencyMismatch, m.Currency, o.Currency)
	}
	return Money{m.Minor + o.Minor, m.Currency}, nil
}

// Decimal formats the amount as a plain decimal string with the currency's
// number of decimals and a point: "1234.56", "-0.05", "1234" for JPY. It is
// the machine format of --json output and CSV export.
func (m Money) Decimal() string { return FormatMinor(m.Minor, m.Currency.MinorUnits()) }

// String formats "1234.56 EUR".
func (m Money) String() string { return m.Decimal() + " " + string(m.Currency) }

// FormatMinor renders minor units with the given number of decimals.
func FormatMinor(minor int64, decimals int) string {
	neg := minor < 0
	u := uint64(minor)
	if neg {
		u = uint64(-minor)
	}
	s := strconv.FormatUint(u, 10)
	if decimals > 0 {
		if len(s) <= decimals {
			s = strings.Repeat("0", decimals-len(s)+1) + s
		}
		s = s[:len(s)-decimals] + "." + s[len(s)-decimals:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// ParseAmount reads an amount as accounting exports write it and returns it
// in minor units of cur. It accepts:
//   - a decimal point or a decimal comma: "1234.56", "1234,56";
//   - thousands separators: space, no-break space, narrow no-break space,
//     apostrophe, and the other of point/comma: "1 234,56", "1.234,56",
//     "1,234.56", "1'234.56";
//   - a currency symbol or code before or after: "€1,234.56", "1 234,56 €",
//     "EUR 12", "1.200,00 дин.".
//
// A lone separator followed by exactly three digits ("1,234") is read as a
// thousands separator unless the currency has three decimals (KWD). More
// decimals than the currency allows (unless they are zeros: Dolibarr writes
// "1200.00000000"), a sign, or a symbol of another currency is an error: we
// never round money silently. ParseSignedAmount also reads negatives.
func ParseAmount(s string, cur Currency) (int64, error) {
	orig := s
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("%w: empty", ErrBadAmount)
	}
	s, syms, err := stripCurrency(s)
	if err != nil {
		return 0, fmt.Errorf("%w: %q: %v", ErrBadAmount, orig, err)
	}
	if len(syms) > 0 && !slices.Contains(syms, cur) {
		return 0, fmt.Errorf("%w: %q is in %s, but the currency is %s", ErrCurrencyMismatch, orig, syms[0], cur)
	}
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "(") || strings.HasSuffix(s, "-") || strings.HasPrefix(s, "−") {
		return 0, fmt.Errorf("%w: %q", ErrNegativeAmount, orig)
	}
	s = strings.TrimPrefix(s, "+")
	if v, ok := plainAmount(s, cur.MinorUnits()); ok {
		return v, nil
	}
	// Split into runs of digits and the single separators between them.
	var runs []string
	var seps []rune
	cur0 := 0
	expectDigit := true
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			expectDigit = false
		case r == '.' || r == ',' || isSpaceSep(r):
			if expectDigit {
				return 0, fmt.Errorf("%w: %q has a misplaced separator", ErrBadAmount, orig)
			}
			runs = append(runs, s[cur0:i])
			seps = append(seps, r)
			cur0 = i + utf8.RuneLen(r)
			expectDigit = true
		default:
			return 0, fmt.Errorf("%w: %q has an unexpected character %q", ErrBadAmount, orig, r)
		}
	}
	if expectDigit {
		if len(seps) == 0 {
			return 0, fmt.Errorf("%w: %q has no digits", ErrBadAmount, orig)
		}
		return 0, fmt.Errorf("%w: %q ends with a separator", ErrBadAmount, orig)
	}
	runs = append(runs, s[cur0:])
	decimals := cur.MinorUnits()
	// Which separator, if any, is the decimal mark?
	decAt := -1
	if k := len(seps); k > 0 && (seps[k-1] == '.' || seps[k-1] == ',') {
		last := seps[k-1]
		others := 0
		for _, r := range seps[:k-1] {
			if r == last {
				others++
			}
		}
		switch {
		case k > 1 && others == 0:
			decAt = k - 1 // "1.234,56", "1 234,56"
		case k == 1:
			// "1,234" is a thousands group unless the currency has three
			// decimals or the integer part is zero ("0,125").
			if len(runs[1]) != 3 || decimals == 3 || runs[0] == "0" {
				decAt = 0
			}
		}
	}
	groupSeps := seps
	if decAt >= 0 {
		groupSeps = seps[:decAt]
	}
	for i, r := range groupSeps {
		if r != groupSeps[0] && !(isSpaceSep(r) && isSpaceSep(groupSeps[0])) {
			return 0, fmt.Errorf("%w: %q mixes thousands separators", ErrBadAmount, orig)
		}
		if (i == 0 && len(runs[0]) > 3) || len(runs[i+1]) != 3 {
			return 0, fmt.Errorf("%w: %q has misplaced thousands separators", ErrBadAmount, orig)
		}
	}
	var intPart, frac string
	if decAt >= 0 {
		intPart = strings.Join(runs[:decAt+1], "")
		frac = runs[decAt+1]
	} else {
		intPart = strings.Join(runs, "")
	}
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	if len(frac) > decimals && strings.Trim(frac[decimals:], "0") == "" {
		frac = frac[:decimals] // "1200.00000000": zeros only, nothing rounded
	}
	if len(frac) > decimals {
		if decimals == 0 {
			return 0, fmt.Errorf("%w: %q has decimals, but %s has no minor unit", ErrTooManyDecimals, orig, cur)
		}
		return 0, fmt.Errorf("%w: %q has more than %d decimals", ErrTooManyDecimals, orig, decimals)
	}
	frac += strings.Repeat("0", decimals-len(frac))
	v, err := strconv.ParseInt(intPart+frac, 10, 64)
	if err != nil || len(intPart) > 15 {
		return 0, fmt.Errorf("%w: %q", ErrAmountTooLarge, orig)
	}
	return v, nil
}

// ParseSignedAmount reads an amount that may be negative, as credit notes
// are exported: "-120.00", "€-142.85", "-120,00 €", "($400.00)", "400.00-",
// "−12" (a minus sign). The sign may stand before or after the currency
// symbol; accountants' parentheses enclose both.
func ParseSignedAmount(s string, cur Currency) (int64, error) {
	t := strings.TrimSpace(s)
	signs := 0
	if len(t) > 2 && t[0] == '(' && t[len(t)-1] == ')' {
		signs, t = 1, strings.TrimSpace(t[1:len(t)-1])
	}
	unsign := func() {
		switch {
		case strings.HasPrefix(t, "-"):
			signs, t = signs+1, strings.TrimSpace(t[1:])
		case strings.HasPrefix(t, "−"):
			signs, t = signs+1, strings.TrimSpace(t[len("−"):])
		case strings.HasSuffix(t, "-") && len(t) > 1:
			signs, t = signs+1, strings.TrimSpace(t[:len(t)-1])
		}
	}
	unsign()
	if t != "" {
		rest, syms, err := stripCurrency(t)
		if err == nil && len(syms) > 0 {
			if !slices.Contains(syms, cur) {
				return 0, fmt.Errorf("%w: %q is in %s, but the currency is %s", ErrCurrencyMismatch, s, syms[0], cur)
			}
			t = rest
			unsign() // "€-142.85": the sign after the symbol
		}
	}
	if signs > 1 {
		return 0, fmt.Errorf("%w: %q has two signs", ErrBadAmount, s)
	}
	neg := signs == 1
	v, err := ParseAmount(t, cur)
	if err != nil {
		if errors.Is(err, ErrNegativeAmount) {
			return 0, fmt.Errorf("%w: %q", ErrBadAmount, s) // two signs
		}
		return 0, err
	}
	if neg {
		v = -v
	}
	return v, nil
}

// stripCurrency removes one leading or trailing currency symbol or ISO
// code and returns the currencies it may stand for.
func stripCurrency(s string) (rest string, curs []Currency, err error) {
	// Most amounts carry no symbol: digits at both ends.
	if first, last := s[0], s[len(s)-1]; first >= '0' && first <= '9' && last >= '0' && last <= '9' {
		return s, nil, nil
	}
	trim := strings.TrimSpace
	for _, sym := range symbolsLongestFirst {
		if strings.HasSuffix(s, sym) && len(s) > len(sym) {
			return trim(s[:len(s)-len(sym)]), currencySymbols[sym], nil
		}
		if strings.HasPrefix(s, sym) && len(s) > len(sym) {
			return trim(s[len(sym):]), currencySymbols[sym], nil
		}
	}
	// ISO code as a prefix or suffix: three ASCII letters.
	if len(s) > 3 && isAlpha3(s[:3]) {
		c, err := ParseCurrency(s[:3])
		if err != nil {
			return "", nil, err
		}
		return trim(s[3:]), []Currency{c}, nil
	}
	if len(s) > 3 && isAlpha3(s[len(s)-3:]) {
		c, err := ParseCurrency(s[len(s)-3:])
		if err != nil {
			return "", nil, err
		}
		return trim(s[:len(s)-3]), []Currency{c}, nil
	}
	if r, _ := utf8.DecodeRuneInString(s); unicode.IsLetter(r) {
		return "", nil, errors.New("unknown currency symbol")
	}
	return s, nil, nil
}

// plainAmount is the fast path for the commonest form, digits with an
// optional decimal point or comma and at most the currency's decimals, but
// never a lone group of three ("1,234"), which the full parser decides.
func plainAmount(s string, decimals int) (int64, bool) {
	// 15 integer digits at most, as the full parser allows: no overflow.
	if len(s) == 0 || len(s) > 15 {
		return 0, false
	}
	var v int64
	frac := -1 // digits after the separator; -1: no separator yet
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			v = v*10 + int64(c-'0')
			if frac >= 0 {
				frac++
			}
		case (c == '.' || c == ',') && frac < 0 && i > 0:
			frac = 0
		default:
			return 0, false
		}
	}
	switch {
	case frac < 0:
		frac = 0
	case frac == 0, frac > decimals, frac == 3 && decimals != 3:
		return 0, false
	}
	for ; frac < decimals; frac++ {
		v *= 10
	}
	return v, true
}

func isSpaceSep(r rune) bool {
	return r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009' || r == '\'' || r == '’'
}

func isAlpha3(s string) bool {
	for i := 0; i < 3; i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}
