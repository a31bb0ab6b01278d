package letter

import (
	"strings"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/render"
)

// What a letter says about credit notes and balances taken from an export
// (issue 14). These sentences and rows are the layout's, not the
// template's, so that an owner's template says them too.

// Credit is a credit note applied to an invoice of the letter: listed under
// the invoice, as what lowered its balance.
type Credit struct {
	Number string
	Date   ledger.Date // the credit note's
	Amount int64       // applied to this invoice, in its currency
}

// creditRows are the table rows of an invoice's credits: the credit note,
// its date, and the amount taken off, in the amount column.
func creditRows(il InvoiceLine, lg ledger.Language) [][]string {
	var rows [][]string
	for _, c := range il.Credits {
		rows = append(rows, []string{i18n.T(lang(lg), "letter.credit_row", c.Number), FormatDate(lg, c.Date), "",
			FormatMoney(lg, ledger.Money{Minor: -c.Amount, Currency: il.Invoice.Total.Currency}), ""})
	}
	return rows
}

// balanceNotes are the paragraphs the layout adds after the invoice
// table: that interest runs only on what is still due, when part of an
// invoice was paid on a date an export did not give (that part counts
// from the issue date, so it never bears interest), and the customer's
// open credit, shown and not deducted (it is in another currency, or no
// invoice was open when it came).
func balanceNotes(req Request) []render.Block {
	var out []render.Block
	l := lang(req.Language)
	for _, il := range req.Invoices {
		if il.Undated {
			out = append(out, render.Block{Kind: render.Para, Text: i18n.T(l, "letter.interest_on_due_only")})
			break
		}
	}
	var amounts []string
	for _, m := range req.OpenCredit {
		if m.Minor > 0 {
			amounts = append(amounts, FormatMoney(req.Language, m))
		}
	}
	if len(amounts) > 0 {
		out = append(out, render.Block{Kind: render.Para, Text: i18n.T(l, "letter.open_credit", listAnd(l, amounts))})
	}
	return out
}

// listAnd writes "a, b and c" in the letter's language.
func listAnd(l i18n.Lang, items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return i18n.T(l, "letter.list_and", strings.Join(items[:len(items)-1], ", "), items[len(items)-1])
}

// withNotes puts the notes after the invoice table, or, in a template
// without one, after the paragraph that follows the salutation.
func withNotes(body []render.Block, notes []render.Block) []render.Block {
	if len(notes) == 0 {
		return body
	}
	at := -1
	for i, b := range body {
		if b.Kind == render.Table {
			at = i + 1
			break
		}
	}
	if at < 0 {
		at = min(2, len(body))
	}
	out := make([]render.Block, 0, len(body)+len(notes))
	out = append(out, body[:at]...)
	out = append(out, notes...)
	return append(out, body[at:]...)
}
