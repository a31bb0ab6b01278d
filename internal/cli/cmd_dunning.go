package cli

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// appErr turns the application's refusals into user errors.
func (c *cli) appErr(err error) error {
	var ue *app.UserError
	if errors.As(err, &ue) {
		return &userError{msg: ue.Msg.In(c.lang)}
	}
	var se *app.SignInError
	if errors.As(err, &se) {
		return &userError{msg: se.In(c.lang) + "\n" + c.t("cli.signin_hint")}
	}
	return err
}

func money(minor int64, cur ledger.Currency) string {
	return ledger.Money{Minor: minor, Currency: cur}.Decimal()
}

type planInvoiceJSON struct {
	Number       string `json:"number"`
	Level        int    `json:"level"`
	DueDate      string `json:"due_date"`
	DaysOverdue  int    `json:"days_overdue"`
	Principal    string `json:"principal"`
	Interest     string `json:"interest"`
	Compensation string `json:"compensation"`
	// Credits are the credit notes applied to the invoice; UndatedPaid:
	// part of it was paid on a date an export did not give (interest runs
	// only on what is still due).
	Credits     []creditJSON `json:"credits,omitempty"`
	UndatedPaid bool         `json:"undated_paid,omitempty"`
}

type creditJSON struct {
	Number string `json:"number"`
	Date   string `json:"date"`
	Amount string `json:"amount"`
}

type actionJSON struct {
	CustomerCode string            `json:"customer_code"`
	CustomerName string            `json:"customer_name"`
	Level        int               `json:"level"`
	Kind         string            `json:"kind"`
	Channel      string            `json:"channel,omitempty"`
	Auto         bool              `json:"auto"`
	Currency     string            `json:"currency"`
	Invoices     []string          `json:"invoices"`
	Details      []planInvoiceJSON `json:"details"`
	Principal    string            `json:"principal"`
	Interest     string            `json:"interest"`
	Compensation string            `json:"compensation"`
	TotalDue     string            `json:"total_due"`
	Deadline     string            `json:"deadline,omitempty"`
	Reason       string            `json:"reason"`
	RatesUsed    []rateUsedJSON    `json:"rates_used"`
	Warnings     []string          `json:"warnings"`
	Variant      string            `json:"variant,omitempty"` // the template variant (B…Z), left out for the default
	// LetterID is the letter's row in the history once recorded (plan
	// --record): the ID letter tracking and letters show take.
	LetterID int64 `json:"letter_id,omitempty"`
}

type rateUsedJSON struct {
	Table  string `json:"table"`
	From   string `json:"from"`
	Rate   string `json:"rate"`
	Source string `json:"source"`
}

type skippedJSON struct {
	Invoice      string `json:"invoice"`
	CustomerCode string `json:"customer_code"`
	Reason       string `json:"reason"`
}

func (c *cli) actionJSON(a dunning.Action, charges bool) actionJSON {
	out := actionJSON{CustomerCode: a.CustomerCode, CustomerName: a.CustomerName, Level: a.Level, Kind: string(a.Kind), Channel: string(a.Channel),
		Auto: a.Auto, Currency: string(a.Currency), Invoices: []string{}, Details: []planInvoiceJSON{},
		Principal: money(a.Principal, a.Currency), Interest: money(a.Interest, a.Currency),
		Compensation: money(a.Compensation, a.Currency), TotalDue: money(a.TotalDue, a.Currency),
		Deadline: a.Deadline.String(), Reason: a.Reason.In(c.lang), Warnings: []string{}, RatesUsed: []rateUsedJSON{}, Variant: a.Variant}
	used := map[dunning.RateEntry]bool{}
	for _, inv := range a.Invoices {
		out.Invoices = append(out.Invoices, inv.Number)
		d := planInvoiceJSON{Number: inv.Number, Level: inv.Level, DueDate: inv.DueDate.String(), DaysOverdue: inv.DaysOverdue,
			Principal: money(inv.Principal, a.Currency), Interest: money(0, a.Currency), Compensation: money(0, a.Currency),
			UndatedPaid: inv.Undated}
		for _, cr := range inv.Credits {
			d.Credits = append(d.Credits, creditJSON{cr.Number, cr.Date.String(), money(cr.Amount, a.Currency)})
		}
		if charges {
			d.Interest = money(inv.Interest.Interest, a.Currency)
			if inv.Compensation.Currency == a.Currency {
				d.Compensation = money(inv.Compensation.Minor, a.Currency)
			}
			for _, e := range inv.Interest.RatesUsed {
				if !used[e] {
					used[e] = true
					out.RatesUsed = append(out.RatesUsed, rateUsedJSON{string(e.Table), e.From.String(), e.Rate.String(), e.Source})
				}
			}
		}
		out.Details = append(out.Details, d)
	}
	for _, w := range a.Warnings {
		out.Warnings = append(out.Warnings, w.In(c.lang))
	}
	return out
}

func (c *cli) cmdPlan(args []string) (step, error) {
	fs := c.newFlags("plan")
	asOf := fs.String("as-of", "", c.t("cli.flag_as_of"))
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	record := fs.Bool("record", false, c.t("cli.flag_record"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) > 0 {
		return nil, c.usage("cli.unexpected_args", strings.Join(pos, " "))
	}
	date, err := c.asOfFlag(*asOf)
	if err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		var plan dunning.Plan
		var err error
		var before map[int64]bool // the letters of the day recorded before this run
		if *record {
			if before, err = c.letterIDsOn(svc, date); err != nil {
				return err
			}
			plan, err = svc.RecordPlan(c.ctx, date)
		} else {
			plan, err = svc.Plan(c.ctx, date)
		}
		if err != nil {
			return c.appErr(err)
		}
		// The letters this run recorded, oldest first, each with its ID.
		var recorded []app.LetterRecord
		if *record {
			rs, err := svc.LetterRecords(c.ctx, app.LetterFilter{Date: date})
			if err != nil {
				return c.appErr(err)
			}
			for i := len(rs) - 1; i >= 0; i-- {
				if r := rs[i]; !before[r.ID] && r.Level < 4 {
					recorded = append(recorded, r)
				}
			}
		}
		letterID := func(a dunning.Action) int64 {
			for _, r := range recorded {
				if r.CustomerCode == a.CustomerCode && r.Kind == a.Kind && r.Currency == a.Currency {
					return r.ID
				}
			}
			return 0
		}
		policy := svc.Policy(c.ctx)
		if *asJSON {
			out := struct {
				AsOf     string        `json:"as_of"`
				Recorded bool          `json:"recorded"`
				Actions  []actionJSON  `json:"actions"`
				Tasks    []actionJSON  `json:"tasks"`
				Skipped  []skippedJSON `json:"skipped"`
			}{AsOf: date.String(), Recorded: *record, Actions: []actionJSON{}, Tasks: []actionJSON{}, Skipped: []skippedJSON{}}
			for _, a := range plan.Actions {
				aj := c.actionJSON(a, policy.Levels[a.Level].ChargesInterest())
				aj.LetterID = letterID(a)
				out.Actions = append(out.Actions, aj)
			}
			for _, a := range plan.Tasks {
				out.Tasks = append(out.Tasks, c.actionJSON(a, false))
			}
			for _, s := range plan.Skipped {
				out.Skipped = append(out.Skipped, skippedJSON{Invoice: s.Invoice, CustomerCode: s.CustomerCode, Reason: s.ReasonText()})
			}
			return writeJSON(c.env.Stdout, out)
		}
		w := c.env.Stdout
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, c.t("cli.plan_header"))
		for _, a := range plan.Actions {
			kind := string(a.Kind)
			if a.Variant != "" {
				kind += " " + c.t("cli.template_variant_short", a.Variant) // the template variant it is written with
			}
			fmt.Fprintf(tw, "%s\t%d %s\t%s\t%s\t%d\t%s\t%s\n", a.CustomerCode, a.Level, kind, c.t("delivery."+string(a.Channel)), a.Currency,
				len(a.Invoices), money(a.TotalDue, a.Currency), a.Reason.In(c.lang))
		}
		tw.Flush()
		for _, a := range plan.Tasks {
			fmt.Fprintln(w, c.t("cli.plan_task", a.CustomerCode, a.CustomerName, len(a.Invoices), money(a.Principal, a.Currency), a.Currency))
		}
		key := "cli.plan_summary"
		if *record {
			key = "cli.plan_recorded"
		}
		fmt.Fprintln(w, c.t(key, date.String(), len(plan.Actions), len(plan.Tasks), len(plan.Skipped)))
		// Each letter recorded with its ID (letter tracking, letters show).
		for _, r := range recorded {
			fmt.Fprintln(w, c.t("cli.recorded_letter", r.ID, r.CustomerCode, r.Kind))
		}
		held := 0
		for _, s := range plan.Skipped {
			if s.Reason == dunning.SkipBankReview {
				held++
			}
		}
		if held > 0 {
			fmt.Fprintln(w, i18n.TN(c.lang, "cli.plan_bank_held", held))
		}
		return nil
	}, nil
}

func (c *cli) cmdInterest(args []string) (step, error) {
	fs := c.newFlags("interest")
	number := fs.String("invoice", "", c.t("cli.flag_invoice"))
	asOf := fs.String("as-of", "", c.t("cli.flag_as_of"))
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) > 0 || *number == "" {
		return nil, c.usage("cli.interest_usage")
	}
	date, err := c.asOfFlag(*asOf)
	if err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		it, ic, err := svc.InvoiceInterest(c.ctx, *number, date)
		if err != nil {
			return c.appErr(err)
		}
		cur := it.Currency
		type segJSON struct {
			From    string `json:"from"`
			To      string `json:"to"`
			Days    int    `json:"days"`
			Balance string `json:"balance"`
			Rate    string `json:"rate"`
			Amount  string `json:"amount"`
		}
		type rateJSON struct {
			Table  string `json:"table"`
			From   string `json:"from"`
			Rate   string `json:"rate"`
			Source string `json:"source"`
		}
		out := struct {
			Invoice              string     `json:"invoice"`
			CustomerCode         string     `json:"customer_code"`
			AsOf                 string     `json:"as_of"`
			Jurisdiction         string     `json:"jurisdiction"`
			Currency             string     `json:"currency"`
			Principal            string     `json:"principal"`
			Interest             string     `json:"interest"`
			Compensation         string     `json:"compensation"`
			CompensationCurrency string     `json:"compensation_currency"`
			Basis                string     `json:"basis"`
			Segments             []segJSON  `json:"segments"`
			RatesUsed            []rateJSON `json:"rates_used"`
			Warnings             []string   `json:"warnings"`
		}{Invoice: ic.Invoice.Number, CustomerCode: ic.Customer.Code, AsOf: date.String(), Jurisdiction: string(ic.Customer.Debtor.Jurisdiction),
			Currency: string(cur), Principal: money(it.Principal, cur), Interest: money(it.Interest, cur),
			Basis: it.Basis.In(c.lang), Segments: []segJSON{}, RatesUsed: []rateJSON{}, Warnings: []string{}}
		out.Compensation, out.CompensationCurrency = money(0, cur), string(cur)
		if it.Compensation.Currency != "" {
			out.Compensation, out.CompensationCurrency = it.Compensation.Decimal(), string(it.Compensation.Currency)
		}
		for _, s := range it.Segments {
			out.Segments = append(out.Segments, segJSON{s.From.String(), s.To.String(), s.Days, money(s.Balance, cur), s.Rate.String(), money(s.Amount, cur)})
		}
		for _, e := range it.RatesUsed {
			out.RatesUsed = append(out.RatesUsed, rateJSON{string(e.Table), e.From.String(), e.Rate.String(), e.Source})
		}
		for _, w := range it.Warnings {
			out.Warnings = append(out.Warnings, w.In(c.lang))
		}
		if *asJSON {
			return writeJSON(c.env.Stdout, out)
		}
		w := c.env.Stdout
		fmt.Fprintln(w, c.t("cli.interest_title", out.Invoice, out.CustomerCode, out.AsOf, out.Jurisdiction))
		fmt.Fprintln(w, "  "+out.Basis)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, c.t("cli.interest_header"))
		for _, s := range out.Segments {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t\n", s.From, s.To, s.Days, s.Balance, s.Rate, s.Amount)
		}
		tw.Flush()
		fmt.Fprintln(w, c.t("cli.interest_totals", out.Principal, out.Interest, out.Compensation, out.CompensationCurrency, out.Currency))
		for _, e := range out.RatesUsed {
			fmt.Fprintf(w, "  %s %s %s %% — %s\n", e.Table, e.From, e.Rate, e.Source)
		}
		for _, x := range out.Warnings {
			fmt.Fprintln(w, "  ! "+x)
		}
		return nil
	}, nil
}

func (c *cli) cmdRatesList(args []string) (step, error) {
	fs := c.newFlags("rates list")
	table := fs.String("table", "", c.t("cli.flag_table"))
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	if _, err := c.parse(fs, args); err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		tabs, err := svc.RateTables(c.ctx)
		if err != nil {
			return err
		}
		type entryJSON struct {
			From   string `json:"from"`
			Rate   string `json:"rate"`
			Source string `json:"source"`
			Owner  bool   `json:"added_by_owner"`
		}
		type tableJSON struct {
			ID         string      `json:"id"`
			Name       string      `json:"name"`
			HalfYearly bool        `json:"half_yearly"`
			Checked    string      `json:"known_through"`
			Entries    []entryJSON `json:"entries"`
		}
		var out []tableJSON
		for _, id := range tabs.IDs() {
			if *table != "" && string(id) != *table {
				continue
			}
			tb := tabs.Table(id)
			t := tableJSON{ID: string(id), Name: tb.Name, HalfYearly: tb.HalfYearly, Checked: tb.Checked.String(), Entries: []entryJSON{}}
			for _, e := range tb.Entries {
				t.Entries = append(t.Entries, entryJSON{e.From.String(), e.Rate.String(), e.Source, e.Owner})
			}
			out = append(out, t)
		}
		if *table != "" && len(out) == 0 {
			return c.appErr(&app.UserError{Msg: msg("rates.unknown_table", *table)})
		}
		if *asJSON {
			return writeJSON(c.env.Stdout, out)
		}
		w := c.env.Stdout
		for _, t := range out {
			fmt.Fprintln(w, c.t("cli.rates_table", t.ID, t.Name, t.Checked))
			for _, e := range t.Entries {
				mark := ""
				if e.Owner {
					mark = " *"
				}
				fmt.Fprintf(w, "  %s  %7s %%%s  %s\n", e.From, e.Rate, mark, e.Source)
			}
		}
		return nil
	}, nil
}

func (c *cli) cmdRatesAdd(args []string) (step, error) {
	fs := c.newFlags("rates add")
	source := fs.String("source", "", c.t("cli.flag_source"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 3 {
		return nil, c.usage("cli.rates_add_usage")
	}
	from, err := ledger.ParseISODate(pos[1])
	if err != nil {
		return nil, c.usage("cli.bad_date_arg", pos[1])
	}
	rate, err := dunning.ParseRate(pos[2])
	if err != nil {
		return nil, c.usage("cli.bad_rate_arg", pos[2])
	}
	return func(svc *app.Service) error {
		if err := svc.AddRate(c.ctx, pos[0], from, rate, strings.TrimSpace(*source)); err != nil {
			return c.appErr(err)
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.rates_added", pos[0], from.String(), rate.String()))
		return nil
	}, nil
}

func (c *cli) cmdPromiseAdd(args []string) (step, error) {
	fs := c.newFlags("promise add")
	number := fs.String("invoice", "", c.t("cli.flag_invoice"))
	date := fs.String("date", "", c.t("cli.flag_promise_date"))
	amount := fs.String("amount", "", c.t("cli.flag_promise_amount"))
	source := fs.String("source", "manual", c.t("cli.flag_promise_source"))
	saidOn := fs.String("said-on", "", c.t("cli.flag_said_on"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) > 0 || *number == "" || *date == "" {
		return nil, c.usage("cli.promise_usage")
	}
	d, err := ledger.ParseISODate(*date)
	if err != nil {
		return nil, c.usage("cli.bad_date_arg", *date)
	}
	said, err := c.optionalDate(*saidOn)
	if err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		inv, err := svc.InvoiceByNumber(c.ctx, *number)
		if err != nil {
			return c.fail("dunning.unknown_invoice", *number)
		}
		var minor int64
		if *amount != "" {
			if minor, err = ledger.ParseAmount(*amount, inv.Total.Currency); err != nil || minor <= 0 {
				return c.usage("cli.bad_amount_arg", *amount)
			}
		}
		p, err := svc.AddPromise(c.ctx, *number, d, minor, *source, said)
		if err != nil {
			return c.appErr(err)
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.promise_added", *number, p.Date.String(), ledger.Money{Minor: p.Amount, Currency: inv.Total.Currency}.String()))
		return nil
	}, nil
}

// cmdDispute is the handler of dispute open (open) and dispute close.
func cmdDispute(open bool) handler {
	return func(c *cli, args []string) (step, error) {
		fs := c.newFlags("dispute")
		number := fs.String("invoice", "", c.t("cli.flag_invoice"))
		reason := fs.String("reason", "", c.t("cli.flag_reason"))
		var saidOn *string
		if open {
			saidOn = fs.String("said-on", "", c.t("cli.flag_said_on"))
		}
		pos, err := c.parse(fs, args)
		if err != nil {
			return nil, err
		}
		if len(pos) > 0 || *number == "" {
			return nil, c.usage("cli.dispute_usage")
		}
		var said ledger.Date
		if open {
			if said, err = c.optionalDate(*saidOn); err != nil {
				return nil, err
			}
		}
		return func(svc *app.Service) error {
			key := "cli.dispute_opened"
			var err error
			if open {
				err = svc.OpenDispute(c.ctx, *number, *reason, said)
			} else {
				err = svc.CloseDispute(c.ctx, *number, *reason)
				key = "cli.dispute_closed"
			}
			if err != nil {
				return c.appErr(err)
			}
			fmt.Fprintln(c.env.Stdout, c.t(key, *number))
			return nil
		}, nil
	}
}

// cmdCustomer is the handler of customer pause|unpause|exclude|include|set CODE ...
func cmdCustomer(action string) handler {
	return func(c *cli, args []string) (step, error) {
		fs := c.newFlags("customer " + action)
		until := fs.String("until", "", c.t("cli.flag_until"))
		pos, err := c.parse(fs, args)
		if err != nil {
			return nil, err
		}
		if len(pos) < 1 || (action != "set" && len(pos) != 1) || (action == "set" && len(pos) < 2) {
			return nil, c.usage("cli.customer_usage")
		}
		code := pos[0]
		var untilDate ledger.Date
		if action == "pause" {
			if *until == "" {
				return nil, c.usage("cli.customer_usage")
			}
			if untilDate, err = ledger.ParseISODate(*until); err != nil {
				return nil, c.usage("cli.bad_date_arg", *until)
			}
		}
		return func(svc *app.Service) error {
			err := svc.UpdateCustomerDunning(c.ctx, code, func(d *store.CustomerDunning) error {
				switch action {
				case "pause":
					d.PausedUntil = untilDate
				case "unpause":
					d.PausedUntil = 0
				case "exclude":
					d.Excluded = true
				case "include":
					d.Excluded = false
				case "set":
					for _, kv := range pos[1:] {
						k, v, ok := strings.Cut(kv, "=")
						if !ok {
							return &userError{msg: c.t("cli.not_key_value", kv)}
						}
						if err := app.SetCustomerDunningField(d, strings.TrimSpace(k), strings.TrimSpace(v)); err != nil {
							return err
						}
					}
				}
				return nil
			})
			if err != nil {
				var ue *userError
				if errors.As(err, &ue) {
					return ue
				}
				return c.appErr(err)
			}
			fmt.Fprintln(c.env.Stdout, c.t("cli.customer_saved", code))
			return nil
		}, nil
	}
}

// optionalDate reads a YYYY-MM-DD flag that may be left out (zero).
func (c *cli) optionalDate(s string) (ledger.Date, error) {
	if s == "" {
		return 0, nil
	}
	d, err := ledger.ParseISODate(s)
	if err != nil {
		return 0, c.usage("cli.bad_date_arg", s)
	}
	return d, nil
}
