package bench

import (
	"database/sql"
	"strings"
	"testing"
	"time"
	"unicode"

	_ "modernc.org/sqlite"
)

func key(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

func TestZZProbe(t *testing.T) {
	db, err := sql.Open("sqlite", "file:/tmp/relance-bench-bank/ledger-100000-1000000-7.db?mode=ro&_pragma=cache_size(-65536)&_pragma=mmap_size(268435456)")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var all string
	if err := db.QueryRow(`SELECT group_concat(number, char(10)) FROM invoices`).Scan(&all); err != nil {
		t.Fatal(err)
	}
	t.Logf("concat %d bytes in %v", len(all), time.Since(start))
	m := make(map[string]int32, 1<<20)
	for len(all) > 0 {
		n, rest, _ := strings.Cut(all, "\n")
		all = rest
		m[key(n)]++
	}
	t.Logf("map %d in %v", len(m), time.Since(start))
}
