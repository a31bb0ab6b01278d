package cli

import (
	"bufio"
	"errors"
	"fmt"
	"strings"

	"github.com/relance-app/relance/internal/app"
)

// cmdImportAny is the import command: "import fec FILE" reads a FEC, the
// French legal accounting export, "import bank FILE" a bank statement; any
// other import is cmdImport's.
func (c *cli) cmdImportAny(args []string) (step, error) {
	if len(args) > 0 && args[0] == "fec" {
		return c.cmdImportFEC(args[1:])
	}
	if len(args) > 0 && args[0] == "bank" {
		return c.cmdImportBank(args[1:]) // cmd_bank.go
	}
	return c.cmdImport(args)
}

// cmdImportFEC: relancectl import fec FILE [--term-days N] [--dry-run].
func (c *cli) cmdImportFEC(args []string) (step, error) {
	fs := c.newFlags("import fec")
	dry := fs.Bool("dry-run", false, c.t("cli.flag_dry_run"))
	term := fs.Int("term-days", app.DefaultFECTermDays, c.t("cli.flag_term_days"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 1 {
		return nil, c.usage("cli.import_fec_usage")
	}
	if *term < 0 {
		return nil, c.usage("cli.import_fec_bad_term", *term)
	}
	path := pos[0]
	return func(svc *app.Service) error {
		req := app.ImportFECRequest{DryRun: *dry, TermDays: *term, Progress: func(n int) {
			if n >= 50_000 {
				fmt.Fprintf(c.env.Stderr, "\r%s", c.t("cli.import_progress", n))
			}
		}}
		res, err := svc.ImportFEC(c.ctx, path, req)
		if res.Rows >= 50_000 {
			fmt.Fprintln(c.env.Stderr)
		}
		if res.Format != "" {
			fmt.Fprintln(c.env.Stderr, c.t("cli.import_format", path, res.Format))
		}
		w := bufio.NewWriter(c.env.Stderr)
		for _, p := range res.Warnings {
			fmt.Fprintln(w, c.t("import.warning", p.In(c.lang)))
		}
		if errors.Is(err, app.ErrImportRejected) {
			for _, p := range res.Problems {
				fmt.Fprintln(w, p.In(c.lang))
			}
			w.Flush()
			return c.fail("cli.import_rejected", path, len(res.Problems), res.Rows)
		}
		w.Flush()
		if err != nil {
			return c.importError(err)
		}
		out := c.env.Stdout
		c.importSummary(path, res.Result)
		if res.TermDue > 0 {
			fmt.Fprintln(out, c.t("cli.import_fec_term", res.TermDue, res.TermDays))
		}
		if len(res.Unapplied) > 0 {
			parts := make([]string, len(res.Unapplied))
			for i, m := range res.Unapplied {
				parts[i] = m.Decimal() + " " + string(m.Currency)
			}
			fmt.Fprintln(out, c.t("cli.import_fec_unapplied", strings.Join(parts, ", ")))
		}
		return nil
	}, nil
}
