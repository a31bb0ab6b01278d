package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
)

// What letters and balances say about credit notes (issue 14): a
// customer's open credit, and the credit notes applied to an invoice by
// name. The writes (saving, applying) are in credit_notes.go.

// openCreditSQL is each credit note's open part on ?2 (dated by then, less
// its applications dated by then), of the customers the condition names.
const openCreditSQL = `SELECT n.customer_id, n.currency,
	n.amount - coalesce((SELECT sum(p.amount) FROM payments p WHERE p.credit_note_id = n.id AND p.date <= ?2), 0) AS open
	FROM credit_notes n WHERE n.date <= ?2`

// OpenCreditOf is a customer's open credit on asOf, per currency in
// currency order: the credit notes dated by then less what of them was
// applied to invoices by then (payments of Source credit). A credit is
// open when it came in another currency than the customer's open invoices,
// or when none was open; it is shown to the customer, never deducted by a
// letter. Currencies with nothing open are left out.
func (q *Queries) OpenCreditOf(ctx context.Context, customerID int64, asOf ledger.Date) ([]ledger.Money, error) {
	out, err := q.moneyRows(ctx, `SELECT currency, sum(open) FROM (`+openCreditSQL+` AND n.customer_id = ?1)
		WHERE open > 0 GROUP BY currency ORDER BY currency`, customerID, asOf.String())
	if err != nil {
		return nil, fmt.Errorf("read the open credit of customer %d: %w", customerID, err)
	}
	return out, nil
}

// OpenCreditTotals is every customer's open credit on asOf added up per
// currency (the summary's figure), in currency order.
func (q *Queries) OpenCreditTotals(ctx context.Context, asOf ledger.Date) ([]ledger.Money, error) {
	out, err := q.moneyRows(ctx, `SELECT currency, sum(open) FROM (`+openCreditSQL+`)
		WHERE open > 0 GROUP BY currency ORDER BY currency`, nil, asOf.String())
	if err != nil {
		return nil, fmt.Errorf("read the open credit: %w", err)
	}
	return out, nil
}

// moneyRows reads rows of (currency, minor units): the per-currency
// totals of the open credit and of what is overdue.
func (q *Queries) moneyRows(ctx context.Context, query string, args ...any) ([]ledger.Money, error) {
	rows, err := q.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ledger.Money
	for rows.Next() {
		var m ledger.Money
		var cur string
		if err := rows.Scan(&cur, &m.Minor); err != nil {
			return nil, err
		}
		m.Currency = ledger.Currency(cur)
		out = append(out, m)
	}
	return out, rows.Err()
}

// CreditsOf returns the credit notes applied to an invoice (its payments
// of Source credit), in the order they count.
func (q *Queries) CreditsOf(ctx context.Context, invoiceID int64) ([]dunning.Credit, error) {
	rows, err := q.query(ctx, `SELECT n.number, n.date, p.date, p.amount FROM payments p JOIN credit_notes n ON n.id = p.credit_note_id
		WHERE p.invoice_id = ? ORDER BY p.date, p.id`, invoiceID)
	if err != nil {
		return nil, fmt.Errorf("read the credit notes applied to invoice %d: %w", invoiceID, err)
	}
	defer rows.Close()
	var out []dunning.Credit
	for rows.Next() {
		var c dunning.Credit
		var date, from string
		if err := rows.Scan(&c.Number, &date, &from, &c.Amount); err != nil {
			return nil, fmt.Errorf("read the credit notes applied to invoice %d: %w", invoiceID, err)
		}
		c.Date, _ = ledger.ParseISODate(date)
		c.From, _ = ledger.ParseISODate(from)
		out = append(out, c)
	}
	return out, rows.Err()
}

// creditNoteNames reads the number and date of the credit notes given by
// id, for the plan's loader: only the invoices a credit was applied to
// need them, so the payments' query carries the credit note's id alone.
func creditNoteNames(ctx context.Context, q querier, ids []int64) (map[int64]dunning.Credit, error) {
	rows, err := q.QueryContext(ctx, `SELECT n.id, n.number, n.date FROM json_each(?1) j CROSS JOIN credit_notes n ON n.id = j.value`, idList(ids))
	if err != nil {
		return nil, fmt.Errorf("read credit notes: %w", err)
	}
	defer rows.Close()
	out := make(map[int64]dunning.Credit, len(ids))
	for rows.Next() {
		var id int64
		var c dunning.Credit
		var date string
		if err := rows.Scan(&id, &c.Number, &date); err != nil {
			return nil, fmt.Errorf("read credit notes: %w", err)
		}
		c.Date, _ = ledger.ParseISODate(date)
		out[id] = c
	}
	return out, rows.Err()
}

// unpackPayment reads the text the plan's payment query makes of a
// payment's short fields: its date (YYYY-MM-DD), undated (0 or 1), then
// its source ("", "export", or "credit" followed by the credit note's id).
// One column instead of four: each column through the pure-Go driver
// takes SQLite's mutex two or three times (unpackInvoice).
func unpackPayment(p *ledger.Payment, s string) error {
	if len(s) < 11 || (s[10] != '0' && s[10] != '1') {
		return fmt.Errorf("unexpected fields %q (relancectl check)", s)
	}
	var err error
	if p.Date, err = ledger.ParseISODate(s[:10]); err != nil {
		return fmt.Errorf("unexpected fields %q (relancectl check): %w", s, err)
	}
	p.Undated = s[10] == '1'
	switch rest := s[11:]; {
	case rest == "":
	case rest == string(ledger.PaymentFromExport):
		p.Source = ledger.PaymentFromExport
	case len(rest) > len(ledger.PaymentCredit) && rest[:len(ledger.PaymentCredit)] == string(ledger.PaymentCredit):
		p.Source = ledger.PaymentCredit
		if p.CreditNoteID, err = strconv.ParseInt(rest[len(ledger.PaymentCredit):], 10, 64); err != nil {
			return fmt.Errorf("unexpected fields %q (relancectl check): %w", s, err)
		}
	default:
		return fmt.Errorf("unexpected fields %q (relancectl check)", s)
	}
	return nil
}
