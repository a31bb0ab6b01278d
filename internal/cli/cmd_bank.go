package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
)

// Bank statements (issue 15): import bank FILE, bank account add/list,
// bank proposals, bank apply, bank ignore.

// cmdImportBank: relancectl import bank FILE [--dry-run] [--account IBAN]
// [--currency CUR].
func (c *cli) cmdImportBank(args []string) (step, error) {
	fs := c.newFlags("import bank")
	dry := fs.Bool("dry-run", false, c.t("cli.flag_dry_run"))
	account := fs.String("account", "", c.t("cli.flag_bank_account"))
	currency := fs.String("currency", "", c.t("cli.flag_bank_currency"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 1 {
		return nil, c.usage("cli.import_bank_usage")
	}
	var cur ledger.Currency
	if *currency != "" {
		if cur = ledger.Currency(strings.ToUpper(*currency)); !cur.Valid() {
			return nil, c.usage("cli.bad_currency", *currency)
		}
	}
	path := pos[0]
	return func(svc *app.Service) error {
		req := app.BankImportRequest{DryRun: *dry, Account: *account, Currency: cur, Progress: func(done, total int) {
			if total >= 50_000 {
				fmt.Fprintf(c.env.Stderr, "\r%s", c.t("cli.import_progress", done))
			}
		}}
		res, err := svc.ImportBankFile(c.ctx, path, req)
		if res.Entries >= 50_000 {
			fmt.Fprintln(c.env.Stderr)
		}
		if err != nil {
			var ue *app.UserError
			if errors.As(err, &ue) {
				return c.appErr(err)
			}
			return c.importError(err)
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.import_sentence", path, app.BankImportSummary(c.lang, res)))
		if res.Proposals > 0 && !res.DryRun {
			fmt.Fprintln(c.env.Stdout, c.t("cli.bank_review_hint"))
		}
		return nil
	}, nil
}

// cmdBankAccount is "bank account add" and "bank account list" (the
// command table goes one level of sub-commands down).
func (c *cli) cmdBankAccount(args []string) (step, error) {
	if len(args) > 0 {
		switch args[0] {
		case "add":
			return c.cmdBankAccountAdd(args[1:])
		case "list":
			return c.cmdBankAccountList(args[1:])
		}
	}
	return nil, c.usage("cli.bank_account_usage")
}

// cmdBankAccountAdd: relancectl bank account add IBAN|ACCOUNT-ID [--name N].
func (c *cli) cmdBankAccountAdd(args []string) (step, error) {
	fs := c.newFlags("bank account add")
	name := fs.String("name", "", c.t("cli.flag_bank_name"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 1 {
		return nil, c.usage("cli.bank_account_add_usage")
	}
	return func(svc *app.Service) error {
		a, err := svc.AddBankAccount(c.ctx, pos[0], *name)
		if err != nil {
			return c.appErr(err)
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.bank_account_added", a.Account))
		return nil
	}, nil
}

// cmdBankAccountList: relancectl bank account list [--json].
func (c *cli) cmdBankAccountList(args []string) (step, error) {
	fs := c.newFlags("bank account list")
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) > 0 {
		return nil, c.usage("cli.unexpected_args", strings.Join(pos, " "))
	}
	return func(svc *app.Service) error {
		as, err := svc.BankAccounts(c.ctx)
		if err != nil {
			return err
		}
		co, err := svc.Company(c.ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			type accountJSON struct {
				Account  string `json:"account"`
				Name     string `json:"name"`
				Currency string `json:"currency"`
				AddedAt  string `json:"added_at,omitempty"`
			}
			out := []accountJSON{}
			listed := false
			for _, a := range as {
				listed = listed || a.Account == co.IBAN
				out = append(out, accountJSON{a.Account, a.Name, string(a.Currency), a.AddedAt.UTC().Format("2006-01-02T15:04:05Z")})
			}
			if !listed && co.IBAN != "" {
				out = append([]accountJSON{{Account: co.IBAN, Name: co.BankName}}, out...)
			}
			return writeJSON(c.env.Stdout, out)
		}
		tw := tabwriter.NewWriter(c.env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, c.t("cli.bank_account_header"))
		listed := false
		for _, a := range as {
			listed = listed || a.Account == co.IBAN
			fmt.Fprintf(tw, "%s\t%s\t%s\n", a.Account, a.Name, a.Currency)
		}
		if !listed && co.IBAN != "" {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", co.IBAN, co.BankName, c.t("cli.bank_account_company"))
		}
		tw.Flush()
		return nil
	}, nil
}

type bankSuggestionJSON struct {
	Customer     string `json:"customer"`
	CustomerName string `json:"customer_name"`
	Invoice      string `json:"invoice,omitempty"`
	Reason       string `json:"reason"`
}

type bankProposalJSON struct {
	ID          int64                `json:"id"`
	State       string               `json:"state"`
	Account     string               `json:"account"`
	Key         string               `json:"key"`
	BookingDate string               `json:"booking_date"`
	Amount      string               `json:"amount"`
	Currency    string               `json:"currency"`
	Party       string               `json:"party"`
	PartyIBAN   string               `json:"party_iban,omitempty"`
	Reference   string               `json:"reference,omitempty"`
	Text        string               `json:"text"`
	File        string               `json:"file"`
	Line        int                  `json:"line"`
	Suggestions []bankSuggestionJSON `json:"suggestions"`
}

// cmdBankProposals: relancectl bank proposals [--json].
func (c *cli) cmdBankProposals(args []string) (step, error) {
	fs := c.newFlags("bank proposals")
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) > 0 {
		return nil, c.usage("cli.unexpected_args", strings.Join(pos, " "))
	}
	return func(svc *app.Service) error {
		ps, err := svc.BankProposals(c.ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			out := []bankProposalJSON{}
			for _, p := range ps {
				e := p.Entry
				j := bankProposalJSON{ID: e.ID, State: string(e.State), Account: e.Account, Key: e.Key, BookingDate: e.BookingDate.String(),
					Amount: e.Amount.Decimal(), Currency: string(e.Amount.Currency), Party: e.PartyName, PartyIBAN: e.PartyIBAN,
					Reference: e.StructuredRef, Text: e.Text, File: e.File, Line: e.Line, Suggestions: []bankSuggestionJSON{}}
				for _, s := range p.Suggestions {
					j.Suggestions = append(j.Suggestions, bankSuggestionJSON{s.CustomerCode, s.CustomerName, s.InvoiceNumber, string(s.Reason)})
				}
				out = append(out, j)
			}
			return writeJSON(c.env.Stdout, out)
		}
		if len(ps) == 0 {
			fmt.Fprintln(c.env.Stdout, c.t("cli.bank_no_proposals"))
			return nil
		}
		w := c.env.Stdout
		for _, p := range ps {
			e := p.Entry
			fmt.Fprintln(w, c.t("cli.bank_proposal", e.ID, e.BookingDate.String(), money(e.Amount.Minor, e.Amount.Currency), e.Amount.Currency,
				e.PartyName, strings.TrimSpace(e.StructuredRef+" "+e.Text)))
			if len(p.Suggestions) == 0 {
				fmt.Fprintln(w, "  "+c.t("cli.bank_names_no_one"))
			}
			for _, s := range p.Suggestions {
				inv := s.InvoiceNumber
				if inv == "" {
					inv = "-"
				}
				fmt.Fprintln(w, "  "+c.t("cli.bank_suggestion", s.CustomerCode, s.CustomerName, inv, app.BankReason(c.lang, s.Reason)))
			}
		}
		return nil
	}, nil
}

// cmdBankApply: relancectl bank apply ID [--invoice N]...
func (c *cli) cmdBankApply(args []string) (step, error) {
	fs := c.newFlags("bank apply")
	var invoices multiFlag
	fs.Var(&invoices, "invoice", c.t("cli.flag_bank_invoice"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	id, err := c.entryID(pos, "cli.bank_apply_usage")
	if err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		ap, err := svc.ApplyBankProposal(c.ctx, id, invoices)
		if err != nil {
			return c.appErr(err)
		}
		for _, p := range ap.Paid {
			fmt.Fprintln(c.env.Stdout, c.t("cli.bank_applied", p.Invoice, money(p.Amount.Minor, p.Amount.Currency), p.Amount.Currency))
		}
		if ap.Credit.Minor > 0 {
			fmt.Fprintln(c.env.Stdout, c.t("cli.bank_applied_credit", money(ap.Credit.Minor, ap.Credit.Currency), ap.Credit.Currency, ap.CustomerCode))
		}
		return nil
	}, nil
}

// cmdBankIgnore: relancectl bank ignore ID.
func (c *cli) cmdBankIgnore(args []string) (step, error) {
	fs := c.newFlags("bank ignore")
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	id, err := c.entryID(pos, "cli.bank_ignore_usage")
	if err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		if err := svc.IgnoreBankProposal(c.ctx, id); err != nil {
			return c.appErr(err)
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.bank_ignored", id))
		return nil
	}, nil
}

func (c *cli) entryID(pos []string, usage string) (int64, error) {
	if len(pos) != 1 {
		return 0, c.usage(usage)
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		return 0, c.usage("cli.bank_bad_id", pos[0])
	}
	return id, nil
}

// multiFlag is a flag given several times (--invoice F-1 --invoice F-2);
// a value may also list several, separated by commas.
type multiFlag []string

func (m *multiFlag) String() string { return strings.Join(*m, ",") }

func (m *multiFlag) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*m = append(*m, v)
		}
	}
	return nil
}
