package bank

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// run is one import's matching: what the credits name is read once for
// all of them (prepare), then each entry is decided and recorded in the
// file's order (record), the named invoices' balances kept in memory as
// payments are made.
type run struct {
	svc     *Service
	b       *store.Batch
	res     *ImportResult
	paidInv map[int64]bool
	paid    map[ledger.Currency]int64

	numbers  *numberIndex
	found    map[*store.BankEntry]found
	invoices map[string]*store.BankInvoice // by number: every invoice a credit names
	payers   *payerIndex
}

// found is what a credit's texts name: invoices by structured reference,
// and invoice number keys with the numbers that have each.
type found struct {
	byRef   []string   // invoice numbers
	numbers [][]string // per key found in the text, its invoices' numbers
}

// isCredit: money in that may pay an invoice (not a reversal, not the
// bank's interest).
func isCredit(e *store.BankEntry) bool { return e.Credit && !e.Reversal && !e.Fee }

// prepare reads what the credits name: every invoice number (once, for
// all of them), the structured references' invoices, then the named
// invoices with their balances, in one query each.
func (r *run) prepare(ctx context.Context, todo []store.BankEntry) error {
	r.found = map[*store.BankEntry]found{}
	r.invoices = map[string]*store.BankInvoice{}
	var credits []*store.BankEntry
	for i := range todo {
		if isCredit(&todo[i]) {
			credits = append(credits, &todo[i])
		}
	}
	if len(credits) == 0 {
		return nil
	}
	all, err := r.b.InvoiceNumbersJoined(ctx)
	if err != nil {
		return err
	}
	r.numbers = newNumberIndex(all)
	refsOf := make([][]string, len(credits))
	var refs []string
	for i, e := range credits {
		refsOf[i] = creditRefs(e)
		refs = append(refs, refsOf[i]...)
	}
	byRef, err := invoicesByCreditorRef(ctx, r.b.Queries, refs)
	if err != nil {
		return err
	}
	var numbers []string
	for i, e := range credits {
		var f found
		for _, ref := range refsOf[i] {
			if n, ok := byRef[ref]; ok && !slices.Contains(f.byRef, n) {
				f.byRef = append(f.byRef, n)
			}
		}
		if len(f.byRef) == 0 {
			_, f.numbers = r.numbers.numbersIn(e.StructuredRef + " " + e.Text)
		}
		numbers = append(numbers, f.byRef...)
		for _, ns := range f.numbers {
			numbers = append(numbers, ns...)
		}
		r.found[e] = f
	}
	slices.Sort(numbers)
	invs, err := r.b.BankInvoicesByNumber(ctx, slices.Compact(numbers))
	if err != nil {
		return err
	}
	for i := range invs {
		r.invoices[invs[i].Number] = &invs[i]
	}
	return nil
}

// creditRefs are the structured creditor references an entry gives: its
// structured field's, and those written in its text, check digits right.
func creditRefs(e *store.BankEntry) []string {
	return findStructuredReferences(e.StructuredRef + " " + e.Text)
}

// decision is what a credit does: payments now (applied), suggestions for
// the owner (proposal), or nothing (unmatched).
type decision struct {
	state  ledger.BankEntryState
	allocs []alloc
	props  []store.BankProposal
}

// alloc is a part of a credit paid to one invoice.
type alloc struct {
	inv    *store.BankInvoice
	amount int64
}

// decide matches a credit, strongest first: its structured reference's
// invoice, else the invoice numbers in its text, else a known payer. It is
// applied at once only when unambiguous: every invoice it names exists, is
// the same customer's, in its currency, with something left to pay, and
// the amount is no larger than their balances (split oldest first); a
// number several invoices share once separators are dropped is never
// applied. Anything else is a proposal naming its customers, or, naming
// no one, unmatched.
func (r *run) decide(ctx context.Context, e *store.BankEntry) (decision, error) {
	f := r.found[e]
	reason := ledger.ProposalReference
	nums := f.byRef
	collision := false
	if len(nums) == 0 {
		reason = ledger.ProposalNumber
		for _, ns := range f.numbers {
			collision = collision || len(ns) > 1
			nums = append(nums, ns...)
		}
	}
	var named []*store.BankInvoice
	for _, n := range nums {
		if inv := r.invoices[n]; inv != nil && !slices.Contains(named, inv) {
			named = append(named, inv)
		}
	}
	if len(named) == 0 {
		return r.byPayer(ctx, e)
	}
	sortOldestFirst(named)
	if !collision {
		if allocs, ok := allocateWithin(e.Amount, named); ok {
			return decision{state: ledger.BankApplied, allocs: allocs}, nil
		}
	}
	if collision {
		reason = ledger.ProposalCollision
	}
	d := decision{state: ledger.BankProposal}
	for _, inv := range named {
		d.props = append(d.props, store.BankProposal{CustomerID: inv.CustomerID, InvoiceID: inv.ID, Reason: reason})
	}
	return d, nil
}

func sortOldestFirst(invs []*store.BankInvoice) {
	slices.SortStableFunc(invs, func(a, b *store.BankInvoice) int {
		return cmp.Or(cmp.Compare(a.Issue, b.Issue), strings.Compare(a.Number, b.Number))
	})
}

// allocateWithin splits amount over the invoices (oldest first) when it
// fits: one customer, the amount's currency, each with something left to
// pay, their balances together at least the amount.
func allocateWithin(amount ledger.Money, invs []*store.BankInvoice) ([]alloc, bool) {
	var sum int64
	for _, inv := range invs {
		if inv.CustomerID != invs[0].CustomerID || inv.Currency != amount.Currency || inv.Balance <= 0 {
			return nil, false
		}
		sum += inv.Balance
	}
	if amount.Minor > sum {
		return nil, false
	}
	allocs, _ := split(amount.Minor, invs)
	return allocs, true
}

// split pays invs oldest first up to their balances; the rest is what
// they could not take.
func split(amount int64, invs []*store.BankInvoice) (allocs []alloc, rest int64) {
	rest = amount
	for _, inv := range invs {
		if rest == 0 {
			break
		}
		if inv.Balance <= 0 {
			continue
		}
		part := min(rest, inv.Balance)
		allocs = append(allocs, alloc{inv: inv, amount: part})
		rest -= part
	}
	return allocs, rest
}

// maxPayerCustomers: a name that more customers bear names no one in
// particular; it holds nobody's letters.
const maxPayerCustomers = 3

// byPayer: a credit that names no invoice, from a payer known for some
// customers (an IBAN or name learned from confirmed matches, or the
// customer's own name). Each such customer is suggested, with the open
// invoice whose balance the amount equals (or their whole open balance),
// else without an invoice.
func (r *run) byPayer(ctx context.Context, e *store.BankEntry) (decision, error) {
	if e.PartyName == "" && e.PartyIBAN == "" {
		return decision{state: ledger.BankUnmatched}, nil
	}
	if r.payers == nil {
		p, err := loadPayers(ctx, r.b.Queries)
		if err != nil {
			return decision{}, err
		}
		r.payers = p
	}
	ids := r.payers.customers(e.PartyIBAN, e.PartyName)
	if len(ids) == 0 || len(ids) > maxPayerCustomers {
		return decision{state: ledger.BankUnmatched}, nil
	}
	d := decision{state: ledger.BankProposal}
	for _, id := range ids {
		p, err := suggestFor(ctx, r.b.Queries, id, e.Amount)
		if err != nil {
			return d, err
		}
		d.props = append(d.props, p)
	}
	return d, nil
}

// suggestFor is what a credit from a customer's known payer suggests: the
// open invoice whose balance it equals, or the customer's whole open
// balance (no invoice: applied oldest first), else the customer alone.
func suggestFor(ctx context.Context, q *store.Queries, customerID int64, amount ledger.Money) (store.BankProposal, error) {
	p := store.BankProposal{CustomerID: customerID, Reason: ledger.ProposalPayer}
	open, err := q.OpenBankInvoicesOf(ctx, customerID, amount.Currency)
	if err != nil {
		return p, err
	}
	var total int64
	var exact []store.BankInvoice
	for _, inv := range open {
		total += inv.Balance
		if inv.Balance == amount.Minor {
			exact = append(exact, inv)
		}
	}
	switch {
	case len(exact) == 1:
		p.InvoiceID, p.Reason = exact[0].ID, ledger.ProposalAmount
	case len(open) > 0 && total == amount.Minor:
		p.Reason = ledger.ProposalAmount
	}
	return p, nil
}

// payerIndex finds the customers a payer may be: by IBAN learned, by name
// learned or the customer's own (folded, foldPayer).
type payerIndex struct {
	iban map[string][]int64
	name map[string][]int64
}

func loadPayers(ctx context.Context, q *store.Queries) (*payerIndex, error) {
	x := &payerIndex{iban: map[string][]int64{}, name: map[string][]int64{}}
	add := func(m map[string][]int64, k string, id int64) {
		if k != "" && !slices.Contains(m[k], id) {
			m[k] = append(m[k], id)
		}
	}
	ps, err := q.Payers(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		if p.Kind == ledger.PayerIBAN {
			add(x.iban, p.Value, p.CustomerID)
		} else {
			add(x.name, p.Value, p.CustomerID)
		}
	}
	all, err := q.CustomerNamesJoined(ctx)
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(all, "\n") {
		idText, name, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		id, err := strconv.ParseInt(idText, 10, 64)
		if err != nil {
			continue
		}
		add(x.name, foldPayer(name), id)
	}
	return x, nil
}

// customers a payer may be, by IBAN first (an account is one payer's),
// else by name.
func (x *payerIndex) customers(iban, name string) []int64 {
	if iban != "" {
		if ids := x.iban[iban]; len(ids) > 0 {
			return ids
		}
	}
	if k := foldPayer(name); k != "" {
		return x.name[k]
	}
	return nil
}
