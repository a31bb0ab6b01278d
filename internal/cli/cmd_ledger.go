package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/store"
)

// cmdInit creates the ledger (createsLedger: the file may not exist yet).
func (c *cli) cmdInit(args []string) error {
	fs := c.newFlags("init")
	pos, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return c.usage("cli.unexpected_args", strings.Join(pos, " "))
	}
	path, err := c.resolveDB()
	if err != nil {
		return err
	}
	svc, isNew, err := createService(c.ctx, path, app.Options{Today: c.env.Today})
	if err != nil {
		return c.openErr(path, err)
	}
	closeService(svc)
	if isNew {
		fmt.Fprintln(c.env.Stdout, c.t("cli.init_created", path))
	} else {
		fmt.Fprintln(c.env.Stdout, c.t("cli.init_exists", path))
	}
	return nil
}

type demoFlags struct {
	customers, invoices int
	seed                int64
	letters             int // invoices of a simulated year of letters (issue 19's report); 0: none
}

// cmdDemo creates and fills a demo ledger (createsLedger).
func (c *cli) cmdDemo(args []string) error {
	fs := c.newFlags("demo")
	var f demoFlags
	fs.IntVar(&f.customers, "customers", 60, c.t("cli.flag_demo_customers"))
	fs.IntVar(&f.invoices, "invoices", 400, c.t("cli.flag_demo_invoices"))
	fs.Int64Var(&f.seed, "seed", 1, c.t("cli.flag_demo_seed"))
	fs.IntVar(&f.letters, "letters", 0, c.t("cli.flag_demo_letters"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return c.usage("cli.unexpected_args", strings.Join(pos, " "))
	}
	if f.customers < 1 || f.invoices < 0 || f.letters < 0 || f.customers > 10_000_000 || f.invoices > 100_000_000 || f.letters > 10_000_000 {
		return c.usage("cli.demo_bad_sizes")
	}
	path, err := c.resolveDB()
	if err != nil {
		return err
	}
	return c.makeDemo(path, f)
}

// makeDemo creates (if needed) and fills a demo ledger at path; a file it
// created is removed again when filling fails.
func (c *cli) makeDemo(path string, f demoFlags) error {
	if f.customers == 0 {
		f = demoFlags{customers: 60, invoices: 400, seed: 1}
	}
	_, statErr := os.Stat(path)
	isNew := errors.Is(statErr, os.ErrNotExist)
	svc, _, err := createService(c.ctx, path, app.Options{Today: c.env.Today})
	if err != nil {
		return c.openErr(path, err)
	}
	fmt.Fprintln(c.env.Stderr, c.t("cli.demo_generating", f.customers, f.invoices, path))
	var year *app.DemoLetterYear
	if f.letters > 0 {
		year = &app.DemoLetterYear{Invoices: f.letters}
	}
	sum, err := svc.GenerateDemo(c.ctx, app.DemoOptions{
		Customers: f.customers, Invoices: f.invoices, Seed: f.seed, Letters: year,
		Progress: func(done, total int) {
			if total >= 100_000 {
				fmt.Fprintf(c.env.Stderr, "\r%s", c.t("cli.progress", done, total))
				if done == total {
					fmt.Fprintln(c.env.Stderr)
				}
			}
		},
	})
	closeService(svc) // before removeDB: the file must not be open when it goes
	if err != nil {
		if isNew {
			removeDB(path)
		}
		if errors.Is(err, app.ErrDemoNotEmpty) {
			return c.fail("cli.demo_not_empty", path)
		}
		return err
	}
	out := c.env.Stdout
	if c.demo {
		out = c.env.Stderr // --demo COMMAND: the command's own output is what stdout is for
	}
	fmt.Fprintln(out, c.t("cli.demo_done", sum.Customers, sum.Invoices, sum.Payments, sum.Promises, sum.Disputes, path))
	if sum.Letters > 0 {
		fmt.Fprintln(out, c.t("cli.demo_letters_done", sum.Letters, sum.Inbound))
	}
	return nil
}

func removeDB(path string) {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		os.Remove(p)
	}
}

func (c *cli) cmdCompanyShow(args []string) (step, error) {
	fs := c.newFlags("company show")
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	if _, err := c.parse(fs, args); err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		co, err := svc.Company(c.ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			m := map[string]string{}
			for _, k := range app.CompanyKeys() {
				m[k] = app.CompanyValue(&co, k)
			}
			return writeJSON(c.env.Stdout, m)
		}
		tw := tabwriter.NewWriter(c.env.Stdout, 0, 4, 2, ' ', 0)
		for _, k := range app.CompanyKeys() {
			fmt.Fprintf(tw, "%s\t%s\n", k, app.CompanyValue(&co, k))
		}
		return tw.Flush()
	}, nil
}

func (c *cli) cmdCompanySet(args []string) (step, error) {
	fs := c.newFlags("company set")
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) == 0 {
		return nil, c.usage("cli.company_set_usage", strings.Join(app.CompanyKeys(), ", "))
	}
	known := map[string]bool{}
	for _, k := range app.CompanyKeys() {
		known[k] = true
	}
	for _, kv := range pos {
		k, _, ok := strings.Cut(kv, "=")
		if !ok {
			return nil, c.usage("cli.not_key_value", kv)
		}
		if !known[strings.TrimSpace(k)] {
			return nil, c.usage("cli.unknown_company_key", strings.TrimSpace(k), strings.Join(app.CompanyKeys(), ", "))
		}
	}
	return func(svc *app.Service) error {
		co, err := svc.Company(c.ctx)
		if err != nil {
			return err
		}
		// Validate every pair before saving any: all or nothing.
		var problems []string
		for _, kv := range pos {
			k, v, ok := strings.Cut(kv, "=")
			if !ok {
				return c.usage("cli.not_key_value", kv)
			}
			if err := app.SetCompanyField(&co, strings.TrimSpace(k), v); err != nil {
				var fe *app.FieldError
				if errors.As(err, &fe) {
					problems = append(problems, fe.In(c.lang))
					continue
				}
				return err
			}
		}
		if len(problems) > 0 {
			return &userError{msg: strings.Join(problems, "\n")}
		}
		if err := svc.SetCompany(c.ctx, co); err != nil {
			return err
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.company_saved", len(pos)))
		return nil
	}, nil
}

func (c *cli) cmdBackup(args []string) (step, error) {
	fs := c.newFlags("backup")
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 1 {
		return nil, c.usage("cli.backup_usage")
	}
	dest := pos[0]
	return func(svc *app.Service) error {
		if abs, err := filepath.Abs(dest); err == nil {
			if src, err2 := filepath.Abs(svc.Path()); err2 == nil && abs == src {
				return c.fail("cli.backup_same_file")
			}
		}
		if err := svc.Backup(c.ctx, dest); err != nil {
			if errors.Is(err, store.ErrExists) {
				return c.fail("cli.backup_exists", dest)
			}
			return c.fail("cli.backup_failed", dest, err.Error())
		}
		fi, _ := os.Stat(dest)
		var size int64
		if fi != nil {
			size = fi.Size()
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.backup_done", dest, size))
		return nil
	}, nil
}

func (c *cli) cmdCheck(args []string) (step, error) {
	fs := c.newFlags("check")
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	if _, err := c.parse(fs, args); err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		rep, err := svc.Check(c.ctx)
		if err != nil {
			return c.fail("cli.check_failed", err.Error())
		}
		if *asJSON {
			type item struct {
				Name     string `json:"name"`
				Problems int    `json:"problems"`
			}
			out := struct {
				Path          string   `json:"path"`
				OK            bool     `json:"ok"`
				SchemaVersion int      `json:"schema_version"`
				SizeBytes     int64    `json:"size_bytes"`
				Customers     int      `json:"customers"`
				Invoices      int      `json:"invoices"`
				Payments      int      `json:"payments"`
				Checks        []item   `json:"checks"`
				Problems      []string `json:"problems"`
			}{rep.Path, rep.OK(), rep.SchemaVersion, rep.SizeBytes, rep.Customers, rep.Invoices, rep.Payments, nil, rep.Problems}
			for _, ch := range rep.Checks {
				out.Checks = append(out.Checks, item{ch.Name, ch.Problems})
			}
			if out.Problems == nil {
				out.Problems = []string{}
			}
			if err := writeJSON(c.env.Stdout, out); err != nil {
				return err
			}
			if !rep.OK() {
				return &userError{msg: c.t("cli.check_problems", len(rep.Problems))}
			}
			return nil
		}
		w := c.env.Stdout
		fmt.Fprintln(w, c.t("cli.check_header", rep.Path, rep.SchemaVersion, rep.SizeBytes))
		fmt.Fprintln(w, c.t("cli.check_counts", rep.Customers, rep.Invoices, rep.Payments))
		for _, ch := range rep.Checks {
			status := c.t("cli.check_ok")
			if ch.Problems > 0 {
				status = c.t("cli.check_item_problems", ch.Problems)
			}
			fmt.Fprintf(w, "  %-22s %s\n", c.t("check."+ch.Name), status)
		}
		for _, p := range rep.Problems {
			fmt.Fprintf(w, "  - %s\n", p)
		}
		if !rep.OK() {
			return &userError{msg: c.t("cli.check_problems", len(rep.Problems))}
		}
		fmt.Fprintln(w, c.t("cli.check_all_ok"))
		return nil
	}, nil
}

func writeJSON(w interface{ Write([]byte) (int, error) }, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
