package importer

import (
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// What other readers of exported files (bankfile's bank CSV) use of the
// importer's reading, so that a bank's CSV is read as an invoice file is:
// the same header folding, dates and amounts, not a copy of them.

// NormalizeHeader folds a header as the column aliases are compared:
// case, accents, punctuation and "n°" ("Débit euros" → "debit euros").
func NormalizeHeader(s string) string { return normalizeHeader(s) }

// ParseDate reads a text date as an import does (ISO, DD/MM/YYYY or
// MM/DD/YYYY in order, DD.MM.YYYY, YYYYMMDD), order being DayFirst or
// MonthFirst for slash and dash dates. It also says the order the date
// proves ("" when it proves none: ISO, dotted, ambiguous), so that a
// reader can decide a whole file's order as the import does.
func ParseDate(s string, order DateOrder) (ledger.Date, DateOrder, *i18n.Msg) {
	d, ev, msg := parseDate(s, order)
	return d, provedOrder(ev), msg
}

// DateOrderOf is the order a slash or dash date with a four-digit year
// proves ("14/09/2026": DayFirst), "" when it proves none; cheap, for a
// first pass over every date of a file.
func DateOrderOf(s string) DateOrder { return provedOrder(dateEvidenceOf(s)) }

// ParseTextAmount reads a money cell written as text ("1 234,56",
// "1.234,56", "-12,50 €"), signed or not, as an import does; the problem
// is one of the import's messages (too many decimals, not an amount…).
func ParseTextAmount(s string, cur ledger.Currency, signed bool) (int64, *i18n.Msg) {
	return parseAmountSign(s, cur, false, signed)
}

// DecimalMarkOf tells the decimal mark a text amount shows, if any:
// ambiguous for a lone separator before three digits ("1,234").
func DecimalMarkOf(s string) (mark rune, ambiguous bool) { return decimalMarkOf(s) }
