package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
)

func (c *cli) cmdImport(args []string) (step, error) {
	fs := c.newFlags("import")
	dry := fs.Bool("dry-run", false, c.t("cli.flag_dry_run"))
	order := fs.String("date-order", "", c.t("cli.flag_date_order"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	var kind app.ImportKind
	var path string
	switch len(pos) {
	case 1: // the kind detected from the file's header
		switch app.ImportKind(pos[0]) {
		case app.ImportCustomers, app.ImportInvoices, app.ImportPayments:
			return nil, c.usage("cli.import_usage") // a kind and no file
		}
		path = pos[0]
	case 2:
		kind, path = app.ImportKind(pos[0]), pos[1]
		switch kind {
		case app.ImportCustomers, app.ImportInvoices, app.ImportPayments:
		default:
			return nil, c.usage("cli.import_bad_kind", pos[0])
		}
	default:
		return nil, c.usage("cli.import_usage")
	}
	req := app.ImportRequest{DryRun: *dry}
	switch *order {
	case "":
	case string(app.DayFirst), string(app.MonthFirst):
		req.DateOrder = app.DateOrder(*order)
	default:
		return nil, c.usage("cli.import_bad_date_order", *order)
	}
	return func(svc *app.Service) error {
		req.Progress = func(n int) {
			if n >= 50_000 {
				fmt.Fprintf(c.env.Stderr, "\r%s", c.t("cli.import_progress", n))
			}
		}
		if kind == "" {
			return c.importFile(svc, path, req)
		}
		res, err := svc.ImportWith(c.ctx, kind, path, req)
		if res.Rows >= 50_000 {
			fmt.Fprintln(c.env.Stderr)
		}
		c.importNotes(path, res, err == nil)
		if errors.Is(err, app.ErrImportRejected) {
			return c.importRejected(path, res.Problems, res.Rows)
		}
		if err != nil {
			return c.importError(err)
		}
		c.importSummary(path, res)
		return nil
	}, nil
}

// importFile imports everything the file holds, each table (a CSV, or
// each sheet of a workbook) as the kind its header says, in one
// transaction, and says what it read and did, table by table.
func (c *cli) importFile(svc *app.Service, path string, req app.ImportRequest) error {
	fr, err := svc.ImportFile(c.ctx, path, req)
	if fr.Rows() >= 50_000 {
		fmt.Fprintln(c.env.Stderr)
	}
	for _, sheet := range fr.Skipped {
		fmt.Fprintln(c.env.Stderr, c.t("cli.import_sheet_skipped", path, sheet))
	}
	for _, p := range fr.Parts {
		fmt.Fprintln(c.env.Stderr, c.t("cli.import_kind", p.File, string(p.Kind)))
		c.importNotes(p.File, p.Result, err == nil)
	}
	if errors.Is(err, app.ErrImportRejected) {
		return c.importRejected(path, fr.AllProblems(), fr.Rows())
	}
	if err != nil {
		return c.importError(err)
	}
	for _, p := range fr.Parts {
		c.importSummary(p.File, p.Result)
	}
	return nil
}

// importNotes says how a table was read: its format, warnings, and the
// columns left out.
func (c *cli) importNotes(file string, res app.ImportResult, reported bool) {
	if res.Format != "" {
		fmt.Fprintln(c.env.Stderr, c.t("cli.import_format", file, res.Format))
	}
	for _, w := range app.ImportNotices(res, reported) { // the summary says the others
		fmt.Fprintln(c.env.Stderr, c.t("import.warning", w.In(c.lang)))
	}
	if len(res.Ignored) > 0 {
		fmt.Fprintln(c.env.Stderr, c.t("import.problem_file", file, app.IgnoredSummary(res.Ignored).In(c.lang)))
	}
}

// importRejected lists a rejected file's problems and fails.
func (c *cli) importRejected(file string, problems []app.ImportProblem, rows int) error {
	w := bufio.NewWriter(c.env.Stderr)
	for _, p := range problems {
		fmt.Fprintln(w, p.In(c.lang))
	}
	w.Flush()
	return c.fail("cli.import_rejected", file, len(problems), rows)
}

func (c *cli) importError(err error) error {
	if errors.Is(err, context.Canceled) || isBusy(err) {
		return err
	}
	var fe *app.ImportFileError
	if errors.As(err, &fe) {
		return &userError{msg: fe.In(c.lang)}
	}
	return c.fail("cli.import_failed", err.Error())
}

// cmdSummary prints what needs attention: overdue totals per currency and
// the aging of what is owed. It is the CLI's home screen.
func (c *cli) cmdSummary(args []string) (step, error) {
	fs := c.newFlags("summary")
	asOf := fs.String("as-of", "", c.t("cli.flag_as_of"))
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	if _, err := c.parse(fs, args); err != nil {
		return nil, err
	}
	date, err := c.asOfFlag(*asOf)
	if err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		sum, err := app.Summarize(c.ctx, svc, date)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(c.env.Stdout, sum.JSON())
		}
		w := c.env.Stdout
		co, _ := svc.Company(c.ctx)
		name := co.TradingName
		if name == "" {
			name = co.LegalName
		}
		fmt.Fprintln(w, c.t("cli.summary_title", name, date.String(), svc.Path()))
		fmt.Fprintln(w, c.t("cli.summary_counts", sum.Customers, sum.Invoices, sum.OpenInvoices, sum.OverdueInvoices))
		curs := make([]string, 0, len(sum.ByCurrency))
		for cur := range sum.ByCurrency {
			curs = append(curs, string(cur))
		}
		sort.Strings(curs)
		for _, cs := range curs {
			cur := ledger.Currency(cs)
			a := sum.ByCurrency[cur]
			m := func(v int64) string { return ledger.Money{Minor: v, Currency: cur}.Decimal() }
			fmt.Fprintln(w, c.t("cli.summary_currency", cs, m(a.Outstanding), m(a.Overdue)))
			labels := []string{c.t("aging.not_due"), c.t("aging.1_30"), c.t("aging.31_60"), c.t("aging.61_90"), c.t("aging.over_90")}
			for i, v := range a.Buckets {
				fmt.Fprintf(w, "    %-22s %14s\n", labels[i], m(v))
			}
		}
		if len(sum.TopOverdue) > 0 {
			fmt.Fprintln(w, c.t("cli.summary_top"))
			for _, t := range sum.TopOverdue {
				fmt.Fprintf(w, "    %-10s %-40s %14s %s\n", t.Code, truncate(t.Name, 40), ledger.Money{Minor: t.Overdue, Currency: t.Currency}.Decimal(), t.Currency)
			}
		}
		for _, m := range sum.OpenCredit {
			fmt.Fprintln(w, c.t("cli.summary_open_credit", m.Decimal(), m.Currency))
		}
		for _, m := range sum.WrittenOff {
			fmt.Fprintln(w, c.t("cli.summary_written_off", m.Decimal(), m.Currency))
		}
		fmt.Fprintln(w, c.t("cli.summary_next"))
		return nil
	}, nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
