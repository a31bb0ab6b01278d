package bank

import (
	"context"
	"errors"
	"strings"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// Account is a bank account whose statements the owner imports.
type Account = store.BankAccount

// normalizeAccount is an account as statements give it: an IBAN upper
// case without spaces (checked), else the bank's id as written, trimmed.
func normalizeAccount(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", core.UserErr("bank.account_empty")
	}
	compact := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if looksIBAN(compact) {
		iban, err := ledger.NormalizeIBAN(compact)
		if err != nil {
			return "", core.UserErr("bank.account_bad_iban", s)
		}
		return iban, nil
	}
	return s, nil
}

// looksIBAN: two letters, two digits, then letters and digits.
func looksIBAN(s string) bool {
	if len(s) < 15 || len(s) > 34 {
		return false
	}
	for i, r := range s {
		switch {
		case i < 2 && (r < 'A' || r > 'Z'), i >= 2 && i < 4 && (r < '0' || r > '9'):
			return false
		case i >= 4 && !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'):
			return false
		}
	}
	return true
}

// AddBankAccount lists an account (an IBAN or the bank's account id) as the
// company's own, so that its statements are imported.
func (s *Service) AddBankAccount(ctx context.Context, account, name string) (Account, error) {
	acct, err := normalizeAccount(account)
	if err != nil {
		return Account{}, err
	}
	a := Account{Account: acct, Name: strings.TrimSpace(name), AddedAt: s.Now()}
	if err := s.St.AddBankAccount(ctx, &a); err != nil {
		if errors.Is(err, store.ErrDuplicate) {
			return a, core.UserErr("bank.account_exists", acct)
		}
		return a, err
	}
	return a, nil
}

// BankAccounts are the accounts listed, the company's IBAN among them once
// its first statement was imported.
func (s *Service) BankAccounts(ctx context.Context) ([]Account, error) {
	return s.St.BankAccounts(ctx)
}

// accountFor is the listed account of a statement: the account the file
// gives (confirmed by --account when both are given: they must agree),
// else the one the owner gives. The company's IBAN counts as listed and is
// added on its first statement; so is an account the owner confirms with
// --account. Any other account is refused with how to make it known.
func (s *Service) accountFor(ctx context.Context, b *store.Batch, file, fromFile, given string) (store.BankAccount, error) {
	var acct, confirmed string
	if given != "" {
		var err error
		if confirmed, err = normalizeAccount(given); err != nil {
			return store.BankAccount{}, err
		}
	}
	switch {
	case fromFile != "" && confirmed != "" && !sameAccount(fromFile, confirmed):
		return store.BankAccount{}, core.UserErr("bank.account_mismatch", file, fromFile, confirmed)
	case fromFile != "":
		acct = fromFile
	case confirmed != "":
		acct = confirmed
	default:
		return store.BankAccount{}, core.UserErr("bank.no_account", file)
	}
	a, err := b.BankAccountByAccount(ctx, acct)
	if err == nil {
		return a, nil
	}
	if !errors.Is(err, store.ErrNotFound) {
		return a, err
	}
	co, err := b.Company(ctx)
	if err != nil {
		return a, err
	}
	own := co.IBAN != "" && sameAccount(co.IBAN, acct)
	if !own && confirmed == "" {
		if co.IBAN == "" {
			return a, core.UserErr("bank.confirm_account", file, acct)
		}
		return a, core.UserErr("bank.unknown_account", file, acct, co.IBAN)
	}
	a = store.BankAccount{Account: acct, AddedAt: s.Now()}
	if own {
		a.Name = co.BankName
	}
	if err := b.AddBankAccount(ctx, &a); err != nil {
		return a, err
	}
	return a, nil
}

// sameAccount compares accounts as written (spaces and case aside).
func sameAccount(a, b string) bool {
	norm := func(s string) string { return strings.ToUpper(strings.Join(strings.Fields(s), "")) }
	return norm(a) == norm(b)
}
