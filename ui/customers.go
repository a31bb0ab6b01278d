package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// customerListMax caps the customers listed: the search narrows.
const customerListMax = 500

// CustomersView is the customers screen (exposed for tests).
type CustomersView struct {
	Search *ShortcutEntry
	List   *widget.List
	Detail *fyne.Container
	// Invoices opens each of the customer's invoices (its number's
	// button), under the list's headings.
	Invoices   *fyne.Container
	NewInvoice *widget.Button
	// Tracking opens the tracking numbers of the customer's posted letters.
	Tracking *widget.Button
	found    []ledger.Customer
	shown    string // the code of the customer shown
	search   latest // the customers listed for the text typed
	detail   latest // the customer shown
}

func (u *UI) customersScreen() fyne.CanvasObject {
	v := &CustomersView{}
	u.customers = v
	v.Search = u.newEntry()
	v.Search.SetPlaceHolder(u.t("ui.customer_search_hint"))
	loading := widget.NewLabel(u.t("ui.loading"))
	v.Detail = container.NewStack(loading) // until the first list is in
	v.List = widget.NewList(func() int { return len(v.found) },
		func() fyne.CanvasObject { return widget.NewLabel("wwwwwwwwwwwwwwwwwwwwwwwwwww") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			c := v.found[i]
			o.(*widget.Label).SetText(fmt.Sprintf("%s — %s", c.Code, c.Name))
		})
	v.List.OnSelected = func(i widget.ListItemID) { u.showCustomer(v, v.found[i].Code) }
	// Read on each key typed, off the UI goroutine: the answer to the
	// latest text wins.
	search := func(s string) {
		var found []ledger.Customer
		u.loadLatest(&v.search, func(ctx context.Context) error {
			var err error
			found, err = u.svc.ListCustomers(ctx, store.CustomerFilter{Search: s, Limit: customerListMax})
			return err
		}, func(err error) {
			if err != nil {
				u.showErr(err)
				return
			}
			v.found = found
			if v.Detail.Objects[0] == loading {
				v.Detail.Objects = []fyne.CanvasObject{widget.NewLabel(u.t("ui.customer_pick"))}
				v.Detail.Refresh()
			}
			v.List.UnselectAll()
			v.List.Refresh()
		})
	}
	v.Search.OnChanged = search
	search("")
	add := widget.NewButton(u.t("ui.customer_add"), func() {
		var lang ledger.Language
		u.load(func(ctx context.Context) error {
			lang = u.defaultLetterLang(ctx)
			return nil
		}, func(error) {
			u.editCustomer(ledger.Customer{Language: lang, Kind: ledger.Business,
				Delivery: ledger.DeliveryEmail, Country: "FR"}, true, func() { search(v.Search.Text) })
		})
	})
	left := container.NewBorder(container.NewVBox(v.Search, add), nil, nil, nil, v.List)
	split := container.NewHSplit(left, v.Detail)
	split.Offset = 0.32
	return split
}

// defaultLetterLang is the company's language for letters (French when
// it has none, or it cannot be read): a read, off the UI goroutine.
func (u *UI) defaultLetterLang(ctx context.Context) ledger.Language {
	if co, err := u.svc.Company(ctx); err == nil && co.Language != "" {
		return co.Language
	}
	return ledger.French
}

// showCustomer fills the detail pane: contact details, delivery and
// paperless consent, invoices, the timeline, and the actions. The customer
// and their history are read off the UI goroutine; the pane says
// "Loading…" meanwhile, and only the customer picked last is shown.
func (u *UI) showCustomer(v *CustomersView, code string) {
	var c ledger.Customer
	var invs []store.InvoiceLine
	var events []app.Event
	var credit []ledger.Money
	v.shown = code
	v.Detail.Objects = []fyne.CanvasObject{widget.NewLabel(u.t("ui.loading"))}
	v.Detail.Refresh()
	u.loadLatest(&v.detail, func(ctx context.Context) error {
		var err error
		if c, err = u.svc.Customer(ctx, code); err != nil {
			return err
		}
		if invs, events, err = u.svc.CustomerTimeline(ctx, code); err != nil {
			return err
		}
		credit, err = u.svc.OpenCredit(ctx, code, 0)
		return err
	}, func(err error) {
		if err != nil {
			v.Detail.Objects = []fyne.CanvasObject{u.errLabel(err)}
			v.Detail.Refresh()
			return
		}
		u.customerDetail(v, c, invs, events, credit)
	})
}

func (u *UI) customerDetail(v *CustomersView, c ledger.Customer, invs []store.InvoiceLine, events []app.Event, credit []ledger.Money) {
	code := c.Code
	addr := strings.Join(nonEmpty(c.Address1, c.Address2, strings.TrimSpace(c.Postcode+" "+c.City), string(c.Country)), ", ")
	consent := u.t("ui.consent_" + string(c.Paperless.State))
	if c.Paperless.State == "" {
		consent = u.t("ui.consent_none")
	}
	items := []*widget.FormItem{
		widget.NewFormItem(u.t("ui.f_name"), widget.NewLabel(c.Name)),
		widget.NewFormItem(u.t("ui.f_contact"), widget.NewLabel(strings.TrimSpace(c.Salutation+" "+c.Contact))),
		widget.NewFormItem(u.t("ui.f_emails"), widget.NewLabel(strings.Join(c.Emails, ", "))),
		widget.NewFormItem(u.t("ui.f_phone"), widget.NewLabel(strings.Join(nonEmpty(c.Phone, c.Mobile), " · "))),
		widget.NewFormItem(u.t("ui.f_address"), widget.NewLabel(addr)),
		widget.NewFormItem(u.t("ui.f_delivery"), widget.NewLabel(u.t("ui.delivery_"+string(c.Delivery)))),
		widget.NewFormItem(u.t("ui.f_consent"), widget.NewLabel(consent)),
	}
	if len(credit) > 0 {
		// Credit applied to no invoice: beside the balances, never
		// deducted from them (another currency, or nothing was open).
		var amounts []string
		for _, m := range credit {
			amounts = append(amounts, u.money(m.Minor, m.Currency))
		}
		items = append(items, widget.NewFormItem(u.t("ui.f_open_credit"), widget.NewLabel(strings.Join(amounts, " · "))))
	}
	info := widget.NewForm(items...)
	state := ""
	switch {
	case c.Excluded:
		state = u.t("ui.customer_excluded")
	case !c.PausedUntil.IsZero() && !c.PausedUntil.Before(u.today()):
		state = u.t("ui.customer_paused", u.date(c.PausedUntil))
	}
	edit := widget.NewButton(u.t("ui.edit"), func() { u.editCustomer(c, false, func() { u.showCustomer(v, code) }) })
	exclude := widget.NewButton(u.t("ui.customer_exclude"), func() {
		c.Excluded = !c.Excluded
		u.saveCustomer(c, func() { u.showCustomer(v, code) })
	})
	if c.Excluded {
		exclude.SetText(u.t("ui.customer_include"))
	}
	until := u.newDateEntry()
	until.SetDate(c.PausedUntil)
	pause := widget.NewButton(u.t("ui.customer_pause"), func() {
		d, err := until.Date()
		if err != nil {
			u.showErr(err)
			return
		}
		c.PausedUntil = d
		u.saveCustomer(c, func() { u.showCustomer(v, code) })
	})
	v.Invoices = u.customerInvoices(invs)
	v.NewInvoice = widget.NewButton(u.t("ui.new_invoice"), func() { u.newInvoice(code) })
	invList := container.NewVBox(v.Invoices, container.NewHBox(v.NewInvoice))
	tl := container.NewVBox()
	for _, e := range events {
		tl.Add(widget.NewLabel(u.date(e.Date) + "  " + u.msgText(e.Text)))
	}
	if len(events) == 0 {
		tl.Add(widget.NewLabel(u.t("ui.timeline_empty")))
	}
	// A registered letter's tracking number, entered later than Mark as
	// posted (the receipt found afterwards, a number mistyped).
	for _, e := range events {
		if e.Kind == "letter" {
			v.Tracking = widget.NewButton(u.t("ui.tracking_action"), func() { u.customerTracking(code, func() { u.showCustomer(v, code) }) })
			tl.Add(container.NewHBox(v.Tracking))
			break
		}
	}
	head := widget.NewLabelWithStyle(fmt.Sprintf("%s — %s  %s", c.Code, c.Name, state), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	body := container.NewVBox(head, info, container.NewBorder(nil, nil, container.NewHBox(edit, exclude), pause, until),
		widget.NewCard(u.t("ui.invoices"), "", invList), widget.NewCard(u.t("ui.timeline"), "", tl))
	v.Detail.Objects = []fyne.CanvasObject{container.NewVScroll(body)}
	v.Detail.Refresh()
}

// customerInvoices lists a customer's invoices under headings, each
// number a button that opens the invoice's page, and a "⋯" button with
// the invoice's actions (Record payment, Edit, Void…), as in the table.
func (u *UI) customerInvoices(invs []store.InvoiceLine) *fyne.Container {
	if len(invs) == 0 {
		return container.NewVBox(widget.NewLabel(u.t("ui.customer_no_invoices")))
	}
	g := newColumns(7)
	for _, k := range []string{"ui.col_number", "ui.col_issued", "ui.col_due", "ui.col_total", "ui.col_balance", "ui.col_status", ""} {
		text := ""
		if k != "" {
			text = u.t(k)
		}
		g.Add(widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	for _, l := range invs {
		number := l.Number
		open := widget.NewButton(number, func() { u.openInvoice(number) })
		open.Importance = widget.LowImportance
		open.Alignment = widget.ButtonAlignLeading
		g.Add(open)
		for _, s := range []string{u.shortDate(l.IssueDate), u.shortDate(l.DueDate), u.money(l.Total.Minor, l.Total.Currency),
			u.money(l.Balance, l.Total.Currency), u.t("ui.status_" + string(l.Status))} {
			g.Add(widget.NewLabel(s))
		}
		line := l
		var more *widget.Button
		more = widget.NewButton("⋯", func() { u.showInvoiceMenu(line, more) })
		more.Importance = widget.LowImportance
		g.Add(container.NewHBox(more))
	}
	return g
}

func (u *UI) saveCustomer(c ledger.Customer, after func()) {
	u.write(func(ctx context.Context) error { return u.svc.SaveCustomer(ctx, c) }, after)
}

// nonEmpty keeps the strings that are not empty, trimmed, in order.
func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// editCustomer is the add/edit form: every field checked by the ledger's
// rules before anything is saved.
func (u *UI) editCustomer(c ledger.Customer, isNew bool, after func()) {
	code, name, contact, sal := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	emails, phone, mobile := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	a1, a2, pc, city, country := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	code.SetText(c.Code)
	if !isNew {
		code.Disable()
	}
	name.SetText(c.Name)
	contact.SetText(c.Contact)
	sal.SetText(c.Salutation)
	honorific := widget.NewEntry()
	honorific.SetText(c.Title)
	// The gender the salutation takes: unknown greets with the neutral form.
	genders := []string{u.t("ui.gender_unknown"), u.t("ui.gender_f"), u.t("ui.gender_m")}
	genderOf := map[string]ledger.Gender{genders[0]: ledger.GenderUnknown, genders[1]: ledger.Female, genders[2]: ledger.Male}
	genderSel := u.newSelect(genders, nil)
	genderSel.SetSelected(map[ledger.Gender]string{ledger.GenderUnknown: genders[0], ledger.Female: genders[1], ledger.Male: genders[2]}[c.Gender])
	emails.SetText(strings.Join(c.Emails, ", "))
	phone.SetText(c.Phone)
	mobile.SetText(c.Mobile)
	a1.SetText(c.Address1)
	a2.SetText(c.Address2)
	pc.SetText(c.Postcode)
	city.SetText(c.City)
	country.SetText(string(c.Country))
	langSel := u.newCodeSelect(letterLangs, langLabel, nil)
	langSel.showCode(string(c.Language))
	kinds := []string{string(ledger.Business), string(ledger.Consumer)}
	kindSel := u.newCodeSelect(kinds, func(k string) string { return u.customerKindLabel(ledger.CustomerKind(k)) }, nil)
	kindSel.showCode(string(c.Kind))
	deliveries := []string{string(ledger.DeliveryEmail), string(ledger.DeliveryPostal), string(ledger.DeliveryBoth)}
	delSel := u.newCodeSelect(deliveries, func(d string) string { return u.deliveryLabel(ledger.Delivery(d)) }, nil)
	delSel.showCode(string(c.Delivery))
	items := []*widget.FormItem{
		widget.NewFormItem(u.t("ui.f_code"), code), widget.NewFormItem(u.t("ui.f_name"), name),
		widget.NewFormItem(u.t("ui.f_contact"), contact), widget.NewFormItem(u.t("ui.f_salutation"), sal),
		widget.NewFormItem(u.t("ui.f_title"), honorific), widget.NewFormItem(u.t("ui.f_gender"), genderSel),
		widget.NewFormItem(u.t("ui.f_emails"), emails), widget.NewFormItem(u.t("ui.f_phone"), phone), widget.NewFormItem(u.t("ui.f_mobile"), mobile),
		widget.NewFormItem(u.t("ui.f_address1"), a1), widget.NewFormItem(u.t("ui.f_address2"), a2),
		widget.NewFormItem(u.t("ui.f_postcode"), pc), widget.NewFormItem(u.t("ui.f_city"), city), widget.NewFormItem(u.t("ui.f_country"), country),
		widget.NewFormItem(u.t("ui.language"), langSel), widget.NewFormItem(u.t("ui.f_kind"), kindSel), widget.NewFormItem(u.t("ui.f_delivery"), delSel),
	}
	title := u.t("ui.edit")
	if isNew {
		title = u.t("ui.customer_add")
	}
	d := newFormDialog(title, u.t("ui.save"), u.t("ui.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		n := c
		n.Code, n.Name, n.Contact, n.Salutation = strings.TrimSpace(code.Text), strings.TrimSpace(name.Text), strings.TrimSpace(contact.Text), strings.TrimSpace(sal.Text)
		n.Title, n.Gender = strings.TrimSpace(honorific.Text), genderOf[genderSel.Selected]
		es, err := ledger.ParseEmails(emails.Text)
		if err != nil {
			u.showErr(fmt.Errorf("%s: %v", u.t("ui.f_emails"), err))
			return
		}
		n.Emails, n.Phone, n.Mobile = es, strings.TrimSpace(phone.Text), strings.TrimSpace(mobile.Text)
		n.Address1, n.Address2, n.Postcode, n.City = strings.TrimSpace(a1.Text), strings.TrimSpace(a2.Text), strings.TrimSpace(pc.Text), strings.TrimSpace(city.Text)
		n.Country = ledger.Country(strings.ToUpper(strings.TrimSpace(country.Text)))
		n.Language, n.Kind, n.Delivery = ledger.Language(langSel.Code()), ledger.CustomerKind(kindSel.Code()), ledger.Delivery(delSel.Code())
		u.saveCustomer(n, after)
	}, u.Win)
	d.Resize(fyne.NewSize(560, 0)) // as tall as its fields let it, at most the screen
	d.Show()
}
