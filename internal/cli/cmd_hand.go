package cli

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
)

// Changes by hand (issue 15): payment add|delete, payments list, invoice
// add|edit|void|write-off, credit-note add. Each is one transaction of
// app/payments with its line in the customer's history.

func (c *cli) cmdPaymentAdd(args []string) (step, error) {
	fs := c.newFlags("payment add")
	number := fs.String("invoice", "", c.t("cli.flag_invoice"))
	date := fs.String("date", "", c.t("cli.flag_payment_date"))
	amount := fs.String("amount", "", c.t("cli.flag_payment_amount"))
	method := fs.String("method", "", c.t("cli.flag_payment_method"))
	reference := fs.String("reference", "", c.t("cli.flag_payment_reference"))
	overpay := fs.Bool("overpay", false, c.t("cli.flag_overpay"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) > 0 || *number == "" || *date == "" || *amount == "" {
		return nil, c.usage("cli.payment_add_usage")
	}
	d, err := ledger.ParseISODate(*date)
	if err != nil {
		return nil, c.usage("cli.bad_date_arg", *date)
	}
	return func(svc *app.Service) error {
		res, err := svc.AddPayment(c.ctx, app.PaymentInput{Invoice: *number, Date: d, Amount: *amount, Method: *method,
			Reference: *reference, Overpay: *overpay})
		if err != nil {
			return c.appErr(err)
		}
		paid := res.Payment.Amount + res.Credit.Minor
		cur := res.Invoice.Total.Currency
		fmt.Fprintln(c.env.Stdout, c.t("cli.payment_added", ledger.Money{Minor: paid, Currency: cur}.String(), res.Invoice.Number,
			d.String(), res.Payment.ID, res.Balance.String()))
		if res.Credit.Minor > 0 {
			fmt.Fprintln(c.env.Stdout, c.t("cli.payment_overpaid", res.Credit.String(), res.Invoice.CustomerCode))
		}
		return nil
	}, nil
}

type paymentJSON struct {
	ID           int64  `json:"id"`
	Invoice      string `json:"invoice"`
	CustomerCode string `json:"customer_code"`
	Date         string `json:"date"`
	Amount       string `json:"amount"`
	Currency     string `json:"currency"`
	Method       string `json:"method"`
	Reference    string `json:"reference"`
	Source       string `json:"source"` // "" recorded, "export", "credit", …
}

func (c *cli) cmdPaymentsList(args []string) (step, error) {
	fs := c.newFlags("payments list")
	number := fs.String("invoice", "", c.t("cli.flag_invoice"))
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) > 0 {
		return nil, c.usage("cli.unexpected_args", strings.Join(pos, " "))
	}
	return func(svc *app.Service) error {
		pays, err := svc.Payments(c.ctx, *number)
		if err != nil {
			return c.appErr(err)
		}
		w := bufio.NewWriterSize(c.env.Stdout, 64<<10)
		defer w.Flush()
		if *asJSON {
			out := make([]paymentJSON, len(pays))
			for i, p := range pays {
				out[i] = paymentJSON{ID: p.ID, Invoice: p.InvoiceNumber, CustomerCode: p.CustomerCode, Date: p.Date.String(),
					Amount: money(p.Amount, p.Currency), Currency: string(p.Currency), Method: p.Method, Reference: p.Reference,
					Source: string(p.Source)}
			}
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(out)
		}
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, c.t("cli.payments_header"))
		for _, p := range pays {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", p.ID, p.InvoiceNumber, p.CustomerCode, p.Date, money(p.Amount, p.Currency),
				p.Currency, p.Method, p.Reference)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		if len(pays) == 0 {
			fmt.Fprintln(w, c.t("cli.payments_none"))
		}
		return nil
	}, nil
}

func (c *cli) cmdPaymentDelete(args []string) (step, error) {
	fs := c.newFlags("payment delete")
	reason := fs.String("reason", "", c.t("cli.flag_change_reason"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 1 {
		return nil, c.usage("cli.payment_delete_usage")
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		return nil, c.usage("cli.bad_id_arg", pos[0])
	}
	if strings.TrimSpace(*reason) == "" {
		return nil, c.usage("cli.reason_needed")
	}
	return func(svc *app.Service) error {
		p, err := svc.DeletePayment(c.ctx, id, *reason)
		if err != nil {
			return c.appErr(err)
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.payment_deleted", p.ID, p.InvoiceNumber, p.Date.String()))
		return nil
	}, nil
}

// invoiceFlags are the fields invoice add and invoice edit take.
type invoiceFlags struct {
	customer, issue, due, amount, currency, description *string
}

func (c *cli) invoiceFlags(fs *flag.FlagSet, withCurrency bool) invoiceFlags {
	f := invoiceFlags{
		customer:    fs.String("customer", "", c.t("cli.flag_invoice_customer")),
		issue:       fs.String("issue", "", c.t("cli.flag_issue_date")),
		due:         fs.String("due", "", c.t("cli.flag_due_date")),
		amount:      fs.String("amount", "", c.t("cli.flag_invoice_amount")),
		description: fs.String("description", "", c.t("cli.flag_description")),
	}
	if withCurrency {
		f.currency = fs.String("currency", "", c.t("cli.flag_currency"))
	}
	return f
}

func (c *cli) cmdInvoiceAdd(args []string) (step, error) {
	fs := c.newFlags("invoice add")
	number := fs.String("number", "", c.t("cli.flag_invoice_number"))
	f := c.invoiceFlags(fs, true)
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) > 0 || *number == "" || *f.customer == "" || *f.issue == "" || *f.amount == "" {
		return nil, c.usage("cli.invoice_add_usage")
	}
	issue, err := c.optionalDate(*f.issue)
	if err != nil {
		return nil, err
	}
	due, err := c.optionalDate(*f.due)
	if err != nil {
		return nil, err
	}
	var cur ledger.Currency
	if *f.currency != "" {
		if cur, err = ledger.ParseCurrency(*f.currency); err != nil {
			return nil, c.usage("cli.bad_currency_arg", *f.currency)
		}
	}
	return func(svc *app.Service) error {
		inv, err := svc.AddInvoice(c.ctx, app.InvoiceInput{Number: *number, Customer: *f.customer, IssueDate: issue, DueDate: due,
			Amount: *f.amount, Currency: cur, Description: *f.description})
		if err != nil {
			return c.appErr(err)
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.invoice_added", inv.Number, inv.CustomerCode, inv.Total.String(), inv.DueDate.String()))
		return nil
	}, nil
}

func (c *cli) cmdInvoiceEdit(args []string) (step, error) {
	fs := c.newFlags("invoice edit")
	f := c.invoiceFlags(fs, false)
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 1 {
		return nil, c.usage("cli.invoice_edit_usage")
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	var e app.InvoiceEdit
	if set["customer"] {
		e.Customer = f.customer
	}
	if set["description"] {
		e.Description = f.description
	}
	if set["amount"] {
		e.Amount = f.amount
	}
	for name, dst := range map[string]**ledger.Date{"issue": &e.IssueDate, "due": &e.DueDate} {
		if !set[name] {
			continue
		}
		raw := *f.issue
		if name == "due" {
			raw = *f.due
		}
		d, err := ledger.ParseISODate(raw)
		if err != nil {
			return nil, c.usage("cli.bad_date_arg", raw)
		}
		*dst = &d
	}
	if len(set) == 0 {
		return nil, c.usage("cli.invoice_edit_usage")
	}
	return func(svc *app.Service) error {
		inv, err := svc.EditInvoice(c.ctx, pos[0], e)
		if err != nil {
			return c.appErr(err)
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.invoice_edited", inv.Number, inv.CustomerCode, inv.Total.String(), inv.DueDate.String()))
		return nil
	}, nil
}

// cmdInvoiceSetAside is invoice void (void) and invoice write-off.
func cmdInvoiceSetAside(void bool) handler {
	return func(c *cli, args []string) (step, error) {
		name := "invoice write-off"
		if void {
			name = "invoice void"
		}
		fs := c.newFlags(name)
		reason := fs.String("reason", "", c.t("cli.flag_change_reason"))
		pos, err := c.parse(fs, args)
		if err != nil {
			return nil, err
		}
		if len(pos) != 1 {
			return nil, c.usage("cli.invoice_set_aside_usage", name)
		}
		if strings.TrimSpace(*reason) == "" {
			return nil, c.usage("cli.reason_needed")
		}
		return func(svc *app.Service) error {
			var inv ledger.Invoice
			var err error
			key := "cli.invoice_written_off"
			if void {
				inv, err = svc.VoidInvoice(c.ctx, pos[0], *reason)
				key = "cli.invoice_voided"
			} else {
				inv, err = svc.WriteOffInvoice(c.ctx, pos[0], *reason)
			}
			if err != nil {
				return c.appErr(err)
			}
			fmt.Fprintln(c.env.Stdout, c.t(key, inv.Number, inv.StateDate.String()))
			return nil
		}, nil
	}
}

func (c *cli) cmdCreditNoteAdd(args []string) (step, error) {
	fs := c.newFlags("credit-note add")
	number := fs.String("invoice", "", c.t("cli.flag_invoice"))
	amount := fs.String("amount", "", c.t("cli.flag_credit_amount"))
	note := fs.String("number", "", c.t("cli.flag_credit_number"))
	date := fs.String("date", "", c.t("cli.flag_credit_date"))
	description := fs.String("description", "", c.t("cli.flag_description"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) > 0 || *number == "" || *amount == "" {
		return nil, c.usage("cli.credit_note_usage")
	}
	d, err := c.optionalDate(*date)
	if err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		res, err := svc.AddCreditNote(c.ctx, app.CreditNoteInput{Invoice: *number, Amount: *amount, Number: *note, Date: d,
			Description: *description})
		if err != nil {
			return c.appErr(err)
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.credit_note_added", res.Note.Number, res.Note.Amount.String(), *number,
			res.Applied.String(), res.Open.String()))
		return nil
	}, nil
}
