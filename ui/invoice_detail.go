package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// InvoiceView is an invoice's page: its figures, the payments received,
// the credit notes applied, the letters that named it, its history, and
// the actions that change it (exposed for tests). It is read off the UI
// goroutine, and read again after each change made from it.
type InvoiceView struct {
	Number  string
	Body    *fyne.Container
	Buttons map[string]*widget.Button // by EditDialog kind
	Delete  map[int64]*widget.Button  // by payment id: those recorded by hand
	Detail  app.InvoiceDetail
	open    bool
	reads   latest
	d       *dialog.CustomDialog
}

// openInvoice shows an invoice's page in a dialog over the screen.
func (u *UI) openInvoice(number string) *InvoiceView {
	v := &InvoiceView{Number: number, Body: container.NewStack(widget.NewLabel(u.t("ui.loading"))), open: true}
	u.edit.detail = v
	v.d = dialog.NewCustom(u.t("ui.invoice_title", number), u.t("ui.close"), container.NewVScroll(v.Body), u.Win)
	v.d.SetOnClosed(func() { v.open = false })
	v.d.Resize(fyne.NewSize(880, 640))
	v.d.Show()
	u.loadInvoice(v)
	return v
}

// loadInvoice reads the invoice's page again.
func (u *UI) loadInvoice(v *InvoiceView) {
	var d app.InvoiceDetail
	u.loadLatest(&v.reads, func(ctx context.Context) error {
		var err error
		d, err = u.svc.InvoiceDetail(ctx, v.Number)
		return err
	}, func(err error) {
		if err != nil {
			v.Body.Objects = []fyne.CanvasObject{u.errLabel(err)}
		} else {
			v.Detail = d
			v.Body.Objects = []fyne.CanvasObject{u.invoiceBody(v, d)}
		}
		v.Body.Refresh()
	})
}

func (u *UI) invoiceBody(v *InvoiceView, d app.InvoiceDetail) fyne.CanvasObject {
	l := d.Line
	cur := l.Total.Currency
	var received, credited int64
	for _, p := range d.Payments {
		received += p.Amount
	}
	for _, c := range d.Credits {
		credited += c.Amount
	}
	status := u.t("ui.status_" + string(l.Status))
	if l.DaysOverdue > 0 {
		status = i18n.TN(u.lang, "ui.status_days_late", l.DaysOverdue, status)
	}
	items := []*widget.FormItem{
		widget.NewFormItem(u.t("ui.col_customer"), container.NewHBox(u.customerLink(v, l.CustomerName, l.CustomerCode))),
		widget.NewFormItem(u.t("ui.col_issued"), widget.NewLabel(u.date(l.IssueDate))),
		widget.NewFormItem(u.t("ui.col_due"), widget.NewLabel(u.date(l.DueDate))),
		widget.NewFormItem(u.t("ui.col_total"), widget.NewLabel(u.money(l.Total.Minor, cur))),
		widget.NewFormItem(u.t("ui.f_received"), widget.NewLabel(u.money(received, cur))),
	}
	if credited != 0 {
		items = append(items, widget.NewFormItem(u.t("ui.f_credited"), widget.NewLabel(u.money(credited, cur))))
	}
	items = append(items,
		widget.NewFormItem(u.t("ui.col_balance"), widget.NewLabelWithStyle(u.money(l.Balance, cur), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})),
		widget.NewFormItem(u.t("ui.col_status"), widget.NewLabel(status)))
	if l.State != ledger.InvoiceActive {
		why := widget.NewLabel(u.t("ui.set_aside_on", u.date(l.StateDate), l.StateReason))
		why.Wrapping = fyne.TextWrapWord
		items = append(items, widget.NewFormItem(u.t("ui.f_reason"), why))
	}
	if l.Description != "" {
		items = append(items, widget.NewFormItem(u.t("ui.f_description"), widget.NewLabel(l.Description)))
	}
	// The actions as buttons, those the state does not allow disabled.
	v.Buttons = map[string]*widget.Button{}
	actions := container.NewHBox()
	acts, kinds := u.invoiceActions(l)
	for i, it := range acts {
		b := widget.NewButton(it.Label, it.Action)
		if it.Disabled {
			b.Disable()
		}
		v.Buttons[kinds[i]] = b
		actions.Add(b)
	}
	return container.NewVBox(
		widget.NewLabelWithStyle(fmt.Sprintf("%s — %s", l.Number, l.CustomerName), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewForm(items...), actions,
		widget.NewCard(u.t("ui.invoice_payments"), "", u.paymentRows(v, d)),
		widget.NewCard(u.t("ui.invoice_credits"), "", u.creditRows(d)),
		widget.NewCard(u.t("ui.invoice_letters"), "", u.letterRows(d)),
		widget.NewCard(u.t("ui.timeline"), "", u.changeRows(d)))
}

// headed is a grid with a bold heading a column, or the words for none.
func (u *UI) headed(heads []string, rows [][]string) fyne.CanvasObject {
	if len(rows) == 0 {
		return widget.NewLabel(u.t("ui.invoice_none"))
	}
	g := newColumns(len(heads))
	for _, h := range heads {
		g.Add(widget.NewLabelWithStyle(h, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	for _, r := range rows {
		for _, c := range r {
			g.Add(widget.NewLabel(c)) // whole: the column is as wide as it
		}
	}
	return g
}

// paymentRows lists the payments received, each recorded by hand with
// a Delete button (a payment from a bank statement is undone by the
// bank's reversal, an imported balance by the next import: neither is
// deleted by hand).
func (u *UI) paymentRows(v *InvoiceView, d app.InvoiceDetail) fyne.CanvasObject {
	if len(d.Payments) == 0 {
		return widget.NewLabel(u.t("ui.invoice_none"))
	}
	cols := newColumns(5)
	for _, h := range []string{u.t("ui.f_received_on"), u.t("ui.col_amount"), u.t("ui.f_method"), u.t("ui.f_reference"), ""} {
		cols.Add(widget.NewLabelWithStyle(h, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	v.Delete = map[int64]*widget.Button{}
	for _, p := range d.Payments {
		by := u.methodLabel(p.Method)
		switch p.Source {
		case ledger.PaymentFromBank:
			by = u.t("ui.paid_from_bank")
		case ledger.PaymentFromExport:
			by = u.t("ui.paid_from_import")
		}
		for _, c := range []string{u.date(p.Date), u.money(p.Amount, p.Currency), by, p.Reference} {
			cols.Add(widget.NewLabel(c))
		}
		if p.Source != ledger.PaymentRecorded {
			cols.Add(widget.NewLabel(""))
			continue
		}
		line := p
		b := widget.NewButton(u.t("ui.action_delete_payment"), func() { u.deletePaymentDialog(d.Line, line) })
		v.Delete[p.ID] = b
		cols.Add(container.NewHBox(b))
	}
	return cols
}

func (u *UI) creditRows(d app.InvoiceDetail) fyne.CanvasObject {
	var rows [][]string
	for _, c := range d.Credits {
		rows = append(rows, []string{c.Number, u.date(c.Date), u.money(c.Amount, d.Line.Total.Currency)})
	}
	return u.headed([]string{u.t("ui.f_credit_number"), u.t("ui.f_dated"), u.t("ui.col_amount")}, rows)
}

func (u *UI) letterRows(d app.InvoiceDetail) fyne.CanvasObject {
	var rows [][]string
	for _, l := range d.Letters {
		rows = append(rows, []string{u.date(l.Date), u.letterKind(l.Kind)})
	}
	return u.headed([]string{u.t("ui.col_sent_on"), u.t("ui.kind")}, rows)
}

// changeRows are the invoice's changes, newest first, each with who
// made it; the detail is the history's own (written once, in English
// figures: "50.00 EUR on 2026-11-22"), as the customer's timeline shows it.
func (u *UI) changeRows(d app.InvoiceDetail) fyne.CanvasObject {
	box := container.NewVBox()
	for i := len(d.Changes) - 1; i >= 0; i-- {
		c := d.Changes[i]
		at := c.At.In(time.Local)
		l := widget.NewLabel(fmt.Sprintf("%s %s · %s · %s: %s", u.date(ledger.DateOf(at)), at.Format("15:04"), c.Who,
			i18n.M(c.Kind.MessageKey()).In(u.lang), c.Detail))
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
	}
	if len(d.Changes) == 0 {
		box.Add(widget.NewLabel(u.t("ui.invoice_none")))
	}
	return box
}

// letterKind is a letter's kind in words where the catalog has them
// ("kind.reminder-1"), else its code.
func (u *UI) letterKind(k ledger.LetterKind) string {
	if cat, err := i18n.Catalog(i18n.EN); err == nil {
		if _, ok := cat["kind."+string(k)]; ok {
			return u.t("kind." + string(k))
		}
	}
	return string(k)
}

// customerLink opens the customer's page (the Customers screen), closing
// the invoice's.
func (u *UI) customerLink(v *InvoiceView, name, code string) *widget.Button {
	b := widget.NewButton(fmt.Sprintf("%s (%s)", name, code), func() {
		v.d.Hide()
		u.Show(ScreenCustomers)
		u.showCustomer(u.customers, code)
	})
	b.Importance = widget.LowImportance
	b.Alignment = widget.ButtonAlignLeading
	return b
}
