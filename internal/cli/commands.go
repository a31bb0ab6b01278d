package cli

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/relance-app/relance/internal/app"
)

// A command's handler checks its flags and arguments and returns what it
// does with the ledger; the dispatcher opens the ledger only then, so a
// mistake on the command line is said before a missing ledger is, and no
// handler opens or closes a ledger itself.
type handler func(c *cli, args []string) (step, error)

// step is a command's work on the open ledger. It is called once, with the
// service the dispatcher opened, which it closes when the step returns.
type step func(svc *app.Service) error

// ledgerUse says what the dispatcher does about the ledger for a command.
// There is no default: every command in the table says which.
type ledgerUse int

const (
	// opensLedger: the dispatcher opens the ledger (--db, RELANCE_DB, the
	// default; with --demo a missing demo ledger is made first) after the
	// handler's checks, runs its step, and closes the ledger.
	opensLedger ledgerUse = iota + 1
	// createsLedger: the command makes the ledger file itself (init,
	// demo); opening it first would refuse a file that does not exist yet.
	createsLedger
	// noLedger: the command works on files or prints text (template check,
	// inbox classify, help); no ledger is opened.
	noLedger
)

// command is one entry of relancectl's command table: a name, and either
// sub-commands or a handler with what it needs of the ledger.
type command struct {
	name    string
	aliases []string
	ledger  ledgerUse
	run     handler
	subs    []*command
	// ownLang: the command's --lang is its own flag (the letter's
	// language), not the global one (the messages' language).
	ownLang bool
}

// commands is relancectl's command table; the usage text (cli.usage) is
// written by hand in the catalogs.
var commands = []*command{
	{name: "help", aliases: []string{"-h", "--help", "-help"}, ledger: noLedger, run: plain((*cli).cmdHelp)},
	{name: "init", ledger: createsLedger, run: plain((*cli).cmdInit)},
	{name: "demo", ledger: createsLedger, run: plain((*cli).cmdDemo)},
	{name: "summary", ledger: opensLedger, run: (*cli).cmdSummary},
	{name: "company", subs: []*command{
		{name: "show", ledger: opensLedger, run: (*cli).cmdCompanyShow},
		{name: "set", ledger: opensLedger, run: (*cli).cmdCompanySet},
	}},
	{name: "customers", subs: []*command{
		{name: "list", ledger: opensLedger, run: (*cli).cmdCustomersList},
	}},
	{name: "invoices", subs: []*command{
		{name: "list", ledger: opensLedger, run: (*cli).cmdInvoicesList},
	}},
	// Changes by hand (cmd_hand.go).
	{name: "invoice", subs: []*command{
		{name: "add", ledger: opensLedger, run: (*cli).cmdInvoiceAdd},
		{name: "edit", ledger: opensLedger, run: (*cli).cmdInvoiceEdit},
		{name: "void", ledger: opensLedger, run: cmdInvoiceSetAside(true)},
		{name: "write-off", ledger: opensLedger, run: cmdInvoiceSetAside(false)},
	}},
	{name: "payment", subs: []*command{
		{name: "add", ledger: opensLedger, run: (*cli).cmdPaymentAdd},
		{name: "delete", ledger: opensLedger, run: (*cli).cmdPaymentDelete},
	}},
	{name: "payments", subs: []*command{
		{name: "list", ledger: opensLedger, run: (*cli).cmdPaymentsList},
	}},
	{name: "credit-note", subs: []*command{
		{name: "add", ledger: opensLedger, run: (*cli).cmdCreditNoteAdd},
	}},
	{name: "import", ledger: opensLedger, run: (*cli).cmdImportAny}, // "import fec FILE": cmd_import_fec.go; "import bank FILE": cmd_bank.go
	{name: "bank", subs: []*command{
		{name: "account", ledger: opensLedger, run: (*cli).cmdBankAccount}, // "bank account add|list": cmd_bank.go
		{name: "proposals", ledger: opensLedger, run: (*cli).cmdBankProposals},
		{name: "apply", ledger: opensLedger, run: (*cli).cmdBankApply},
		{name: "ignore", ledger: opensLedger, run: (*cli).cmdBankIgnore},
	}},
	{name: "plan", ledger: opensLedger, run: (*cli).cmdPlan},
	{name: "interest", ledger: opensLedger, run: (*cli).cmdInterest},
	{name: "letter", ledger: opensLedger, run: (*cli).cmdLetter, ownLang: true}, // "letter tracking ID NUMBER": cmd_letters.go
	{name: "letters", subs: []*command{
		{name: "list", ledger: opensLedger, run: (*cli).cmdLettersList},
		{name: "show", ledger: opensLedger, run: (*cli).cmdLettersShow},
	}},
	{name: "sms", ledger: opensLedger, run: (*cli).cmdSMS, ownLang: true},
	{name: "print", ledger: opensLedger, run: (*cli).cmdPrint},
	{name: "rates", subs: []*command{
		{name: "list", ledger: opensLedger, run: (*cli).cmdRatesList},
		{name: "add", ledger: opensLedger, run: (*cli).cmdRatesAdd},
	}},
	{name: "promise", subs: []*command{
		{name: "add", ledger: opensLedger, run: (*cli).cmdPromiseAdd},
	}},
	{name: "dispute", subs: []*command{
		{name: "open", ledger: opensLedger, run: cmdDispute(true)},
		{name: "close", ledger: opensLedger, run: cmdDispute(false)},
	}},
	{name: "customer", subs: []*command{
		{name: "pause", ledger: opensLedger, run: cmdCustomer("pause")},
		{name: "unpause", ledger: opensLedger, run: cmdCustomer("unpause")},
		{name: "exclude", ledger: opensLedger, run: cmdCustomer("exclude")},
		{name: "include", ledger: opensLedger, run: cmdCustomer("include")},
		{name: "set", ledger: opensLedger, run: cmdCustomer("set")},
	}},
	{name: "account", subs: []*command{
		{name: "show", ledger: opensLedger, run: (*cli).cmdAccountShow},
		{name: "set", ledger: opensLedger, run: (*cli).cmdAccountSet},
		{name: "test", ledger: opensLedger, run: (*cli).cmdAccountTest},
		{name: "password", ledger: opensLedger, run: (*cli).cmdAccountPassword},
		{name: "detect", ledger: opensLedger, run: (*cli).cmdAccountDetect},
		{name: "signin", ledger: opensLedger, run: (*cli).cmdAccountSignin},
		{name: "signout", ledger: opensLedger, run: (*cli).cmdAccountSignout},
	}},
	{name: "send", ledger: opensLedger, run: (*cli).cmdSend},
	{name: "outbox", ledger: opensLedger, run: (*cli).cmdOutbox},
	{name: "inbox", subs: []*command{
		{name: "sync", ledger: opensLedger, run: (*cli).cmdInboxSync},
		{name: "classify", ledger: noLedger, run: plain((*cli).cmdInboxClassify)}, // .eml files only
	}},
	{name: "responses", ledger: opensLedger, run: (*cli).cmdResponses},
	{name: "campaign", subs: []*command{
		{name: "create", ledger: opensLedger, run: (*cli).cmdCampaignCreate},
		{name: "list", ledger: opensLedger, run: (*cli).cmdCampaignList},
		{name: "preview", ledger: opensLedger, run: (*cli).cmdCampaignPreview},
		{name: "send", ledger: opensLedger, run: (*cli).cmdCampaignSend},
		{name: "status", ledger: opensLedger, run: (*cli).cmdCampaignStatus},
		{name: "consent", ledger: opensLedger, run: (*cli).cmdCampaignConsent},
		{name: "postcards", ledger: opensLedger, run: (*cli).cmdCampaignPostcards},
		{name: "appointment", ledger: opensLedger, run: (*cli).cmdCampaignAppointment},
		{name: "ack", ledger: opensLedger, run: (*cli).cmdCampaignAck},
		{name: "proof", ledger: opensLedger, run: (*cli).cmdCampaignProof},
		{name: "proofs", ledger: opensLedger, run: (*cli).cmdCampaignProofs},
	}},
	{name: "template", subs: []*command{
		{name: "list", ledger: opensLedger, run: (*cli).cmdTemplateList},
		{name: "check", ledger: noLedger, run: plain((*cli).cmdTemplateCheck)}, // template files only
		{name: "export", ledger: opensLedger, run: (*cli).cmdTemplateExport},
		{name: "reset", ledger: opensLedger, run: (*cli).cmdTemplateReset},
		{name: "show", ledger: opensLedger, run: (*cli).cmdTemplateShow},
		{name: "variant", ledger: opensLedger, run: (*cli).cmdTemplateVariant}, // add | list | remove
		{name: "proof", ledger: opensLedger, run: (*cli).cmdTemplateProof},
		{name: "proofs", ledger: opensLedger, run: (*cli).cmdTemplateProofs},
	}},
	// Issue 19's reports (cmd_report.go).
	{name: "report", subs: []*command{
		{name: "letters", ledger: opensLedger, run: (*cli).cmdReportLetters},
		{name: "aging", ledger: opensLedger, run: (*cli).cmdReportAging},
	}},
	{name: "backup", ledger: opensLedger, run: (*cli).cmdBackup},
	{name: "check", ledger: opensLedger, run: (*cli).cmdCheck},
}

// lookup finds a command by name or alias in list; nil when none.
func lookup(list []*command, name string) *command {
	for _, cmd := range list {
		if cmd.name == name {
			return cmd
		}
		for _, a := range cmd.aliases {
			if a == name {
				return cmd
			}
		}
	}
	return nil
}

// subNames lists a command's sub-commands in alphabetical order, for the
// messages that name them.
func subNames(cmd *command) string {
	names := make([]string, 0, len(cmd.subs))
	for _, s := range cmd.subs {
		names = append(names, s.name)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func (c *cli) dispatch(args []string) error {
	if len(args) == 0 {
		if c.demo {
			return c.runCommand(lookup(commands, "summary"), nil)
		}
		c.printUsage(c.env.Stderr)
		return &usageError{msg: c.t("cli.no_command")}
	}
	cmd := lookup(commands, args[0])
	if cmd == nil {
		return c.usage("cli.unknown_command", args[0])
	}
	rest := args[1:]
	for len(cmd.subs) > 0 {
		if len(rest) == 0 {
			return c.usage("cli.needs_subcommand", cmd.name, subNames(cmd))
		}
		sub := lookup(cmd.subs, rest[0])
		if sub == nil {
			return c.usage("cli.unknown_subcommand", cmd.name, rest[0], subNames(cmd))
		}
		cmd, rest = sub, rest[1:]
	}
	return c.runCommand(cmd, rest)
}

// runCommand runs a leaf of the table: the handler's checks, then, for a
// command that uses the ledger, its step between the one open and the one
// close of the ledger.
func (c *cli) runCommand(cmd *command, args []string) error {
	do, err := cmd.run(c, args)
	if err != nil || do == nil {
		return err
	}
	if cmd.ledger != opensLedger {
		// A programming error: the table says this command has no ledger.
		return fmt.Errorf("command %q has work for the ledger but is not marked as opening it", cmd.name)
	}
	svc, err := c.openLedger()
	if err != nil {
		return err
	}
	// The close's error is not the command's: whatever it wrote is
	// committed when the step returns.
	defer closeService(svc)
	return do(svc)
}

// The only ways relancectl opens and closes a ledger; the tests replace
// them to count opens and closes.
var (
	openService   = app.Open
	createService = app.Create
	closeService  = (*app.Service).Close
)

// openLedger opens the ledger for the dispatcher; a missing file is a user
// error that says how to create one. With --demo, a missing demo ledger is
// created and filled.
func (c *cli) openLedger() (*app.Service, error) {
	path, err := c.resolveDB()
	if err != nil {
		return nil, err
	}
	opts := app.Options{Today: c.env.Today}
	if step := c.env.Getenv("RELANCE_TEST_PAUSE"); step != "" {
		c.pauseAt(step)
	}
	if c.demo {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			if err := c.makeDemo(path, demoFlags{}); err != nil {
				return nil, err
			}
		}
	}
	svc, err := openService(c.ctx, path, opts)
	if errors.Is(err, app.ErrNoDatabase) {
		return nil, c.fail("cli.no_database", shellQuote(path))
	}
	if err != nil {
		return nil, c.openErr(path, err)
	}
	return svc, nil
}

// plain is the handler of a command that does all its work without the
// dispatcher's ledger (noLedger, createsLedger).
func plain(run func(c *cli, args []string) error) handler {
	return func(c *cli, args []string) (step, error) { return nil, run(c, args) }
}

func (c *cli) cmdHelp([]string) error {
	c.printUsage(c.env.Stdout)
	return nil
}
