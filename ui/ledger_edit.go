package ui

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// The dialogs that change the ledger by hand: Record payment, New
// invoice, Edit, Void, Credit note and Write off. Each reads and checks
// what was typed on the UI goroutine (amounts and dates in the owner's
// language, messages naming the field), writes nothing while anything is
// wrong, then makes its change off the UI goroutine as one transaction
// of the payments service (which records who made it); a refusal of the
// service stays in the dialog, beside the fields. After a change the
// screens that show it read it again (ledgerChanged).

// Kinds of EditDialog.
const (
	EditPayment    = "payment"
	EditNewInvoice = "new-invoice"
	EditInvoice    = "edit-invoice"
	EditVoid       = "void"
	EditCreditNote = "credit-note"
	EditWriteOff   = "write-off"
	// EditDeletePayment deletes a payment recorded by hand (the invoice's
	// page, beside each).
	EditDeletePayment = "delete-payment"
)

// editState is what the ledger-editing screens keep between calls: the
// dialog, invoice page and row menu opened last (tests).
type editState struct {
	dialog *EditDialog
	detail *InvoiceView
	menu   *fyne.Menu
}

// EditDialog is one of the dialogs that change the ledger (exposed for
// tests: its fields by name, the error line, the buttons).
type EditDialog struct {
	Kind   string
	Fields map[string]fyne.CanvasObject
	Error  *widget.Label
	Save   *widget.Button
	Cancel *widget.Button
	// Done is true once the change is written and the dialog closed.
	Done bool
	d    *dialog.CustomDialog
}

// Entry is a text field of the dialog (tests).
func (e *EditDialog) Entry(name string) *widget.Entry {
	switch w := e.Fields[name].(type) {
	case *widget.Entry:
		return w
	case *DateEntry:
		return &w.Entry
	case *widget.SelectEntry:
		return &w.Entry
	}
	return nil
}

// field is one line of an edit dialog's form.
type field struct {
	name  string // for tests
	label string
	w     fyne.CanvasObject
	hint  string
}

// editDialog shows a form whose Save runs check: on the UI goroutine, it
// reads the fields and gives the write to make, or the problems (each a
// line of the error label, nothing written). The write runs off the UI
// goroutine; its refusal is shown in the dialog, its success closes it and
// refreshes the screens showing number and customer.
func (u *UI) editDialog(kind, title, save, intro string, fields []field, check func() (func(ctx context.Context) error, []string),
	number, customer string, after func()) *EditDialog {
	e := &EditDialog{Kind: kind, Fields: map[string]fyne.CanvasObject{}}
	form := widget.NewForm()
	for _, f := range fields {
		item := widget.NewFormItem(f.label, f.w)
		item.HintText = f.hint
		form.AppendItem(item)
		if f.name != "" {
			e.Fields[f.name] = f.w
		}
	}
	e.Error = widget.NewLabel("")
	e.Error.Wrapping = fyne.TextWrapWord
	e.Error.Importance = widget.DangerImportance
	e.Error.Hide()
	var body []fyne.CanvasObject
	if intro != "" {
		l := widget.NewLabel(intro)
		l.Wrapping = fyne.TextWrapWord
		body = append(body, l)
	}
	body = append(body, form, e.Error)
	e.Cancel = widget.NewButton(u.t("ui.cancel"), func() { e.d.Hide() })
	e.Save = widget.NewButton(save, nil)
	e.Save.Importance = widget.HighImportance
	e.Save.OnTapped = func() {
		work, problems := check()
		if len(problems) > 0 {
			e.say(strings.Join(problems, "\n"))
			return
		}
		e.Error.Hide()
		e.Save.Disable()
		u.load(work, func(err error) {
			e.Save.Enable()
			if err != nil {
				e.say(u.errText(err))
				return
			}
			e.Done = true
			e.d.Hide()
			u.ledgerChanged(number, customer)
			if after != nil {
				after()
			}
		})
	}
	// Enter in a text field is Save, as in the app's other forms.
	for _, f := range fields {
		var entry *widget.Entry
		switch w := f.w.(type) {
		case *widget.Entry:
			entry = w
		case *DateEntry:
			entry = &w.Entry
		case *widget.SelectEntry:
			entry = &w.Entry
		}
		if entry != nil && !entry.MultiLine {
			entry.OnSubmitted = func(string) { e.Save.OnTapped() }
		}
	}
	e.d = dialog.NewCustomWithoutButtons(title, container.NewVBox(append(body, container.NewHBox(e.Cancel, e.Save))...), u.Win)
	e.d.Show()
	e.d.Resize(fyne.NewSize(editWidth, 0))
	u.edit.dialog = e
	return e
}

// editWidth is the edit dialogs' width; their height is what they need.
const editWidth = 600

// say shows what is wrong in the dialog, which grows to hold it.
func (e *EditDialog) say(text string) {
	e.Error.SetText(text)
	e.Error.Show()
	e.d.Resize(fyne.NewSize(editWidth, 0))
}

// problem is one line of an edit dialog's error label: the field, then
// what is wrong with it.
func (u *UI) problem(label string, err error) string {
	return u.t("ui.field_problem", label, u.errText(err))
}

// ledgerChanged reads again what the screens show of a change to an
// invoice (number, "" for none) of a customer: the invoices table, the
// customer's page, Home's figures, the invoice's page. Other screens are
// built afresh when opened.
func (u *UI) ledgerChanged(number, customer string) {
	switch u.current {
	case ScreenInvoices:
		if u.invoices != nil {
			u.invoices.reopen()
		}
	case ScreenCustomers:
		if v := u.customers; v != nil && v.shown != "" && (customer == "" || v.shown == customer) {
			u.showCustomer(v, v.shown)
		}
	case ScreenHome:
		u.Show(ScreenHome)
	}
	if v := u.edit.detail; v != nil && v.open && number != "" && v.Number == number {
		u.loadInvoice(v)
	}
}

// invoiceAction opens one of the dialogs on an invoice, once the invoice
// is read afresh (the row it was chosen from may be older than a change
// made meanwhile).
func (u *UI) invoiceAction(kind, number string) {
	var d app.InvoiceDetail
	var co ledger.Company
	u.load(func(ctx context.Context) error {
		var err error
		if d, err = u.svc.InvoiceDetail(ctx, number); err != nil {
			return err
		}
		if kind == EditInvoice {
			co, err = u.svc.Company(ctx)
		}
		return err
	}, func(err error) {
		if err != nil {
			u.showErr(err)
			return
		}
		l := d.Line
		switch kind {
		case EditPayment:
			u.paymentDialog(l)
		case EditInvoice:
			u.invoiceDialog(&l, l.CustomerCode, co.Currency)
		case EditVoid, EditWriteOff:
			u.setAsideDialog(kind, l)
		case EditCreditNote:
			u.creditNoteDialog(l)
		}
	})
}

// newInvoice opens the New invoice dialog (for a customer, when code is
// given), once the company's currency and the number after the ledger's
// highest are read.
func (u *UI) newInvoice(code string) {
	var co ledger.Company
	var next string
	u.load(func(ctx context.Context) error {
		var err error
		if co, err = u.svc.Company(ctx); err != nil {
			return err
		}
		next, err = u.nextInvoiceNumber(ctx)
		return err
	}, func(err error) {
		if err != nil {
			u.showErr(err)
			return
		}
		d := u.invoiceDialog(nil, code, co.Currency)
		d.Entry("number").SetText(next)
	})
}

// nextInvoiceNumber is the number after the ledger's highest (by the
// number index: one row read), its last digits counted on with their
// width kept (F2026-0099 → F2026-0100), skipping numbers taken; "" when
// the ledger has none or the highest ends in no digit. A suggestion: the
// owner may write another.
func (u *UI) nextInvoiceNumber(ctx context.Context) (string, error) {
	// Invoices issued after today count too: far enough ahead for all.
	last, err := u.svc.InvoiceLines(ctx, store.InvoiceFilter{AsOf: u.today().AddDays(100 * 366), Order: store.ByNumber, Desc: true, Limit: 1})
	if err != nil || len(last) == 0 {
		return "", err
	}
	next := last[0].Number
	for range 20 {
		if next = followingNumber(next); next == "" {
			return "", nil
		}
		// Taken? Read by its number (the index), not searched.
		_, err := u.svc.InvoiceDetail(ctx, next)
		var ue *app.UserError
		if errors.As(err, &ue) && ue.Msg.Key == "dunning.unknown_invoice" {
			return next, nil
		}
		if err != nil {
			return "", err
		}
	}
	return "", nil
}

// followingNumber counts a number's last run of digits on by one, its
// width kept unless it overflows ("F-099" → "F-100", "A9" → "A10"); ""
// when it ends in no digit.
func followingNumber(n string) string {
	end := len(n)
	for end > 0 && (n[end-1] < '0' || n[end-1] > '9') {
		end--
	}
	start := end
	for start > 0 && n[start-1] >= '0' && n[start-1] <= '9' {
		start--
	}
	if start == end {
		return ""
	}
	digits := []byte(n[start:end])
	i := len(digits) - 1
	for ; i >= 0; i-- {
		if digits[i] < '9' {
			digits[i]++
			break
		}
		digits[i] = '0'
	}
	if i < 0 {
		digits = append([]byte{'1'}, digits...)
	}
	return n[:start] + string(digits) + n[end:]
}

// invoiceActions are the actions an invoice's state allows, as menu
// items (the table's row menu, the invoice page's buttons), each with its
// dialog's kind: those the state does not allow are there but disabled,
// so the owner sees they exist.
func (u *UI) invoiceActions(l store.InvoiceLine) (items []*fyne.MenuItem, kinds []string) {
	number := l.Number
	void := l.State == ledger.InvoiceVoid
	active := l.State == ledger.InvoiceActive
	add := func(key, kind string, ok bool) {
		it := fyne.NewMenuItem(u.t(key), func() { u.invoiceAction(kind, number) })
		it.Disabled = !ok
		items, kinds = append(items, it), append(kinds, kind)
	}
	add("ui.action_payment", EditPayment, !void && l.Balance > 0)
	add("ui.action_edit_invoice", EditInvoice, !void)
	add("ui.action_credit_note", EditCreditNote, !void)
	add("ui.action_void", EditVoid, active && l.Paid == 0)
	add("ui.action_write_off", EditWriteOff, active && l.Balance > 0)
	return items, kinds
}

// showInvoiceMenu opens an invoice's actions under the button at.
func (u *UI) showInvoiceMenu(l store.InvoiceLine, at fyne.CanvasObject) {
	number := l.Number
	actions, _ := u.invoiceActions(l)
	items := append([]*fyne.MenuItem{fyne.NewMenuItem(u.t("ui.action_open"), func() { u.openInvoice(number) }), fyne.NewMenuItemSeparator()},
		actions...)
	m := fyne.NewMenu("", items...)
	u.edit.menu = m
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(at)
	widget.ShowPopUpMenuAtPosition(m, u.Win.Canvas(), pos.Add(fyne.NewPos(0, at.Size().Height)))
}

// paymentDialog records a payment received of an invoice.
func (u *UI) paymentDialog(l store.InvoiceLine) *EditDialog {
	cur := l.Total.Currency
	date := u.newDateEntry()
	date.SetDate(u.today())
	amount := widget.NewEntry()
	amount.SetText(u.editAmount(l.Balance, cur))
	methods := append([]string{""}, app.PaymentMethods...)
	var labels []string
	for _, m := range methods {
		labels = append(labels, u.methodLabel(m))
	}
	method := widget.NewSelect(labels, nil)
	method.SetSelectedIndex(0)
	ref := widget.NewEntry()
	overpay := widget.NewCheck(u.t("ui.f_overpay"), nil)
	amountLabel := u.t("ui.f_amount", string(cur))
	fields := []field{
		{"", u.t("ui.col_balance"), widget.NewLabel(u.money(l.Balance, cur)), ""},
		{"date", u.t("ui.f_received_on"), date, u.dateHint()},
		{"amount", amountLabel, amount, u.t("ui.amount_hint", u.amountExample(cur))},
		{"method", u.t("ui.f_method"), method, ""},
		{"reference", u.t("ui.f_reference"), ref, u.t("ui.f_reference_hint")},
		{"overpay", "", overpay, ""},
	}
	check := func() (func(ctx context.Context) error, []string) {
		var problems []string
		d, err := date.Date()
		switch {
		case err != nil:
			problems = append(problems, u.problem(u.t("ui.f_received_on"), err))
		case d.IsZero():
			problems = append(problems, u.problem(u.t("ui.f_received_on"), refusal("ui.edit_date_needed")))
		case d.After(u.today()):
			problems = append(problems, u.problem(u.t("ui.f_received_on"), refusal("ui.edit_payment_future", u.date(d), u.date(u.today()))))
		}
		minor, err := u.parseAmount(amount.Text, cur)
		switch {
		case err != nil:
			problems = append(problems, u.problem(amountLabel, err))
		case minor > l.Balance && !overpay.Checked:
			problems = append(problems, u.problem(amountLabel,
				refusal("ui.edit_over_balance", u.money(minor, cur), u.money(l.Balance, cur), u.t("ui.f_overpay"))))
		}
		if len(problems) > 0 {
			return nil, problems
		}
		in := app.PaymentInput{Invoice: l.Number, Date: d, Amount: plainAmount(minor, cur), Method: methods[method.SelectedIndex()],
			Reference: strings.TrimSpace(ref.Text), Overpay: overpay.Checked}
		return func(ctx context.Context) error {
			_, err := u.svc.AddPayment(ctx, in)
			return err
		}, nil
	}
	return u.editDialog(EditPayment, u.t("ui.payment_title", l.Number), u.t("ui.payment_save"), "", fields, check, l.Number, l.CustomerCode, nil)
}

// methodLabel is a payment method in words ("" is not said).
func (u *UI) methodLabel(m string) string {
	if m == "" {
		return u.t("ui.method_none")
	}
	return u.t("ui.method_" + m)
}

// currencyChoices are the currencies the New invoice dialog offers: the
// company's first, then those Relance's owners bill in most.
func currencyChoices(company ledger.Currency) []string {
	out := []string{}
	for _, c := range []ledger.Currency{company, "EUR", "RSD", "GBP", "CHF", "USD"} {
		if c == "" {
			continue
		}
		dup := false
		for _, o := range out {
			dup = dup || o == string(c)
		}
		if !dup {
			out = append(out, string(c))
		}
	}
	return out
}

// invoiceDialog adds an invoice (inv nil; for customer code when given)
// or edits inv.
func (u *UI) invoiceDialog(inv *store.InvoiceLine, code string, company ledger.Currency) *EditDialog {
	isNew := inv == nil
	number := widget.NewEntry()
	customer := u.customerEntry(code)
	issued := u.newDateEntry()
	issued.SetDate(u.today())
	due := u.newDateEntry()
	amount := widget.NewEntry()
	desc := widget.NewEntry()
	currency := widget.NewSelect(currencyChoices(company), nil)
	currency.SetSelectedIndex(0)
	cur := func() ledger.Currency { return ledger.Currency(currency.Selected) }
	if !isNew {
		number.SetText(inv.Number)
		number.Disable()
		issued.SetDate(inv.IssueDate)
		due.SetDate(inv.DueDate)
		amount.SetText(u.editAmount(inv.Total.Minor, inv.Total.Currency))
		desc.SetText(inv.Description)
		currency.SetOptions([]string{string(inv.Total.Currency)})
		currency.SetSelectedIndex(0)
		currency.Disable() // amounts paid and letters sent are in it
	}
	dueHint := u.dateHint()
	if isNew {
		dueHint = u.t("ui.due_hint", app.DefaultTermDays)
	}
	fields := []field{
		{"number", u.t("ui.f_invoice_number"), number, ""},
		{"customer", u.t("ui.col_customer"), customer, u.t("ui.customer_entry_hint")},
		{"issued", u.t("ui.f_issued_on"), issued, u.dateHint()},
		{"due", u.t("ui.f_due_on"), due, dueHint},
		{"amount", u.t("ui.f_total"), amount, u.t("ui.amount_hint", u.amountExample(cur()))},
		{"currency", u.t("ui.f_currency"), currency, ""},
		{"description", u.t("ui.f_description"), desc, ""},
	}
	check := func() (func(ctx context.Context) error, []string) {
		var problems []string
		add := func(label string, err error) { problems = append(problems, u.problem(label, err)) }
		num := strings.TrimSpace(number.Text)
		if isNew && num == "" {
			add(u.t("ui.f_invoice_number"), refusal("ui.edit_number_needed"))
		}
		cust := customerCode(customer.Text)
		if cust == "" {
			add(u.t("ui.col_customer"), refusal("ui.edit_customer_needed"))
		}
		iss, err := issued.Date()
		switch {
		case err != nil:
			add(u.t("ui.f_issued_on"), err)
		case iss.IsZero():
			add(u.t("ui.f_issued_on"), refusal("ui.edit_date_needed"))
		}
		dd, err := due.Date()
		switch {
		case err != nil:
			add(u.t("ui.f_due_on"), err)
		case !isNew && dd.IsZero():
			add(u.t("ui.f_due_on"), refusal("ui.edit_date_needed"))
		case !dd.IsZero() && !iss.IsZero() && dd.Before(iss):
			add(u.t("ui.f_due_on"), refusal("ui.edit_due_before_issue", u.date(dd), u.date(iss)))
		}
		minor, err := u.parseAmount(amount.Text, cur())
		if err != nil {
			add(u.t("ui.f_total"), err)
		} else if !isNew && minor < inv.Paid {
			add(u.t("ui.f_total"), refusal("ui.edit_total_below_paid", u.money(minor, cur()), u.money(inv.Paid, cur())))
		}
		if len(problems) > 0 {
			return nil, problems
		}
		if isNew {
			in := app.InvoiceInput{Number: num, Customer: cust, IssueDate: iss, DueDate: dd, Amount: plainAmount(minor, cur()),
				Currency: cur(), Description: strings.TrimSpace(desc.Text)}
			return func(ctx context.Context) error {
				_, err := u.svc.AddInvoice(ctx, in)
				return err
			}, nil
		}
		// Only what changed: the history says what it was and became.
		var e app.InvoiceEdit
		if cust != inv.CustomerCode {
			e.Customer = &cust
		}
		if iss != inv.IssueDate {
			e.IssueDate = &iss
		}
		if dd != inv.DueDate {
			e.DueDate = &dd
		}
		if minor != inv.Total.Minor {
			a := plainAmount(minor, cur())
			e.Amount = &a
		}
		if d := strings.TrimSpace(desc.Text); d != inv.Description {
			e.Description = &d
		}
		if e == (app.InvoiceEdit{}) {
			return nil, []string{u.t("ui.edit_nothing_changed")}
		}
		return func(ctx context.Context) error {
			_, err := u.svc.EditInvoice(ctx, inv.Number, e)
			return err
		}, nil
	}
	if isNew {
		return u.editDialog(EditNewInvoice, u.t("ui.new_invoice"), u.t("ui.new_invoice_save"), "", fields, check, "", code, nil)
	}
	return u.editDialog(EditInvoice, u.t("ui.edit_invoice_title", inv.Number), u.t("ui.save"), "", fields, check, inv.Number, inv.CustomerCode, nil)
}

// customerEntry is a customer field: typed, it lists the customers whose
// code or name holds the text (read off the UI goroutine, the latest
// text's answer kept); a customer picked reads "CODE — Name".
func (u *UI) customerEntry(code string) *widget.SelectEntry {
	e := widget.NewSelectEntry(nil)
	e.SetText(code)
	var search latest
	e.OnChanged = func(s string) {
		s = strings.TrimSpace(s)
		if s == "" || strings.Contains(s, " — ") {
			return
		}
		var found []ledger.Customer
		u.loadLatest(&search, func(ctx context.Context) error {
			var err error
			found, err = u.svc.ListCustomers(ctx, store.CustomerFilter{Search: s, Limit: 20})
			return err
		}, func(err error) {
			if err != nil {
				return // the check on Save names an unknown customer
			}
			var opts []string
			for _, c := range found {
				opts = append(opts, c.Code+" — "+c.Name)
			}
			e.SetOptions(opts)
		})
	}
	return e
}

// customerCode is the code of what a customer field holds: "CODE — Name"
// as picked, or a code as typed.
func customerCode(s string) string {
	code, _, _ := strings.Cut(s, " — ")
	return strings.TrimSpace(code)
}

// setAsideDialog voids an invoice or writes it off, for a reason kept in
// the history.
func (u *UI) setAsideDialog(kind string, l store.InvoiceLine) *EditDialog {
	reason := widget.NewEntry()
	cur := l.Total.Currency
	title, save, intro := u.t("ui.void_title", l.Number), u.t("ui.void_save"), u.t("ui.void_explain")
	if kind == EditWriteOff {
		title, save = u.t("ui.write_off_title", l.Number), u.t("ui.write_off_save")
		intro = u.t("ui.write_off_explain", u.money(l.Balance, cur), u.money(l.Total.Minor, cur))
	}
	fields := []field{{"reason", u.t("ui.f_reason"), reason, u.t("ui.f_reason_hint")}}
	check := func() (func(ctx context.Context) error, []string) {
		why := strings.TrimSpace(reason.Text)
		if why == "" {
			return nil, []string{u.problem(u.t("ui.f_reason"), refusal("ui.edit_reason_needed"))}
		}
		return func(ctx context.Context) error {
			var err error
			if kind == EditWriteOff {
				_, err = u.svc.WriteOffInvoice(ctx, l.Number, why)
			} else {
				_, err = u.svc.VoidInvoice(ctx, l.Number, why)
			}
			return err
		}, nil
	}
	return u.editDialog(kind, title, save, intro, fields, check, l.Number, l.CustomerCode, nil)
}

// deletePaymentDialog deletes a payment recorded by hand, for a reason:
// the payments service keeps it in the history.
func (u *UI) deletePaymentDialog(l store.InvoiceLine, p store.PaymentLine) *EditDialog {
	reason := widget.NewEntry()
	fields := []field{{"reason", u.t("ui.f_reason"), reason, u.t("ui.f_reason_hint")}}
	check := func() (func(ctx context.Context) error, []string) {
		why := strings.TrimSpace(reason.Text)
		if why == "" {
			return nil, []string{u.problem(u.t("ui.f_reason"), refusal("ui.edit_reason_needed"))}
		}
		return func(ctx context.Context) error {
			_, err := u.svc.DeletePayment(ctx, p.ID, why)
			return err
		}, nil
	}
	return u.editDialog(EditDeletePayment, u.t("ui.delete_payment_title", u.money(p.Amount, p.Currency), u.date(p.Date)),
		u.t("ui.delete_payment_save"), u.t("ui.delete_payment_explain", l.Number), fields, check, l.Number, l.CustomerCode, nil)
}

// creditNoteDialog issues a credit note on an invoice; what is left of it
// once applied (the customer's credit) is said after.
func (u *UI) creditNoteDialog(l store.InvoiceLine) *EditDialog {
	cur := l.Total.Currency
	amount := widget.NewEntry()
	date := u.newDateEntry()
	date.SetDate(u.today())
	number := widget.NewEntry()
	number.SetPlaceHolder(l.Number + "-C1")
	desc := widget.NewEntry()
	amountLabel := u.t("ui.f_amount", string(cur))
	fields := []field{
		{"", u.t("ui.f_total"), widget.NewLabel(u.money(l.Total.Minor, cur)), ""},
		{"amount", amountLabel, amount, u.t("ui.amount_hint", u.amountExample(cur))},
		{"date", u.t("ui.f_dated"), date, u.dateHint()},
		{"number", u.t("ui.f_credit_number"), number, u.t("ui.f_credit_number_hint", l.Number+"-C1")},
		{"description", u.t("ui.f_description"), desc, ""},
	}
	var res app.CreditNoteResult
	check := func() (func(ctx context.Context) error, []string) {
		var problems []string
		minor, err := u.parseAmount(amount.Text, cur)
		switch {
		case err != nil:
			problems = append(problems, u.problem(amountLabel, err))
		case minor > l.Total.Minor:
			problems = append(problems, u.problem(amountLabel, refusal("ui.edit_credit_over_total", u.money(minor, cur), u.money(l.Total.Minor, cur))))
		}
		d, err := date.Date()
		switch {
		case err != nil:
			problems = append(problems, u.problem(u.t("ui.f_dated"), err))
		case d.After(u.today()):
			problems = append(problems, u.problem(u.t("ui.f_dated"), refusal("ui.edit_credit_future", u.date(d), u.date(u.today()))))
		}
		if len(problems) > 0 {
			return nil, problems
		}
		in := app.CreditNoteInput{Invoice: l.Number, Amount: plainAmount(minor, cur), Number: strings.TrimSpace(number.Text), Date: d,
			Description: strings.TrimSpace(desc.Text)}
		return func(ctx context.Context) error {
			var err error
			res, err = u.svc.AddCreditNote(ctx, in)
			return err
		}, nil
	}
	after := func() {
		if res.Open.Minor > 0 {
			u.info(u.t("ui.credit_note_title", l.Number), u.t("ui.credit_note_open", res.Note.Number,
				u.money(res.Applied.Minor, cur), u.money(res.Open.Minor, cur)))
		}
	}
	return u.editDialog(EditCreditNote, u.t("ui.credit_note_title", l.Number), u.t("ui.credit_note_save"), "", fields, check, l.Number, l.CustomerCode, after)
}
