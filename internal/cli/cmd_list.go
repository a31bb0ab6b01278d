package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// invoiceJSON is the documented shape of `invoices list --json`. Amounts
// are decimal strings: JSON numbers would invite floats.
type invoiceJSON struct {
	Number       string `json:"number"`
	CustomerCode string `json:"customer_code"`
	CustomerName string `json:"customer_name"`
	IssueDate    string `json:"issue_date"`
	DueDate      string `json:"due_date"`
	Currency     string `json:"currency"`
	Total        string `json:"total"`
	Paid         string `json:"paid"`
	Balance      string `json:"balance"`
	DaysOverdue  int    `json:"days_overdue"`
	Status       string `json:"status"`
	Description  string `json:"description"`
	Excluded     bool   `json:"dunning_excluded"`
}

func (c *cli) asOfFlag(v string) (ledger.Date, error) {
	if v == "" {
		return c.env.Today(), nil
	}
	d, err := ledger.ParseISODate(v)
	if err != nil {
		return 0, c.usage("cli.bad_as_of", v)
	}
	return d, nil
}

func (c *cli) cmdInvoicesList(args []string) (step, error) {
	fs := c.newFlags("invoices list")
	overdue := fs.Bool("overdue", false, c.t("cli.flag_overdue"))
	asOf := fs.String("as-of", "", c.t("cli.flag_as_of"))
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	customer := fs.String("customer", "", c.t("cli.flag_customer"))
	status := fs.String("status", "", c.t("cli.flag_status"))
	search := fs.String("search", "", c.t("cli.flag_search"))
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
	f := store.InvoiceFilter{AsOf: date, OverdueOnly: *overdue, CustomerCode: *customer, Search: *search}
	switch ledger.Status(*status) {
	case "", ledger.StatusOpen, ledger.StatusOverdue, ledger.StatusPaid, ledger.StatusVoid, ledger.StatusWrittenOff:
		f.Status = ledger.Status(*status)
	default:
		return nil, c.usage("cli.bad_status", *status)
	}
	return func(svc *app.Service) error {
		if *customer != "" {
			if _, err := svc.Customer(c.ctx, *customer); err != nil {
				return c.fail("cli.unknown_customer", *customer)
			}
		}
		w := bufio.NewWriterSize(c.env.Stdout, 64<<10)
		defer w.Flush()
		if *asJSON {
			// Stream the array: a whole ledger can be a million rows.
			first := true
			w.WriteString("[")
			err := svc.ListInvoices(c.ctx, f, func(l store.InvoiceLine) error {
				b, err := json.Marshal(invoiceJSON{
					Number: l.Number, CustomerCode: l.CustomerCode, CustomerName: l.CustomerName,
					IssueDate: l.IssueDate.String(), DueDate: l.DueDate.String(), Currency: string(l.Total.Currency),
					Total: l.Total.Decimal(), Paid: ledger.Money{Minor: l.Paid, Currency: l.Total.Currency}.Decimal(),
					Balance: ledger.Money{Minor: l.Balance, Currency: l.Total.Currency}.Decimal(), DaysOverdue: l.DaysOverdue,
					Status: string(l.Status), Description: l.Description, Excluded: l.Excluded,
				})
				if err != nil {
					return err
				}
				if !first {
					w.WriteString(",")
				}
				first = false
				w.WriteString("\n  ")
				_, err = w.Write(b)
				return err
			})
			if err != nil {
				return err
			}
			if !first {
				w.WriteString("\n")
			}
			w.WriteString("]\n")
			return nil
		}
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, c.t("cli.invoices_header"))
		n := 0
		err = svc.ListInvoices(c.ctx, f, func(l store.InvoiceLine) error {
			n++
			cur := l.Total.Currency
			_, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t\n", l.Number, l.CustomerCode, l.IssueDate, l.DueDate, cur,
				l.Total.Decimal(), ledger.Money{Minor: l.Paid, Currency: cur}.Decimal(), ledger.Money{Minor: l.Balance, Currency: cur}.Decimal(),
				l.DaysOverdue, c.t("status."+string(l.Status)))
			return err
		})
		if err != nil {
			return err
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w, c.t("cli.invoices_count", n, date.String()))
		if *customer != "" {
			// The customer's balance is the listing's; credit applied to
			// none of it is said beside it.
			credit, err := svc.OpenCredit(c.ctx, *customer, date)
			if err != nil {
				return err
			}
			var amounts []string
			for _, m := range credit {
				amounts = append(amounts, m.Decimal()+" "+string(m.Currency))
			}
			if len(amounts) > 0 {
				fmt.Fprintln(w, c.t("cli.customer_open_credit", *customer, strings.Join(amounts, ", ")))
			}
		}
		return nil
	}, nil
}

// customerJSON is the shape of `customers list --json`.
type customerJSON struct {
	Code        string   `json:"code"`
	Name        string   `json:"name"`
	Contact     string   `json:"contact"`
	Salutation  string   `json:"salutation"`
	Title       string   `json:"title"`
	Gender      string   `json:"gender"`
	Emails      []string `json:"emails"`
	Phone       string   `json:"phone"`
	Mobile      string   `json:"mobile"`
	Address1    string   `json:"address1"`
	Address2    string   `json:"address2"`
	Postcode    string   `json:"postcode"`
	City        string   `json:"city"`
	Country     string   `json:"country"`
	Language    string   `json:"language"`
	Kind        string   `json:"kind"`
	Delivery    string   `json:"delivery"`
	Paperless   string   `json:"paperless_consent"`
	Excluded    bool     `json:"dunning_excluded"`
	PausedUntil string   `json:"dunning_paused_until"`
	Invoices    int      `json:"invoices"`
}

func (c *cli) cmdCustomersList(args []string) (step, error) {
	fs := c.newFlags("customers list")
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	search := fs.String("search", "", c.t("cli.flag_search"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) > 0 {
		return nil, c.usage("cli.unexpected_args", strings.Join(pos, " "))
	}
	return func(svc *app.Service) error {
		list, err := svc.ListCustomers(c.ctx, store.CustomerFilter{Search: *search})
		if err != nil {
			return err
		}
		if *asJSON {
			out := make([]customerJSON, 0, len(list))
			for _, cu := range list {
				emails := cu.Emails
				if emails == nil {
					emails = []string{}
				}
				out = append(out, customerJSON{cu.Code, cu.Name, cu.Contact, cu.Salutation, cu.Title, string(cu.Gender), emails, cu.Phone, cu.Mobile,
					cu.Address1, cu.Address2, cu.Postcode, cu.City, string(cu.Country), string(cu.Language), string(cu.Kind),
					string(cu.Delivery), string(cu.Paperless.State), cu.Excluded, cu.PausedUntil.String(), cu.InvoiceCount})
			}
			return writeJSON(c.env.Stdout, out)
		}
		w := bufio.NewWriter(c.env.Stdout)
		defer w.Flush()
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, c.t("cli.customers_header"))
		for _, cu := range list {
			email := ""
			if len(cu.Emails) > 0 {
				email = cu.Emails[0]
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", cu.Code, cu.Name, cu.City, cu.Country, cu.Language,
				c.t("delivery."+string(cu.Delivery)), email, cu.InvoiceCount)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w, c.t("cli.customers_count", len(list)))
		return nil
	}, nil
}
