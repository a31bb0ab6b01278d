package core

import "github.com/relance-app/relance/internal/i18n"

// UserError is a refusal to show the user as is (translated).
type UserError struct{ Msg i18n.Msg }

func (e *UserError) Error() string { return e.Msg.String() }

// UserErr is a refusal with its message key and arguments.
func UserErr(key string, args ...any) error { return &UserError{Msg: i18n.M(key, args...)} }

// MsgErr is a message for a field check (nil: the value is fine).
func MsgErr(key string, args ...any) *i18n.Msg { m := i18n.M(key, args...); return &m }
