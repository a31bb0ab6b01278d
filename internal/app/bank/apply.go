package bank

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/app/core"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// writes are what matched entries make, written many rows to a statement
// (an import makes tens of thousands): payments, proposals, learned
// payers, timeline changes, and, while the settlement triggers are
// deferred, the invoices' settlement days.
type writes struct {
	payments  []store.BankPayment
	proposals []store.BankProposal
	payers    []store.Payer
	learned   map[store.Payer]bool
	changes   []store.Change
	// settled: invoice id → the day the payment that paid its rest was
	// booked, when no payment of it is dated later (else it is settled
	// from the view: SettleLater).
	settled map[int64]ledger.Date
	who     string    // core.Actor
	at      time.Time // when the changes are made
}

func newWrites(at time.Time) *writes {
	return &writes{learned: map[store.Payer]bool{}, settled: map[int64]ledger.Date{}, who: core.Actor(), at: at}
}

// flush writes what is queued.
func (w *writes) flush(ctx context.Context, b *store.Batch) error {
	if err := b.InsertBankPayments(ctx, w.payments); err != nil {
		return fmt.Errorf("record bank payments: %w", err)
	}
	if err := b.AddBankProposals(ctx, w.proposals); err != nil {
		return err
	}
	if err := b.LearnPayers(ctx, w.payers); err != nil {
		return err
	}
	if err := b.RecordChanges(ctx, w.changes); err != nil {
		return err
	}
	if err := b.SetSettledOn(ctx, w.settled); err != nil {
		return err
	}
	w.payments, w.proposals, w.payers, w.changes = w.payments[:0], w.proposals[:0], w.payers[:0], w.changes[:0]
	clear(w.settled)
	return nil
}

// pay queues the payments of an entry's parts (dated on its booking day,
// method transfer, reference the entry's key), one change in the
// customer's timeline per invoice paid, and learns the payer (IBAN and
// name) as the customer's.
func (w *writes) pay(b *store.Batch, e *store.BankEntry, allocs []alloc, customerID int64, kind ledger.ChangeKind) {
	for _, a := range allocs {
		w.payments = append(w.payments, store.BankPayment{EntryID: e.ID, Payment: ledger.Payment{InvoiceID: a.inv.ID,
			InvoiceNumber: a.inv.Number, Date: e.BookingDate, Amount: a.amount, Method: "transfer", Reference: e.Key}})
		if b.SettlementDeferred() && a.settles {
			// The rest paid: settled on this day, unless some payment is
			// dated later (then the view says when). A part leaves the
			// invoice unsettled, as it was.
			if a.inv.LastPaid <= e.BookingDate {
				w.settled[a.inv.ID] = e.BookingDate
			} else {
				b.SettleLater(a.inv.ID)
			}
		}
		a.inv.LastPaid = max(a.inv.LastPaid, e.BookingDate)
		detail := fmt.Sprintf("%s %s paid on %s by bank entry %d (%s, %s)", ledger.Money{Minor: a.amount, Currency: e.Amount.Currency}.Decimal(),
			e.Amount.Currency, e.BookingDate, e.ID, e.Key, strings.TrimSpace(e.PartyName))
		w.changes = append(w.changes, store.Change{At: w.at, Who: w.who, CustomerID: a.inv.CustomerID, InvoiceID: a.inv.ID, Kind: kind, Detail: detail})
	}
	name := foldPayer(e.PartyName)
	if len(allocs) > 0 && allocs[0].inv.CustomerID == customerID && name == foldPayer(allocs[0].inv.CustomerName) {
		name = "" // the customer's own name: known already (payerIndex)
	}
	for _, p := range []store.Payer{{CustomerID: customerID, Kind: ledger.PayerIBAN, Value: e.PartyIBAN},
		{CustomerID: customerID, Kind: ledger.PayerName, Value: name}} {
		if p.Value != "" && !w.learned[p] {
			w.learned[p] = true
			w.payers = append(w.payers, p)
		}
	}
}

// credit makes what an entry leaves over the customer's credit: a credit
// note of the entry, applied as issue 14's credits are (to their open
// invoices, oldest first, else held for the next one). The queued
// payments are written first: the credit is applied after them.
func (w *writes) credit(ctx context.Context, b *store.Batch, e *store.BankEntry, customerID, excess int64, kind ledger.ChangeKind) error {
	if err := w.flush(ctx, b); err != nil {
		return err
	}
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
	return b.RecordChange(ctx, &store.Change{At: w.at, Who: w.who, CustomerID: customerID, Kind: kind, Detail: detail})
}

// reverse undoes what the credit a reversal names did: the original is
// the account's credit whose key or end-to-end id the reversal gives,
// else the latest credit of the same amount from the same payer. Its
// payments and credit go (or its proposal, no longer to review), and it
// is marked reversed. It reports whether it found one to undo; balances
// in memory (invs, by number) get back what was removed. What w holds is
// written first.
func reverse(ctx context.Context, b *store.Batch, w *writes, r *store.BankEntry, invs map[string]*store.BankInvoice) (bool, error) {
	if r.Credit {
		return false, nil // a debit given back: nothing of a customer's
	}
	if err := w.flush(ctx, b); err != nil {
		return false, err
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
		removed, credits, touched, err := b.UndoBankEntry(ctx, orig.ID)
		if err != nil {
			return false, err
		}
		for _, id := range touched {
			b.SettleLater(id)
		}
		for _, p := range removed {
			var customerID int64
			if inv := invs[p.InvoiceNumber]; inv != nil {
				inv.Balance += p.Amount
				customerID = inv.CustomerID
			} else if inv, err := b.InvoiceByNumber(ctx, p.InvoiceNumber); err == nil {
				customerID = inv.CustomerID
			}
			detail := fmt.Sprintf("%s %s of bank entry %d (%s) reversed by entry %d (%s): payment removed",
				ledger.Money{Minor: p.Amount, Currency: orig.Amount.Currency}.Decimal(), orig.Amount.Currency, orig.ID, orig.Key, r.ID, r.Key)
			if err := b.RecordChange(ctx, &store.Change{At: w.at, Who: w.who, CustomerID: customerID, InvoiceID: p.InvoiceID,
				Kind: ledger.ChangeBankReversal, Detail: detail}); err != nil {
				return false, err
			}
		}
		for _, c := range credits {
			detail := fmt.Sprintf("credit note %s (%s %s) of bank entry %d (%s) reversed by entry %d (%s): removed",
				c.Number, c.Amount.Decimal(), c.Amount.Currency, orig.ID, orig.Key, r.ID, r.Key)
			if err := b.RecordChange(ctx, &store.Change{At: w.at, Who: w.who, CustomerID: c.CustomerID, Kind: ledger.ChangeBankReversal, Detail: detail}); err != nil {
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
