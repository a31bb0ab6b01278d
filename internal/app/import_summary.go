package app

import (
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/letter"
)

// ImportSummary says what an import changed, in money, in the owner's
// language: "214 invoices (12 new, 3 now paid, 1 credit note applied);
// overdue now 4,230.50 € (was 5,100.00 €)", then a line for each other
// thing the owner should know (customers created, rows skipped, how the
// header and the dates were read). The CLI and the GUI's import screen
// print the same lines, for a dry run ("would") as for an import.
func ImportSummary(l i18n.Lang, res ImportResult) []string {
	s := res.Summary
	money := func(ms []ledger.Money) string {
		if len(ms) == 0 {
			return letter.FormatMoney(ledger.Language(l), ledger.Money{})
		}
		parts := make([]string, len(ms))
		for i, m := range ms {
			parts[i] = letter.FormatMoney(ledger.Language(l), m)
		}
		return strings.Join(parts, " + ")
	}
	var lines []string
	prefix := ""
	if res.DryRun {
		prefix = i18n.T(l, "import.sum_dry_run") + " "
	}
	if s.Invoices > 0 || s.CreditNotes > 0 || len(s.OverdueBefore)+len(s.OverdueAfter) > 0 {
		var parts []string
		add := func(n int, key string) {
			if n > 0 {
				parts = append(parts, i18n.T(l, key, n))
			}
		}
		add(s.NewInvoices, "import.sum_new")
		add(s.NowPaid, "import.sum_now_paid")
		add(s.BalancesMoved-s.NowPaid, "import.sum_balances_moved")
		add(s.CreditNotes, "import.sum_credit_notes")
		add(s.CreditNotesApplied, "import.sum_credit_applied")
		head := i18n.T(l, "import.sum_invoices", s.Invoices)
		if len(parts) > 0 {
			head += " (" + strings.Join(parts, ", ") + ")"
		}
		lines = append(lines, prefix+head+"; "+i18n.T(l, "import.sum_overdue", money(s.OverdueAfter), money(s.OverdueBefore)))
	}
	if s.CustomersCreated+s.CustomersMatched > 0 {
		lines = append(lines, i18n.T(l, "import.sum_customers", s.CustomersCreated, s.CustomersMatched))
	}
	if len(s.NegativeAdjusted) > 0 {
		lines = append(lines, i18n.T(l, "import.sum_negative", len(s.NegativeAdjusted), firstFew(s.NegativeAdjusted)))
	}
	if len(s.CreditHeld) > 0 {
		lines = append(lines, i18n.T(l, "import.sum_credit_held", money(s.CreditHeld)))
	}
	if len(s.Skipped) > 0 {
		nums := make([]string, len(s.Skipped))
		for i, k := range s.Skipped {
			nums[i] = k.Number + " (" + k.Status + ")"
		}
		lines = append(lines, i18n.T(l, "import.sum_skipped", len(s.Skipped), firstFew(nums)))
	}
	if res.TitleLines > 0 {
		lines = append(lines, i18n.T(l, "import.sum_title_lines", res.TitleLines, res.HeaderLine))
	}
	if res.DateOrder != "" {
		order := i18n.T(l, "import.order_dmy")
		if res.DateOrder == MonthFirst {
			order = i18n.T(l, "import.order_mdy")
		}
		key := "import.sum_date_order_chosen"
		switch res.DateOrderWhy {
		case importer.DateOrderProved:
			key = "import.sum_date_order_proved"
		case importer.DateOrderConvention:
			key = "import.sum_date_order_convention"
		}
		lines = append(lines, i18n.T(l, key, order))
	}
	return lines
}

// firstFew lists up to five items, then says how many more.
func firstFew(items []string) string {
	if len(items) <= 5 {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:5], ", ") + ", … (+" + strconv.Itoa(len(items)-5) + ")"
}

// DetectImportKind says what a file holds (customers, invoices or
// payments), from its header.
func DetectImportKind(path string) (ImportKind, error) { return importer.DetectKind(path) }
