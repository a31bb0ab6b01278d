package store

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/ledger"
)

// Structured creditor references (invoices.creditor_ref, migration 0014):
// ledger.StructuredReference of the number and currency, written with every
// invoice and looked up when a bank transfer quotes one.

// fillCreditorRefs writes the reference of every invoice that existed
// before migration 0014 (its Go half).
func fillCreditorRefs(ctx context.Context, q *Queries) (err error) {
	type ref struct {
		id  int64
		ref string
	}
	rows, err := q.query(ctx, `SELECT id, number, currency FROM invoices`)
	if err != nil {
		return fmt.Errorf("read invoice numbers: %w", err)
	}
	var refs []ref
	for rows.Next() {
		var id int64
		var number, cur string
		if err := rows.Scan(&id, &number, &cur); err != nil {
			rows.Close()
			return fmt.Errorf("read invoice numbers: %w", err)
		}
		if r := ledger.StructuredReference(number, ledger.Currency(cur)); r != "" {
			refs = append(refs, ref{id, r})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read invoice numbers: %w", err)
	}
	if len(refs) == 0 {
		return nil
	}
	// The index is built once the column is filled, as the bulk import
	// does (batch.go): sorting once is cheaper than inserting each row
	// into a B-tree in the order of the check digits. On 200,000 invoices,
	// 0.73 to 0.76 s against 0.83 to 0.92 s with the index kept (three
	// alternate runs on the shared 2-core machine); the gap grows with the
	// ledger, as the tree outgrows the cache.
	ddl, err := q.dialect.indexDefinition(ctx, q, "invoices_creditor_ref")
	if err != nil {
		return fmt.Errorf("read index invoices_creditor_ref: %w", err)
	}
	if _, err := q.exec(ctx, `DROP INDEX invoices_creditor_ref`); err != nil {
		return fmt.Errorf("drop index invoices_creditor_ref: %w", err)
	}
	defer func() {
		if err == nil {
			if _, err = q.exec(ctx, ddl); err != nil {
				err = fmt.Errorf("build index invoices_creditor_ref: %w", err)
			}
		}
	}()
	st, err := q.db.PrepareContext(ctx, `UPDATE invoices SET creditor_ref = ? WHERE id = ?`)
	if err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	defer st.Close()
	for _, r := range refs {
		if _, err := st.ExecContext(ctx, r.ref, r.id); err != nil {
			return fmt.Errorf("write creditor reference of invoice %d: %w", r.id, err)
		}
	}
	return nil
}

// InvoicesByCreditorRef finds the invoices the given structured references
// (normalized: ledger.FindStructuredReferences) name, by reference. A
// reference two or more invoices share (numbers equal once separators are
// stripped: "F-1" and "F1") names none of them for sure and is left out;
// InvoicesSharingCreditorRef lists those.
func (q *Queries) InvoicesByCreditorRef(ctx context.Context, refs []string) (map[string]ledger.Invoice, error) {
	all, err := q.InvoicesSharingCreditorRef(ctx, refs)
	if err != nil {
		return nil, err
	}
	out := make(map[string]ledger.Invoice, len(all))
	for r, invs := range all {
		if len(invs) == 1 {
			out[r] = invs[0]
		}
	}
	return out, nil
}

// InvoicesSharingCreditorRef is InvoicesByCreditorRef with every invoice
// of each reference found, in number order: more than one when their
// numbers collide once separators are stripped (a proposal, never an
// automatic match).
func (q *Queries) InvoicesSharingCreditorRef(ctx context.Context, refs []string) (map[string][]ledger.Invoice, error) {
	out := map[string][]ledger.Invoice{}
	if len(refs) == 0 {
		return out, nil
	}
	list, err := q.dialect.listArg(refs)
	if err != nil {
		return nil, err
	}
	rows, err := q.query(ctx, `SELECT `+invoiceColumns+`
		FROM (SELECT DISTINCT value FROM `+q.dialect.list(1, "text")+`) j
		JOIN invoices i ON i.creditor_ref = j.value AND i.creditor_ref <> ''
		JOIN customers c ON c.id = i.customer_id
		ORDER BY i.number`, list)
	if err != nil {
		return nil, fmt.Errorf("find invoices by creditor reference: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		inv, err := scanInvoice(rows)
		if err != nil {
			return nil, fmt.Errorf("find invoices by creditor reference: %w", err)
		}
		out[inv.CreditorRef] = append(out[inv.CreditorRef], inv)
	}
	return out, rows.Err()
}

// CreditorRefNumbers maps the structured references of the invoices in
// currency cur to their numbers (several when numbers collide once
// separators are dropped). One scan of the invoices: no index serves
// references (the bank import asks this once, for dinar statements).
func (q *Queries) CreditorRefNumbers(ctx context.Context, cur ledger.Currency) (map[string][]string, error) {
	rows, err := q.query(ctx, `SELECT creditor_ref, number FROM invoices WHERE currency = ? AND creditor_ref <> ''`, string(cur))
	if err != nil {
		return nil, fmt.Errorf("read the creditor references: %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var ref, number string
		if err := rows.Scan(&ref, &number); err != nil {
			return nil, fmt.Errorf("read the creditor references: %w", err)
		}
		out[ref] = append(out[ref], number)
	}
	return out, rows.Err()
}
