package bench

import (
	"context"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
)

func BenchmarkZZQueries(b *testing.B) {
	svc, err := app.Open(context.Background(), letterLedger(b), app.Options{Today: func() ledger.Date { return benchToday }})
	if err != nil {
		b.Fatal(err)
	}
	db := svc.Store().DB()
	from, to := benchToday.AddDays(-365).String(), benchToday.String()
	li := `l.date >= ?1 AND l.date <= ?2 AND l.kind <> 'collections'`
	qs := map[string]string{
		"letters":      `SELECT l.id, l.customer_id, l.date, l.kind, l.level, l.channel, l.variant, CASE WHEN l.language <> '' THEN l.language ELSE c.language END FROM letters l JOIN customers c ON c.id = l.customer_id WHERE ` + li + ` ORDER BY l.id`,
		"letters_nojoin": `SELECT l.id, l.customer_id, l.date, l.kind, l.level, l.channel, l.variant, l.language FROM letters l WHERE ` + li,
		"li_settled":   `SELECT li.letter_id, li.invoice_id, i.settled_on FROM letters l JOIN letter_invoices li ON li.letter_id = l.id JOIN invoices i ON i.id = li.invoice_id WHERE ` + li,
		"li_only":      `SELECT li.letter_id, li.invoice_id FROM letters l JOIN letter_invoices li ON li.letter_id = l.id WHERE ` + li,
		"li_all":       `SELECT letter_id, invoice_id FROM letter_invoices`,
		"payments":     `SELECT p.invoice_id, p.date, p.amount, 0 FROM letters l JOIN letter_invoices li ON li.letter_id = l.id JOIN payments p ON p.invoice_id = li.invoice_id WHERE ` + li + ` AND p.date >= l.date AND p.date <= ?2 AND p.amount > 0 AND p.source <> 'credit' AND p.undated = 0`,
		"settled_idx":  `SELECT id, settled_on FROM invoices WHERE settled_on >= ?1 AND settled_on <= ?2`,
		"pay_range":    `SELECT invoice_id, date, amount FROM payments WHERE date >= ?1 AND date <= ?2`,
		"inbound":      `SELECT i.customer_id, substr(i.received_at, 1, 10), 0, coalesce(o.letter_id, 0) FROM inbound i LEFT JOIN outbox o ON o.id = i.outbox_id WHERE i.class = 'reply' AND i.customer_id IS NOT NULL AND i.received_at >= ?1 AND substr(i.received_at, 1, 10) <= ?2 AND (i.trust = '' OR i.confirmed_at <> '') AND i.delayed = 0`,
		"promises":     `SELECT invoice_id, recorded_on, 0, 0 FROM promises WHERE recorded_on >= ?1 AND recorded_on <= ?2`,
	}
	for name, q := range qs {
		start := time.Now()
		rows, err := db.Query(q, from, to)
		if err != nil {
			b.Fatal(name, err)
		}
		n := 0
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			rows.Scan(ptrs...)
			n++
		}
		rows.Close()
		b.Logf("%-15s %7d rows %v", name, n, time.Since(start))
	}
}
