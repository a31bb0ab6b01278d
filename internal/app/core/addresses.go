package core

import (
	"context"
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/i18n"
)

// FlaggedAddresses are the addresses a server refused for good,
// lower-cased: letters, campaigns and appointments leave them out.
func (c *Core) FlaggedAddresses(ctx context.Context) (map[string]bool, error) {
	fs, err := c.St.EmailFlags(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, f := range fs {
		out[strings.ToLower(f.Address)] = true
	}
	return out, nil
}

// Unflagged keeps the addresses no server has refused for good (flags:
// lower-cased, from FlaggedAddresses).
func Unflagged(addrs []string, flags map[string]bool) []string {
	var out []string
	for _, e := range addrs {
		if !flags[strings.ToLower(e)] {
			out = append(out, e)
		}
	}
	return out
}

// FileName makes a title usable as an attachment's file name on every
// system: no path separators or characters Windows refuses.
func FileName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 0x20 {
			return ' '
		}
		return r
	}, s)
	s = strings.Join(strings.Fields(s), " ")
	if len([]rune(s)) > 80 {
		s = string([]rune(s)[:80])
	}
	if s == "" {
		return "letter"
	}
	return s
}

// Notes the program writes in the outbox (last_error) are stored as a
// message key and its arguments, and said in the reader's language;
// servers' replies are stored as they came. The sending and the inbox
// features both write them.
const notePrefix = "i18n:"

// Note is an outbox note: a message key and its arguments.
func Note(key string, args ...any) string {
	parts := []string{notePrefix + key}
	for _, a := range args {
		parts = append(parts, fmt.Sprint(a))
	}
	return strings.Join(parts, "\x1f")
}

// OutboxNote says an outbox note in l.
func OutboxNote(l i18n.Lang, s string) string {
	if !strings.HasPrefix(s, notePrefix) {
		return s
	}
	parts := strings.Split(strings.TrimPrefix(s, notePrefix), "\x1f")
	args := make([]any, len(parts)-1)
	for i, p := range parts[1:] {
		args[i] = p
	}
	return i18n.T(l, parts[0], args...)
}
