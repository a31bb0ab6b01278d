package store

import (
	"database/sql"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/ledger"
)

// How values are stored: dates as TEXT 'YYYY-MM-DD' (NULL or '' for none),
// instants as RFC 3339 UTC text ('' for none), lists as lines, ids 0 as
// NULL.

func parseNullDate(s sql.NullString) ledger.Date { return parseDate(s.String) }

func parseDate(s string) ledger.Date {
	if s == "" {
		return 0
	}
	d, _ := ledger.ParseISODate(s)
	return d
}

func nullDate(d ledger.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func unstamp(s string) time.Time {
	t, _ := time.Parse(time.RFC3339, s)
	return t
}

func lines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
