package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
)

// DunningData is the ledger's part of a plan's input: the invoices not
// fully paid on the date, with their payments, promises and disputes, their
// customers, and the letters already sent.
type DunningData struct {
	Customers map[int64]*dunning.Customer
	Invoices  []dunning.OpenInvoice
	Letters   []dunning.SentLetter
}

// DunningData reads the plan's input for asOf in one snapshot: a read
// transaction of its own on the database; in a batch, the batch's write
// transaction, so that the letters recorded are checked against the ledger
// they change. companyJurisdiction applies to customers without their own.
func (q *Queries) DunningData(ctx context.Context, asOf ledger.Date, companyJurisdiction ledger.Jurisdiction) (DunningData, error) {
	return q.dunningData(ctx, asOf, companyJurisdiction, 0)
}

// CustomerDunningData is DunningData for one customer only (by id): what
// the plan needs to propose that customer's next letter, read through the
// customer's indexes rather than the whole ledger.
func (q *Queries) CustomerDunningData(ctx context.Context, asOf ledger.Date, companyJurisdiction ledger.Jurisdiction, customerID int64) (DunningData, error) {
	return q.dunningData(ctx, asOf, companyJurisdiction, customerID)
}

func (q *Queries) dunningData(ctx context.Context, asOf ledger.Date, companyJurisdiction ledger.Jurisdiction, customerID int64) (DunningData, error) {
	var out DunningData
	err := q.snapshot(ctx, func(q *Queries) error {
		var err error
		out, err = loadDunning(ctx, q.db, asOf, companyJurisdiction, customerID)
		return err
	})
	return out, err
}

// unsettledOn returns the condition selecting the invoices not fully paid
// on ?1 and issued by then. When nothing was settled after the date (the
// plan for today), it is "settled_on IS NULL", which the partial index
// invoices_unsettled serves without reading the settled invoices.
func unsettledOn(ctx context.Context, q querier, asOf ledger.Date) (string, error) {
	var last sql.NullString
	if err := q.QueryRowContext(ctx, `SELECT max(settled_on) FROM invoices WHERE settled_on IS NOT NULL`).Scan(&last); err != nil {
		return "", err
	}
	if !last.Valid || last.String <= asOf.String() {
		return `i.settled_on IS NULL AND i.issue_date <= ?1`, nil
	}
	return `(i.settled_on IS NULL OR i.settled_on > ?1) AND i.issue_date <= ?1`, nil
}

// loadDunning reads the plan's input; customerID, when not 0, narrows it
// to that customer (?2 in the queries that take it).
func loadDunning(ctx context.Context, q querier, asOf ledger.Date, companyJurisdiction ledger.Jurisdiction, customerID int64) (DunningData, error) {
	d := asOf.String()
	out := DunningData{}
	unsettledOn, err := unsettledOn(ctx, q, asOf)
	if err != nil {
		return out, fmt.Errorf("read open invoices: %w", err)
	}
	args := []any{d}
	var ofInvoice string // the customer's invoices' condition
	if customerID != 0 {
		args = append(args, customerID)
		unsettledOn += ` AND i.customer_id = ?2`
		ofInvoice = ` AND invoice_id IN (SELECT id FROM invoices WHERE customer_id = ?2)`
	}
	// The count reads the covering index alone (migration 0011): cheaper
	// than growing a slice of 180,000 invoices by doubling.
	var count int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM invoices i WHERE `+unsettledOn, args...).Scan(&count); err != nil {
		return out, fmt.Errorf("read open invoices: %w", err)
	}
	out.Invoices = make([]dunning.OpenInvoice, 0, count)
	// Every column read through the pure-Go driver costs two or three
	// calls that each take SQLite's connection mutex; the invoice's short
	// fields of fixed format (dates, currency, exclusion, customer and
	// total, all checked by the schema or written by us) therefore come as
	// one text, which saves a third of this read (unpackInvoice).
	rows, err := q.QueryContext(ctx, `SELECT i.id, i.number,
		i.issue_date || i.due_date || i.currency || i.dunning_excluded || i.customer_id || ' ' || i.total
		FROM invoices i WHERE `+unsettledOn, args...)
	if err != nil {
		return out, fmt.Errorf("read open invoices: %w", err)
	}
	var codes interner
	for rows.Next() {
		out.Invoices = append(out.Invoices, dunning.OpenInvoice{})
		inv := &out.Invoices[len(out.Invoices)-1]
		var packed string
		if err := rows.Scan(&inv.ID, &inv.Number, &packed); err != nil {
			rows.Close()
			return out, err
		}
		if err := unpackInvoice(inv, packed, &codes); err != nil {
			rows.Close()
			return out, fmt.Errorf("read open invoices: invoice %s: %w", inv.Number, err)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, err
	}
	byID := sortedByID(out.Invoices)
	if err := attachStates(ctx, q, out.Invoices, byID, customerID, d); err != nil {
		return out, err
	}
	// Payments of those invoices (only partly paid ones have any). CROSS
	// JOIN keeps SQLite from scanning every payment: invoices first. The
	// date, whether an export left it unknown, and where the payment comes
	// from (with the credit note applied) come as one text (unpackPayment).
	rows, err = q.QueryContext(ctx, `SELECT p.id, p.invoice_id, p.date || p.undated || p.source || coalesce(p.credit_note_id, ''), p.amount
		FROM invoices i CROSS JOIN payments p ON p.invoice_id = i.id
		WHERE `+unsettledOn+` AND p.date <= ?1`, args...)
	if err != nil {
		return out, fmt.Errorf("read payments: %w", err)
	}
	var pays []ledger.Payment
	var creditIDs []int64 // of the credit notes applied, for their names
	for rows.Next() {
		var p ledger.Payment
		var packed string
		if err := rows.Scan(&p.ID, &p.InvoiceID, &packed, &p.Amount); err != nil {
			rows.Close()
			return out, err
		}
		if err := unpackPayment(&p, packed); err != nil {
			rows.Close()
			return out, fmt.Errorf("read payments: payment %d: %w", p.ID, err)
		}
		if p.CreditNoteID != 0 {
			creditIDs = append(creditIDs, p.CreditNoteID)
		}
		pays = append(pays, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, err
	}
	if len(creditIDs) > 0 {
		// Rare (credit notes come from some exports): the names of the
		// credit notes applied are read only when there are some.
		if err := attachCredits(ctx, q, out.Invoices, byID, pays, creditIDs); err != nil {
			return out, err
		}
	}
	attach(out.Invoices, byID, pays, func(p ledger.Payment) int64 { return p.InvoiceID },
		func(inv *dunning.OpenInvoice, ps []ledger.Payment) { inv.Payments = ps })
	rows, err = q.QueryContext(ctx, `SELECT id, invoice_id, date, amount, source, recorded_on FROM promises WHERE recorded_on <= ?1`+ofInvoice, args...)
	if err != nil {
		return out, fmt.Errorf("read promises: %w", err)
	}
	var promises []ledger.Promise
	for rows.Next() {
		var p ledger.Promise
		var date, rec string
		if err := rows.Scan(&p.ID, &p.InvoiceID, &date, &p.Amount, &p.Source, &rec); err != nil {
			rows.Close()
			return out, err
		}
		p.Date, _ = ledger.ParseISODate(date)
		p.RecordedOn, _ = ledger.ParseISODate(rec)
		promises = append(promises, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, err
	}
	attach(out.Invoices, byID, promises, func(p ledger.Promise) int64 { return p.InvoiceID },
		func(inv *dunning.OpenInvoice, ps []ledger.Promise) { inv.Promises = ps })
	rows, err = q.QueryContext(ctx, `SELECT id, invoice_id, opened, coalesce(closed, '') FROM disputes WHERE opened <= ?1`+ofInvoice, args...)
	if err != nil {
		return out, fmt.Errorf("read disputes: %w", err)
	}
	var disputes []ledger.Dispute
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
		disputes = append(disputes, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return out, err
	}
	attach(out.Invoices, byID, disputes, func(x ledger.Dispute) int64 { return x.InvoiceID },
		func(inv *dunning.OpenInvoice, xs []ledger.Dispute) { inv.Disputes = xs })
	if out.Customers, err = dunningCustomers(ctx, q, out.Invoices, d, companyJurisdiction); err != nil {
		return out, err
	}
	if out.Letters, err = dunningLetters(ctx, q, d, customerID); err != nil {
		return out, fmt.Errorf("read letters: %w", err)
	}
	return out, nil
}

// dunningLetters reads the letters up to the date d (of one customer when
// customerID is not 0), each with the invoices it covered. The history
// grows with every run (240,000 letters listing 630,000 invoices after
// five runs on the 1,000,000-invoice demo): the letters and their invoices
// are read as two lists in letter order and merged here, in 3 and 2
// columns (the letter's level, date, currency and kind as one text, an
// invoice and its level as one number), where the join repeated the
// letter's 6 columns with each invoice's 2 (reading the rows alone: 0.88 s
// then, 0.36 s now).
func dunningLetters(ctx context.Context, q querier, d string, customerID int64) ([]dunning.SentLetter, error) {
	// The variant (migration 0021) as one character, '-' for the default.
	const letterCols = `SELECT id, customer_id, level || date || currency || substr(variant || '-', 1, 1) || kind FROM letters WHERE date <= ?1`
	// level is 0 to 4 (the schema says so): 3 bits.
	const listedCols = `SELECT letter_id, invoice_id * 8 + level FROM letter_invoices`
	lettersSQL, listedSQL := letterCols+` ORDER BY id`, listedCols+` ORDER BY letter_id`
	args, listedArgs := []any{d}, []any(nil)
	if customerID != 0 {
		lettersSQL = letterCols + ` AND customer_id = ?2 ORDER BY id`
		listedSQL = listedCols + ` WHERE letter_id IN (SELECT id FROM letters WHERE customer_id = ?1) ORDER BY letter_id`
		args, listedArgs = append(args, customerID), []any{customerID}
	}
	rows, err := q.QueryContext(ctx, lettersSQL, args...)
	if err != nil {
		return nil, err
	}
	var out []dunning.SentLetter
	var codes interner
	for rows.Next() {
		var l dunning.SentLetter
		var packed string
		if err := rows.Scan(&l.ID, &l.CustomerID, &packed); err != nil {
			rows.Close()
			return nil, err
		}
		// level (1 digit), date (YYYY-MM-DD), currency (3 letters),
		// variant (1 letter or '-'), kind
		var err error
		if len(packed) < 16 || packed[0] < '0' || packed[0] > '4' {
			err = errors.New("malformed")
		} else {
			l.Level = int(packed[0] - '0')
			l.Date, err = ledger.ParseISODate(packed[1:11])
			l.Currency, l.Kind = ledger.Currency(codes.get(packed[11:14])), ledger.LetterKind(codes.get(packed[15:]))
			switch v := packed[14]; {
			case v == '-':
			case v >= 'A' && v <= 'Z':
				l.Variant = variantLetters[v-'A' : v-'A'+1]
			default:
				err = errors.New("malformed variant")
			}
		}
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("letter %d: unexpected fields %q: %w", l.ID, packed, err)
		}
		out = append(out, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	type listed struct{ letter, invoiceLevel int64 }
	var all []listed
	rows, err = q.QueryContext(ctx, listedSQL, listedArgs...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var x listed
		if err := rows.Scan(&x.letter, &x.invoiceLevel); err != nil {
			rows.Close()
			return nil, err
		}
		all = append(all, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Both lists are in letter order; an invoice listed by a letter after
	// the date finds no letter and is left out. Each map is made at its
	// size; a letter that listed none has an empty one.
	k := 0
	for i := range out {
		for k < len(all) && all[k].letter < out[i].ID {
			k++
		}
		j := k
		for j < len(all) && all[j].letter == out[i].ID {
			j++
		}
		out[i].Invoices = make(map[int64]int, j-k)
		for _, x := range all[k:j] {
			out[i].Invoices[x.invoiceLevel>>3] = int(x.invoiceLevel & 7)
		}
		k = j
	}
	return out, nil
}

// dunningCustomers reads the customers of the invoices, named by id:
// handing SQLite the ids we already hold is cheaper than having it find
// them again, and handing them in ascending order makes its look-ups walk
// the customer table front to back (a third faster than in the invoices'
// order). They are stored in one slice: one allocation instead of one per
// customer, and the planner, which reads a customer for every invoice,
// finds them close together in memory.
func dunningCustomers(ctx context.Context, q querier, invs []dunning.OpenInvoice, d string, companyJurisdiction ledger.Jurisdiction) (map[int64]*dunning.Customer, error) {
	ids := make([]int64, len(invs))
	for i := range invs {
		ids[i] = invs[i].CustomerID
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	idJSON := idList(ids)
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.code, c.name, c.kind, c.language, c.variant, c.jurisdiction, c.contract_rate, c.contract_fee, c.contract_fee_currency,
		c.dunning_excluded, coalesce(c.dunning_paused_until, ''), coalesce(c.delay1, 0), coalesce(c.delay2, 0), coalesce(c.delay3, 0),
		coalesce(c.start_level, 0), coalesce(c.start_level_on, ''),
		-- Email where the preference allows it, or from the day the
		-- customer went paperless (consent or a change of terms).
		(c.delivery <> 'postal' OR coalesce(c.email_only_from <= ?2, 0)) AND EXISTS (SELECT 1 FROM customer_emails e WHERE e.customer_id = c.id
			AND NOT EXISTS (SELECT 1 FROM email_flags f WHERE f.address = e.address)),
		-- An unreviewed reply pauses its customer; one from an unknown
		-- sender (migration 0009) pauses no one.
		EXISTS (SELECT 1 FROM inbound i WHERE i.customer_id = c.id AND i.class = 'reply' AND i.reviewed = 0 AND i.trust = ''),
		-- A bank credit waiting for the owner that names the customer
		-- holds their letters (migration 0015).
		EXISTS (SELECT 1 FROM bank_proposals b WHERE b.customer_id = c.id)
		FROM json_each(?1) j CROSS JOIN customers c ON c.id = j.value`, idJSON, d)
	if err != nil {
		return nil, fmt.Errorf("read customers: %w", err)
	}
	defer rows.Close()
	cs := make([]dunning.Customer, 0, len(ids))
	var codes interner // the languages: a handful
	for rows.Next() {
		cs = append(cs, dunning.Customer{})
		c := &cs[len(cs)-1]
		var kind, lang, jur, feeCur, paused, startOn string
		var rate, fee sql.NullInt64
		if err := rows.Scan(&c.ID, &c.Code, &c.Name, &kind, &lang, &c.Variant, &jur, &rate, &fee, &feeCur, &c.Excluded, &paused,
			&c.Delays[1], &c.Delays[2], &c.Delays[3], &c.Start.Level, &startOn, &c.EmailUsable, &c.AwaitingReview, &c.BankReview); err != nil {
			return nil, err
		}
		c.Start.On = parseDate(startOn)
		c.Language = ledger.Language(codes.get(lang))
		c.Debtor = debtor(kind, jur, rate, fee, feeCur, companyJurisdiction)
		if paused != "" {
			c.PausedUntil, _ = ledger.ParseISODate(paused)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make(map[int64]*dunning.Customer, len(cs))
	for i := range cs {
		out[cs[i].ID] = &cs[i]
	}
	return out, nil
}

// variantLetters hands out a letter's one-letter variant without
// allocating a string per letter.
const variantLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// idList is ids as the JSON array json_each reads.
func idList(ids []int64) string {
	b := make([]byte, 0, 8*len(ids)+2)
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(append(b, ']'))
}

// attachCredits names the credit notes applied among pays (creditIDs:
// their credit notes) and hands each invoice its credits, in the
// payments' order.
func attachCredits(ctx context.Context, q querier, invs []dunning.OpenInvoice, byID []invoicePos, pays []ledger.Payment, creditIDs []int64) error {
	slices.Sort(creditIDs)
	names, err := creditNoteNames(ctx, q, slices.Compact(creditIDs))
	if err != nil {
		return err
	}
	type applied struct {
		invoice int64
		c       dunning.Credit
	}
	var credits []applied
	for _, p := range pays {
		if p.CreditNoteID == 0 {
			continue
		}
		c := names[p.CreditNoteID]
		c.From, c.Amount = p.Date, p.Amount
		credits = append(credits, applied{p.InvoiceID, c})
	}
	// In the order they count; attach keeps it within each invoice.
	slices.SortStableFunc(credits, func(a, b applied) int { return cmp.Compare(a.c.From, b.c.From) })
	attach(invs, byID, credits, func(a applied) int64 { return a.invoice }, func(inv *dunning.OpenInvoice, as []applied) {
		inv.Credits = make([]dunning.Credit, len(as))
		for i, a := range as {
			inv.Credits[i] = a.c
		}
	})
	return nil
}

// unpackInvoice reads the text the open-invoice query makes of an
// invoice's short fields: issue and due dates (YYYY-MM-DD), currency (3
// letters), dunning exclusion (0 or 1), then the customer id, a space and
// the total.
func unpackInvoice(inv *dunning.OpenInvoice, s string, codes *interner) error {
	if len(s) < 27 || (s[23] != '0' && s[23] != '1') {
		return fmt.Errorf("unexpected fields %q (relancectl check)", s)
	}
	var err1, err2, err3, err4 error
	inv.IssueDate, err1 = ledger.ParseISODate(s[:10])
	inv.DueDate, err2 = ledger.ParseISODate(s[10:20])
	inv.Total.Currency = ledger.Currency(codes.get(s[20:23]))
	inv.Excluded = s[23] == '1'
	customer, total, _ := strings.Cut(s[24:], " ")
	inv.CustomerID, err3 = strconv.ParseInt(customer, 10, 64)
	inv.Total.Minor, err4 = strconv.ParseInt(total, 10, 64)
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		return fmt.Errorf("unexpected fields %q (relancectl check): %w", s, err)
	}
	return nil
}

// interner keeps one copy of each short code read (currency, letter
// kind), so that a record does not hold on to the text it was cut from; a
// plan meets a handful, found faster along a list than by hashing.
type interner []string

func (in *interner) get(code string) string {
	for _, c := range *in {
		if c == code {
			return c
		}
	}
	c := strings.Clone(code)
	*in = append(*in, c)
	return c
}

// invoicePos is an invoice's id and its index in the loader's slice.
type invoicePos struct {
	id  int64
	pos int
}

// sortedByID lists the invoices' positions in id order, for attach. A
// sort of these pairs costs a quarter of filling a map of 180,000 ids.
func sortedByID(invs []dunning.OpenInvoice) []invoicePos {
	out := make([]invoicePos, len(invs))
	for i := range invs {
		out[i] = invoicePos{invs[i].ID, i}
	}
	slices.SortFunc(out, func(a, b invoicePos) int { return cmp.Compare(a.id, b.id) })
	return out
}

// attach hands each invoice its records (payments, promises, disputes) in
// the order the query gave them, walking the records sorted by invoice id
// alongside the invoices in id order; records of other invoices are
// dropped. The invoices share one backing array, each capped at its own
// records, so that an append to one never writes into the next.
func attach[T any](invs []dunning.OpenInvoice, byID []invoicePos, recs []T, invoiceOf func(T) int64, set func(*dunning.OpenInvoice, []T)) {
	if len(recs) == 0 {
		return
	}
	slices.SortStableFunc(recs, func(a, b T) int { return cmp.Compare(invoiceOf(a), invoiceOf(b)) })
	k := 0
	for i := 0; i < len(recs); {
		id := invoiceOf(recs[i])
		j := i + 1
		for j < len(recs) && invoiceOf(recs[j]) == id {
			j++
		}
		for k < len(byID) && byID[k].id < id {
			k++
		}
		if k < len(byID) && byID[k].id == id {
			set(&invs[byID[k].pos], recs[i:j:j])
		}
		i = j
	}
}

// InterestCase is an invoice with what its interest depends on.
type InterestCase struct {
	Invoice  ledger.Invoice
	Payments []ledger.Payment
	Customer dunning.Customer
}

// InterestCase reads one invoice's case for the interest computation.
func (q *Queries) InterestCase(ctx context.Context, number string, companyJurisdiction ledger.Jurisdiction) (InterestCase, error) {
	var ic InterestCase
	inv, err := q.InvoiceByNumber(ctx, number)
	if err != nil {
		return ic, err
	}
	ic.Invoice = inv
	if ic.Payments, err = q.PaymentsOf(ctx, inv.ID); err != nil {
		return ic, err
	}
	var kind, jur, feeCur string
	var rate, fee sql.NullInt64
	err = q.row(ctx, `SELECT id, code, name, kind, jurisdiction, contract_rate, contract_fee, contract_fee_currency
		FROM customers WHERE id = ?`, inv.CustomerID).Scan(&ic.Customer.ID, &ic.Customer.Code, &ic.Customer.Name, &kind, &jur, &rate, &fee, &feeCur)
	if err != nil {
		return ic, fmt.Errorf("read customer of invoice %s: %w", number, err)
	}
	ic.Customer.Debtor = debtor(kind, jur, rate, fee, feeCur, companyJurisdiction)
	return ic, nil
}

func debtor(kind, jur string, rate, fee sql.NullInt64, feeCur string, company ledger.Jurisdiction) dunning.Debtor {
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

// attachStates marks the open invoices void or written off on asOf. They
// are a handful, read through the partial index invoices_state (migration
// 0014), rather than a column more of every unsettled row, which the
// covering index of 0011 does not hold.
func attachStates(ctx context.Context, q querier, invs []dunning.OpenInvoice, byID []invoicePos, customerID int64, asOf string) error {
	query := `SELECT id, state, state_date FROM invoices WHERE state <> '' AND state_date <= ?1`
	args := []any{asOf}
	if customerID != 0 {
		query += ` AND customer_id = ?2`
		args = append(args, customerID)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("read invoice states: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var state ledger.InvoiceState
		var date string
		if err := rows.Scan(&id, &state, &date); err != nil {
			return fmt.Errorf("read invoice states: %w", err)
		}
		k, found := slices.BinarySearchFunc(byID, id, func(p invoicePos, id int64) int { return cmp.Compare(p.id, id) })
		if !found {
			continue // settled: not in the plan
		}
		inv := &invs[byID[k].pos]
		inv.State = state
		if inv.StateDate, err = ledger.ParseISODate(date); err != nil {
			return fmt.Errorf("invoice %s: state date %q: %w", inv.Number, date, err)
		}
	}
	return rows.Err()
}
