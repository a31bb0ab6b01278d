package cli

import (
	"fmt"

	"github.com/relance-app/relance/internal/app"
)

// importSummary says what an import did (or, dry, would do): for invoices
// the sentence in money, which says all the row counts did ("214 invoices
// (12 new, …)", the rows read when lines of one invoice were grouped), in
// place of them; for customers and payments the row counts; then the
// notes and how the file was read.
func (c *cli) importSummary(file string, res app.ImportResult) {
	r := app.ImportSummary(c.lang, res)
	if r.Sentence != "" {
		fmt.Fprintln(c.env.Stdout, c.t("cli.import_sentence", file, r.Sentence))
	} else {
		key := "cli.import_done"
		if res.DryRun {
			key = "cli.import_dry_run"
		}
		fmt.Fprintln(c.env.Stdout, c.t(key, file, res.Rows, res.Created, res.Updated))
	}
	for _, line := range r.Notes {
		fmt.Fprintln(c.env.Stdout, line)
	}
	for _, line := range r.Reading {
		fmt.Fprintln(c.env.Stdout, line)
	}
}
