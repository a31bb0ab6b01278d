package report

import (
	"fmt"
	"sort"

	"github.com/relance-app/relance/internal/ledger"
)

// GroupBy is what the letters are grouped by.
type GroupBy string

// The groupings of relancectl report letters --by.
const (
	ByKind     GroupBy = "kind"
	ByVariant  GroupBy = "variant"
	ByChannel  GroupBy = "channel"
	ByLanguage GroupBy = "language"
)

// ParseGroupBy reads a --by value.
func ParseGroupBy(s string) (GroupBy, error) {
	switch g := GroupBy(s); g {
	case ByKind, ByVariant, ByChannel, ByLanguage:
		return g, nil
	}
	return "", fmt.Errorf("group letters by %q: kind, variant, channel or language", s)
}

// DefaultVariant is how the default template's variant (”) is said.
const DefaultVariant = "A"

// key is the letter's group under by.
func (by GroupBy) key(l *Letter) string {
	switch by {
	case ByVariant:
		if l.Variant == "" {
			return DefaultVariant
		}
		return l.Variant
	case ByChannel:
		return string(l.Channel)
	case ByLanguage:
		return l.Language
	}
	return string(l.Kind)
}

// The rates a verdict may be about.
const (
	MetricReply  = "reply"
	MetricPaid30 = "paid30"
)

// Group is the figures of one group of letters. A rate counts only the
// letters old enough to have had its whole span by AsOf (a letter of
// yesterday has not had 30 days to be answered): its N says how many.
type Group struct {
	Key      string
	Sent     int
	Reply    Rate // answered within 30 days
	Paid7    Rate // paid in full within 7 days
	Paid14   Rate
	Paid30   Rate
	Partial  int // part paid, not all, within the window
	Promises int
	Disputes int
	Bounces  int
	// MedianDays is the Kaplan–Meier median of the days to pay in full,
	// letters not paid in full counted as censored when their window
	// closed.
	MedianDays Median
	// MedianReplyDays is the plain median of the days to the first reply
	// of the letters answered (-1 when none was).
	MedianReplyDays int
}

// Verdict is a difference between two groups larger than chance: the
// two-proportion test's p-value under Alpha divided by the number of
// comparisons made (Bonferroni).
type Verdict struct {
	Metric        string // MetricReply or MetricPaid30
	Better, Worse string // the groups' keys
	BetterRate    Rate
	WorseRate     Rate
	P             float64
}

// LetterReport is the letters' outcomes, grouped.
type LetterReport struct {
	Since, AsOf ledger.Date
	By          GroupBy
	Total       Group
	Groups      []Group // by key
	// Comparisons is how many tests were made (pairs of groups with at
	// least MinCount letters in the rate, for each metric): the
	// Bonferroni divisor.
	Comparisons int
	Verdicts    []Verdict
}

// Letters makes the report of the letters sent from since to in.AsOf,
// grouped by by.
func Letters(in Input, since ledger.Date, by GroupBy) LetterReport {
	rep := LetterReport{Since: since, AsOf: in.AsOf, By: by}
	outs := Outcomes(in)
	groups := map[string][]*Outcome{}
	var all []*Outcome
	for i := range outs {
		o := &outs[i]
		if o.Letter.Date < since || o.Letter.Date > in.AsOf {
			continue
		}
		k := by.key(o.Letter)
		groups[k] = append(groups[k], o)
		all = append(all, o)
	}
	rep.Total = summarize("", all, in.AsOf)
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		rep.Groups = append(rep.Groups, summarize(k, groups[k], in.AsOf))
	}
	rep.Comparisons, rep.Verdicts = verdicts(rep.Groups)
	return rep
}

func summarize(key string, outs []*Outcome, asOf ledger.Date) Group {
	g := Group{Key: key, Sent: len(outs), MedianReplyDays: -1}
	var reply, n30, n14, n7, p7, p14, p30 int
	times := make([]int, 0, len(outs))
	events := make([]bool, 0, len(outs))
	var replyDays []int
	for _, o := range outs {
		age := asOf.DaysSince(o.Letter.Date)
		full := o.Paid == PaidFull
		if age >= Window {
			n30++
			if o.Replied {
				reply++
			}
			if full && o.PayDays <= 30 {
				p30++
			}
		}
		if age >= 14 {
			n14++
			if full && o.PayDays <= 14 {
				p14++
			}
		}
		if age >= 7 {
			n7++
			if full && o.PayDays <= 7 {
				p7++
			}
		}
		if o.Replied {
			replyDays = append(replyDays, o.ReplyDays)
		}
		if o.Paid == PaidPartial {
			g.Partial++
		}
		if o.Promise {
			g.Promises++
		}
		if o.Dispute {
			g.Disputes++
		}
		if o.Bounce {
			g.Bounces++
		}
		times = append(times, o.Observed)
		events = append(events, full)
	}
	g.Reply, g.Paid7, g.Paid14, g.Paid30 = NewRate(reply, n30), NewRate(p7, n7), NewRate(p14, n14), NewRate(p30, n30)
	g.MedianDays = KaplanMeierMedian(times, events)
	if len(replyDays) > 0 {
		sort.Ints(replyDays)
		// The lower median: a whole number of days, one of those seen.
		g.MedianReplyDays = replyDays[(len(replyDays)-1)/2]
	}
	return g
}

// verdicts tests every pair of groups on the reply rate and the rate paid
// within 30 days, where both groups have at least MinCount letters in
// the rate, and keeps the differences significant after Bonferroni.
func verdicts(gs []Group) (int, []Verdict) {
	type cmp struct {
		metric string
		a, b   int
	}
	rate := func(g *Group, m string) Rate {
		if m == MetricReply {
			return g.Reply
		}
		return g.Paid30
	}
	var tests []cmp
	for _, m := range []string{MetricReply, MetricPaid30} {
		for i := range gs {
			for j := i + 1; j < len(gs); j++ {
				if rate(&gs[i], m).N >= MinCount && rate(&gs[j], m).N >= MinCount {
					tests = append(tests, cmp{m, i, j})
				}
			}
		}
	}
	var out []Verdict
	for _, t := range tests {
		a, b := rate(&gs[t.a], t.metric), rate(&gs[t.b], t.metric)
		p := TwoProportionP(a, b)
		if p >= Alpha/float64(len(tests)) {
			continue
		}
		v := Verdict{Metric: t.metric, Better: gs[t.a].Key, Worse: gs[t.b].Key, BetterRate: a, WorseRate: b, P: p}
		if b.P > a.P {
			v.Better, v.Worse, v.BetterRate, v.WorseRate = v.Worse, v.Better, b, a
		}
		out = append(out, v)
	}
	return len(tests), out
}
