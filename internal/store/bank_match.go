package store

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/ledger"
)

// Reads the bank service matches a statement's credits with: every
// invoice number at once (to find them in remittance texts), the named
// invoices with their balances, the customers' names.

// InvoiceNumbersJoined is every invoice's number, joined by newlines, in
// one value: one row through the driver instead of a million (125 ms
// against 1.2 s on the 1,000,000-invoice ledger), which the bank import
// splits and indexes by number key.
func (q *Queries) InvoiceNumbersJoined(ctx context.Context) (string, error) {
	var all *string
	if err := q.row(ctx, `SELECT string_agg(number, ?) FROM invoices`, "\n").Scan(&all); err != nil {
		return "", fmt.Errorf("read invoice numbers: %w", err)
	}
	if all == nil {
		return "", nil
	}
	return *all, nil
}

// CustomerNamesJoined is every customer's id and name, "id\tname" lines
// joined by newlines (the name's tabs and newlines made spaces), for the
// same reason.
func (q *Queries) CustomerNamesJoined(ctx context.Context) (string, error) {
	var all *string
	if err := q.row(ctx, `SELECT string_agg(id || char(9) || replace(replace(name, char(9), ' '), char(10), ' '), char(10))
		FROM customers`).Scan(&all); err != nil {
		return "", fmt.Errorf("read customer names: %w", err)
	}
	if all == nil {
		return "", nil
	}
	return *all, nil
}

// BankInvoice is an invoice a bank credit may pay, with its balance (total
// less every payment, whatever its date).
type BankInvoice struct {
	ID           int64
	Number       string
	CustomerID   int64
	CustomerCode string
	CustomerName string
	Issue        ledger.Date
	Currency     ledger.Currency
	Total        int64
	Balance      int64
	LastPaid     ledger.Date // the latest payment's date (0: none)
	State        ledger.InvoiceState
}

// BankInvoicesByNumber reads the invoices of the numbers given (unknown
// numbers are left out).
func (q *Queries) BankInvoicesByNumber(ctx context.Context, numbers []string) ([]BankInvoice, error) {
	if len(numbers) == 0 {
		return nil, nil
	}
	list, err := q.dialect.listArg(numbers)
	if err != nil {
		return nil, err
	}
	return q.bankInvoices(ctx, q.dialect.list(1, "text")+` JOIN invoices i ON i.number = j.value`, "", list)
}

// BankInvoicesByID reads the invoices of the ids given.
func (q *Queries) BankInvoicesByID(ctx context.Context, ids []int64) ([]BankInvoice, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	list, err := q.dialect.listArg(ids)
	if err != nil {
		return nil, err
	}
	return q.bankInvoices(ctx, q.dialect.list(1, "bigint")+` JOIN invoices i ON i.id = j.value`, "", list)
}

// OpenBankInvoicesOf are a customer's invoices in a currency with
// something left to pay, oldest first (void and written-off ones left
// out).
func (q *Queries) OpenBankInvoicesOf(ctx context.Context, customerID int64, cur ledger.Currency) ([]BankInvoice, error) {
	out, err := q.bankInvoices(ctx, `invoices i`, `WHERE i.customer_id = ? AND i.currency = ? AND i.settled_on IS NULL AND i.state = ''`,
		customerID, string(cur))
	if err != nil {
		return nil, err
	}
	open := out[:0]
	for _, inv := range out {
		if inv.Balance > 0 {
			open = append(open, inv)
		}
	}
	return open, nil
}

// OpenBankInvoicesOfCustomers are the open invoices of the customers
// given, in a currency, oldest first: the suggestions for credits from
// known payers, read at once.
func (q *Queries) OpenBankInvoicesOfCustomers(ctx context.Context, ids []int64, cur ledger.Currency) ([]BankInvoice, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	list, err := q.dialect.listArg(ids)
	if err != nil {
		return nil, err
	}
	out, err := q.bankInvoices(ctx, q.dialect.list(1, "bigint")+` CROSS JOIN invoices i ON i.customer_id = j.value`,
		`WHERE i.currency = ?2 AND i.settled_on IS NULL AND i.state = ''`, list, string(cur))
	if err != nil {
		return nil, err
	}
	open := out[:0]
	for _, inv := range out {
		if inv.Balance > 0 {
			open = append(open, inv)
		}
	}
	return open, nil
}

func (q *Queries) bankInvoices(ctx context.Context, from, where string, args ...any) ([]BankInvoice, error) {
	// The payments' sum and latest date in one pass over the invoice's
	// part of payments_invoice (two subqueries read it twice).
	rows, err := q.query(ctx, `SELECT i.id, i.number, i.customer_id, c.code, c.name, i.issue_date, i.currency, i.total,
		i.total - coalesce(sum(p.amount), 0), coalesce(max(p.date), ''), i.state
		FROM `+from+` JOIN customers c ON c.id = i.customer_id LEFT JOIN payments p ON p.invoice_id = i.id
		`+where+` GROUP BY i.id ORDER BY i.issue_date, i.number`, args...)
	if err != nil {
		return nil, fmt.Errorf("read invoices: %w", err)
	}
	defer rows.Close()
	var out []BankInvoice
	for rows.Next() {
		var b BankInvoice
		var issue, cur, last string
		if err := rows.Scan(&b.ID, &b.Number, &b.CustomerID, &b.CustomerCode, &b.CustomerName, &issue, &cur, &b.Total, &b.Balance, &last, &b.State); err != nil {
			return nil, fmt.Errorf("read invoices: %w", err)
		}
		b.Issue, _ = ledger.ParseISODate(issue)
		b.Currency = ledger.Currency(cur)
		if last != "" {
			b.LastPaid, _ = ledger.ParseISODate(last)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}
