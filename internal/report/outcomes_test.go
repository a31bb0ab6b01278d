package report

import (
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// A small ledger whose outcomes are worked out by hand in the comments.
func handInput() Input {
	d0 := ledger.MustDate("2026-01-01")
	return Input{
		AsOf: d0.AddDays(60),
		Letters: []Letter{
			{ID: 1, Customer: 1, Date: d0, Kind: ledger.KindReminder1, Level: 1, Channel: ledger.ChannelEmail, Language: "fr", Invoices: []int64{10, 11}, Settled: []ledger.Date{d0.AddDays(5), d0.AddDays(20)}},
			{ID: 2, Customer: 1, Date: d0.AddDays(14), Kind: ledger.KindReminder2, Level: 2, Channel: ledger.ChannelEmail, Language: "fr", Invoices: []int64{11}, Settled: []ledger.Date{d0.AddDays(20)}},
			{ID: 3, Customer: 2, Date: d0, Kind: ledger.KindReminder1, Level: 1, Channel: ledger.ChannelPostal, Variant: "B", Language: "en", Invoices: []int64{20}, Settled: []ledger.Date{d0.AddDays(40)}},
		},
		Payments: []InvoiceEvent{
			{Invoice: 10, Date: d0.AddDays(5), Amount: 100},
			{Invoice: 11, Date: d0.AddDays(3), Amount: 50},
			{Invoice: 11, Date: d0.AddDays(20), Amount: 50},
			{Invoice: 20, Date: d0.AddDays(40), Amount: 70},
		},
		Promises: []InvoiceEvent{{Invoice: 20, Date: d0.AddDays(10)}},
		Disputes: []InvoiceEvent{{Invoice: 11, Date: d0.AddDays(15)}},
		Replies: []CustomerEvent{
			{Customer: 1, Date: d0.AddDays(2)},
			{Customer: 1, Date: d0.AddDays(16)},
			{Customer: 2, Date: d0.AddDays(31)},
		},
		Bounces: []CustomerEvent{{Customer: 2, Date: d0.AddDays(1), Letter: 3}},
	}
}

func TestOutcomesByHand(t *testing.T) {
	outs := Outcomes(handInput())
	// Letter 1 (day 0, invoices 10 and 11): the reply of day 2 is its
	// (letter 2 comes on day 14), 2 days. Invoice 10 is settled on day 5,
	// last covered by letter 1: credited to it. Invoice 11 is settled on
	// day 20, when its last letter is letter 2 (day 14): not letter 1's.
	// So letter 1 is paid in part (the 100 of day 5, the 50 of day 3),
	// and watched until letter 2 covers invoice 11: 14 days.
	o := outs[0]
	if !o.Replied || o.ReplyDays != 2 || o.Paid != PaidPartial || o.FirstPayDays != 3 || o.Observed != 14 || o.Promise || o.Dispute || o.Bounce {
		t.Errorf("letter 1: %+v", o)
	}
	// Letter 2 (day 14, invoice 11): the reply of day 16 (2 days), the
	// dispute of day 15, invoice 11 settled on day 20: paid in full in 6
	// days.
	o = outs[1]
	if !o.Replied || o.ReplyDays != 2 || !o.Dispute || o.Paid != PaidFull || o.PayDays != 6 || o.FirstPayDays != 6 || o.Observed != 6 {
		t.Errorf("letter 2: %+v", o)
	}
	// Letter 3 (day 0, invoice 20): the bounce names it; the promise of
	// day 10 is its; the reply of day 31 and the payment of day 40 are
	// more than 30 days after: nobody's. Watched 30 days.
	o = outs[2]
	if o.Replied || !o.Bounce || !o.Promise || o.Paid != PaidNone || o.FirstPayDays != -1 || o.Observed != 30 {
		t.Errorf("letter 3: %+v", o)
	}
}

func TestLettersReportByHand(t *testing.T) {
	in := handInput()
	rep := Letters(in, ledger.MustDate("2026-01-01"), ByVariant)
	if len(rep.Groups) != 2 || rep.Groups[0].Key != "A" || rep.Groups[1].Key != "B" {
		t.Fatalf("groups %+v", rep.Groups)
	}
	// A = letters 1 and 2, both at least 30 days old on day 60: replies
	// 2/2, paid within 30 days 1/2 (letter 2, in 6 days: within 7 and 14
	// too). Kaplan–Meier: letter 2 paid on day 6 of 2 at risk (S = 0.5),
	// so the median is 6 days.
	a := rep.Groups[0]
	if a.Sent != 2 || a.Reply.K != 2 || a.Reply.N != 2 || a.Paid30.K != 1 || a.Paid7.K != 1 || a.Paid14.K != 1 ||
		a.Partial != 1 || a.Disputes != 1 || !a.MedianDays.Reached || a.MedianDays.Days != 6 || a.MedianReplyDays != 2 {
		t.Errorf("A: %+v", a)
	}
	b := rep.Groups[1]
	if b.Sent != 1 || b.Reply.K != 0 || b.Reply.N != 1 || b.Paid30.K != 0 || b.Bounces != 1 || b.Promises != 1 || b.MedianDays.Reached || b.MedianReplyDays != -1 {
		t.Errorf("B: %+v", b)
	}
	if rep.Total.Sent != 3 || rep.Total.Reply.K != 2 || rep.Comparisons != 0 || len(rep.Verdicts) != 0 {
		t.Errorf("total %+v, %d comparisons, verdicts %v", rep.Total, rep.Comparisons, rep.Verdicts)
	}
	// A letter younger than a rate's span is not in that rate: on day 20,
	// letter 2 (day 14) is 6 days old: in no rate, though sent.
	in.AsOf = ledger.MustDate("2026-01-21")
	rep = Letters(in, ledger.MustDate("2026-01-01"), ByChannel)
	e := rep.Groups[0]
	if e.Key != "email" || e.Sent != 2 || e.Paid7.N != 1 || e.Paid14.N != 1 || e.Reply.N != 0 {
		t.Errorf("email on day 20: %+v", e)
	}
	// since leaves out letters before it.
	rep = Letters(handInput(), ledger.MustDate("2026-01-02"), ByKind)
	if rep.Total.Sent != 1 || rep.Groups[0].Key != string(ledger.KindReminder2) {
		t.Errorf("since day 1: %+v", rep)
	}
}

func TestAgingByHand(t *testing.T) {
	days := MonthEnds(ledger.MustDate("2026-01-15"), ledger.MustDate("2026-03-10"))
	if len(days) != 3 || days[0] != ledger.MustDate("2026-01-31") || days[1] != ledger.MustDate("2026-02-28") || days[2] != ledger.MustDate("2026-03-10") {
		t.Fatalf("days %v", days)
	}
	h := NewAgingHistory(days)
	// Invoice 1: 1000 EUR issued 2026-01-05, due 01-20, 400 paid on 02-10,
	// the rest on 03-05. On 01-31: 1000 owed, 11 days late (1–30). On
	// 02-28: 600, 39 days late (31–60). On 03-10: paid.
	h.Add(AgingInvoice{Issue: ledger.MustDate("2026-01-05"), Due: ledger.MustDate("2026-01-20"), Currency: "EUR", Total: 1000,
		Payments: []InvoiceEvent{{Date: ledger.MustDate("2026-02-10"), Amount: 400}, {Date: ledger.MustDate("2026-03-05"), Amount: 600}}})
	// Invoice 2: 500 EUR issued 02-15, due 03-15: not yet due on 02-28 and
	// 03-10; written off on 03-01, so out of the figures on 03-10.
	h.Add(AgingInvoice{Issue: ledger.MustDate("2026-02-15"), Due: ledger.MustDate("2026-03-15"), Currency: "EUR", Total: 500,
		State: ledger.InvoiceWrittenOff, StateDate: ledger.MustDate("2026-03-01")})
	ps := h.Finish()
	// 01-31: issued in the 90 days 1000; DSO = (1000×90 + 500)/1000 = 90.
	j := ps[0].ByCurrency["EUR"]
	if j == nil || j.Outstanding != 1000 || j.Overdue != 1000 || j.Buckets[Bucket1to30] != 1000 || j.DSO != 90 {
		t.Errorf("January: %+v", j)
	}
	// 02-28: owed 600 (31–60) + 500 (not due) = 1100, overdue 600; issued
	// 1500; DSO = (1100×90 + 750)/1500 = 99750/1500 = 66.
	f := ps[1].ByCurrency["EUR"]
	if f == nil || f.Outstanding != 1100 || f.Overdue != 600 || f.Buckets[Bucket31to60] != 600 || f.Buckets[BucketNotDue] != 500 || f.DSO != 66 {
		t.Errorf("February: %+v", f)
	}
	// 03-10: nothing owed: no line for EUR.
	if m := ps[2].ByCurrency["EUR"]; m != nil {
		t.Errorf("March: %+v", m)
	}
}
