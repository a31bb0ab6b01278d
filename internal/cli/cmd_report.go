package cli

import (
	"fmt"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// relancectl report letters|aging (issue 19): which letters get answered
// and paid, and the receivables month by month. The figures are
// app.Service's (package report); this file only says them.

func (c *cli) cmdReportLetters(args []string) (step, error) {
	fs := c.newFlags("report letters")
	since := fs.String("since", "", c.t("cli.flag_report_since"))
	by := fs.String("by", string(app.ReportByKind), c.t("cli.flag_report_by"))
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) > 0 {
		return nil, c.usage("cli.unexpected_args", strings.Join(pos, " "))
	}
	group, err := app.ParseReportGroupBy(*by)
	if err != nil {
		return nil, c.usage("cli.report_bad_by", *by)
	}
	from, err := c.optionalDate(*since)
	if err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		rep, err := svc.LetterReport(c.ctx, from, group)
		if err != nil {
			return c.appErr(err)
		}
		if *asJSON {
			return writeJSON(c.env.Stdout, c.letterReportJSON(rep))
		}
		return c.printLetterReport(rep)
	}, nil
}

// groupLabel is a group's key in the owner's words.
func (c *cli) groupLabel(by app.ReportGroupBy, key string) string {
	switch {
	case key == "":
		return "—"
	case by == app.ReportByVariant:
		return c.t("report.variant", key)
	case by == app.ReportByChannel:
		return c.t("delivery." + key)
	case by == app.ReportByLanguage:
		return i18n.Name(i18n.Lang(key))
	}
	return c.t("kind." + key)
}

// byName says what the letters are grouped by.
func (c *cli) byName(by app.ReportGroupBy) string {
	switch by {
	case app.ReportByVariant:
		return c.t("report.by_variant")
	case app.ReportByChannel:
		return c.t("report.by_channel")
	case app.ReportByLanguage:
		return c.t("report.by_language")
	}
	return c.t("report.by_kind")
}

// pct is a rate as a whole per cent.
func pct(p float64) int { return int(math.Round(100 * p)) }

// rateText is "20 % (18–22 %)", or a dash when no letter is old enough.
func (c *cli) rateText(r app.ReportRate) string {
	if r.N == 0 {
		return "—"
	}
	return c.t("cli.report_rate", pct(r.P), pct(r.Low), pct(r.High), r.K, r.N)
}

// verdictText is the plain sentence of a difference larger than chance.
func (c *cli) verdictText(by app.ReportGroupBy, v app.ReportVerdict) string {
	count := c.t("report.letters_each", v.BetterRate.N)
	if v.BetterRate.N != v.WorseRate.N {
		count = c.t("report.letters_both", v.BetterRate.N, v.WorseRate.N)
	}
	key := "report.verdict_reply"
	if v.Metric == app.ReportMetricPaid30 {
		key = "report.verdict_paid30"
	}
	return c.t(key, c.groupLabel(by, v.Better), pct(v.BetterRate.P), pct(v.WorseRate.P), count, c.groupLabel(by, v.Worse))
}

func (c *cli) printLetterReport(rep app.LetterReport) error {
	w := c.env.Stdout
	fmt.Fprintln(w, c.t("cli.report_letters_title", rep.Since.String(), rep.AsOf.String(), c.byName(rep.By)))
	if rep.Total.Sent == 0 {
		fmt.Fprintln(w, c.t("cli.report_no_letters"))
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, c.t("cli.report_letters_header"))
	row := func(label string, g app.ReportGroup) {
		median := c.t("cli.report_median_none")
		if g.MedianDays.Reached {
			median = c.t("cli.report_days", g.MedianDays.Days)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t\n", label, g.Sent, c.rateText(g.Reply), c.rateText(g.Paid7),
			c.rateText(g.Paid14), c.rateText(g.Paid30), median, g.Partial, g.Promises, g.Disputes, g.Bounces)
	}
	for _, g := range rep.Groups {
		row(c.groupLabel(rep.By, g.Key), g)
	}
	if len(rep.Groups) > 1 {
		row(c.t("cli.report_all"), rep.Total)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, c.t("cli.report_letters_notes", app.ReportMinCount))
	switch {
	case len(rep.Verdicts) > 0:
		for _, v := range rep.Verdicts {
			fmt.Fprintln(w, c.verdictText(rep.By, v))
		}
	case rep.Comparisons == 0 && len(rep.Groups) > 1:
		fmt.Fprintln(w, c.t("cli.report_too_few", app.ReportMinCount))
	case rep.Comparisons > 0:
		fmt.Fprintln(w, c.t("cli.report_no_difference", rep.Comparisons))
	}
	return nil
}

type rateJSON struct {
	Letters int     `json:"letters"`
	Count   int     `json:"count"`
	Rate    float64 `json:"rate"`
	Low     float64 `json:"low"`
	High    float64 `json:"high"`
}

func toRateJSON(r app.ReportRate) rateJSON {
	return rateJSON{Letters: r.N, Count: r.K, Rate: r.P, Low: r.Low, High: r.High}
}

type groupJSON struct {
	Key             string   `json:"key"`
	Label           string   `json:"label"`
	Sent            int      `json:"sent"`
	Replied         rateJSON `json:"replied"`
	Paid7           rateJSON `json:"paid_within_7_days"`
	Paid14          rateJSON `json:"paid_within_14_days"`
	Paid30          rateJSON `json:"paid_within_30_days"`
	MedianDaysToPay *int     `json:"median_days_to_pay"` // null: fewer than half paid in what was observed
	MedianReplyDays *int     `json:"median_days_to_reply"`
	PaidInPart      int      `json:"paid_in_part"`
	Promises        int      `json:"promises"`
	Disputes        int      `json:"disputes"`
	Bounces         int      `json:"bounces"`
}

func (c *cli) toGroupJSON(by app.ReportGroupBy, g app.ReportGroup) groupJSON {
	out := groupJSON{Key: g.Key, Label: c.groupLabel(by, g.Key), Sent: g.Sent, Replied: toRateJSON(g.Reply), Paid7: toRateJSON(g.Paid7),
		Paid14: toRateJSON(g.Paid14), Paid30: toRateJSON(g.Paid30), PaidInPart: g.Partial, Promises: g.Promises, Disputes: g.Disputes, Bounces: g.Bounces}
	if g.MedianDays.Reached {
		d := g.MedianDays.Days
		out.MedianDaysToPay = &d
	}
	if g.MedianReplyDays >= 0 {
		d := g.MedianReplyDays
		out.MedianReplyDays = &d
	}
	return out
}

func (c *cli) letterReportJSON(rep app.LetterReport) any {
	type verdict struct {
		Metric   string   `json:"metric"`
		Better   string   `json:"better"`
		Worse    string   `json:"worse"`
		BetterR  rateJSON `json:"better_rate"`
		WorseR   rateJSON `json:"worse_rate"`
		P        float64  `json:"p_value"`
		Sentence string   `json:"sentence"`
	}
	out := struct {
		Since       string      `json:"since"`
		AsOf        string      `json:"as_of"`
		By          string      `json:"by"`
		Total       groupJSON   `json:"total"`
		Groups      []groupJSON `json:"groups"`
		MinCount    int         `json:"min_count"`
		Comparisons int         `json:"comparisons"`
		Alpha       float64     `json:"alpha"`
		Verdicts    []verdict   `json:"verdicts"`
	}{Since: rep.Since.String(), AsOf: rep.AsOf.String(), By: string(rep.By), Total: c.toGroupJSON(rep.By, rep.Total),
		Groups: []groupJSON{}, MinCount: app.ReportMinCount, Comparisons: rep.Comparisons, Alpha: app.ReportAlpha, Verdicts: []verdict{}}
	out.Total.Label = c.t("cli.report_all")
	for _, g := range rep.Groups {
		out.Groups = append(out.Groups, c.toGroupJSON(rep.By, g))
	}
	for _, v := range rep.Verdicts {
		out.Verdicts = append(out.Verdicts, verdict{Metric: v.Metric, Better: v.Better, Worse: v.Worse, BetterR: toRateJSON(v.BetterRate),
			WorseR: toRateJSON(v.WorseRate), P: v.P, Sentence: c.verdictText(rep.By, v)})
	}
	return out
}

func (c *cli) cmdReportAging(args []string) (step, error) {
	fs := c.newFlags("report aging")
	since := fs.String("since", "", c.t("cli.flag_report_since"))
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) > 0 {
		return nil, c.usage("cli.unexpected_args", strings.Join(pos, " "))
	}
	from, err := c.optionalDate(*since)
	if err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		points, err := svc.ReceivablesHistory(c.ctx, from)
		if err != nil {
			return c.appErr(err)
		}
		curs := currenciesOf(points)
		if *asJSON {
			return writeJSON(c.env.Stdout, agingJSON(points, curs))
		}
		w := c.env.Stdout
		if len(curs) == 0 {
			fmt.Fprintln(w, c.t("cli.report_aging_none"))
			return nil
		}
		for _, cur := range curs {
			fmt.Fprintln(w, c.t("cli.report_aging_title", string(cur)))
			tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintln(tw, c.t("cli.report_aging_header"))
			for _, p := range points {
				a := p.ByCurrency[cur]
				m := func(v int64) string { return ledger.Money{Minor: v, Currency: cur}.Decimal() }
				if a == nil {
					z := m(0)
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t—\t\n", p.Date, z, z, z, z, z, z, z)
					continue
				}
				dso := "—"
				if a.DSO >= 0 {
					dso = fmt.Sprint(a.DSO)
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", p.Date, m(a.Outstanding), m(a.Overdue),
					m(a.Buckets[0]), m(a.Buckets[1]), m(a.Buckets[2]), m(a.Buckets[3]), m(a.Buckets[4]), dso)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

func currenciesOf(points []app.AgingPoint) []ledger.Currency {
	seen := map[ledger.Currency]bool{}
	var out []ledger.Currency
	for _, p := range points {
		for cur := range p.ByCurrency {
			if !seen[cur] {
				seen[cur] = true
				out = append(out, cur)
			}
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func agingJSON(points []app.AgingPoint, curs []ledger.Currency) any {
	type cur struct {
		Currency    string            `json:"currency"`
		Outstanding string            `json:"outstanding"`
		Overdue     string            `json:"overdue"`
		Aging       map[string]string `json:"aging"`
		DSO         *int              `json:"dso"`
	}
	type point struct {
		Date       string `json:"date"`
		Currencies []cur  `json:"currencies"`
	}
	names := []string{"not_due", "1_30", "31_60", "61_90", "over_90"}
	out := []point{}
	for _, p := range points {
		x := point{Date: p.Date.String(), Currencies: []cur{}}
		for _, c := range curs {
			a := p.ByCurrency[c]
			if a == nil {
				continue
			}
			m := func(v int64) string { return ledger.Money{Minor: v, Currency: c}.Decimal() }
			y := cur{Currency: string(c), Outstanding: m(a.Outstanding), Overdue: m(a.Overdue), Aging: map[string]string{}}
			for i, v := range a.Buckets {
				y.Aging[names[i]] = m(v)
			}
			if a.DSO >= 0 {
				d := a.DSO
				y.DSO = &d
			}
			x.Currencies = append(x.Currencies, y)
		}
		out = append(out, x)
	}
	return out
}
