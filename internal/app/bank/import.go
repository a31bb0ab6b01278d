package bank

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/bankfile"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// ImportRequest is what the owner says of a statement file.
type ImportRequest struct {
	// DryRun: everything is done and checked, then rolled back.
	DryRun bool
	// Account confirms the file's account (it must agree with the one
	// the file gives), or gives it for files that carry none; an account
	// not listed yet is listed by it.
	Account string
	// Currency of a CSV file's amounts (else the account's, else the
	// company's).
	Currency ledger.Currency
	// Progress is told every 1,000 entries (done of total).
	Progress func(done, total int)
}

// ImportResult is what an import recorded (or would, in a dry run).
type ImportResult struct {
	File       string
	DryRun     bool
	Accounts   []string // the statements' accounts
	Entries    int      // booked entries in the file
	Duplicates int      // already recorded: by an earlier import, or twice in the file
	Credits    int      // new credits (reversals and bank fees apart)
	Applied    int      // credits applied at once
	Invoices   int      // invoices they paid, wholly or in part
	Paid       []ledger.Money
	Proposals  int // credits waiting for the owner
	Unmatched  int // credits that name no one
	Reversals  int
	Undone     int // reversals that undid an earlier entry's payments or proposal
	Debits     int // debits and fees: they change nothing
}

// ImportBankFile reads a statement file (CAMT, OFX, bank CSV) and records it
// as ImportBankStatements does. A file that cannot be read is an
// *importer.FileError naming the file, line and value; nothing is written.
// The file is read while the ledger's numbers and names the matching
// needs are read (two cores: the 100,000-entry CAMT statement takes 2 s
// to read, the million invoice numbers 0.4 s to index).
func (s *Service) ImportBankFile(ctx context.Context, path string, req ImportRequest) (ImportResult, error) {
	f, err := os.Open(path)
	if err != nil {
		return ImportResult{File: path}, core.UserErr("bank.open", path, err.Error())
	}
	defer f.Close()
	return s.importStatements(ctx, path, func() ([]bankfile.Statement, error) {
		return bankfile.Read(filepath.Base(path), f, bankfile.Options{Account: req.Account, Currency: req.Currency})
	}, req)
}

// ImportBankStatements records statements read from file, in one transaction:
// each entry once per account, the credits matched and applied or
// proposed, reversals undoing their originals. A statement of an account
// not listed (nor the company's IBAN, nor confirmed by req.Account) is
// refused, and nothing is written.
func (s *Service) ImportBankStatements(ctx context.Context, file string, sts []bankfile.Statement, req ImportRequest) (ImportResult, error) {
	return s.importStatements(ctx, file, func() ([]bankfile.Statement, error) { return sts, nil }, req)
}

func (s *Service) importStatements(ctx context.Context, file string, read func() ([]bankfile.Statement, error), req ImportRequest) (ImportResult, error) {
	res := ImportResult{File: file, DryRun: req.DryRun}
	total := 0
	err := s.St.InBatch(ctx, req.DryRun, func(b *store.Batch) error {
		res = ImportResult{File: file, DryRun: req.DryRun}
		im := &run{svc: s, b: b, res: &res, paidInv: map[int64]bool{}, paid: map[ledger.Currency]int64{}}
		type parsed struct {
			sts []bankfile.Statement
			err error
		}
		ch := make(chan parsed, 1)
		go func() {
			sts, err := read()
			ch <- parsed{sts, err}
		}()
		lerr := im.loadIndexes(ctx)
		p := <-ch
		if p.err != nil {
			return p.err
		}
		if lerr != nil {
			return lerr
		}
		sts := p.sts
		for _, st := range sts {
			total += len(st.Entries)
		}
		co, err := b.Company(ctx)
		if err != nil {
			return err
		}
		// Every statement's account first: an unknown one refuses the
		// file before anything is matched.
		type prepared struct {
			st   *bankfile.Statement
			acct store.BankAccount
			cur  ledger.Currency
		}
		var work []prepared
		for i := range sts {
			st := &sts[i]
			acct, err := s.accountFor(ctx, b, file, st.Account, req.Account)
			if err != nil {
				return err
			}
			cur := st.Currency
			for _, c := range []ledger.Currency{req.Currency, acct.Currency, co.Currency} {
				if cur == "" {
					cur = c
				}
			}
			if !cur.Valid() {
				return core.UserErr("bank.no_currency", file, acct.Account)
			}
			if acct.Currency == "" {
				if err := b.SetBankAccountCurrency(ctx, acct.ID, cur); err != nil {
					return err
				}
				acct.Currency = cur
			} else if acct.Currency != cur {
				return core.UserErr("bank.currency_mismatch", file, acct.Account, string(cur), string(acct.Currency))
			}
			res.Accounts = append(res.Accounts, acct.Account)
			work = append(work, prepared{st, acct, cur})
		}
		// The new entries, then what the credits among them name, read at
		// once, then each entry in the file's order.
		var todo []store.BankEntry
		for _, w := range work {
			keys, err := b.BankEntryKeys(ctx, w.acct.ID)
			if err != nil {
				return err
			}
			for _, e := range w.st.Entries {
				res.Entries++
				key := EntryKey(w.acct.Account, e)
				if keys[key] {
					res.Duplicates++
					continue
				}
				keys[key] = true
				todo = append(todo, entryRow(w.acct, w.cur, key, file, e, s.Now()))
			}
		}
		if err := im.prepare(ctx, todo); err != nil {
			return err
		}
		return im.record(ctx, todo, req.Progress, res.Duplicates, total)
	})
	if err != nil {
		return res, err
	}
	if req.Progress != nil {
		req.Progress(total, total)
	}
	return res, nil
}

// record decides every new entry in the file's order (credits matched,
// the rest changing nothing of their own), writes them, then what they
// make: payments, proposals, reversals undoing their originals. The
// settlement triggers are deferred meanwhile (store.DeferSettlement): a
// payment that pays an invoice's rest sets its settlement day directly.
func (im *run) record(ctx context.Context, todo []store.BankEntry, progress func(done, total int), done, total int) error {
	b, res := im.b, im.res
	next, err := b.NextBankEntryID(ctx)
	if err != nil {
		return err
	}
	decisions := make([]decision, len(todo))
	for i := range todo {
		e := &todo[i]
		e.ID = next + int64(i)
		switch {
		case e.Reversal:
			res.Reversals++
			e.State = ledger.BankDebit
		case !isCredit(e):
			res.Debits++
			e.State = ledger.BankDebit
		default:
			res.Credits++
			decisions[i] = im.decide(e)
			e.State = decisions[i].state
		}
	}
	if err := b.InsertBankEntries(ctx, todo); err != nil {
		return err
	}
	if err := b.DeferSettlement(ctx); err != nil {
		return err
	}
	w := newWrites(im.svc.Now())
	for i := range todo {
		if i%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if progress != nil {
				progress(done+i, total)
			}
		}
		e, d := &todo[i], &decisions[i]
		switch {
		case e.Reversal:
			undone, err := reverse(ctx, b, w, e, im.invoices)
			if err != nil {
				return err
			}
			if undone {
				res.Undone++
			}
		case d.state == ledger.BankApplied:
			res.Applied++
			for _, a := range d.allocs {
				im.paidInv[a.inv.ID] = true
				im.paid[e.Amount.Currency] += a.amount
			}
			w.pay(b, e, d.allocs, d.allocs[0].inv.CustomerID, ledger.ChangeBankPayment)
		case d.state == ledger.BankProposal:
			res.Proposals++
			for _, p := range d.props {
				p.EntryID = e.ID
				w.proposals = append(w.proposals, p)
			}
		case d.state == ledger.BankUnmatched:
			res.Unmatched++
		}
	}
	if err := w.flush(ctx, b); err != nil {
		return err
	}
	res.Invoices = len(im.paidInv)
	res.Paid = moneyOf(im.paid)
	return nil
}

// EntryKey is what an entry is recorded once by, within its account: the
// bank's own reference, else a hash of the account, booking date, amount,
// direction and text.
func EntryKey(account string, e bankfile.Entry) string {
	if e.BankRef != "" {
		return e.BankRef
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s|%s|%d|%t|%s", account, e.BookingDate, e.Amount, e.Credit, e.Text)
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// entryRow is the entry as recorded; its state is set when it is matched.
func entryRow(a store.BankAccount, cur ledger.Currency, key, file string, e bankfile.Entry, now time.Time) store.BankEntry {
	return store.BankEntry{AccountID: a.ID, Account: a.Account, Key: key, BookingDate: e.BookingDate, ValueDate: e.ValueDate,
		Amount: ledger.Money{Minor: e.Amount, Currency: cur}, Credit: e.Credit, Reversal: e.Reversal, Fee: e.Fee,
		OrigRef: e.OrigRef, PartyName: e.PartyName, PartyIBAN: e.PartyIBAN, StructuredRef: e.StructuredRef, Text: e.Text,
		EndToEnd: e.EndToEndID, File: filepath.Base(file), Line: e.Line, ImportedAt: now}
}

func moneyOf(m map[ledger.Currency]int64) []ledger.Money {
	var out []ledger.Money
	for _, c := range sortedCurrencies(m) {
		out = append(out, ledger.Money{Minor: m[c], Currency: c})
	}
	return out
}

func sortedCurrencies(m map[ledger.Currency]int64) []ledger.Currency {
	out := make([]ledger.Currency, 0, len(m))
	for c := range m {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}
