package bank

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// Proposal is a credit waiting for the owner (or one that named no one,
// Entry.State unmatched), with what it suggests.
type Proposal struct {
	Entry       store.BankEntry
	Suggestions []store.BankProposal
	// Choices are the invoices the owner may pick for it, by number: the
	// suggested ones first, then the suggested customers' other open
	// invoices in the credit's currency, oldest first.
	Choices []string
}

// BankProposals are the credits to review, oldest first: proposals, then
// those that named no one (they hold nobody's letters, and may still be
// applied to an invoice the owner names).
func (s *Service) BankProposals(ctx context.Context) ([]Proposal, error) {
	var out []Proposal
	err := s.St.BankSnapshot(ctx, func(q *store.Queries) error {
		es, err := q.PendingBankEntries(ctx)
		if err != nil {
			return err
		}
		sugg, err := q.BankProposalsOf(ctx, 0)
		if err != nil {
			return err
		}
		by := map[int64][]store.BankProposal{}
		for _, p := range sugg {
			by[p.EntryID] = append(by[p.EntryID], p)
		}
		for _, e := range es {
			p := Proposal{Entry: e, Suggestions: by[e.ID]}
			var customers []int64
			for _, sg := range p.Suggestions {
				if sg.InvoiceNumber != "" && !slices.Contains(p.Choices, sg.InvoiceNumber) {
					p.Choices = append(p.Choices, sg.InvoiceNumber)
				}
				if !slices.Contains(customers, sg.CustomerID) {
					customers = append(customers, sg.CustomerID)
				}
			}
			for _, id := range customers {
				open, err := q.OpenBankInvoicesOf(ctx, id, e.Amount.Currency)
				if err != nil {
					return err
				}
				for _, inv := range open {
					if !slices.Contains(p.Choices, inv.Number) {
						p.Choices = append(p.Choices, inv.Number)
					}
				}
			}
			out = append(out, p)
		}
		// Proposals first: they hold letters.
		slices.SortStableFunc(out, func(a, b Proposal) int {
			return boolOrder(a.Entry.State != ledger.BankProposal) - boolOrder(b.Entry.State != ledger.BankProposal)
		})
		return nil
	})
	return out, err
}

func boolOrder(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Applied is what applying a proposal paid.
type Applied struct {
	EntryID      int64
	CustomerCode string
	Paid         []AppliedPart
	Credit       ledger.Money // left over: the customer's credit
}

// AppliedPart is the part of a credit paid to one invoice.
type AppliedPart struct {
	Invoice string
	Amount  ledger.Money
}

// ApplyBankProposal applies a waiting credit: to the invoices the owner names
// (one customer's, in the credit's currency), else to what the proposal
// suggests when it names one customer (the invoice it suggests, else that
// customer's open invoices, oldest first). What the invoices cannot take
// becomes the customer's credit. The payer is learned as the customer's;
// their letters go on.
func (s *Service) ApplyBankProposal(ctx context.Context, id int64, invoices []string) (Applied, error) {
	out := Applied{EntryID: id}
	err := s.St.InBatch(ctx, false, func(b *store.Batch) error {
		e, err := s.pending(ctx, b, id)
		if err != nil {
			return err
		}
		sugg, err := b.BankProposalsOf(ctx, id)
		if err != nil {
			return err
		}
		var named []*store.BankInvoice
		var customerID int64
		var code string
		if len(invoices) > 0 {
			invs, err := b.BankInvoicesByNumber(ctx, invoices)
			if err != nil {
				return err
			}
			for _, n := range invoices {
				if !slices.ContainsFunc(invs, func(inv store.BankInvoice) bool { return inv.Number == n }) {
					return core.UserErr("bank.unknown_invoice", n)
				}
			}
			for i := range invs {
				inv := &invs[i]
				if inv.Currency != e.Amount.Currency {
					return core.UserErr("bank.apply_currency", inv.Number, string(inv.Currency), string(e.Amount.Currency))
				}
				if inv.State == ledger.InvoiceVoid {
					return core.UserErr("bank.apply_void", inv.Number)
				}
				if inv.CustomerID != invs[0].CustomerID {
					return core.UserErr("bank.apply_customers", invs[0].Number, inv.Number)
				}
				named = append(named, inv)
			}
			customerID, code = invs[0].CustomerID, invs[0].CustomerCode
		} else {
			var ids []int64
			for _, p := range sugg {
				if customerID != 0 && p.CustomerID != customerID {
					return core.UserErr("bank.apply_pick", id)
				}
				customerID, code = p.CustomerID, p.CustomerCode
				if p.InvoiceID != 0 {
					ids = append(ids, p.InvoiceID)
				}
			}
			if customerID == 0 {
				return core.UserErr("bank.apply_pick", id)
			}
			invs, err := b.BankInvoicesByID(ctx, ids)
			if err != nil {
				return err
			}
			invs = slices.DeleteFunc(invs, func(inv store.BankInvoice) bool {
				return inv.Balance <= 0 || inv.Currency != e.Amount.Currency || inv.State != ledger.InvoiceActive
			})
			if len(invs) == 0 {
				if invs, err = b.OpenBankInvoicesOf(ctx, customerID, e.Amount.Currency); err != nil {
					return err
				}
			}
			for i := range invs {
				named = append(named, &invs[i])
			}
		}
		sortOldestFirst(named)
		allocs, excess := split(e.Amount.Minor, named)
		w := newWrites(s.Now())
		w.pay(b, &e, allocs, customerID, ledger.ChangeBankProposalApplied)
		if excess > 0 {
			if err := w.credit(ctx, b, &e, customerID, excess, ledger.ChangeBankProposalApplied); err != nil {
				return err
			}
		}
		if err := w.flush(ctx, b); err != nil {
			return err
		}
		out.CustomerCode = code
		for _, a := range allocs {
			out.Paid = append(out.Paid, AppliedPart{Invoice: a.inv.Number, Amount: ledger.Money{Minor: a.amount, Currency: e.Amount.Currency}})
		}
		if excess > 0 {
			out.Credit = ledger.Money{Minor: excess, Currency: e.Amount.Currency}
		}
		if err := b.ClearBankProposals(ctx, id); err != nil {
			return err
		}
		return b.SetBankEntryState(ctx, id, ledger.BankApplied)
	})
	return out, err
}

// IgnoreBankProposal says a waiting credit pays nothing: it is kept as
// ignored, and the letters of the customers it named go on.
func (s *Service) IgnoreBankProposal(ctx context.Context, id int64) error {
	return s.St.InBatch(ctx, false, func(b *store.Batch) error {
		e, err := s.pending(ctx, b, id)
		if err != nil {
			return err
		}
		sugg, err := b.BankProposalsOf(ctx, id)
		if err != nil {
			return err
		}
		who := core.Actor()
		seen := map[int64]bool{}
		for _, p := range sugg {
			if seen[p.CustomerID] {
				continue
			}
			seen[p.CustomerID] = true
			detail := fmt.Sprintf("bank entry %d (%s %s on %s, %s) ignored: it pays nothing", e.ID, e.Amount.Decimal(),
				e.Amount.Currency, e.BookingDate, e.PartyName)
			if err := b.RecordChange(ctx, &store.Change{At: s.Now(), Who: who, CustomerID: p.CustomerID, Kind: ledger.ChangeBankProposalIgnored, Detail: detail}); err != nil {
				return err
			}
		}
		if err := b.ClearBankProposals(ctx, id); err != nil {
			return err
		}
		return b.SetBankEntryState(ctx, id, ledger.BankIgnored)
	})
}

// pending reads an entry the owner may apply or ignore.
func (s *Service) pending(ctx context.Context, b *store.Batch, id int64) (store.BankEntry, error) {
	e, err := b.BankEntryByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return e, core.UserErr("bank.no_entry", id)
	}
	if err != nil {
		return e, err
	}
	if e.State != ledger.BankProposal && e.State != ledger.BankUnmatched {
		return e, core.UserErr("bank.not_pending", id, string(e.State))
	}
	return e, nil
}
