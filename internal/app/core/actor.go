package core

import (
	"os"
	"os/user"
	"strings"
)

// Actor is who makes a change (ledger_changes.who): on an SQLite ledger,
// the operating-system user the program runs as (the decision; the
// database role once a shared database lands). os/user first; where it
// cannot say (no cgo and no /etc/passwd entry, some containers), $USER or
// $USERNAME (Windows); "unknown" when nothing names anyone, so a change
// is never recorded as made by nobody.
func Actor() string {
	if u, err := user.Current(); err == nil && strings.TrimSpace(u.Username) != "" {
		return u.Username
	}
	return actorFromEnv(os.Getenv)
}

func actorFromEnv(getenv func(string) string) string {
	for _, v := range []string{"USER", "USERNAME"} {
		if s := strings.TrimSpace(getenv(v)); s != "" {
			return s
		}
	}
	return "unknown"
}
