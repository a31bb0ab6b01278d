package store

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/relance-app/relance/internal/ledger"
)

// CheckReport is the outcome of Check: what was checked, what is wrong.
type CheckReport struct {
	Path          string
	SchemaVersion int
	SizeBytes     int64
	Customers     int
	Invoices      int
	Payments      int
	Checks        []CheckItem
	Problems      []string // every problem found, in check order
}

// CheckItem is one named check and how many problems it found.
type CheckItem struct {
	Name     string // a key: "sqlite_integrity", "overpaid_invoices"...
	Problems int
}

// OK reports whether no problem was found.
func (r CheckReport) OK() bool { return len(r.Problems) == 0 }

// maxProblemsPerCheck keeps a badly damaged file from flooding the report.
const maxProblemsPerCheck = 50

// Check is the SQLite file's own (pragma checks, rowid, date() and quote()
// in its queries): a PostgreSQL store would check its rules its own way
// (see dialect).
//
// Check verifies the file (SQLite's integrity check and foreign keys) and
// the ledger's rules that SQL constraints cannot express: dates that are
// real calendar dates, known currencies, payments within their invoice's
// total, email customers with an address.
func (s *Store) Check(ctx context.Context) (CheckReport, error) {
	r := CheckReport{Path: s.path}
	if fi, err := os.Stat(s.path); err == nil {
		r.SizeBytes = fi.Size()
	}
	var err error
	if r.SchemaVersion, err = s.version(ctx); err != nil {
		return r, err
	}
	for q, dst := range map[string]*int{
		`SELECT count(*) FROM customers`: &r.Customers, `SELECT count(*) FROM invoices`: &r.Invoices, `SELECT count(*) FROM payments`: &r.Payments,
	} {
		if err := s.db.QueryRowContext(ctx, q).Scan(dst); err != nil {
			return r, fmt.Errorf("check: %w", err)
		}
	}
	type check struct {
		name string
		sql  string
		// row formats one problem from the query's single text column
		filter func(string) bool
	}
	checks := []check{
		{name: "sqlite_integrity", sql: `SELECT integrity_check FROM pragma_integrity_check WHERE integrity_check <> 'ok'`},
		{name: "foreign_keys", sql: `SELECT 'table ' || "table" || ' row ' || rowid || ' points to a missing ' || parent FROM pragma_foreign_key_check`},
		{name: "schema_version", sql: fmt.Sprintf(`SELECT 'schema version ' || max(version) || ', expected %d' FROM schema_migrations HAVING max(version) <> %d`, SchemaVersion(), SchemaVersion())},
		{name: "invoice_dates", sql: `SELECT 'invoice ' || number || ': bad date ' || quote(issue_date) || ' / ' || quote(due_date) FROM invoices
			WHERE date(issue_date) IS NOT issue_date OR date(due_date) IS NOT due_date
			OR (service_date IS NOT NULL AND date(service_date) IS NOT service_date)
			OR (service_end IS NOT NULL AND date(service_end) IS NOT service_end)`},
		{name: "invoice_due_dates", sql: `SELECT 'invoice ' || number || ': due date ' || due_date || ' before issue date ' || issue_date FROM invoices WHERE due_date < issue_date`},
		{name: "currencies", sql: `SELECT DISTINCT currency FROM invoices`, filter: func(c string) bool { return !ledger.Currency(c).Valid() }},
		{name: "payment_dates", sql: `SELECT 'payment ' || id || ' of invoice ' || invoice_id || ': bad date ' || quote(date) FROM payments WHERE date(date) IS NOT date`},
		{name: "overpaid_invoices", sql: `SELECT 'invoice ' || i.number || ': payments ' || p.paid || ' exceed the total ' || i.total || ' (minor units)'
			FROM invoices i JOIN (SELECT invoice_id, sum(amount) AS paid FROM payments GROUP BY invoice_id) p ON p.invoice_id = i.id WHERE p.paid > i.total`},
		// An export's negative adjustment may lower what is paid, never
		// below nothing: the export's target is at least zero.
		{name: "negative_paid", sql: `SELECT 'invoice ' || i.number || ': payments sum to ' || p.paid || ' (minor units)'
			FROM invoices i JOIN (SELECT invoice_id, sum(amount) AS paid FROM payments GROUP BY invoice_id) p ON p.invoice_id = i.id WHERE p.paid < 0`},
		{name: "credit_notes_applied", sql: `SELECT 'credit note ' || n.number || ': applied ' || a.applied || ' of ' || n.amount || ' (minor units)'
			FROM credit_notes n JOIN (SELECT credit_note_id, sum(amount) AS applied FROM payments WHERE credit_note_id IS NOT NULL
			GROUP BY credit_note_id) a ON a.credit_note_id = n.id WHERE a.applied > n.amount`},
		{name: "credit_note_invoices", sql: `SELECT 'credit note ' || n.number || ' applied to invoice ' || i.number || ' of another customer or currency'
			FROM payments p JOIN credit_notes n ON n.id = p.credit_note_id JOIN invoices i ON i.id = p.invoice_id
			WHERE i.customer_id <> n.customer_id OR i.currency <> n.currency`},
		{name: "settlement_dates", sql: `SELECT 'invoice ' || i.number || ': settled_on ' || quote(i.settled_on) || ', payments say ' || quote(v.settled_on)
			FROM invoices i JOIN invoice_settlement v ON v.invoice_id = i.id WHERE i.settled_on IS NOT v.settled_on`},
		// Migration 0014: a set-aside invoice has its day; an active one none.
		{name: "invoice_states", sql: `SELECT 'invoice ' || number || ': state ' || quote(state) || ' on ' || quote(state_date) FROM invoices
			WHERE (state <> '' AND date(state_date) IS NOT state_date) OR (state = '' AND state_date <> '')`},
		// Every insert writes the reference (store.InsertInvoice…); an
		// INSERT made by hand may forget it, and the bank statements would
		// then not find the invoice. The value is number, currency and
		// reference, separated by tabs.
		{name: "creditor_refs", sql: `SELECT number || char(9) || currency || char(9) || creditor_ref FROM invoices`, filter: func(v string) bool {
			number, rest, _ := strings.Cut(v, "\t")
			cur, ref, _ := strings.Cut(rest, "\t")
			return ledger.StructuredReference(number, ledger.Currency(cur)) != ref
		}},
		{name: "email_delivery", sql: `SELECT 'customer ' || code || ': delivery ' || delivery || ' but no email address' FROM customers c
			WHERE delivery IN ('email', 'both') AND NOT EXISTS (SELECT 1 FROM customer_emails e WHERE e.customer_id = c.id)`},
		{name: "email_addresses", sql: `SELECT address FROM customer_emails`, filter: func(a string) bool { _, err := ledger.ParseEmail(a); return err != nil }},
		{name: "customer_dates", sql: `SELECT 'customer ' || code || ': bad date ' || quote(coalesce(dunning_paused_until, paperless_date)) FROM customers
			WHERE (dunning_paused_until IS NOT NULL AND date(dunning_paused_until) IS NOT dunning_paused_until)
			OR (paperless_date IS NOT NULL AND date(paperless_date) IS NOT paperless_date)`},
	}
	for _, c := range checks {
		rows, err := s.db.QueryContext(ctx, c.sql)
		if err != nil {
			return r, fmt.Errorf("check %s: %w", c.name, err)
		}
		n := 0
		for rows.Next() {
			var text string
			if err := rows.Scan(&text); err != nil {
				rows.Close()
				return r, fmt.Errorf("check %s: %w", c.name, err)
			}
			if c.filter != nil {
				if !c.filter(text) {
					continue
				}
				text = fmt.Sprintf("%s: invalid value %q", c.name, text)
			}
			n++
			if n <= maxProblemsPerCheck {
				r.Problems = append(r.Problems, text)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return r, fmt.Errorf("check %s: %w", c.name, err)
		}
		if n > maxProblemsPerCheck {
			r.Problems = append(r.Problems, fmt.Sprintf("%s: %d more problems not shown", c.name, n-maxProblemsPerCheck))
		}
		r.Checks = append(r.Checks, CheckItem{Name: c.name, Problems: n})
	}
	return r, nil
}
