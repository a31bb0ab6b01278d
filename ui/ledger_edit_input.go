package ui

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// What the ledger-editing dialogs read from what the owner typed:
// amounts as the owner's language writes them, checked before anything
// is written, each refusal in that language and naming the field.

// dateHint says how to write a date, in words, with today as the example.
func (u *UI) dateHint() string { return u.t("ui.edit_date_hint", u.shortDate(u.today())) }

// refusal is a message of the UI's catalog as an error (errText says it
// in the UI's language).
func refusal(key string, args ...any) error { return &app.UserError{Msg: i18n.M(key, args...)} }

// decimalComma: the languages that write 1 250,50 (French), 1.250,50
// (German, Serbian); English writes 1,250.50.
func decimalComma(l i18n.Lang) bool { return l != i18n.EN }

// amountExample is 1,250.50 written in the owner's language for cur
// without its symbol ("1 250,50", "1.250,50"), for the messages.
func (u *UI) amountExample(cur ledger.Currency) string {
	minor := int64(125050)
	for i := cur.MinorUnits(); i < 2; i++ {
		minor /= 10
	}
	s := u.money(minor, cur)
	return strings.TrimFunc(s, func(r rune) bool { return !unicode.IsDigit(r) })
}

// parseAmount reads an amount in cur as the owner writes it in the UI's
// language: groups of thousands separated by spaces (the French
// no-break and narrow spaces too), points or commas, and the language's
// decimal mark; the other mark is read as decimal too when only one
// stands before the last one or two digits ("1250.50" typed on a French
// keypad). The currency's own symbol or code may stand at either end.
// Refusals say what was typed and how to write it.
func (u *UI) parseAmount(s string, cur ledger.Currency) (int64, error) {
	orig := strings.TrimSpace(s)
	if orig == "" {
		return 0, refusal("ui.edit_amount_needed")
	}
	bad := refusal("ui.edit_bad_amount", orig, u.amountExample(cur))
	t := orig
	if strings.HasPrefix(t, "-") || strings.HasPrefix(t, "−") || strings.HasSuffix(t, "-") {
		return 0, refusal("ui.edit_amount_positive")
	}
	// A symbol or code at an end: the currency's own, else refused.
	isNum := func(r rune) bool { return unicode.IsDigit(r) || r == '.' || r == ',' }
	head := strings.IndexFunc(t, isNum)
	tail := strings.LastIndexFunc(t, isNum)
	if head < 0 {
		return 0, bad
	}
	for _, sym := range []string{strings.TrimSpace(t[:head]), strings.TrimSpace(t[tail+1:])} {
		if sym == "" {
			continue
		}
		if _, err := ledger.ParseAmount(sym+"1", cur); err != nil {
			if _, err := ledger.ParseAmount("1 "+sym, cur); err != nil {
				return 0, refusal("ui.edit_amount_currency", orig, string(cur))
			}
		}
	}
	t = t[head : tail+1]
	// Runs of digits and the one separator between each two.
	var runs []string
	var seps []rune
	start := 0
	for i, r := range t {
		switch {
		case unicode.IsDigit(r) && r < 128:
		case r == '.' || r == ',' || r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\'':
			if i == start {
				return 0, bad // two separators in a row, or one first
			}
			runs = append(runs, t[start:i])
			seps = append(seps, r)
			start = i + len(string(r))
		default:
			return 0, bad
		}
	}
	runs = append(runs, t[start:])
	if runs[len(runs)-1] == "" {
		return 0, bad
	}
	mark, other := ',', '.'
	if !decimalComma(u.lang) {
		mark, other = '.', ','
	}
	dec := -1 // index in seps of the decimal mark
	if k := len(seps) - 1; k >= 0 {
		last := seps[k]
		count := strings.Count(t, string(last))
		switch {
		case last == mark && count == 1:
			dec = k
		case last == other && count == 1 && len(runs[k+1]) != 3:
			dec = k
		}
	}
	groups := seps
	if dec >= 0 {
		groups = seps[:dec]
	}
	for i, r := range groups {
		if r == mark || (groupKind(r) != groupKind(groups[0])) {
			return 0, bad
		}
		if (i == 0 && len(runs[0]) > 3) || len(runs[i+1]) != 3 {
			return 0, bad
		}
	}
	intPart, frac := strings.Join(runs, ""), ""
	if dec >= 0 {
		intPart, frac = strings.Join(runs[:dec+1], ""), runs[dec+1]
	}
	digits := cur.MinorUnits()
	frac = strings.TrimRight(frac, "0")
	if len(frac) > digits {
		return 0, refusal("ui.edit_amount_decimals", orig, string(cur), digits)
	}
	intPart = strings.TrimLeft(intPart, "0")
	if len(intPart) > 13 {
		return 0, bad
	}
	frac += strings.Repeat("0", digits-len(frac))
	v, err := strconv.ParseInt("0"+intPart+frac, 10, 64)
	if err != nil {
		return 0, bad
	}
	if v == 0 {
		return 0, refusal("ui.edit_amount_positive")
	}
	return v, nil
}

// groupKind puts every space together: "1 250" may be typed with a
// space or a no-break one.
func groupKind(r rune) rune {
	if r == '\u00a0' || r == '\u202f' {
		return ' '
	}
	return r
}

// plainAmount writes minor units of cur as the service reads them
// ("1250.50"): what the dialogs hand it once they have read the owner's
// text themselves.
func plainAmount(minor int64, cur ledger.Currency) string {
	return ledger.FormatMinor(minor, cur.MinorUnits())
}

// editAmount writes an amount for an entry, in the owner's language
// without the symbol ("1 250,50"), so that it reads back as it is.
func (u *UI) editAmount(minor int64, cur ledger.Currency) string {
	s := u.money(minor, cur)
	return strings.TrimFunc(s, func(r rune) bool { return !unicode.IsDigit(r) })
}
