package store

import (
	"context"
	"fmt"
	"time"

	"github.com/relance-app/relance/internal/ledger"
)

// Bank accounts and the entries of their statements (issue 15, migration
// 0015). Matching the entries to invoices is internal/app/bank's; these are
// its reads and writes.

// BankAccount is an account whose statements the owner imports.
type BankAccount struct {
	ID       int64
	Account  string // an IBAN (upper case, no spaces) or the bank's account id
	Name     string
	Currency ledger.Currency // "" when not known yet
	AddedAt  time.Time
}

// BankAccounts lists the accounts in the order they were added.
func (q *Queries) BankAccounts(ctx context.Context) ([]BankAccount, error) {
	rows, err := q.query(ctx, `SELECT id, account, name, currency, added_at FROM bank_accounts ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("read bank accounts: %w", err)
	}
	defer rows.Close()
	var out []BankAccount
	for rows.Next() {
		a, err := scanBankAccount(rows)
		if err != nil {
			return nil, fmt.Errorf("read bank accounts: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// BankAccountByAccount reads an account by its IBAN or id; ErrNotFound
// when it is not listed.
func (q *Queries) BankAccountByAccount(ctx context.Context, account string) (BankAccount, error) {
	a, err := scanBankAccount(q.row(ctx, `SELECT id, account, name, currency, added_at FROM bank_accounts WHERE account = ?`, account))
	if isNoRows(err) {
		return a, fmt.Errorf("bank account %q: %w", account, ErrNotFound)
	}
	if err != nil {
		return a, fmt.Errorf("read bank account %q: %w", account, err)
	}
	return a, nil
}

func scanBankAccount(r rowScanner) (BankAccount, error) {
	var a BankAccount
	var cur, at string
	if err := r.Scan(&a.ID, &a.Account, &a.Name, &cur, &at); err != nil {
		return a, err
	}
	a.Currency = ledger.Currency(cur)
	a.AddedAt, _ = time.Parse(time.RFC3339, at)
	return a, nil
}

// AddBankAccount lists an account; ErrDuplicate when it is already.
func (q *Queries) AddBankAccount(ctx context.Context, a *BankAccount) error {
	id, err := q.insert(ctx, `INSERT INTO bank_accounts (account, name, currency, added_at) VALUES (?, ?, ?, ?)`,
		a.Account, a.Name, string(a.Currency), a.AddedAt.UTC().Format(time.RFC3339))
	if q.dialect.isUnique(err) {
		return fmt.Errorf("bank account %q: %w", a.Account, ErrDuplicate)
	}
	if err != nil {
		return fmt.Errorf("add bank account %q: %w", a.Account, err)
	}
	a.ID = id
	return nil
}

// SetBankAccountCurrency records the currency an account's statements
// are in, once known.
func (q *Queries) SetBankAccountCurrency(ctx context.Context, id int64, cur ledger.Currency) error {
	if _, err := q.exec(ctx, `UPDATE bank_accounts SET currency = ? WHERE id = ?`, string(cur), id); err != nil {
		return fmt.Errorf("set bank account currency: %w", err)
	}
	return nil
}

// BankEntry is one booked line of a statement, as recorded.
type BankEntry struct {
	ID            int64
	AccountID     int64
	Account       string // filled by reads
	Key           string // the bank's reference, else a hash of the line
	BookingDate   ledger.Date
	ValueDate     ledger.Date
	Amount        ledger.Money // > 0
	Credit        bool
	Reversal      bool
	Fee           bool
	OrigRef       string
	PartyName     string
	PartyIBAN     string
	StructuredRef string
	Text          string
	EndToEnd      string
	File          string
	Line          int
	ImportedAt    time.Time
	State         ledger.BankEntryState
}

const bankEntryColumns = `e.id, e.account_id, a.account, e.key, e.booking_date, e.value_date, e.currency, e.amount, e.credit,
	e.reversal, e.fee, e.orig_ref, e.party_name, e.party_iban, e.structured_ref, e.text, e.end_to_end, e.file, e.line,
	e.imported_at, e.state`

func scanBankEntry(r rowScanner) (BankEntry, error) {
	var e BankEntry
	var booking, value, cur, at, state string
	if err := r.Scan(&e.ID, &e.AccountID, &e.Account, &e.Key, &booking, &value, &cur, &e.Amount.Minor, &e.Credit,
		&e.Reversal, &e.Fee, &e.OrigRef, &e.PartyName, &e.PartyIBAN, &e.StructuredRef, &e.Text, &e.EndToEnd, &e.File,
		&e.Line, &at, &state); err != nil {
		return e, err
	}
	e.BookingDate, _ = ledger.ParseISODate(booking)
	if value != "" {
		e.ValueDate, _ = ledger.ParseISODate(value)
	}
	e.Amount.Currency = ledger.Currency(cur)
	e.ImportedAt, _ = time.Parse(time.RFC3339, at)
	e.State = ledger.BankEntryState(state)
	return e, nil
}

// BankEntryKeys are the keys of an account's entries already recorded,
// so that an import skips them without trying each insert.
func (q *Queries) BankEntryKeys(ctx context.Context, accountID int64) (map[string]bool, error) {
	rows, err := q.query(ctx, `SELECT key FROM bank_entries WHERE account_id = ?`, accountID)
	if err != nil {
		return nil, fmt.Errorf("read bank entry keys: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, fmt.Errorf("read bank entry keys: %w", err)
		}
		out[k] = true
	}
	return out, rows.Err()
}

// InsertBankEntry records an entry; it reports false (and records
// nothing) when the account already has an entry of that key.
func (q *Queries) InsertBankEntry(ctx context.Context, e *BankEntry) (bool, error) {
	value := ""
	if !e.ValueDate.IsZero() {
		value = e.ValueDate.String()
	}
	id, err := q.insert(ctx, `INSERT INTO bank_entries (account_id, key, booking_date, value_date, currency, amount, credit,
		reversal, fee, orig_ref, party_name, party_iban, structured_ref, text, end_to_end, file, line, imported_at, state)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, key) DO NOTHING`,
		e.AccountID, e.Key, e.BookingDate.String(), value, string(e.Amount.Currency), e.Amount.Minor, e.Credit, e.Reversal,
		e.Fee, e.OrigRef, e.PartyName, e.PartyIBAN, e.StructuredRef, e.Text, e.EndToEnd, e.File, e.Line,
		e.ImportedAt.UTC().Format(time.RFC3339), string(e.State))
	if err != nil {
		return false, fmt.Errorf("record bank entry %s: %w", e.Key, err)
	}
	e.ID = id
	return id != 0, nil
}

// NextBankEntryID is the id the next entry takes: an import numbers its
// entries itself (it holds the write lock), to write them many to a
// statement and refer to them at once.
func (q *Queries) NextBankEntryID(ctx context.Context) (int64, error) {
	var id int64
	if err := q.row(ctx, `SELECT coalesce(max(id), 0) + 1 FROM bank_entries`).Scan(&id); err != nil {
		return 0, fmt.Errorf("read bank entries: %w", err)
	}
	return id, nil
}

// InsertBankEntries records entries numbered by the caller (their ID set,
// from NextBankEntryID), whose keys the account does not have yet
// (BankEntryKeys), many to a statement.
func (q *Queries) InsertBankEntries(ctx context.Context, es []BankEntry) error {
	err := insertRows(ctx, q, `INSERT INTO bank_entries (id, account_id, key, booking_date, value_date, currency, amount, credit,
		reversal, fee, orig_ref, party_name, party_iban, structured_ref, text, end_to_end, file, line, imported_at, state) VALUES `,
		"(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", "", len(es), func(i int, args []any) []any {
			e := &es[i]
			value := ""
			if !e.ValueDate.IsZero() {
				value = e.ValueDate.String()
			}
			return append(args, e.ID, e.AccountID, e.Key, e.BookingDate.String(), value, string(e.Amount.Currency), e.Amount.Minor,
				e.Credit, e.Reversal, e.Fee, e.OrigRef, e.PartyName, e.PartyIBAN, e.StructuredRef, e.Text, e.EndToEnd, e.File, e.Line,
				e.ImportedAt.UTC().Format(time.RFC3339), string(e.State))
		})
	if err != nil {
		return fmt.Errorf("record bank entries: %w", err)
	}
	return nil
}

// SetBankEntryState records what an entry did.
func (q *Queries) SetBankEntryState(ctx context.Context, id int64, s ledger.BankEntryState) error {
	if _, err := q.exec(ctx, `UPDATE bank_entries SET state = ? WHERE id = ?`, string(s), id); err != nil {
		return fmt.Errorf("set bank entry state: %w", err)
	}
	return nil
}

// BankEntryByID reads one entry; ErrNotFound when there is none.
func (q *Queries) BankEntryByID(ctx context.Context, id int64) (BankEntry, error) {
	e, err := scanBankEntry(q.row(ctx, `SELECT `+bankEntryColumns+` FROM bank_entries e JOIN bank_accounts a ON a.id = e.account_id
		WHERE e.id = ?`, id))
	if isNoRows(err) {
		return e, fmt.Errorf("bank entry %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return e, fmt.Errorf("read bank entry %d: %w", id, err)
	}
	return e, nil
}

// BankEntryReversed finds the credit a reversal undoes: the account's
// entry whose key or end-to-end id is ref; ErrNotFound when none.
func (q *Queries) BankEntryReversed(ctx context.Context, accountID int64, ref string) (BankEntry, error) {
	e, err := scanBankEntry(q.row(ctx, `SELECT `+bankEntryColumns+` FROM bank_entries e JOIN bank_accounts a ON a.id = e.account_id
		WHERE e.account_id = ?1 AND e.credit AND NOT e.reversal AND (e.key = ?2 OR (e.end_to_end = ?2 AND ?2 <> 'NOTPROVIDED'))
		ORDER BY e.id DESC LIMIT 1`, accountID, ref))
	if isNoRows(err) {
		return e, fmt.Errorf("bank entry %q: %w", ref, ErrNotFound)
	}
	if err != nil {
		return e, fmt.Errorf("read bank entry %q: %w", ref, err)
	}
	return e, nil
}

// BankEntryReversedLike finds, for a reversal that names no original, the
// latest credit of the same amount from the same party not reversed yet.
func (q *Queries) BankEntryReversedLike(ctx context.Context, r BankEntry) (BankEntry, error) {
	e, err := scanBankEntry(q.row(ctx, `SELECT `+bankEntryColumns+` FROM bank_entries e JOIN bank_accounts a ON a.id = e.account_id
		WHERE e.account_id = ? AND e.credit AND NOT e.reversal AND e.amount = ? AND e.currency = ? AND e.booking_date <= ?
		AND e.state <> 'reversed' AND ((e.party_iban <> '' AND e.party_iban = ?) OR (e.party_iban = '' AND e.party_name = ?))
		ORDER BY e.booking_date DESC, e.id DESC LIMIT 1`,
		r.AccountID, r.Amount.Minor, string(r.Amount.Currency), r.BookingDate.String(), r.PartyIBAN, r.PartyName))
	if isNoRows(err) {
		return e, fmt.Errorf("bank entry reversed by %s: %w", r.Key, ErrNotFound)
	}
	if err != nil {
		return e, fmt.Errorf("read bank entry reversed by %s: %w", r.Key, err)
	}
	return e, nil
}

// BankProposal is one suggestion of a proposal: a customer the entry may
// be of, and the invoice it may pay (0: none in particular).
type BankProposal struct {
	EntryID       int64
	CustomerID    int64
	CustomerCode  string // filled by reads
	CustomerName  string
	InvoiceID     int64
	InvoiceNumber string
	Reason        ledger.ProposalReason
}

// AddBankProposals records entries' suggestions.
func (q *Queries) AddBankProposals(ctx context.Context, ps []BankProposal) error {
	err := insertRows(ctx, q, `INSERT INTO bank_proposals (entry_id, customer_id, invoice_id, reason) VALUES `, "(?,?,?,?)", "", len(ps),
		func(i int, args []any) []any {
			p := &ps[i]
			var inv any
			if p.InvoiceID != 0 {
				inv = p.InvoiceID
			}
			return append(args, p.EntryID, p.CustomerID, inv, string(p.Reason))
		})
	if err != nil {
		return fmt.Errorf("record bank proposals: %w", err)
	}
	return nil
}

// ClearBankProposals removes an entry's suggestions (applied or ignored:
// its customers' letters go on).
func (q *Queries) ClearBankProposals(ctx context.Context, entryID int64) error {
	if _, err := q.exec(ctx, `DELETE FROM bank_proposals WHERE entry_id = ?`, entryID); err != nil {
		return fmt.Errorf("clear bank proposals: %w", err)
	}
	return nil
}

// PendingBankEntries are the credits waiting for the owner (proposals)
// and those that named no one (unmatched), oldest first.
func (q *Queries) PendingBankEntries(ctx context.Context) ([]BankEntry, error) {
	rows, err := q.query(ctx, `SELECT `+bankEntryColumns+` FROM bank_entries e JOIN bank_accounts a ON a.id = e.account_id
		WHERE e.state IN ('proposal', 'unmatched') ORDER BY e.booking_date, e.id`)
	if err != nil {
		return nil, fmt.Errorf("read bank proposals: %w", err)
	}
	defer rows.Close()
	var out []BankEntry
	for rows.Next() {
		e, err := scanBankEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("read bank proposals: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// BankProposalsOf are the suggestions of the waiting entries (all of them
// when entryID is 0), by entry, then in the order they were made.
func (q *Queries) BankProposalsOf(ctx context.Context, entryID int64) ([]BankProposal, error) {
	rows, err := q.query(ctx, `SELECT p.entry_id, p.customer_id, c.code, c.name, coalesce(p.invoice_id, 0),
		coalesce((SELECT i.number FROM invoices i WHERE i.id = p.invoice_id), ''), p.reason
		FROM bank_proposals p JOIN customers c ON c.id = p.customer_id
		WHERE ?1 = 0 OR p.entry_id = ?1 ORDER BY p.entry_id, p.id`, entryID)
	if err != nil {
		return nil, fmt.Errorf("read bank proposals: %w", err)
	}
	defer rows.Close()
	var out []BankProposal
	for rows.Next() {
		var p BankProposal
		var reason string
		if err := rows.Scan(&p.EntryID, &p.CustomerID, &p.CustomerCode, &p.CustomerName, &p.InvoiceID, &p.InvoiceNumber, &reason); err != nil {
			return nil, fmt.Errorf("read bank proposals: %w", err)
		}
		p.Reason = ledger.ProposalReason(reason)
		out = append(out, p)
	}
	return out, rows.Err()
}

// Payer is a name or an IBAN known to be a customer's.
type Payer struct {
	CustomerID int64
	Kind       ledger.PayerKind
	Value      string
}

// Payers are every payer learned.
func (q *Queries) Payers(ctx context.Context) ([]Payer, error) {
	rows, err := q.query(ctx, `SELECT customer_id, kind, value FROM customer_payers ORDER BY kind, value, customer_id`)
	if err != nil {
		return nil, fmt.Errorf("read payers: %w", err)
	}
	defer rows.Close()
	var out []Payer
	for rows.Next() {
		var p Payer
		var kind string
		if err := rows.Scan(&p.CustomerID, &kind, &p.Value); err != nil {
			return nil, fmt.Errorf("read payers: %w", err)
		}
		p.Kind = ledger.PayerKind(kind)
		out = append(out, p)
	}
	return out, rows.Err()
}

// LearnPayers records that names or IBANs are customers' (confirmed
// matches); those known already are left as they are.
func (q *Queries) LearnPayers(ctx context.Context, ps []Payer) error {
	err := insertRows(ctx, q, `INSERT INTO customer_payers (customer_id, kind, value) VALUES `, "(?,?,?)", " ON CONFLICT DO NOTHING", len(ps),
		func(i int, args []any) []any { return append(args, ps[i].CustomerID, string(ps[i].Kind), ps[i].Value) })
	if err != nil {
		return fmt.Errorf("learn payers: %w", err)
	}
	return nil
}

// BankSnapshot runs fn over one consistent read (the proposals' list reads
// the entries, then their suggestions).
func (q *Queries) BankSnapshot(ctx context.Context, fn func(q *Queries) error) error {
	return q.snapshot(ctx, fn)
}
