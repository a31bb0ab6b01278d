package app

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/demo"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// TestPlanInputMatchesReferenceOnDemoLedger reads the plan's input from a
// generated ledger with the loader of before the speed-up of issue 13
// (kept below) and with the current one, whole and for single customers,
// on a series of dates where letters are recorded in between (so that
// reminders climb to final demands with interest, and collections), and
// requires the same input and the same plan. MakePlan itself is compared
// with its version of before in internal/dunning
// (TestMakePlanMatchesReference).
func TestPlanInputMatchesReferenceOnDemoLedger(t *testing.T) {
	ctx := context.Background()
	today := ledger.MustDate("2025-06-18")
	svc, _, err := Create(ctx, filepath.Join(t.TempDir(), "golden.db"), Options{Today: func() ledger.Date { return today }})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	st := svc.Store()
	if _, err := demo.Generate(ctx, st, demo.Options{Customers: 400, Invoices: 5000, Seed: 11, Today: today}); err != nil {
		t.Fatal(err)
	}
	varyCustomers(t, st)
	// Variants of the ladder's letters (issue 19), so that letters are
	// recorded with them and the plans read them back: B of reminder-1
	// and of the final demand in French and English, C of reminder-2 in
	// French only.
	writeVariant(t, svc, "reminder-1", "fr", "B")
	writeVariant(t, svc, "reminder-1", "en", "B")
	writeVariant(t, svc, "final-demand", "fr", "B")
	writeVariant(t, svc, "final-demand", "en", "B")
	writeVariant(t, svc, "reminder-2", "fr", "C")
	vs, err := svc.Variants(ctx)
	if err != nil || len(vs) == 0 {
		t.Fatalf("variants %v %v", vs, err)
	}
	co, err := st.Company(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tabs, err := svc.RateTables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var interest, finals, tasks, customerReads, withVariant int
	for _, off := range []int{-90, -75, -60, -45, -30, -21, -14, -7, 0} {
		asOf := today.AddDays(off)
		got, err := st.DunningData(ctx, asOf, co.Jurisdiction)
		if err != nil {
			t.Fatal(err)
		}
		want := referenceDunningData(t, st.DB(), asOf, co.Jurisdiction, 0)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: the loader's data differ from the reference's (%d/%d invoices, %d/%d customers, %d/%d letters)", asOf,
				len(got.Invoices), len(want.Invoices), len(got.Customers), len(want.Customers), len(got.Letters), len(want.Letters))
		}
		// One customer's part (the Send reminder dialog's read) too.
		for id := int64(1); id <= 400; id += 37 {
			one, err := st.CustomerDunningData(ctx, asOf, co.Jurisdiction, id)
			if err != nil {
				t.Fatal(err)
			}
			if ref := referenceDunningData(t, st.DB(), asOf, co.Jurisdiction, id); !reflect.DeepEqual(one, ref) {
				t.Fatalf("%s, customer %d: the loader's data differ from the reference's", asOf, id)
			}
			if len(one.Invoices) > 0 {
				customerReads++
			}
		}
		in := func(d store.DunningData) dunning.Input {
			return dunning.Input{AsOf: asOf, Policy: svc.Policy(ctx), Tables: tabs, Customers: d.Customers, Invoices: d.Invoices, Letters: d.Letters, Variants: vs}
		}
		plan, err := dunning.MakePlan(in(got))
		if err != nil {
			t.Fatal(err)
		}
		ref, err := dunning.MakePlan(in(want))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(plan, ref) {
			a, _ := json.Marshal(plan)
			b, _ := json.Marshal(ref)
			t.Fatalf("%s: plan differs from the reference's:\n%.2000s\nwant\n%.2000s", asOf, a, b)
		}
		for _, a := range plan.Actions {
			if a.Interest > 0 {
				interest++
			}
			if a.Level == 3 {
				finals++
			}
			if a.Variant != "" {
				withVariant++
			}
		}
		tasks += len(plan.Tasks)
		t.Logf("%s: %d invoices, %d letters, %d tasks, %d skipped", asOf, len(got.Invoices), len(plan.Actions), len(plan.Tasks), len(plan.Skipped))
		if _, err := svc.RecordPlan(ctx, asOf); err != nil {
			t.Fatal(err)
		}
	}
	// The comparison is only worth something if the ledger went up the ladder.
	if interest == 0 || finals == 0 || tasks == 0 || customerReads == 0 || withVariant == 0 {
		t.Fatalf("the series never reached interest (%d), final demands (%d) or collections (%d), or read no customer's invoices (%d)",
			interest, finals, tasks, customerReads)
	}
	t.Logf("%d letters with interest, %d final demands, %d tasks, %d one-customer reads with invoices, %d letters with a variant",
		interest, finals, tasks, customerReads, withVariant)
}

// varyCustomers gives a few customers what the demo does not: a dunning
// pause, an exclusion, a contract rate and fee, their own delays, a
// flagged address, an unreviewed reply.
func varyCustomers(t *testing.T, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	db := st.DB()
	for _, q := range []string{
		`UPDATE customers SET dunning_paused_until = '2025-05-10' WHERE id % 37 = 1`,
		`UPDATE customers SET dunning_excluded = 1 WHERE id % 41 = 2`,
		`UPDATE customers SET contract_rate = 120000, contract_fee = 5000, contract_fee_currency = 'EUR' WHERE id % 29 = 3`,
		`UPDATE customers SET delay1 = 3, delay2 = 20, delay3 = 9 WHERE id % 23 = 4`,
		`UPDATE customers SET jurisdiction = 'DE' WHERE id % 31 = 5`,
		`UPDATE invoices SET dunning_excluded = 1 WHERE id % 97 = 6`,
		// Template variants (issue 19): a variant fixed by the owner.
		`UPDATE customers SET variant = 'C' WHERE id % 43 = 8`,
		`UPDATE customers SET variant = 'A' WHERE id % 47 = 9`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatal(q, err)
		}
	}
	var addrs []string
	rows, err := db.QueryContext(ctx, `SELECT address FROM customer_emails WHERE customer_id % 19 = 7`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var a string
		rows.Scan(&a)
		addrs = append(addrs, a)
	}
	rows.Close()
	if err := st.FlagAddresses(ctx, addrs, "550 no such user", 0, time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
}

// referenceDunningData is store.DunningData (customerID 0) or
// store.CustomerDunningData as they were before issue 13.
func referenceDunningData(t *testing.T, db *sql.DB, asOf ledger.Date, companyJurisdiction ledger.Jurisdiction, customerID int64) store.DunningData {
	t.Helper()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	out, err := referenceLoadDunning(ctx, tx, asOf, companyJurisdiction, customerID)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func referenceUnsettledOn(ctx context.Context, q *sql.Tx, asOf ledger.Date) (string, error) {
	var last sql.NullString
	if err := q.QueryRowContext(ctx, `SELECT max(settled_on) FROM invoices WHERE settled_on IS NOT NULL`).Scan(&last); err != nil {
		return "", err
	}
	if !last.Valid || last.String <= asOf.String() {
		return `i.settled_on IS NULL AND i.issue_date <= ?1`, nil
	}
	return `(i.settled_on IS NULL OR i.settled_on > ?1) AND i.issue_date <= ?1`, nil
}

func referenceLoadDunning(ctx context.Context, q *sql.Tx, asOf ledger.Date, companyJurisdiction ledger.Jurisdiction, customerID int64) (store.DunningData, error) {
	d := asOf.String()
	out := store.DunningData{Customers: map[int64]*dunning.Customer{}}
	unsettledOn, err := referenceUnsettledOn(ctx, q, asOf)
	if err != nil {
		return out, fmt.Errorf("read open invoices: %w", err)
	}
	args := []any{d}
	var ofInvoice, ofLetter string // the customer's invoices', letters' condition
	if customerID != 0 {
		args = append(args, customerID)
		unsettledOn += ` AND i.customer_id = ?2`
		ofInvoice = ` AND invoice_id IN (SELECT id FROM invoices WHERE customer_id = ?2)`
		ofLetter = ` AND l.customer_id = ?2`
	}
	var count int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM invoices i WHERE `+unsettledOn, args...).Scan(&count); err != nil {
		return out, fmt.Errorf("read open invoices: %w", err)
	}
	out.Invoices = make([]dunning.OpenInvoice, 0, count)
	index := make(map[int64]int, count)
	rows, err := q.QueryContext(ctx, `SELECT i.id, i.number, i.customer_id, i.issue_date, i.due_date, i.currency, i.total, i.dunning_excluded
		FROM invoices i WHERE `+unsettledOn, args...)
	if err != nil {
		return out, fmt.Errorf("read open invoices: %w", err)
	}
	for rows.Next() {
		var inv dunning.OpenInvoice
		var issue, due, cur string
		if err := rows.Scan(&inv.ID, &inv.Number, &inv.CustomerID, &issue, &due, &cur, &inv.Total.Minor, &inv.Excluded); err != nil {
			rows.Close()
			return out, err
		}
		inv.IssueDate, _ = ledger.ParseISODate(issue)
		inv.DueDate, _ = ledger.ParseISODate(due)
		inv.Total.Currency = ledger.Currency(cur)
		index[inv.ID] = len(out.Invoices)
		out.Invoices = append(out.Invoices, inv)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, err
	}
	// Payments of those invoices (only partly paid ones have any). CROSS
	// JOIN keeps SQLite from scanning every payment: invoices first.
	rows, err = q.QueryContext(ctx, `SELECT p.id, p.invoice_id, p.date, p.amount FROM invoices i CROSS JOIN payments p ON p.invoice_id = i.id
		WHERE `+unsettledOn+` AND p.date <= ?1`, args...)
	if err != nil {
		return out, fmt.Errorf("read payments: %w", err)
	}
	for rows.Next() {
		var p ledger.Payment
		var date string
		if err := rows.Scan(&p.ID, &p.InvoiceID, &date, &p.Amount); err != nil {
			rows.Close()
			return out, err
		}
		p.Date, _ = ledger.ParseISODate(date)
		if i, ok := index[p.InvoiceID]; ok {
			out.Invoices[i].Payments = append(out.Invoices[i].Payments, p)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, err
	}
	rows, err = q.QueryContext(ctx, `SELECT id, invoice_id, date, amount, source, recorded_on FROM promises WHERE recorded_on <= ?1`+ofInvoice, args...)
	if err != nil {
		return out, fmt.Errorf("read promises: %w", err)
	}
	for rows.Next() {
		var p ledger.Promise
		var date, rec string
		if err := rows.Scan(&p.ID, &p.InvoiceID, &date, &p.Amount, &p.Source, &rec); err != nil {
			rows.Close()
			return out, err
		}
		p.Date, _ = ledger.ParseISODate(date)
		p.RecordedOn, _ = ledger.ParseISODate(rec)
		if i, ok := index[p.InvoiceID]; ok {
			out.Invoices[i].Promises = append(out.Invoices[i].Promises, p)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, err
	}
	rows, err = q.QueryContext(ctx, `SELECT id, invoice_id, opened, coalesce(closed, '') FROM disputes WHERE opened <= ?1`+ofInvoice, args...)
	if err != nil {
		return out, fmt.Errorf("read disputes: %w", err)
	}
	for rows.Next() {
		var x ledger.Dispute
		var opened, closed string
		if err := rows.Scan(&x.ID, &x.InvoiceID, &opened, &closed); err != nil {
			rows.Close()
			return out, err
		}
		x.Opened, _ = ledger.ParseISODate(opened)
		if closed != "" {
			x.Closed, _ = ledger.ParseISODate(closed)
		}
		if i, ok := index[x.InvoiceID]; ok {
			out.Invoices[i].Disputes = append(out.Invoices[i].Disputes, x)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, err
	}
	// The customers of those invoices, named by id: handing SQLite the ids
	// we already hold is cheaper than having it find them again.
	ids := make([]int64, 0, len(out.Invoices)/2)
	seenCustomer := map[int64]bool{}
	for _, inv := range out.Invoices {
		if !seenCustomer[inv.CustomerID] {
			seenCustomer[inv.CustomerID] = true
			ids = append(ids, inv.CustomerID)
		}
	}
	idJSON, err := json.Marshal(ids)
	if err != nil {
		return out, err
	}
	rows, err = q.QueryContext(ctx, `SELECT c.id, c.code, c.name, c.kind, c.language, c.variant, c.jurisdiction, c.contract_rate, c.contract_fee, c.contract_fee_currency,
		c.dunning_excluded, coalesce(c.dunning_paused_until, ''), coalesce(c.delay1, 0), coalesce(c.delay2, 0), coalesce(c.delay3, 0),
		-- Email where the preference allows it, or from the day the
		-- customer went paperless (consent or a change of terms).
		(c.delivery <> 'postal' OR coalesce(c.email_only_from <= ?2, 0)) AND EXISTS (SELECT 1 FROM customer_emails e WHERE e.customer_id = c.id
			AND NOT EXISTS (SELECT 1 FROM email_flags f WHERE f.address = e.address)),
		-- An unreviewed reply pauses its customer; one from an unknown
		-- sender (migration 0009) pauses no one.
		EXISTS (SELECT 1 FROM inbound i WHERE i.customer_id = c.id AND i.class = 'reply' AND i.reviewed = 0 AND i.trust = '')
		FROM json_each(?1) j CROSS JOIN customers c ON c.id = j.value`, string(idJSON), d)
	if err != nil {
		return out, fmt.Errorf("read customers: %w", err)
	}
	for rows.Next() {
		var c dunning.Customer
		var kind, lang, jur, feeCur, paused string
		var rate, fee sql.NullInt64
		if err := rows.Scan(&c.ID, &c.Code, &c.Name, &kind, &lang, &c.Variant, &jur, &rate, &fee, &feeCur, &c.Excluded, &paused,
			&c.Delays[1], &c.Delays[2], &c.Delays[3], &c.EmailUsable, &c.AwaitingReview); err != nil {
			rows.Close()
			return out, err
		}
		c.Debtor = referenceDebtor(kind, jur, rate, fee, feeCur, companyJurisdiction)
		c.Language = ledger.Language(lang)
		if paused != "" {
			c.PausedUntil, _ = ledger.ParseISODate(paused)
		}
		cc := c
		out.Customers[c.ID] = &cc
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, err
	}
	// The letters: every one up to the date with the invoices it covered.
	// Letters are few next to invoices (one per customer and run).
	rows, err = q.QueryContext(ctx, `SELECT l.id, l.customer_id, l.currency, l.level, l.kind, l.date, l.variant, li.invoice_id, li.level
		FROM letters l LEFT JOIN letter_invoices li ON li.letter_id = l.id WHERE l.date <= ?1`+ofLetter+` ORDER BY l.id`, args...)
	if err != nil {
		return out, fmt.Errorf("read letters: %w", err)
	}
	for rows.Next() {
		var l dunning.SentLetter
		var cur, date string
		var invID, invLevel sql.NullInt64
		if err := rows.Scan(&l.ID, &l.CustomerID, &cur, &l.Level, &l.Kind, &date, &l.Variant, &invID, &invLevel); err != nil {
			rows.Close()
			return out, err
		}
		n := len(out.Letters)
		if n == 0 || out.Letters[n-1].ID != l.ID {
			l.Currency = ledger.Currency(cur)
			l.Date, _ = ledger.ParseISODate(date)
			l.Invoices = map[int64]int{}
			out.Letters = append(out.Letters, l)
			n++
		}
		if invID.Valid {
			out.Letters[n-1].Invoices[invID.Int64] = int(invLevel.Int64)
		}
	}
	rows.Close()
	return out, rows.Err()
}

func referenceDebtor(kind, jur string, rate, fee sql.NullInt64, feeCur string, company ledger.Jurisdiction) dunning.Debtor {
	d := dunning.Debtor{Kind: ledger.CustomerKind(kind), Jurisdiction: ledger.Jurisdiction(jur)}
	if jur == "" {
		d.Jurisdiction = company
	}
	if rate.Valid {
		r := dunning.Rate(rate.Int64)
		d.ContractRate = &r
	}
	if fee.Valid {
		d.ContractFee = &ledger.Money{Minor: fee.Int64, Currency: ledger.Currency(feeCur)}
	}
	return d
}
