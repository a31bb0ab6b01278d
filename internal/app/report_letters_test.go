package app

import (
	"context"
	"database/sql"
	"math"
	"path/filepath"
	"testing"

	"github.com/relance-app/relance/internal/demo"
	"github.com/relance-app/relance/internal/ledger"
)

// The acceptance of issue 19's report: over a simulated year (fixed seed,
// variant B answered at 400 per thousand against the default's 200, the
// channel changing nothing), the report's rates and intervals are the
// ones counted from the rows by SQL written here, with the Wilson
// interval in its other algebraic form, and the verdict comes only for
// the variants' replies.

var reportToday = ledger.MustDate("2026-06-30")

func simulatedYear(t *testing.T) *Service {
	t.Helper()
	ctx := context.Background()
	svc, _, err := Create(ctx, filepath.Join(t.TempDir(), "year.db"), Options{Today: func() ledger.Date { return reportToday }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	sum, err := demo.Generate(ctx, svc.Store(), demo.Options{Customers: 400, Invoices: 50, Seed: 19, Today: reportToday,
		Letters: &demo.LetterYear{Invoices: 1500}})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Letters < 2000 {
		t.Fatalf("only %d letters simulated", sum.Letters)
	}
	return svc
}

// wilsonByHand is the Wilson interval as (2k + z² ± z√(z² + 4k(n−k)/n)) /
// (2(n + z²)), the same interval as report.NewRate's centre ± half-width
// written differently.
func wilsonByHand(k, n int) (lo, hi float64) {
	z := 1.959963984540054
	kf, nf := float64(k), float64(n)
	root := z * math.Sqrt(z*z+4*kf*(nf-kf)/nf)
	return (2*kf + z*z - root) / (2 * (nf + z*z)), (2*kf + z*z + root) / (2 * (nf + z*z))
}

// countBy runs a query giving (group, count) rows.
func countBy(t *testing.T, db *sql.DB, query string, args ...any) map[string]int {
	t.Helper()
	rows, err := db.Query(query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			t.Fatal(err)
		}
		out[k] = n
	}
	return out
}

func TestLetterReportMatchesTheRowsCountedByHand(t *testing.T) {
	svc := simulatedYear(t)
	ctx := context.Background()
	db := svc.Store().DB()
	since := reportToday.AddDays(-365)
	asOf, old := reportToday.String(), reportToday.AddDays(-30).String()
	for _, by := range []struct {
		by     ReportGroupBy
		column string
	}{{ReportByVariant, "CASE l.variant WHEN '' THEN 'A' ELSE l.variant END"}, {ReportByChannel, "l.channel"}, {ReportByKind, "l.kind"}} {
		rep, err := svc.LetterReport(ctx, since, by.by)
		if err != nil {
			t.Fatal(err)
		}
		// Letters at least 30 days old: the reply rate's and the 30-day
		// payment rate's letters.
		n := countBy(t, db, `SELECT `+by.column+`, count(*) FROM letters l WHERE l.date >= ? AND l.date <= ? GROUP BY 1`, since.String(), old)
		sent := countBy(t, db, `SELECT `+by.column+`, count(*) FROM letters l WHERE l.date >= ? AND l.date <= ? GROUP BY 1`, since.String(), asOf)
		// A reply is the customer's last letter's on or before its day, if
		// that letter is at most 30 days older (ties: the higher ID).
		replied := countBy(t, db, `WITH r AS (
				SELECT (SELECT l.id FROM letters l WHERE l.customer_id = i.customer_id AND l.date <= substr(i.received_at, 1, 10)
					ORDER BY l.date DESC, l.id DESC LIMIT 1) AS lid, substr(i.received_at, 1, 10) AS d
				FROM inbound i WHERE i.class = 'reply')
			SELECT `+by.column+`, count(DISTINCT l.id) FROM r JOIN letters l ON l.id = r.lid
			WHERE julianday(r.d) - julianday(l.date) <= 30 AND l.date >= ? AND l.date <= ? GROUP BY 1`, since.String(), old)
		// Paid in full within 30 days: every invoice it listed settled at
		// most 30 days after it, with no later letter covering that
		// invoice on or before the settlement.
		// A promise (by the day recorded) or a dispute (by the day opened)
		// is the last letter's covering its invoice on or before that day,
		// within 30 days.
		creditedOn := func(table, day string) map[string]int {
			return countBy(t, db, `WITH e AS (
					SELECT (SELECT l.id FROM letters l JOIN letter_invoices li ON li.letter_id = l.id
						WHERE li.invoice_id = x.invoice_id AND l.date <= x.`+day+` ORDER BY l.date DESC, l.id DESC LIMIT 1) AS lid, x.`+day+` AS d
					FROM `+table+` x)
				SELECT `+by.column+`, count(DISTINCT l.id) FROM e JOIN letters l ON l.id = e.lid
				WHERE julianday(e.d) - julianday(l.date) <= 30 AND l.date >= ? AND l.date <= ? GROUP BY 1`, since.String(), asOf)
		}
		promised, disputed := creditedOn("promises", "recorded_on"), creditedOn("disputes", "opened")
		paidWithin := func(days int) (k, n map[string]int) {
			age := reportToday.AddDays(-days).String()
			n = countBy(t, db, `SELECT `+by.column+`, count(*) FROM letters l WHERE l.date >= ? AND l.date <= ? GROUP BY 1`, since.String(), age)
			k = countBy(t, db, `SELECT `+by.column+`, count(*) FROM letters l WHERE l.date >= ? AND l.date <= ?
			AND EXISTS (SELECT 1 FROM letter_invoices WHERE letter_id = l.id)
			AND NOT EXISTS (SELECT 1 FROM letter_invoices li JOIN invoices i ON i.id = li.invoice_id WHERE li.letter_id = l.id AND NOT (
				i.settled_on IS NOT NULL AND i.settled_on >= l.date AND julianday(i.settled_on) - julianday(l.date) <= ?
				AND NOT EXISTS (SELECT 1 FROM letter_invoices li2 JOIN letters l2 ON l2.id = li2.letter_id
					WHERE li2.invoice_id = li.invoice_id AND (l2.date > l.date OR (l2.date = l.date AND l2.id > l.id)) AND l2.date <= i.settled_on)))
			GROUP BY 1`, since.String(), age, days)
			return k, n
		}
		paid, _ := paidWithin(30)
		paid7, n7 := paidWithin(7)
		paid14, n14 := paidWithin(14)
		if len(rep.Groups) != len(sent) {
			t.Fatalf("by %s: %d groups, the rows have %d: %v", by.by, len(rep.Groups), len(sent), sent)
		}
		for _, g := range rep.Groups {
			if g.Sent != sent[g.Key] || g.Reply.N != n[g.Key] || g.Reply.K != replied[g.Key] || g.Paid30.N != n[g.Key] || g.Paid30.K != paid[g.Key] {
				t.Errorf("by %s, %s: sent %d, replies %d/%d, paid %d/%d; by hand sent %d, replies %d/%d, paid %d/%d", by.by, g.Key,
					g.Sent, g.Reply.K, g.Reply.N, g.Paid30.K, g.Paid30.N, sent[g.Key], replied[g.Key], n[g.Key], paid[g.Key], n[g.Key])
			}
			if g.Promises != promised[g.Key] || g.Disputes != disputed[g.Key] || promised[g.Key] == 0 || disputed[g.Key] == 0 {
				t.Errorf("by %s, %s: %d promises and %d disputes; by hand %d and %d", by.by, g.Key, g.Promises, g.Disputes, promised[g.Key], disputed[g.Key])
			}
			if g.Paid7.K != paid7[g.Key] || g.Paid7.N != n7[g.Key] || g.Paid14.K != paid14[g.Key] || g.Paid14.N != n14[g.Key] {
				t.Errorf("by %s, %s: paid within 7 days %d/%d, 14 days %d/%d; by hand %d/%d and %d/%d", by.by, g.Key,
					g.Paid7.K, g.Paid7.N, g.Paid14.K, g.Paid14.N, paid7[g.Key], n7[g.Key], paid14[g.Key], n14[g.Key])
			}
			for _, r := range []ReportRate{g.Reply, g.Paid7, g.Paid14, g.Paid30} {
				lo, hi := wilsonByHand(r.K, r.N)
				if math.Abs(r.Low-lo) > 1e-9 || math.Abs(r.High-hi) > 1e-9 {
					t.Errorf("by %s, %s: interval [%v, %v] of %d/%d, by hand [%v, %v]", by.by, g.Key, r.Low, r.High, r.K, r.N, lo, hi)
				}
			}
		}
		t.Logf("by %s: %d comparisons, verdicts %+v", by.by, rep.Comparisons, rep.Verdicts)
		for _, g := range rep.Groups {
			t.Logf("  %s: sent %d, replies %d/%d, paid within 30 days %d/%d, median %+v", g.Key, g.Sent, g.Reply.K, g.Reply.N, g.Paid30.K, g.Paid30.N, g.MedianDays)
		}
		switch by.by {
		case ReportByVariant:
			// Replies differ for real (400 against 200 per thousand):
			// said; payments do not: not said.
			if len(rep.Verdicts) != 1 || rep.Verdicts[0].Metric != ReportMetricReply || rep.Verdicts[0].Better != "B" || rep.Verdicts[0].Worse != "A" {
				t.Errorf("by variant: verdicts %+v, want B answered more than A only", rep.Verdicts)
			}
		case ReportByChannel:
			if len(rep.Verdicts) != 0 {
				t.Errorf("by channel: verdicts %+v, want none (same odds)", rep.Verdicts)
			}
		case ReportByKind:
			// The final demand is paid less (200 against 300 per thousand
			// for the first reminder); replies do not depend on the level.
			found := false
			for _, v := range rep.Verdicts {
				if v.Metric != ReportMetricPaid30 {
					t.Errorf("by kind: verdict %+v on replies, which do not depend on the level", v)
				}
				if v.Better == string(ledger.KindReminder1) && v.Worse == string(ledger.KindFinalDemand) {
					found = true
				}
			}
			if !found {
				t.Errorf("by kind: verdicts %+v, want the first reminder paid more than the final demand", rep.Verdicts)
			}
		}
	}
}

// The receivables' last day is the home summary's figures on that day,
// by its own code (records.Summarize), on the same ledger.
func TestReceivablesHistoryEndsOnTheSummary(t *testing.T) {
	svc := simulatedYear(t)
	ctx := context.Background()
	points, err := svc.ReceivablesHistory(ctx, reportToday.AddDays(-365))
	if err != nil {
		t.Fatal(err)
	}
	if len(points) != 13 || points[len(points)-1].Date != reportToday || points[0].Date != ledger.MustDate("2025-06-30") {
		t.Fatalf("%d points from %v", len(points), points[0].Date)
	}
	for _, at := range []int{0, 6, 12} {
		p := points[at]
		sum, err := Summarize(ctx, svc, p.Date)
		if err != nil {
			t.Fatal(err)
		}
		if len(sum.ByCurrency) == 0 {
			t.Fatalf("%v: nothing owed: the comparison proves nothing", p.Date)
		}
		if len(p.ByCurrency) != len(sum.ByCurrency) {
			t.Errorf("%v: %d currencies, the summary %d", p.Date, len(p.ByCurrency), len(sum.ByCurrency))
		}
		for cur, a := range sum.ByCurrency {
			h := p.ByCurrency[cur]
			if h == nil || h.Outstanding != a.Outstanding || h.Overdue != a.Overdue || h.DSO != sum.DSO[cur] {
				t.Errorf("%v %s: history %+v, summary %+v DSO %d", p.Date, cur, h, a, sum.DSO[cur])
				continue
			}
			for b := range a.Buckets {
				if h.Buckets[b] != a.Buckets[b] {
					t.Errorf("%v %s bucket %d: %d, summary %d", p.Date, cur, b, h.Buckets[b], a.Buckets[b])
				}
			}
		}
	}
}
