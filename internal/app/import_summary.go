package app

import (
	"slices"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/letter"
)

// ImportReport is what an import changed, said in the owner's language
// (ImportSummary): the CLI prints it all, the GUI's import screen shows
// the sentence and the notes, and the header row and date order in its
// own choices.
type ImportReport struct {
	// Sentence is the import in money: "214 invoices (12 new, 3 now paid,
	// 1 credit note applied); overdue now 4,230.50 € (was 5,100.00 €)".
	// Empty when the import read no invoice (customers, payments).
	Sentence string
	// Notes are what else the owner should know, one sentence each:
	// customers created and matched, negative adjustments, payments on
	// no date, open credit, drafts and voids skipped, total lines skipped,
	// rows that were lines of one invoice.
	Notes []string
	// Reading says how the file was read: the title lines above the
	// header, the date order and why.
	Reading []string
}

// Lines is the report, line by line.
func (r ImportReport) Lines() []string {
	var out []string
	if r.Sentence != "" {
		out = append(out, r.Sentence)
	}
	out = append(out, r.Notes...)
	return append(out, r.Reading...)
}

// ImportSummary says what an import changed, in money: the same words in
// the CLI and on the GUI's import screen, for an import as for a dry run
// (which says "would"). Parts that are zero are left out; amounts are
// formatted as letters format them, one per currency.
func ImportSummary(l i18n.Lang, res ImportResult) ImportReport {
	s := res.Summary
	dry := res.DryRun
	// The key of what the import did, or would do in a dry run.
	did := func(key string) string {
		if dry {
			return key + "_dry"
		}
		return key
	}
	var r ImportReport
	if s.Invoices > 0 || s.CreditNotes > 0 || len(s.Skipped) > 0 || len(s.OverdueBefore)+len(s.OverdueAfter) > 0 {
		r.Sentence = importSentence(l, s, dry)
	}
	var customers []string
	if n := s.CustomersCreated; n > 0 {
		customers = append(customers, i18n.TN(l, did("import.sum_customers_created"), n))
	}
	if n := s.CustomersMatched; n > 0 {
		key := "import.sum_customers_matched"
		if len(customers) > 0 {
			key = "import.sum_matched_of" // "3 customers created, 5 matched"
		}
		customers = append(customers, i18n.TN(l, key, n))
	}
	if len(customers) > 0 {
		r.Notes = append(r.Notes, strings.Join(customers, ", ")+".")
	}
	if n := len(s.NegativeAdjusted); n > 0 {
		r.Notes = append(r.Notes, i18n.TN(l, did("import.sum_negative"), n, firstFew(l, s.NegativeAdjusted)))
	}
	if n := s.UndatedPayments; n > 0 {
		r.Notes = append(r.Notes, i18n.TN(l, did("import.sum_undated"), n))
	}
	if len(s.CreditHeld) > 0 {
		r.Notes = append(r.Notes, i18n.T(l, did("import.sum_credit_held"), moneyList(l, s.CreditHeld)))
	}
	if n := len(s.Skipped); n > 0 {
		nums := make([]string, n)
		for i, k := range s.Skipped {
			nums[i] = k.Number
			if k.Status != "" {
				nums[i] += " (" + k.Status + ")"
			}
		}
		r.Notes = append(r.Notes, i18n.TN(l, did("import.sum_skipped"), n, firstFew(l, nums)))
	}
	if n := len(res.FooterLines); n > 0 {
		lines := make([]string, n)
		for i, line := range res.FooterLines {
			lines[i] = strconv.Itoa(line)
		}
		r.Notes = append(r.Notes, i18n.TN(l, "import.sum_footer", n, strings.Join(lines, ", ")))
	}
	// Rows that are neither an invoice, a credit note nor a skipped draft
	// were further lines of an invoice (a line-item export): the invoice
	// count alone would hide how much of the file was read.
	if counted := s.Invoices + s.CreditNotes + len(s.Skipped); r.Sentence != "" && res.Rows > counted {
		r.Notes = append(r.Notes, i18n.TN(l, "import.sum_rows", res.Rows))
	}
	if res.TitleLines > 0 {
		r.Reading = append(r.Reading, i18n.TN(l, "import.sum_title_lines", res.TitleLines, res.HeaderLine))
	}
	if res.DateOrder != "" {
		key := "import.sum_date_order_chosen"
		switch res.DateOrderWhy {
		case importer.DateOrderProved:
			key = "import.sum_date_order_proved"
		case importer.DateOrderConvention:
			key = "import.sum_date_order_convention"
		}
		r.Reading = append(r.Reading, i18n.T(l, key, DateOrderName(l, res.DateOrder)))
	}
	return r
}

// importSentence is "214 invoices (12 new, 3 now paid, 1 credit note
// applied); overdue now 4,230.50 € (was 5,100.00 €)".
func importSentence(l i18n.Lang, s importer.Summary, dry bool) string {
	var parts []string
	add := func(n int, key string) {
		if n > 0 {
			parts = append(parts, i18n.TN(l, key, n))
		}
	}
	add(s.NewInvoices, "import.sum_new")
	add(s.NowPaid, "import.sum_now_paid")
	// NowPaid are among the balances the export moved (and new invoices
	// with a payment from the export are too): the others.
	add(s.BalancesMoved-s.NowPaid, "import.sum_balances_set")
	switch {
	case s.CreditNotes > s.CreditNotesApplied:
		// "3 credit notes, 1 applied": the rest is held as open credit.
		add(s.CreditNotes, "import.sum_credit_notes")
		add(s.CreditNotesApplied, "import.sum_applied_of")
	default:
		// Every credit note read applied, and maybe credit held from
		// earlier imports too.
		add(s.CreditNotesApplied, "import.sum_credit_applied")
	}
	key := "import.sum_invoices"
	if dry {
		key = "import.sum_invoices_dry"
	}
	head := i18n.TN(l, key, s.Invoices)
	overdue := overdueClause(l, s.OverdueBefore, s.OverdueAfter, dry)
	if len(parts) == 0 {
		return i18n.T(l, "import.sum_sentence_bare", head, overdue)
	}
	return i18n.T(l, "import.sum_sentence", head, strings.Join(parts, ", "), overdue)
}

// overdueClause is "overdue now 4,230.50 € (was 5,100.00 €)", or what
// stands for it when one side is nothing or both are the same.
func overdueClause(l i18n.Lang, before, after []ledger.Money, dry bool) string {
	suffix := ""
	if dry {
		suffix = "_dry"
	}
	switch {
	case len(before) == 0 && len(after) == 0:
		return i18n.T(l, "import.sum_overdue_none")
	case slices.Equal(before, after):
		return i18n.T(l, "import.sum_overdue_same"+suffix, moneyList(l, after))
	case len(before) == 0:
		return i18n.T(l, "import.sum_overdue_new"+suffix, moneyList(l, after))
	case len(after) == 0:
		return i18n.T(l, "import.sum_overdue_cleared"+suffix, moneyList(l, before))
	}
	return i18n.T(l, "import.sum_overdue"+suffix, moneyList(l, after), moneyList(l, before))
}

// moneyList says amounts in several currencies, as letters format each:
// "4,230.50 € + $1,200.00".
func moneyList(l i18n.Lang, ms []ledger.Money) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = letter.FormatMoney(ledger.Language(l), m)
	}
	return strings.Join(parts, " + ")
}

// firstFew lists up to five items, then says how many more.
func firstFew(l i18n.Lang, items []string) string {
	const few = 5
	if len(items) <= few {
		return strings.Join(items, ", ")
	}
	return i18n.TN(l, "import.sum_more", len(items)-few, strings.Join(items[:few], ", "))
}

// DateOrderName says a date order: "day first (DD/MM/YYYY)".
func DateOrderName(l i18n.Lang, o DateOrder) string {
	if o == MonthFirst {
		return i18n.T(l, "import.order_mdy")
	}
	return i18n.T(l, "import.order_dmy")
}

// ImportNotices are the warnings of an import that its report does not
// already say: the undated payments and the total lines skipped are in
// the report's notes, with more detail, once the import went through.
func ImportNotices(res ImportResult, reported bool) []importer.Problem {
	if !reported {
		return res.Warnings
	}
	var out []importer.Problem
	for _, w := range res.Warnings {
		switch w.Reason.Key {
		case "import.undated_export_payments", "import.footer_skipped":
			continue
		}
		out = append(out, w)
	}
	return out
}

// DetectImportKind says what a file holds (customers, invoices or
// payments), from its header.
func DetectImportKind(path string) (ImportKind, error) { return importer.DetectKind(path) }
