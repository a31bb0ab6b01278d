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
	// Progress is told how far the file is read (done of total, in bytes
	// for a file) after each chunk of entries is recorded.
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
// The file is read on its own goroutine (bankfile.ReadChunks: a large CAMT
// file a few thousand entries at a time) while the ledger's numbers and
// names are indexed and the entries read so far are matched and written
// (two cores: the 100,000-entry CAMT statement takes 2 s to read, as long
// as matching and writing it).
func (s *Service) ImportBankFile(ctx context.Context, path string, req ImportRequest) (ImportResult, error) {
	f, err := os.Open(path)
	if err != nil {
		return ImportResult{File: path}, core.UserErr("bank.open", path, err.Error())
	}
	defer f.Close()
	return s.importStatements(ctx, path, func(fn func(bankfile.Chunk) error) error {
		return bankfile.ReadChunks(filepath.Base(path), f, bankfile.Options{Account: req.Account, Currency: req.Currency}, fn)
	}, req)
}

// ImportBankStatements records statements read from file, in one transaction:
// each entry once per account, the credits matched and applied or
// proposed, reversals undoing their originals. A statement of an account
// not listed (nor the company's IBAN, nor confirmed by req.Account) is
// refused, and nothing is written.
func (s *Service) ImportBankStatements(ctx context.Context, file string, sts []bankfile.Statement, req ImportRequest) (ImportResult, error) {
	return s.importStatements(ctx, file, func(fn func(bankfile.Chunk) error) error {
		for i, st := range sts {
			if err := fn(bankfile.Chunk{Statement: st, Seq: i, Read: int64(i + 1), Size: int64(len(sts))}); err != nil {
				return err
			}
		}
		return nil
	}, req)
}

// statementAccount is a statement's account as the import found it, with
// the entries already recorded on it.
type statementAccount struct {
	acct store.BankAccount
	cur  ledger.Currency
	keys map[string]bool
}

func (s *Service) importStatements(ctx context.Context, file string, read func(func(bankfile.Chunk) error) error, req ImportRequest) (ImportResult, error) {
	res := ImportResult{File: file, DryRun: req.DryRun}
	err := s.St.InBatch(ctx, req.DryRun, func(b *store.Batch) error {
		res = ImportResult{File: file, DryRun: req.DryRun}
		im := newRun(s, b, &res)
		// The reader hands chunks over; it stops at its next chunk once
		// this function returns (an error here, or the file's end), and is
		// waited for, so it never outlives the transaction.
		rctx, cancel := context.WithCancel(ctx)
		chunks := make(chan bankfile.Chunk, 4)
		readErr := make(chan error, 1)
		go func() {
			err := read(func(c bankfile.Chunk) error {
				select {
				case chunks <- c:
					return nil
				case <-rctx.Done():
					return rctx.Err()
				}
			})
			close(chunks)
			readErr <- err
		}()
		stop := func(err error) error {
			cancel()
			for range chunks {
			}
			if rerr := <-readErr; err == nil {
				err = rerr
			}
			return err
		}
		if err := im.loadIndexes(ctx); err != nil {
			return stop(err)
		}
		co, err := b.Company(ctx)
		if err != nil {
			return stop(err)
		}
		var accts []statementAccount // by the statement's place in the file
		for c := range chunks {
			// A statement's first chunk: its account, which must be known
			// (else the file is refused and nothing kept).
			if c.Seq == len(accts) {
				sa, err := s.statementAccount(ctx, b, file, &c.Statement, req, co.Currency)
				if err != nil {
					return stop(err)
				}
				res.Accounts = append(res.Accounts, sa.acct.Account)
				accts = append(accts, sa)
			}
			sa := &accts[c.Seq]
			var todo []store.BankEntry
			for _, e := range c.Entries {
				res.Entries++
				key := EntryKey(sa.acct.Account, e)
				if sa.keys[key] {
					res.Duplicates++
					continue
				}
				sa.keys[key] = true
				todo = append(todo, entryRow(sa.acct, sa.cur, key, file, e, s.Now()))
			}
			if err := im.prepare(ctx, todo); err != nil {
				return stop(err)
			}
			if err := im.record(ctx, todo); err != nil {
				return stop(err)
			}
			if req.Progress != nil {
				req.Progress(int(c.Read), int(c.Size))
			}
			if err := ctx.Err(); err != nil {
				return stop(err)
			}
		}
		return stop(nil)
	})
	if err != nil {
		return res, err
	}
	return res, nil
}

// statementAccount finds st's account (refusing an unknown one), its
// currency (the statement's, else the request's, the account's, the
// company's), and the entries already recorded on it.
func (s *Service) statementAccount(ctx context.Context, b *store.Batch, file string, st *bankfile.Statement, req ImportRequest,
	companyCur ledger.Currency) (statementAccount, error) {
	acct, err := s.accountFor(ctx, b, file, st.Account, req.Account)
	if err != nil {
		return statementAccount{}, err
	}
	cur := st.Currency
	for _, c := range []ledger.Currency{req.Currency, acct.Currency, companyCur} {
		if cur == "" {
			cur = c
		}
	}
	if !cur.Valid() {
		return statementAccount{}, core.UserErr("bank.no_currency", file, acct.Account)
	}
	if acct.Currency == "" {
		if err := b.SetBankAccountCurrency(ctx, acct.ID, cur); err != nil {
			return statementAccount{}, err
		}
		acct.Currency = cur
	} else if acct.Currency != cur {
		return statementAccount{}, core.UserErr("bank.currency_mismatch", file, acct.Account, string(cur), string(acct.Currency))
	}
	keys, err := b.BankEntryKeys(ctx, acct.ID)
	if err != nil {
		return statementAccount{}, err
	}
	return statementAccount{acct: acct, cur: cur, keys: keys}, nil
}

// record decides every new entry in the file's order (credits matched,
// the rest changing nothing of their own), writes them, then what they
// make: payments, proposals, reversals undoing their originals. The
// settlement triggers are deferred meanwhile (store.DeferSettlement): a
// payment that pays an invoice's rest sets its settlement day directly.
func (im *run) record(ctx context.Context, todo []store.BankEntry) error {
	if len(todo) == 0 {
		return nil
	}
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
