package bank

// TEMPORARY stand-ins for issue 15's foundation (ledger.NumberKey,
// ledger.FindStructuredReferences, store.RecordChange, core.Actor), until
// it lands on main; removed at the rebase.

import (
	"context"
	"os"
	"os/user"
	"strings"
	"unicode"

	"github.com/relance-app/relance/internal/store"
)

func numberKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

func findStructuredReferences(string) []string { return nil }

func invoicesByCreditorRef(context.Context, *store.Queries, []string) (map[string]string, error) {
	return nil, nil
}

type changeKind string

const (
	changeBankPayment  changeKind = "bank-payment"
	changeBankApplied  changeKind = "bank-proposal-applied"
	changeBankIgnored  changeKind = "bank-proposal-ignored"
	changeBankReversal changeKind = "bank-reversal"
)

type change struct {
	Who                   string
	CustomerID, InvoiceID int64
	Kind                  changeKind
	Detail                string
}

func recordChange(context.Context, *store.Queries, *change) error { return nil }

func actor() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if s := os.Getenv("USER"); s != "" {
		return s
	}
	return "unknown"
}
