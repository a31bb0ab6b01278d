package app

import (
	"strings"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// BankImportSummary says a bank statement's import in money, the same
// words in the CLI and on the Bank screen: "312 entries: 41 credits, 35
// paid 52 invoices (18,430.00 €), 4 proposals, 2 reversals, 270 debits and
// fees; nothing recorded twice". Parts that are zero are left out.
func BankImportSummary(l i18n.Lang, r BankImportResult) string {
	var parts []string
	add := func(key string, n int, args ...any) {
		if n > 0 {
			parts = append(parts, i18n.TN(l, key, n, args...))
		}
	}
	add("bank.sum_credits", r.Credits)
	if r.Applied > 0 {
		add("bank.sum_paid", r.Applied, i18n.TN(l, "bank.sum_invoices", r.Invoices), moneyList(l, r.Paid))
	}
	add("bank.sum_proposals", r.Proposals)
	add("bank.sum_unmatched", r.Unmatched)
	add("bank.sum_reversals", r.Reversals)
	add("bank.sum_undone", r.Undone)
	add("bank.sum_debits", r.Debits)
	tail := i18n.T(l, "bank.sum_nothing_twice")
	if r.Duplicates > 0 {
		tail = i18n.TN(l, "bank.sum_duplicates", r.Duplicates)
	}
	s := i18n.TN(l, "bank.sum_entries", r.Entries)
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, ", ")
	}
	s += "; " + tail
	if r.DryRun {
		return i18n.T(l, "bank.sum_dry", s)
	}
	return s
}

// BankReason says why a proposal names a customer ("invoice number in the
// text").
func BankReason(l i18n.Lang, r ledger.ProposalReason) string {
	key := "bank.reason_" + string(r) // bank.reason_reference, _number, _collision, _amount, _payer
	return i18n.T(l, key)
}
