package core

import (
	"errors"

	"github.com/relance-app/relance/internal/i18n"
)

// UserError is a refusal to show the user as is (translated). Err, when
// set, is a sentinel the front ends test (errors.Is) to act on the
// refusal rather than only say it.
type UserError struct {
	Msg i18n.Msg
	Err error
}

func (e *UserError) Error() string { return e.Msg.String() }

func (e *UserError) Unwrap() error { return e.Err }

// UserErr is a refusal with its message key and arguments.
func UserErr(key string, args ...any) error { return &UserError{Msg: i18n.M(key, args...)} }

// MsgErr is a message for a field check (nil: the value is fine).
func MsgErr(key string, args ...any) *i18n.Msg { m := i18n.M(key, args...); return &m }

// ErrNoAccount is under the refusal to email without a mail account: the
// GUI opens the account's setup on it, then goes on.
var ErrNoAccount = errors.New("no mail account")

// NoAccount is the refusal to email without a mail account.
func NoAccount() error { return &UserError{Msg: i18n.M("send.no_account"), Err: ErrNoAccount} }
