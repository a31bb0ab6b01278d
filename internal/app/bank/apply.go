package bank

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// record records one new entry and does what it says: a credit is
// matched (applied, proposed or unmatched), a reversal undoes its
// original, anything else changes nothing.
func (r *run) record(ctx context.Context, e *store.BankEntry) error {
	switch {
	case e.Reversal:
		r.res.Reversals++
		e.State = ledger.BankDebit
		if _, err := r.b.InsertBankEntry(ctx, e); err != nil {
			return err
		}
		undone, err := reverse(ctx, r.b, e, r.invoices)
		if undone {
			r.res.Undone++
		}
		return err
	case !isCredit(e):
		r.res.Debits++
		e.State = ledger.BankDebit
		_, err := r.b.InsertBankEntry(ctx, e)
		return err
	}
	r.res.Credits++
	d, err := r.decide(ctx, e)
	if err != nil {
		return err
	}
	e.State = d.state
	if _, err := r.b.InsertBankEntry(ctx, e); err != nil {
		return err
	}
	switch d.state {
	case ledger.BankApplied:
		r.res.Applied++
		for _, a := range d.allocs {
			r.paidInv[a.inv.ID] = true
			r.paid[e.Amount.Currency] += a.amount
		}
		return applyEntry(ctx, r.b, e, d.allocs, d.allocs[0].inv.CustomerID, 0, changeBankPayment)
	case ledger.BankProposal:
		r.res.Proposals++
		for i := range d.props {
			d.props[i].EntryID = e.ID
		}
		return r.b.AddBankProposals(ctx, d.props)
	default:
		r.res.Unmatched++
	}
	return nil
}

// applyEntry makes the payments of an entry (dated on its booking day,
// method transfer, reference the entry's key), the customer's credit of
// what is left over (a credit note of the entry, applied as the issue-14
// credits are: to their open invoices, else held for the next one), one
// change in the customer's timeline per invoice paid and for the credit,
// and learns the payer (IBAN and name) as the customer's.
func applyEntry(ctx context.Context, b *store.Batch, e *store.BankEntry, allocs []alloc, customerID, excess int64, kind changeKind) error {
	who := actor()
	for _, a := range allocs {
		p := ledger.Payment{InvoiceID: a.inv.ID, InvoiceNumber: a.inv.Number, Date: e.BookingDate, Amount: a.amount,
			Method: "transfer", Reference: e.Key}
		if err := b.InsertBankPayment(ctx, e.ID, &p); err != nil {
			return err
		}
		a.inv.Balance -= a.amount
		detail := fmt.Sprintf("%s %s paid on %s by bank entry %d (%s, %s)", ledger.Money{Minor: a.amount, Currency: e.Amount.Currency}.Decimal(),
			e.Amount.Currency, e.BookingDate, e.ID, e.Key, strings.TrimSpace(e.PartyName))
		if err := recordChange(ctx, b.Queries, &change{Who: who, CustomerID: a.inv.CustomerID, InvoiceID: a.inv.ID, Kind: kind, Detail: detail}); err != nil {
			return err
		}
	}
	if excess > 0 {
		c := ledger.CreditNote{Number: "BANK-" + strconv.FormatInt(e.ID, 10), CustomerID: customerID, Date: e.BookingDate,
			Amount: ledger.Money{Minor: excess, Currency: e.Amount.Currency}, Description: "bank " + e.Key}
		if err := b.SaveCreditNote(ctx, &c); err != nil {
			return err
		}
		if err := b.SetCreditNoteBankEntry(ctx, c.ID, e.ID); err != nil {
			return err
		}
		if _, _, err := b.ApplyCreditNote(ctx, c); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s %s of bank entry %d (%s) is the customer's credit (credit note %s)",
			c.Amount.Decimal(), c.Amount.Currency, e.ID, e.Key, c.Number)
		if err := recordChange(ctx, b.Queries, &change{Who: who, CustomerID: customerID, Kind: kind, Detail: detail}); err != nil {
			return err
		}
	}
	if err := b.LearnPayer(ctx, store.Payer{CustomerID: customerID, Kind: ledger.PayerIBAN, Value: e.PartyIBAN}); err != nil {
		return err
	}
	return b.LearnPayer(ctx, store.Payer{CustomerID: customerID, Kind: ledger.PayerName, Value: foldPayer(e.PartyName)})
}

// reverse undoes what the credit a reversal names did: the original is
// the account's credit whose key or end-to-end id the reversal gives,
// else the latest credit of the same amount from the same payer. Its
// payments and credit go (or its proposal, no longer to review), and it
// is marked reversed. It reports whether it found one to undo; balances
// in memory (invs, by number) get back what was removed.
func reverse(ctx context.Context, b *store.Batch, r *store.BankEntry, invs map[string]*store.BankInvoice) (bool, error) {
	if r.Credit {
		return false, nil // a debit given back: nothing of a customer's
	}
	var orig store.BankEntry
	err := errNotTried
	if r.OrigRef != "" {
		orig, err = b.BankEntryReversed(ctx, r.AccountID, r.OrigRef)
	}
	if err != nil && r.EndToEnd != "" && r.EndToEnd != "NOTPROVIDED" {
		orig, err = b.BankEntryReversed(ctx, r.AccountID, r.EndToEnd)
	}
	if err != nil {
		orig, err = b.BankEntryReversedLike(ctx, *r)
	}
	if err != nil {
		if isNotFound(err) {
			return false, nil
		}
		return false, err
	}
	switch orig.State {
	case ledger.BankReversed:
		return false, nil
	case ledger.BankApplied:
		removed, credits, err := b.UndoBankEntry(ctx, orig.ID)
		if err != nil {
			return false, err
		}
		who := actor()
		for _, p := range removed {
			if inv := invs[p.InvoiceNumber]; inv != nil {
				inv.Balance += p.Amount
			}
			var customerID int64
			if inv, err := b.InvoiceByNumber(ctx, p.InvoiceNumber); err == nil {
				customerID = inv.CustomerID
			}
			detail := fmt.Sprintf("%s %s of bank entry %d (%s) reversed by entry %d (%s): payment removed",
				ledger.Money{Minor: p.Amount, Currency: orig.Amount.Currency}.Decimal(), orig.Amount.Currency, orig.ID, orig.Key, r.ID, r.Key)
			if err := recordChange(ctx, b.Queries, &change{Who: who, CustomerID: customerID, InvoiceID: p.InvoiceID,
				Kind: changeBankReversal, Detail: detail}); err != nil {
				return false, err
			}
		}
		for _, c := range credits {
			detail := fmt.Sprintf("credit note %s (%s %s) of bank entry %d (%s) reversed by entry %d (%s): removed",
				c.Number, c.Amount.Decimal(), c.Amount.Currency, orig.ID, orig.Key, r.ID, r.Key)
			if err := recordChange(ctx, b.Queries, &change{Who: who, CustomerID: c.CustomerID, Kind: changeBankReversal, Detail: detail}); err != nil {
				return false, err
			}
		}
	case ledger.BankProposal:
		if err := b.ClearBankProposals(ctx, orig.ID); err != nil {
			return false, err
		}
	}
	return true, b.SetBankEntryState(ctx, orig.ID, ledger.BankReversed)
}

// errNotTried: no original looked up yet.
var errNotTried = errors.New("not looked up")

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
