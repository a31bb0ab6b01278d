package ui

import (
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// invoiceColumns of the invoice table, in the order shown, the sort each
// header gives, and which of cells() each shows (-1: the Send reminder
// button, -2: the "⋯" button of the row's actions). What dunning needs (due date, days late, balance and the
// button) comes first, so it stays in sight in a narrow window.
var invoiceColumns = []struct {
	key   string
	order store.InvoiceOrder
	width float32
	cell  int
}{
	{"ui.col_number", store.ByNumber, 120, 0},
	{"ui.col_customer", store.ByCustomer, 200, 1},
	{"ui.col_due", store.ByDueDate, 90, 3},
	{"ui.col_late", "", 60, 6},
	{"ui.col_balance", "", 100, 5},
	{"", "", 130, -1}, // Send reminder
	{"", "", 44, -2},  // ⋯: open, record a payment, edit, void…
	{"ui.col_total", store.ByTotal, 100, 4},
	{"ui.col_issued", store.ByIssued, 90, 2},
	{"ui.col_status", "", 80, 7},
}

// invoiceColumnWidths fit the columns to the language: a Serbian or
// French date, amount or button label is longer than the English one.
// Each column is as wide as its default, its header, or the longest text
// it can show, whichever is widest.
func (u *UI) invoiceColumnWidths() []float32 {
	pad := 2*theme.InnerPadding() + theme.Padding()
	measure := func(bold bool, s string) float32 {
		return fyne.MeasureText(s, theme.TextSize(), fyne.TextStyle{Bold: bold}).Width + pad
	}
	// Abbreviated month names differ in length: every month is tried.
	var dates []string
	for m := 1; m <= 12; m++ {
		dates = append(dates, u.shortDate(ledger.MustDate(fmt.Sprintf("2026-%02d-28", m))))
	}
	// Amounts up to 99,999.99 (999,999.99 dinars, whose amounts run a
	// hundred times larger): longer ones are clipped.
	money := []string{u.money(99_999_999, "RSD"), u.money(9_999_999, "EUR"), u.money(9_999_999, "GBP")}
	statuses := []string{u.t("ui.status_open"), u.t("ui.status_overdue"), u.t("ui.status_paid"), u.t("ui.status_void"), u.t("ui.status_written-off")}
	samples := [][]string{nil, nil, dates, dates, money, money, {"9999"}, statuses} // by cell
	out := make([]float32, len(invoiceColumns))
	for i, c := range invoiceColumns {
		w := c.width
		if c.key != "" {
			w = max(w, measure(true, u.t(c.key)+" ▲"))
		}
		if c.cell == -1 {
			w = max(w, measure(true, u.t("ui.send_reminder"))+pad)
		}
		if c.cell < 0 {
			out[i] = w
			continue
		}
		for _, s := range samples[c.cell] {
			w = max(w, measure(false, s))
		}
		out[i] = w
	}
	return out
}

// InvoicesView is the invoice table and its filters (exposed for tests).
type InvoicesView struct {
	u       *UI
	model   *invoiceModel
	Table   *widget.Table
	Search  *ShortcutEntry
	Status  *widget.Select
	Overdue *widget.Check
	Count   *widget.Label
	// NewInvoice opens the New invoice dialog.
	NewInvoice *widget.Button
	filter     store.InvoiceFilter
	// opened is closed when the current view's first page is in.
	opened chan struct{}
}

func (u *UI) invoicesScreen() fyne.CanvasObject {
	v := u.newInvoicesView()
	return container.NewBorder(container.NewVBox(
		container.NewBorder(nil, nil, widget.NewLabel(u.t("ui.search")), container.NewHBox(v.Overdue, v.Status, v.NewInvoice), v.Search), v.Count),
		nil, nil, nil, v.Table)
}

func (u *UI) newInvoicesView() *InvoicesView {
	v := &InvoicesView{u: u}
	u.invoices = v
	v.model = newInvoiceModel(u.svc, &u.bg, func() { u.do(v.refresh) })
	widths := u.invoiceColumnWidths()
	v.model.texts = newCellFitter(u.lang, widths).row
	v.filter = store.InvoiceFilter{AsOf: u.today(), OverdueOnly: true, Order: store.ByDueDate}
	v.Table = widget.NewTableWithHeaders(
		func() (int, int) { return v.model.rows(), len(invoiceColumns) },
		func() fyne.CanvasObject {
			// Not truncated by Fyne: the texts come cut to their column
			// (cellFitter), measured off the UI goroutine.
			l := widget.NewLabel("wwwwwwwwwwwwwwwwwww")
			// The Send reminder button is added where needed (updateCell).
			return container.NewStack(l)
		},
		v.updateCell)
	// A row tapped opens the invoice's page (its buttons act themselves).
	v.Table.OnSelected = func(id widget.TableCellID) {
		v.Table.UnselectAll()
		if id.Col < 0 || id.Col >= len(invoiceColumns) || invoiceColumns[id.Col].cell < 0 {
			return
		}
		if l, ok := v.model.row(id.Row); ok {
			u.openInvoice(l.Number)
		}
	}
	v.Table.ShowHeaderColumn = false
	v.Table.CreateHeader = func() fyne.CanvasObject { return widget.NewButton("", nil) }
	v.Table.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		b := o.(*widget.Button)
		if id.Col < 0 || id.Col >= len(invoiceColumns) {
			b.SetText("")
			return
		}
		c := invoiceColumns[id.Col]
		text := ""
		if c.key != "" {
			text = u.t(c.key)
		}
		if c.order != "" && c.order == v.filter.Order {
			if v.filter.Desc {
				text += " ▼"
			} else {
				text += " ▲"
			}
		}
		b.SetText(text)
		b.OnTapped = func() {
			if c.order == "" {
				return
			}
			if v.filter.Order == c.order {
				v.filter.Desc = !v.filter.Desc
			} else {
				v.filter.Order, v.filter.Desc = c.order, false
			}
			v.reopen()
		}
	}
	for i, w := range widths {
		v.Table.SetColumnWidth(i, w)
	}
	v.Search = u.newEntry()
	v.Search.SetPlaceHolder(u.t("ui.search_hint"))
	v.Search.OnSubmitted = func(s string) { v.filter.Search = s; v.reopen() }
	v.Search.OnChanged = func(s string) {
		if s == "" && v.filter.Search != "" {
			v.filter.Search = ""
			v.reopen()
		}
	}
	statuses := []string{u.t("ui.status_all"), u.t("ui.status_open"), u.t("ui.status_overdue"), u.t("ui.status_paid"),
		u.t("ui.status_void"), u.t("ui.status_written-off")}
	v.Status = widget.NewSelect(statuses, nil)
	v.Status.Selected = statuses[0]
	v.Status.OnChanged = func(s string) {
		v.filter.Status = map[string]ledger.Status{statuses[1]: ledger.StatusOpen, statuses[2]: ledger.StatusOverdue, statuses[3]: ledger.StatusPaid,
			statuses[4]: ledger.StatusVoid, statuses[5]: ledger.StatusWrittenOff}[s]
		v.reopen()
	}
	v.NewInvoice = widget.NewButton(u.t("ui.new_invoice"), func() { u.newInvoice("") })
	v.Overdue = widget.NewCheck(u.t("ui.overdue_only"), func(b bool) {
		v.filter.OverdueOnly = b
		if !b && v.filter.Order == store.ByDueDate && v.filter.Status == "" {
			// All invoices: by number, which an index serves at once.
			v.filter.Order = store.ByNumber
		}
		v.reopen()
	})
	v.Overdue.Checked = true // the filter already says so
	v.Count = widget.NewLabel("")
	v.reopen()
	return v
}

// Filter is the view's filter (tests).
func (v *InvoicesView) Filter() store.InvoiceFilter { return v.filter }

// Opened is closed once the current view's first rows are in.
func (v *InvoicesView) Opened() <-chan struct{} { return v.opened }

func (v *InvoicesView) reopen() {
	v.opened = make(chan struct{})
	v.Count.SetText(v.u.t("ui.loading"))
	v.model.open(v.filter, v.opened)
}

func (v *InvoicesView) refresh() {
	n := v.model.rows()
	if err := v.model.failed(); err != nil {
		v.Count.SetText(v.u.errText(err))
	} else {
		v.Count.SetText(v.u.t("ui.invoice_count", n))
	}
	v.Table.Refresh()
}

// Row is a row's text, cell by cell, when it has been read (tests).
func (v *InvoicesView) Row(i int) ([]string, bool) {
	l, ok := v.model.row(i)
	if !ok {
		return nil, false
	}
	return v.cells(l), true
}

func (v *InvoicesView) cells(l store.InvoiceLine) []string {
	out := make([]string, 8)
	for i := range out {
		out[i] = v.cellText(l, i)
	}
	return out
}

// cellText is cell i of a row (each cell formats only its own value: a
// screenful is some 180 cells).
func (v *InvoicesView) cellText(l store.InvoiceLine, i int) string { return cellTextIn(v.u.lang, l, i) }

// cellTextIn is a cell's text in language lang; the table's texts are made
// off the UI goroutine (cellFitter), so it reads nothing of the UI.
func cellTextIn(lang i18n.Lang, l store.InvoiceLine, i int) string {
	switch i {
	case 0:
		return l.Number
	case 1:
		return fmt.Sprintf("%s (%s)", l.CustomerName, l.CustomerCode)
	case 2:
		return shortDateIn(lang, l.IssueDate)
	case 3:
		return shortDateIn(lang, l.DueDate)
	case 4:
		return app.FormatMoney(ledger.Language(lang), l.Total)
	case 5:
		return app.FormatMoney(ledger.Language(lang), ledger.Money{Minor: l.Balance, Currency: l.Total.Currency})
	case 6:
		if l.DaysOverdue > 0 {
			return strconv.Itoa(l.DaysOverdue)
		}
		return ""
	}
	return statusText(lang, l.Status)
}

// updateCell fills a cell from what the model has read: no query here.
func (v *InvoicesView) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	stack := o.(*fyne.Container)
	label := stack.Objects[0].(*widget.Label)
	l, texts, ok := v.model.rowTexts(id.Row)
	cell := invoiceColumns[id.Col].cell
	// The button only where the cell has been in the Send reminder
	// column: a button for every cell doubled the cost of a screenful.
	var button *widget.Button
	if len(stack.Objects) > 1 {
		button = stack.Objects[1].(*widget.Button)
	}
	if cell < 0 {
		label.Hide()
		if button == nil {
			button = widget.NewButton("", nil)
			stack.Add(button)
		}
		switch {
		case ok && cell == -2:
			if button.Text != "⋯" {
				button.SetText("⋯")
			}
			b := button
			button.OnTapped = func() { v.u.showInvoiceMenu(l, b) }
			button.Show()
			v.u.journeyCell(button, l.Number)
		case ok && l.Status == ledger.StatusOverdue:
			if text := v.u.t("ui.send_reminder"); button.Text != text {
				button.SetText(text)
			}
			number := l.Number
			button.OnTapped = func() { v.u.reminderDialog(number) }
			button.Show()
			v.u.journeyCell(button, number)
		default:
			button.Hide()
		}
		return
	}
	if button != nil {
		button.Hide()
	}
	label.Show()
	text := "…"
	if ok && texts != nil {
		text = texts[cell]
	}
	if label.Text != text {
		label.SetText(text)
	}
}

// statusText is a status in words (every key written out, for the
// catalogs' check of used keys).
func statusText(lang i18n.Lang, st ledger.Status) string {
	switch st {
	case ledger.StatusOpen:
		return i18n.T(lang, "ui.status_open")
	case ledger.StatusOverdue:
		return i18n.T(lang, "ui.status_overdue")
	case ledger.StatusPaid:
		return i18n.T(lang, "ui.status_paid")
	case ledger.StatusVoid:
		return i18n.T(lang, "ui.status_void")
	case ledger.StatusWrittenOff:
		return i18n.T(lang, "ui.status_written-off")
	}
	return string(st)
}
