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
// all of them (prepare), then each entry is decided in the file's order,
// the named invoices' balances kept in memory as they are paid.
type run struct {
	svc     *Service
	b       *store.Batch
	res     *ImportResult
	paidInv map[int64]bool
	paid    map[ledger.Currency]int64

	numbers  *numberIndex // every invoice number (loadIndexes)
	found    map[*store.BankEntry]found
	invoices map[string]*store.BankInvoice // by number: every invoice a credit may pay
	payers   *payerIndex
	// The open invoices of the customers credits from known payers may be
	// of, per currency and customer.
	openOf map[ledger.Currency]map[int64][]*store.BankInvoice
	// The dinar invoices' model-97 references (refNumbers), once needed.
	dinarRefs map[string][]string
}

// found is what a credit's texts name: invoices by structured reference,
// invoice number keys with the numbers that have each, and the customers
// its payer may be.
type found struct {
	byRef   [][]string // per structured reference found, its invoices' numbers
	numbers [][]string // per number key found in the text, its invoices' numbers
	payers  []int64
}

// isCredit: money in that may pay an invoice (not a reversal, not the
// bank's interest).
func isCredit(e *store.BankEntry) bool { return e.Credit && !e.Reversal && !e.Fee }

// newRun is an import's matching state over b; what it learns of the
// ledger's invoices (their balances, lowered as credits pay them) lasts
// the whole file, read chunk after chunk.
func newRun(s *Service, b *store.Batch, res *ImportResult) *run {
	return &run{svc: s, b: b, res: res, paidInv: map[int64]bool{}, paid: map[ledger.Currency]int64{},
		invoices: map[string]*store.BankInvoice{}, openOf: map[ledger.Currency]map[int64][]*store.BankInvoice{}}
}

// loadIndexes reads every invoice number (to find them in the texts) and
// the payers known (learned, and the customers' own names), before the
// statement's entries are known: the file is read meanwhile.
func (r *run) loadIndexes(ctx context.Context) error {
	all, err := r.b.InvoiceNumbersJoined(ctx)
	if err != nil {
		return err
	}
	// The numbers' index is built (0.4 s a million invoices) while the
	// payers are read and their names folded: the reader of the file has
	// filled its chunks by then and waits, so the second core is free.
	built := make(chan struct{})
	go func() {
		r.numbers = newNumberIndex(all)
		close(built)
	}()
	r.payers, err = loadPayers(ctx, r.b.Queries)
	<-built
	return err
}

// prepare reads what the credits name, each kind in one query for all of
// them (every invoice number and the payers are loadIndexes'): the structured
// references' invoices, the named invoices with their balances, and, for
// the credits that name none, the open invoices of the customers their
// payer may be.
//
// It runs once per chunk of the file: an invoice read for an earlier
// chunk is kept as it is (its balance already lowered by the credits that
// paid it), never read again over it.
func (r *run) prepare(ctx context.Context, todo []store.BankEntry) error {
	r.found = map[*store.BankEntry]found{}
	var credits []*store.BankEntry
	for i := range todo {
		if isCredit(&todo[i]) {
			credits = append(credits, &todo[i])
		}
	}
	if len(credits) == 0 {
		return nil
	}
	refsOf := make([][]string, len(credits))
	var refs []string
	for i, e := range credits {
		refsOf[i] = creditRefs(e)
		refs = append(refs, refsOf[i]...)
	}
	slices.Sort(refs)
	// Every invoice of each reference: one that invoices share (their
	// numbers collide once separators are dropped) is a proposal.
	byRef, err := r.refNumbers(ctx, slices.Compact(refs))
	if err != nil {
		return err
	}
	var numbers []string
	payerIDs := map[ledger.Currency][]int64{}
	for i, e := range credits {
		var f found
		for _, ref := range refsOf[i] {
			if ns := byRef[ref]; len(ns) > 0 {
				f.byRef = append(f.byRef, ns)
			}
		}
		if len(f.byRef) == 0 {
			_, f.numbers = r.numbers.numbersIn(e.StructuredRef + " " + e.Text)
		}
		for _, ns := range f.byRef {
			numbers = append(numbers, ns...)
		}
		for _, ns := range f.numbers {
			numbers = append(numbers, ns...)
		}
		if len(f.byRef) == 0 && len(f.numbers) == 0 && (e.PartyName != "" || e.PartyIBAN != "") {
			if f.payers = r.payers.customers(e.PartyIBAN, e.PartyName); len(f.payers) <= maxPayerCustomers {
				payerIDs[e.Amount.Currency] = append(payerIDs[e.Amount.Currency], f.payers...)
			}
		}
		r.found[e] = f
	}
	numbers = slices.DeleteFunc(numbers, func(n string) bool { return r.invoices[n] != nil })
	slices.Sort(numbers)
	invs, err := r.b.BankInvoicesByNumber(ctx, slices.Compact(numbers))
	if err != nil {
		return err
	}
	for i := range invs {
		r.invoices[invs[i].Number] = &invs[i]
	}
	for cur, ids := range payerIDs {
		by := r.openOf[cur]
		if by == nil {
			by = map[int64][]*store.BankInvoice{}
			r.openOf[cur] = by
		}
		ids = slices.DeleteFunc(ids, func(id int64) bool { _, known := by[id]; return known })
		if len(ids) == 0 {
			continue
		}
		slices.Sort(ids)
		ids = slices.Compact(ids)
		open, err := r.b.OpenBankInvoicesOfCustomers(ctx, ids, cur)
		if err != nil {
			return err
		}
		for _, id := range ids {
			by[id] = nil // read: a customer with no open invoice is not read again
		}
		for i := range open {
			inv := r.invoices[open[i].Number]
			if inv == nil {
				inv = &open[i]
				r.invoices[inv.Number] = inv
			}
			by[inv.CustomerID] = append(by[inv.CustomerID], inv)
		}
		r.openOf[cur] = by
	}
	return nil
}

// refNumbers are the invoice numbers of each structured reference: every
// invoice whose reference it is (several when their numbers collide once
// separators are dropped: a proposal then). An RF reference's body is the
// invoice's number key (ledger.StructuredReference), found in the index
// of every number; a model-97 one (dinar invoices) has its letters turned
// into digits, so it is looked up among the dinar invoices' references,
// read once per import when a statement first gives one. No database
// index serves references: the bulk import would rebuild it (0.7–1 s a
// million invoices) for what the numbers' index already answers.
func (r *run) refNumbers(ctx context.Context, refs []string) (map[string][]string, error) {
	out := map[string][]string{}
	for _, ref := range refs {
		switch {
		case strings.HasPrefix(ref, "RF"):
			if ns := r.numbers.lookup(ref[4:]); len(ns) > 0 {
				out[ref] = ns
			}
		case strings.HasPrefix(ref, "97"):
			if r.dinarRefs == nil {
				m, err := r.b.CreditorRefNumbers(ctx, "RSD")
				if err != nil {
					return nil, err
				}
				r.dinarRefs = m
			}
			if ns := r.dinarRefs[ref]; len(ns) > 0 {
				out[ref] = ns
			}
		}
	}
	return out, nil
}

// creditRefs are the structured creditor references an entry gives: its
// structured field's, and those written in its text, check digits right.
func creditRefs(e *store.BankEntry) []string {
	return ledger.FindStructuredReferences(e.StructuredRef + " " + e.Text)
}

// decision is what a credit does: payments now (applied), suggestions for
// the owner (proposal), or nothing (unmatched).
type decision struct {
	state  ledger.BankEntryState
	allocs []alloc
	props  []store.BankProposal
}

// alloc is a part of a credit paid to one invoice; settles: it pays the
// invoice's rest.
type alloc struct {
	inv     *store.BankInvoice
	amount  int64
	settles bool
}

// decide matches a credit, strongest first: its structured reference's
// invoice, else the invoice numbers in its text, else a known payer. It is
// applied at once only when unambiguous: every invoice it names exists, is
// the same customer's, in its currency, with something left to pay (not
// void nor written off), and
// the amount is no larger than their balances (split oldest first); a
// number several invoices share once separators are dropped is never
// applied. Anything else is a proposal naming its customers, or, naming
// no one, unmatched. The balances of what is applied are lowered at once,
// for the credits after it.
func (r *run) decide(e *store.BankEntry) decision {
	f := r.found[e]
	reason := ledger.ProposalReference
	keys := f.byRef
	if len(keys) == 0 {
		reason, keys = ledger.ProposalNumber, f.numbers
	}
	var nums []string
	collision := false
	for _, ns := range keys {
		collision = collision || len(ns) > 1
		nums = append(nums, ns...)
	}
	var named []*store.BankInvoice
	for _, n := range nums {
		if inv := r.invoices[n]; inv != nil && !slices.Contains(named, inv) {
			named = append(named, inv)
		}
	}
	if len(named) == 0 {
		return r.byPayer(e, f.payers)
	}
	sortOldestFirst(named)
	if !collision {
		if allocs, ok := allocateWithin(e.Amount, named); ok {
			for _, a := range allocs {
				a.inv.Balance -= a.amount
			}
			return decision{state: ledger.BankApplied, allocs: allocs}
		}
	}
	if collision {
		reason = ledger.ProposalCollision
	}
	d := decision{state: ledger.BankProposal}
	for _, inv := range named {
		d.props = append(d.props, store.BankProposal{CustomerID: inv.CustomerID, InvoiceID: inv.ID, Reason: reason})
	}
	return d
}

func sortOldestFirst(invs []*store.BankInvoice) {
	slices.SortStableFunc(invs, func(a, b *store.BankInvoice) int {
		return cmp.Or(cmp.Compare(a.Issue, b.Issue), strings.Compare(a.Number, b.Number))
	})
}

// allocateWithin splits amount over the invoices (oldest first) when it
// fits: one customer, the amount's currency, each with something left to
// pay and neither void nor written off, their balances together at least
// the amount.
func allocateWithin(amount ledger.Money, invs []*store.BankInvoice) ([]alloc, bool) {
	var sum int64
	for _, inv := range invs {
		if inv.CustomerID != invs[0].CustomerID || inv.Currency != amount.Currency || inv.Balance <= 0 ||
			inv.State != ledger.InvoiceActive {
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
		allocs = append(allocs, alloc{inv: inv, amount: part, settles: part == inv.Balance})
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
// invoice whose balance the amount equals (or their whole open balance:
// no invoice, applied oldest first), else without an invoice.
func (r *run) byPayer(e *store.BankEntry, ids []int64) decision {
	if len(ids) == 0 || len(ids) > maxPayerCustomers {
		return decision{state: ledger.BankUnmatched}
	}
	d := decision{state: ledger.BankProposal}
	for _, id := range ids {
		d.props = append(d.props, suggestFor(id, e.Amount, r.openOf[e.Amount.Currency][id]))
	}
	return d
}

// suggestFor is what a credit from a customer's known payer suggests,
// given the customer's open invoices.
func suggestFor(customerID int64, amount ledger.Money, open []*store.BankInvoice) store.BankProposal {
	p := store.BankProposal{CustomerID: customerID, Reason: ledger.ProposalPayer}
	var total int64
	var exact []*store.BankInvoice
	n := 0
	for _, inv := range open {
		if inv.Balance <= 0 {
			continue
		}
		n++
		total += inv.Balance
		if inv.Balance == amount.Minor {
			exact = append(exact, inv)
		}
	}
	switch {
	case len(exact) == 1:
		p.InvoiceID, p.Reason = exact[0].ID, ledger.ProposalAmount
	case n > 0 && total == amount.Minor:
		p.Reason = ledger.ProposalAmount
	}
	return p
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
	for line := range strings.SplitSeq(all, "\n") {
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
