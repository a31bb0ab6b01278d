package importer

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// dateEvidence is what one date says about its file's order.
type dateEvidence int

const (
	noEvidence dateEvidence = iota // ISO, dotted, a serial: no order involved
	ambiguous                      // 05/09/2026: either way
	provesDMY                      // 14/09/2026
	provesMDY                      // 09/14/2026
)

// parseDate reads the date formats seen in exports: YYYY-MM-DD,
// DD/MM/YYYY or MM/DD/YYYY, DD-MM-YYYY or MM-DD-YYYY, DD.MM.YYYY (with the
// Serbian trailing dot), each optionally followed by a midnight time as
// some exports append, and a spreadsheet serial day number written as text
// (46280). Slash and dash dates are read in order (day or month first, the
// file's: see date_order.go) and say what they prove about it; a date
// impossible in that order is refused. Two-digit years are refused rather
// than guessed.
func parseDate(s string, order DateOrder) (ledger.Date, dateEvidence, *i18n.Msg) {
	s = strings.TrimSpace(s)
	for _, midnight := range []string{" 00:00:00", " 00:00", "T00:00:00Z", "T00:00:00", " 0:00", " 12:00:00 AM", " 12:00 AM"} {
		s = strings.TrimSuffix(s, midnight)
	}
	if len(s) == 10 && s[4] == '-' {
		if d, err := ledger.ParseISODate(s); err == nil {
			return d, noEvidence, nil
		}
		if _, err := strconv.Atoi(s[:4]); err == nil {
			m := i18n.M("import.date_not_exist")
			return 0, noEvidence, &m
		}
	}
	if len(s) == 8 && s[0] == '2' {
		// YYYYMMDD, as FEC files and some ERPs write it.
		if n, ok := atoi(s); ok {
			if d, err := ledger.NewDate(n/10000, n/100%100, n%100); err == nil {
				return d, noEvidence, nil
			}
		}
	}
	if whole, frac, _ := strings.Cut(s, "."); len(whole) == 5 {
		// A day number, with a time of day as a fraction (46280.5).
		n, ok := atoi(whole)
		if _, fok := atoi(frac); ok && (frac == "" || fok) {
			if n < serialFrom || n > serialTo {
				m := i18n.M("import.date_serial_range", s)
				return 0, noEvidence, &m
			}
			d, msg := parseSerialDate(whole, false)
			return d, noEvidence, msg
		}
	}
	t := strings.TrimSuffix(s, ".")
	for _, sep := range []string{"/", ".", "-"} {
		parts := strings.Split(t, sep)
		if len(parts) != 3 {
			continue
		}
		a, ok1 := atoi(parts[0])
		b, ok2 := atoi(parts[1])
		y, ok3 := atoi(parts[2])
		if !ok1 || !ok2 || !ok3 || len(parts[0]) > 2 || len(parts[1]) > 2 {
			break
		}
		if len(parts[2]) != 4 {
			m := i18n.M("import.date_two_digit_year")
			return 0, noEvidence, &m
		}
		if sep == "." {
			// Dotted dates are day first wherever they are written.
			date, err := ledger.NewDate(y, b, a)
			if err != nil {
				m := i18n.M("import.date_not_exist")
				return 0, noEvidence, &m
			}
			return date, noEvidence, nil
		}
		_, dmyErr := ledger.NewDate(y, b, a)
		_, mdyErr := ledger.NewDate(y, a, b)
		ev := ambiguous
		switch {
		case dmyErr != nil && mdyErr != nil:
			m := i18n.M("import.date_not_exist")
			return 0, noEvidence, &m
		case dmyErr != nil:
			ev = provesMDY
		case mdyErr != nil:
			ev = provesDMY
		case a == b:
			ev = noEvidence // 05/05/2026 reads the same both ways
		}
		if order == MonthFirst {
			a, b = b, a
		}
		date, err := ledger.NewDate(y, b, a)
		if err != nil {
			m := i18n.M("import.date_day_first")
			if order == DayFirst || order == "" {
				m = i18n.M("import.date_month_first")
			}
			return 0, ev, &m
		}
		return date, ev, nil
	}
	m := i18n.M("import.bad_date")
	return 0, noEvidence, &m
}

// Spreadsheet serial day numbers read as dates from text: 1990-01-01 to
// 2100-12-31, so that an invoice number or an amount is never taken for one.
const (
	serialFrom = 32874
	serialTo   = 73415
)

// parseSerialDate reads a spreadsheet date: a serial day number, whose
// fraction (a time of day) is dropped.
func parseSerialDate(raw string, date1904 bool) (ledger.Date, *i18n.Msg) {
	f, ok := new(big.Float).SetString(raw)
	if ok {
		v, _ := f.Float64()
		v = math.Floor(v)
		if v >= 1 && v < 2958466 {
			if t, err := excelDate(v, date1904); err == nil {
				return ledger.DateOf(t), nil
			}
		}
	}
	m := i18n.M("import.bad_date_serial")
	return 0, &m
}

// excelDate converts a spreadsheet serial day number to a date. Day 60 of
// the 1900 system is the non-existent 1900-02-29 that Lotus 1-2-3 invented.
func excelDate(serial float64, date1904 bool) (time.Time, error) {
	if date1904 {
		return time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(serial)), nil
	}
	n := int(serial)
	if n == 60 {
		return time.Time{}, fmt.Errorf("1900-02-29 does not exist")
	}
	if n > 60 {
		n--
	}
	return time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n), nil
}

func atoi(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// isNumber reports whether s is a spreadsheet's raw number: digits, an
// optional '.' fraction and an optional exponent.
func isNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'E' || s[i] == 'e') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// parseAmountSign reads a money cell, negatives too when signed (an
// invoice export's total: a credit note). A spreadsheet's numeric cell
// arrives as the shortest decimal that round-trips its binary double
// ("1234.56", or "1234.5599999999999" after a formula): it is read exactly
// as a decimal and snapped to the currency's minor unit only when it lies
// within a billionth of a unit of it, i.e. when the difference is float
// noise and not a real fraction of a cent.
func parseAmountSign(s string, cur ledger.Currency, xlsx, signed bool) (int64, *i18n.Msg) {
	s = strings.TrimSpace(s)
	if xlsx && isNumber(s) && strings.HasPrefix(s, "-") {
		if !signed {
			m := i18n.M("import.negative_amount")
			return 0, &m
		}
		v, msg := parseAmountSign(s[1:], cur, true, false)
		return -v, msg
	}
	if xlsx && isNumber(s) {
		r, ok := new(big.Rat).SetString(s)
		if !ok {
			m := i18n.M("import.bad_amount")
			return 0, &m
		}
		scale := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(cur.MinorUnits())), nil))
		r.Mul(r, scale)
		q, rem := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
		if rem.Sign() != 0 {
			// Distance to the nearest integer, as a fraction of a minor unit.
			frac := new(big.Rat).SetFrac(rem, r.Denom())
			if frac.Cmp(big.NewRat(1, 2)) > 0 {
				frac.Sub(big.NewRat(1, 1), frac)
				q.Add(q, big.NewInt(1))
			}
			if frac.Cmp(big.NewRat(1, 1_000_000_000)) > 0 {
				m := i18n.M("import.too_many_decimals", cur, cur.MinorUnits())
				return 0, &m
			}
		}
		if !q.IsInt64() || q.Int64() > 1e17 {
			m := i18n.M("import.amount_too_large")
			return 0, &m
		}
		return q.Int64(), nil
	}
	parse := ledger.ParseAmount
	if signed {
		parse = ledger.ParseSignedAmount
	}
	v, err := parse(s, cur)
	if err != nil {
		var m i18n.Msg
		switch {
		case s == "":
			m = i18n.M("import.empty")
		case errors.Is(err, ledger.ErrNegativeAmount):
			m = i18n.M("import.negative_amount")
		case errors.Is(err, ledger.ErrCurrencyMismatch):
			m = i18n.M("import.amount_currency_mismatch", cur)
		case errors.Is(err, ledger.ErrTooManyDecimals):
			m = i18n.M("import.too_many_decimals", cur, cur.MinorUnits())
		case errors.Is(err, ledger.ErrAmountTooLarge):
			m = i18n.M("import.amount_too_large")
		default:
			m = i18n.M("import.bad_amount")
		}
		return 0, &m
	}
	return v, nil
}

// decimalMarkOf tells which mark a text amount uses as its decimal
// separator, when the text alone says so: "1.234,56" and "12,5" use ',';
// "1,234.56" and "1.234.567" (grouping only, so ',' would be the decimal)
// use '.'. A lone separator before exactly three digits ("1,234") is
// ambiguous, as is an amount without separators (0, no opinion).
func decimalMarkOf(s string) (mark rune, ambiguous bool) {
	var seps []rune
	var after int // digits after the last separator
	for _, r := range s {
		switch {
		case r == '.' || r == ',':
			seps = append(seps, r)
			after = 0
		case r >= '0' && r <= '9':
			after++
		}
	}
	if len(seps) == 0 {
		return 0, false
	}
	last := seps[len(seps)-1]
	other := '.'
	if last == '.' {
		other = ','
	}
	for _, r := range seps[:len(seps)-1] {
		if r != last {
			return last, false // mixed: the last one is the decimal mark
		}
	}
	if len(seps) > 1 {
		return other, false // repeated: grouping, so the decimal mark is the other
	}
	if after == 3 {
		return last, true
	}
	return last, false
}

// ambiguousAmount is an amount read as "1,234" = 1234 before the file had
// shown its decimal mark.
type ambiguousAmount struct {
	line       int
	col, value string
	mark       rune
}

// amount reads a money column. For text files it learns the file's decimal
// mark from the first amount that shows it, so that "10.005" in a file of
// "100.00" amounts is refused (three decimals) instead of read as 10,005.
func (r *run) amount(col, text string, cur ledger.Currency) (int64, bool) {
	return r.amountSign(col, text, cur, false)
}

// signedAmount reads a money column that may be negative.
func (r *run) signedAmount(col, text string, cur ledger.Currency) (int64, bool) {
	return r.amountSign(col, text, cur, true)
}

func (r *run) amountSign(col, text string, cur ledger.Currency, signed bool) (int64, bool) {
	if raw, num := r.spreadsheetNumber(col); num {
		v, msg := parseAmountSign(raw, cur, true, signed)
		if msg != nil {
			r.problem(col, raw, *msg)
			return 0, false
		}
		r.sums.add(col, cur, v)
		return v, true
	}
	mark, amb := decimalMarkOf(text)
	switch {
	case mark != 0 && !amb && r.decimalMark == 0:
		r.decimalMark = mark
		for _, a := range r.ambiguous {
			if a.mark == mark {
				r.res.Problems = append(r.res.Problems, Problem{File: r.opts.File, Line: a.line, Column: a.col, Value: a.value,
					Reason: i18n.M("import.ambiguous_amount", string(mark))})
			}
		}
		r.ambiguous = nil
	case amb && r.decimalMark == mark:
		r.problem(col, text, i18n.M("import.too_many_decimals", cur, cur.MinorUnits()))
		return 0, false
	case amb && r.decimalMark == 0 && cur.MinorUnits() != 3:
		r.ambiguous = append(r.ambiguous, ambiguousAmount{line: r.row.Line, col: col, value: text, mark: mark})
	}
	v, msg := parseAmountSign(text, cur, false, signed)
	if msg != nil {
		r.problem(col, text, *msg)
		return 0, false
	}
	r.sums.add(col, cur, v)
	return v, true
}
