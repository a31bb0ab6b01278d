package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// The ledger-editing dialogs on the small ledger of noAccountLedger: three
// customers C1–C3, each with one invoice F-1, F-2, F-3 of 1,000.00,
// 2,000.00 and 3,000.00 EUR, issued 60 days before testDay and 30 days
// overdue, nothing paid.

func editLedger(t *testing.T) *app.Service {
	t.Helper()
	svc, _, _ := noAccountLedger(t)
	return svc
}

// rowOf is the invoice table's row of an invoice, all invoices shown.
func rowOf(t *testing.T, u *UI, number string) int {
	t.Helper()
	v := u.invoices
	for i := 0; i < v.model.rows(); i++ {
		if r, ok := v.Row(i); ok && r[0] == number {
			return i
		}
	}
	t.Fatalf("%s is not in the table", number)
	return -1
}

// menuButton is the "⋯" button of a row, made and filled by the table's
// own callbacks (the test driver draws no table cells).
func menuButton(t *testing.T, v *InvoicesView, row int) *widget.Button {
	t.Helper()
	for col, c := range invoiceColumns {
		if c.cell != -2 {
			continue
		}
		cell := v.Table.CreateCell()
		v.Table.UpdateCell(widget.TableCellID{Row: row, Col: col}, cell)
		b := cell.(*fyne.Container).Objects[1].(*widget.Button)
		if !b.Visible() || b.Text != "⋯" {
			t.Fatalf("row %d: the actions button is %q, visible %v", row, b.Text, b.Visible())
		}
		return b
	}
	t.Fatal("no actions column")
	return nil
}

// fromRowMenu opens an invoice's row menu in the table and chooses the
// item labelled key: the dialog it opens, once the invoice is read.
func fromRowMenu(t *testing.T, u *UI, number, key string) *EditDialog {
	t.Helper()
	test.Tap(menuButton(t, u.invoices, rowOf(t, u, number)))
	if u.edit.menu == nil {
		t.Fatal("no menu opened")
	}
	for _, it := range u.edit.menu.Items {
		if it.Label == u.t(key) {
			if it.Disabled {
				t.Fatalf("%s: %q is disabled", number, it.Label)
			}
			u.edit.dialog = nil
			it.Action()
			u.Wait()
			if u.edit.dialog == nil {
				t.Fatalf("%s: %q opened no dialog", number, it.Label)
			}
			return u.edit.dialog
		}
	}
	t.Fatalf("%s: no menu item %q", number, u.t(key))
	return nil
}

// invoicesScreen shows every invoice, by number.
func invoicesScreen(t *testing.T, u *UI) {
	t.Helper()
	u.Show(ScreenInvoices)
	<-u.invoices.Opened()
	u.Wait()
	test.Tap(u.invoices.Overdue)
	<-u.invoices.Opened()
	u.Wait()
}

func save(t *testing.T, u *UI, d *EditDialog) {
	t.Helper()
	test.Tap(d.Save)
	u.Wait()
}

// TestRecordPaymentByHand: Record payment from the row menu, in French
// ("400,50", "20/11/2026", a cheque): the payment is in the ledger as
// typed, with who recorded it, and the table shows the balance lowered.
func TestRecordPaymentByHand(t *testing.T) {
	svc := editLedger(t)
	ctx := context.Background()
	u := newTestUI(t, svc, i18n.FR, nil)
	invoicesScreen(t, u)
	d := fromRowMenu(t, u, "F-1", "ui.action_payment")
	// The dialog offers the balance, written as French writes it.
	if got := d.Entry("amount").Text; got != "1\u00a0000,00" {
		t.Errorf("amount offered %q", got)
	}
	d.Entry("amount").SetText("400,50")
	d.Entry("date").SetText("20/11/2026")
	d.Fields["method"].(*widget.Select).SetSelected("Chèque")
	d.Entry("reference").SetText("CHQ 1234567")
	save(t, u, d)
	if !d.Done {
		t.Fatalf("not saved: %q", d.Error.Text)
	}
	pays, err := svc.Payments(ctx, "F-1")
	if err != nil || len(pays) != 1 {
		t.Fatalf("payments %+v, %v", pays, err)
	}
	p := pays[0]
	if p.Amount != 40050 || p.Date != ledger.MustDate("2026-11-20") || p.Method != "cheque" || p.Reference != "CHQ 1234567" {
		t.Errorf("payment recorded %+v", p)
	}
	det, err := svc.InvoiceDetail(ctx, "F-1")
	if err != nil {
		t.Fatal(err)
	}
	if len(det.Changes) != 1 || det.Changes[0].Kind != ledger.ChangePaymentAdded || det.Changes[0].Who == "" {
		t.Errorf("history %+v", det.Changes)
	}
	// The table was read again: 1,000.00 − 400.50 = 599.50 left.
	<-u.invoices.Opened()
	u.Wait()
	row, _ := u.invoices.Row(rowOf(t, u, "F-1"))
	if row[5] != "599,50\u00a0€" {
		t.Errorf("balance shown %q, want 599,50 €", row[5])
	}
	// The row opens the invoice's page, which lists the payment; Delete
	// with a reason (Enter in its field) takes it off, kept in the history.
	u.invoices.Table.Select(widget.TableCellID{Row: rowOf(t, u, "F-1"), Col: 0})
	u.Wait()
	page := u.edit.detail
	if page == nil || page.Number != "F-1" {
		t.Fatalf("the row opened %+v", page)
	}
	for _, w := range []string{"20\u00a0novembre\u00a02026", "400,50\u00a0€", "Chèque", "CHQ 1234567", "599,50\u00a0€"} {
		if !strings.Contains(texts(page.Body), w) {
			t.Errorf("the page lacks %q:\n%s", w, texts(page.Body))
		}
	}
	test.Tap(page.Delete[p.ID])
	u.Wait()
	del := u.edit.dialog
	if del.Kind != EditDeletePayment {
		t.Fatalf("dialog %s", del.Kind)
	}
	test.Type(del.Entry("reason"), "typed twice")
	del.Entry("reason").TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	u.Wait()
	if !del.Done {
		t.Fatalf("not deleted: %q", del.Error.Text)
	}
	if pays, _ := svc.Payments(ctx, "F-1"); len(pays) != 0 {
		t.Errorf("payments left %+v", pays)
	}
	det, _ = svc.InvoiceDetail(ctx, "F-1")
	if det.Line.Balance != 100000 || len(det.Changes) != 2 || det.Changes[1].Kind != ledger.ChangePaymentDeleted ||
		!strings.Contains(det.Changes[1].Detail, "typed twice") {
		t.Errorf("after the delete: balance %d, history %+v", det.Line.Balance, det.Changes)
	}
	if !strings.Contains(texts(page.Body), "Rien pour l'instant.") {
		t.Errorf("the page still lists a payment:\n%s", texts(page.Body))
	}
}

// TestBadInputWritesNothing: each bad value is refused in the dialog, in
// the owner's language and naming the field, and nothing is written.
func TestBadInputWritesNothing(t *testing.T) {
	svc := editLedger(t)
	ctx := context.Background()
	for _, c := range []struct {
		lang          i18n.Lang
		amount, date  string
		want          []string
		overpay, fine bool
	}{
		{i18n.FR, "abc", "20/11/2026", []string{"Montant (EUR) : « abc » n'est pas un montant : écrivez-le par exemple 1\u00a0250,50"}, false, false},
		{i18n.FR, "12,345", "20/11/2026", []string{"« 12,345 » a plus de décimales que n'en prend le EUR (2)"}, false, false},
		{i18n.FR, "100", "31/02/2026", []string{"Reçu le : ", "31/02/2026", "n'est pas une date", "22/11/2026"}, false, false},
		{i18n.FR, "100", "23/11/2026", []string{"le 23\u00a0novembre\u00a02026 est après aujourd'hui (22\u00a0novembre\u00a02026)"}, false, false},
		{i18n.FR, "1 500,00", "20/11/2026", []string{"1\u00a0500,00\u00a0€, c'est plus que les 1\u00a0000,00\u00a0€ restant dus", "« Garder ce qui dépasse le solde au crédit du client »"}, false, false},
		{i18n.FR, "0,00", "", []string{"le montant doit être supérieur à zéro", "Reçu le : indiquez une date"}, false, false},
		{i18n.EN, "1.250,50", "20/11/2026", []string{"Amount (EUR): “1.250,50” is not an amount: write it as 1,250.50, for example"}, false, false},
		{i18n.EN, "100", "11/31/2026", []string{"11/31/2026", "is not a date"}, false, false},
		{i18n.EN, "$100", "20 Nov 2026", []string{"“$100” is not in EUR"}, false, false},
		{i18n.SRCyrl, "1,250.50", "20.11.2026.", []string{"Износ (EUR): „1,250.50” није износ: упишите га нпр. као 1.250,50"}, false, false},
	} {
		u := newTestUI(t, svc, c.lang, nil)
		invoicesScreen(t, u)
		d := fromRowMenu(t, u, "F-1", "ui.action_payment")
		d.Entry("amount").SetText(c.amount)
		d.Entry("date").SetText(c.date)
		save(t, u, d)
		if d.Done || !d.Error.Visible() {
			t.Errorf("%s %q %q: saved (error %q)", c.lang, c.amount, c.date, d.Error.Text)
		}
		for _, w := range c.want {
			if !strings.Contains(d.Error.Text, w) {
				t.Errorf("%s %q %q: the dialog says\n%s\nwhich lacks\n%s", c.lang, c.amount, c.date, d.Error.Text, w)
			}
		}
		if pays, _ := svc.Payments(ctx, "F-1"); len(pays) != 0 {
			t.Fatalf("%s %q %q: written %+v", c.lang, c.amount, c.date, pays)
		}
	}
	// A new invoice with no number, a due date before its issue: nothing.
	u := newTestUI(t, svc, i18n.FR, nil)
	invoicesScreen(t, u)
	test.Tap(u.invoices.NewInvoice)
	u.Wait()
	d := u.edit.dialog
	// The number after the ledger's highest is offered.
	if got := d.Entry("number").Text; got != "F-4" {
		t.Errorf("number offered %q, want F-4", got)
	}
	d.Entry("number").SetText("")
	d.Entry("customer").SetText("C1")
	d.Entry("issued").SetText("10/11/2026")
	d.Entry("due").SetText("01/11/2026")
	d.Entry("amount").SetText("1 000")
	save(t, u, d)
	for _, w := range []string{"Numéro de facture : indiquez le numéro de la facture",
		"Échéance : l'échéance du 1er\u00a0novembre\u00a02026 précède la date d'émission du 10\u00a0novembre\u00a02026"} {
		if !strings.Contains(d.Error.Text, w) {
			t.Errorf("new invoice: the dialog says\n%s\nwhich lacks\n%s", d.Error.Text, w)
		}
	}
	// The customer field lists the customers whose name holds what is
	// typed (its drop-down); one picked reads "CODE — Name", the code is
	// the invoice's.
	cust := d.Fields["customer"].(*widget.SelectEntry)
	cust.SetText("Client 2")
	u.Wait()
	test.Tap(cust.ActionItem.(fyne.Tappable))
	if got := drawnTexts(u.Win.Canvas().Overlays().Top()); !strings.Contains(got, "C2 — Client 2") || strings.Contains(got, "C1 — Client 1") {
		t.Errorf("the customers offered for %q:\n%s", cust.Text, got)
	}
	u.Win.Canvas().Overlays().Top().Hide()
	cust.SetText("C2 — Client 2")
	if customerCode(cust.Text) != "C2" {
		t.Errorf("picked %q reads as %q", cust.Text, customerCode(cust.Text))
	}
	// A customer that does not exist: the service's refusal, in the dialog.
	d.Entry("number").SetText("F-99")
	d.Entry("customer").SetText("NOPE")
	d.Entry("due").SetText("")
	save(t, u, d)
	if d.Done || !strings.Contains(d.Error.Text, "NOPE") {
		t.Errorf("unknown customer: done %v, %q", d.Done, d.Error.Text)
	}
	if _, err := svc.InvoiceDetail(ctx, "F-99"); err == nil {
		t.Error("F-99 was added")
	}
	// Void without a reason.
	v := fromRowMenu(t, u, "F-2", "ui.action_void")
	save(t, u, v)
	if v.Done || !strings.Contains(v.Error.Text, "Motif : dites pourquoi") {
		t.Errorf("void without a reason: done %v, %q", v.Done, v.Error.Text)
	}
	if det, _ := svc.InvoiceDetail(ctx, "F-2"); det.Line.State != ledger.InvoiceActive || len(det.Changes) != 0 {
		t.Errorf("F-2 changed: %+v", det)
	}
}

// plannedInvoices lists the invoices the plan proposes a letter or task for.
func plannedInvoices(t *testing.T, svc *app.Service) map[string]bool {
	t.Helper()
	plan, err := svc.Plan(context.Background(), testDay)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, a := range append(plan.Actions, plan.Tasks...) {
		for _, inv := range a.Invoices {
			out[inv.Number] = true
		}
	}
	return out
}

// TestVoidAndWriteOffLeaveThePlan: an invoice voided, another written
// off, each from its row menu with a reason: the plan no longer proposes
// either, the third stays, and each keeps its state and reason.
func TestVoidAndWriteOffLeaveThePlan(t *testing.T) {
	svc := editLedger(t)
	ctx := context.Background()
	if p := plannedInvoices(t, svc); !p["F-1"] || !p["F-2"] || !p["F-3"] {
		t.Fatalf("before: the plan proposes %v", p)
	}
	u := newTestUI(t, svc, i18n.EN, nil)
	invoicesScreen(t, u)
	d := fromRowMenu(t, u, "F-1", "ui.action_void")
	d.Entry("reason").SetText("issued twice")
	save(t, u, d)
	d = fromRowMenu(t, u, "F-2", "ui.action_write_off")
	d.Entry("reason").SetText("customer in liquidation")
	save(t, u, d)
	if !d.Done {
		t.Fatalf("write-off not saved: %q", d.Error.Text)
	}
	if p := plannedInvoices(t, svc); p["F-1"] || p["F-2"] || !p["F-3"] {
		t.Errorf("after: the plan proposes %v", p)
	}
	for number, want := range map[string]ledger.InvoiceState{"F-1": ledger.InvoiceVoid, "F-2": ledger.InvoiceWrittenOff} {
		det, err := svc.InvoiceDetail(ctx, number)
		if err != nil {
			t.Fatal(err)
		}
		if det.Line.State != want || det.Line.StateDate != testDay || det.Line.StateReason == "" {
			t.Errorf("%s: %s on %s (%q)", number, det.Line.State, det.Line.StateDate, det.Line.StateReason)
		}
	}
	// The table says so, and offers no second void.
	<-u.invoices.Opened()
	u.Wait()
	if row, _ := u.invoices.Row(rowOf(t, u, "F-1")); row[7] != "Void" {
		t.Errorf("F-1's status shown %q", row[7])
	}
	test.Tap(menuButton(t, u.invoices, rowOf(t, u, "F-1")))
	for _, it := range u.edit.menu.Items {
		if it.Label == u.t("ui.action_void") && !it.Disabled {
			t.Error("a void invoice can be voided again")
		}
	}
}

// TestNewInvoiceAndEditFromTheCustomer: on C1's page, New invoice adds
// F-10 (due 30 days after its issue when no due date is given) and the
// page lists it; its page's Edit changes its total; Edit with nothing
// changed writes nothing and says so.
func TestNewInvoiceAndEditFromTheCustomer(t *testing.T) {
	svc := editLedger(t)
	ctx := context.Background()
	u := newTestUI(t, svc, i18n.FR, nil)
	u.Show(ScreenCustomers)
	u.Wait()
	v := u.customers
	u.showCustomer(v, "C1")
	u.Wait()
	test.Tap(v.NewInvoice)
	u.Wait()
	d := u.edit.dialog
	if d.Kind != EditNewInvoice || d.Entry("customer").Text != "C1" {
		t.Fatalf("dialog %s for %q", d.Kind, d.Entry("customer").Text)
	}
	d.Entry("number").SetText("F-10")
	d.Entry("issued").SetText("01/11/2026")
	d.Entry("amount").SetText("1 250,00")
	d.Entry("description").SetText("Réparation")
	save(t, u, d)
	if !d.Done {
		t.Fatalf("not saved: %q", d.Error.Text)
	}
	det, err := svc.InvoiceDetail(ctx, "F-10")
	if err != nil {
		t.Fatal(err)
	}
	l := det.Line
	if l.CustomerCode != "C1" || l.Total != (ledger.Money{Minor: 125000, Currency: "EUR"}) || l.IssueDate != ledger.MustDate("2026-11-01") ||
		l.DueDate != ledger.MustDate("2026-12-01") || l.Description != "Réparation" {
		t.Errorf("added %+v", l)
	}
	// The row's "⋯" on the customer's page offers the invoice's actions.
	var more *widget.Button
	for _, o := range v.Invoices.Objects {
		if c, ok := o.(*fyne.Container); ok {
			more = c.Objects[0].(*widget.Button)
		}
	}
	test.Tap(more)
	if u.edit.menu == nil || len(u.edit.menu.Items) != 7 || u.edit.menu.Items[2].Label != "Enregistrer un paiement" {
		t.Errorf("the row's menu: %+v", u.edit.menu)
	}
	// The customer's page was read again: F-10 is listed, and opens.
	var open *widget.Button
	for _, o := range v.Invoices.Objects {
		if b, ok := o.(*widget.Button); ok && b.Text == "F-10" {
			open = b
		}
	}
	if open == nil {
		t.Fatalf("F-10 not on C1's page:\n%s", texts(v.Invoices))
	}
	test.Tap(open)
	u.Wait()
	page := u.edit.detail
	if page == nil || page.Number != "F-10" || !strings.Contains(texts(page.Body), "1\u00a0250,00\u00a0€") {
		t.Fatalf("the invoice's page: %+v", page)
	}
	test.Tap(page.Buttons[EditInvoice])
	u.Wait()
	e := u.edit.dialog
	if e.Kind != EditInvoice || e.Entry("amount").Text != "1\u00a0250,00" || e.Entry("due").Text != "01/12/2026" {
		t.Fatalf("edit dialog %s: amount %q, due %q", e.Kind, e.Entry("amount").Text, e.Entry("due").Text)
	}
	save(t, u, e)
	if e.Done || e.Error.Text != "Rien n'a été modifié." {
		t.Errorf("nothing changed: done %v, %q", e.Done, e.Error.Text)
	}
	e.Entry("amount").SetText("1300")
	save(t, u, e)
	if !e.Done {
		t.Fatalf("edit not saved: %q", e.Error.Text)
	}
	det, _ = svc.InvoiceDetail(ctx, "F-10")
	if det.Line.Total.Minor != 130000 || len(det.Changes) != 2 || det.Changes[1].Kind != ledger.ChangeInvoiceEdited {
		t.Errorf("after the edit: %s, history %+v", det.Line.Total, det.Changes)
	}
	// The page was read again.
	if !strings.Contains(texts(page.Body), "1\u00a0300,00\u00a0€") {
		t.Errorf("the page still shows:\n%s", texts(page.Body))
	}
}

// TestCreditNoteLowersTheBalance: a credit note of 500,00 on F-3 from
// its page is applied to it, and the page lists it with the balance
// lowered.
func TestCreditNoteLowersTheBalance(t *testing.T) {
	svc := editLedger(t)
	ctx := context.Background()
	u := newTestUI(t, svc, i18n.FR, nil)
	page := u.openInvoice("F-3")
	u.Wait()
	test.Tap(page.Buttons[EditCreditNote])
	u.Wait()
	d := u.edit.dialog
	d.Entry("amount").SetText("3 500,00")
	save(t, u, d)
	if d.Done || !strings.Contains(d.Error.Text, "un avoir de 3\u00a0500,00\u00a0€ dépasse le total de la facture (3\u00a0000,00\u00a0€)") {
		t.Errorf("over the total: done %v, %q", d.Done, d.Error.Text)
	}
	d.Entry("amount").SetText("500")
	save(t, u, d)
	if !d.Done {
		t.Fatalf("not saved: %q", d.Error.Text)
	}
	det, err := svc.InvoiceDetail(ctx, "F-3")
	if err != nil {
		t.Fatal(err)
	}
	if len(det.Credits) != 1 || det.Credits[0].Amount != 50000 || det.Credits[0].Number != "F-3-C1" || det.Line.Balance != 250000 {
		t.Errorf("credits %+v, balance %d", det.Credits, det.Line.Balance)
	}
	got := texts(page.Body)
	for _, w := range []string{"F-3-C1", "2\u00a0500,00\u00a0€", "Avoirs imputés"} {
		if !strings.Contains(got, w) {
			t.Errorf("the page lacks %q:\n%s", w, got)
		}
	}
	// The customer's name opens their page, which shows the balance too.
	var link *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "Client 3 (C3)" {
			link = b
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, x := range c.Objects {
				walk(x)
			}
		}
		if f, ok := o.(*widget.Form); ok {
			for _, it := range f.Items {
				walk(it.Widget)
			}
		}
	}
	walk(page.Body)
	if link == nil {
		t.Fatalf("no link to the customer on the page:\n%s", got)
	}
	test.Tap(link)
	u.Wait()
	if u.Current() != ScreenCustomers || u.customers.shown != "C3" || !strings.Contains(texts(u.customers.Invoices), "2\u00a0500,00\u00a0€") {
		t.Errorf("the link opened %s, customer %q:\n%s", u.Current(), u.customers.shown, texts(u.customers.Detail))
	}
}

// TestCustomerInvoicesHaveHeadings: the customer's invoices are listed
// under headings in the owner's language, the figures in their columns.
func TestCustomerInvoicesHaveHeadings(t *testing.T) {
	svc := editLedger(t)
	for l, want := range map[i18n.Lang]string{
		i18n.EN: "Invoice\nIssued\nDue\nTotal\nBalance\nStatus\n\nF-2\n23 Sep 2026\n23 Oct 2026\n€2,000.00\n€2,000.00\nOverdue\n⋯\n",
		i18n.FR: "Facture\nÉmise le\nÉchéance\nMontant\nReste dû\nÉtat\n\nF-2\n23/09/2026\n23/10/2026\n2\u00a0000,00\u00a0€\n2\u00a0000,00\u00a0€\nEn retard\n⋯\n",
	} {
		u := newTestUI(t, svc, l, nil)
		u.Show(ScreenCustomers)
		u.Wait()
		u.showCustomer(u.customers, "C2")
		u.Wait()
		if got := texts(u.customers.Invoices); got != want {
			t.Errorf("%s: C2's invoices read\n%q\nwant\n%q", l, got, want)
		}
	}
}

// TestDateEntryCalendar: the payment's date field opens a calendar in
// the owner's language on the month typed, and a day tapped is written
// in their format. Read through what the calendar shows, not its fields.
func TestDateEntryCalendar(t *testing.T) {
	svc := editLedger(t)
	u := newTestUI(t, svc, i18n.FR, nil)
	u.Show(ScreenInvoices)
	u.Wait()
	d := u.paymentDialog(storeLine(t, svc, "F-1"))
	e := d.Fields["date"].(*DateEntry)
	e.SetText("03/10/2026")
	test.Tap(e.ActionItem.(fyne.Tappable))
	cal := u.Win.Canvas().Overlays().Top()
	got := texts(cal)
	if !strings.Contains(got, "octobre\u00a02026") {
		t.Errorf("the calendar does not show October 2026 in French:\n%s", got)
	}
	// Monday first; 1 October 2026 is a Thursday.
	var day20 *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == "20" {
			day20 = b
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, x := range c.Objects {
				walk(x)
			}
		}
		if w, ok := o.(fyne.Widget); ok {
			for _, x := range test.WidgetRenderer(w).Objects() {
				walk(x)
			}
		}
	}
	walk(cal)
	if day20 == nil {
		t.Fatalf("no day 20 in the calendar:\n%s", got)
	}
	test.Tap(day20)
	if e.Text != "20/10/2026" {
		t.Errorf("picked: %q", e.Text)
	}
}

func storeLine(t *testing.T, svc *app.Service, number string) store.InvoiceLine {
	t.Helper()
	d, err := svc.InvoiceDetail(context.Background(), number)
	if err != nil {
		t.Fatal(err)
	}
	return d.Line
}

// TestHomeFiguresFollowAChange: a payment recorded while Home is shown
// (from an invoice's page opened over it) changes Home's figures at once.
func TestHomeFiguresFollowAChange(t *testing.T) {
	svc := editLedger(t)
	u := newTestUI(t, svc, i18n.FR, nil)
	u.Show(ScreenHome)
	u.Wait()
	if got := texts(u.Content(ScreenHome)); !strings.Contains(got, "6\u00a0000,00\u00a0€") {
		t.Fatalf("Home does not show the 6 000,00 € owed:\n%s", got)
	}
	page := u.openInvoice("F-1")
	u.Wait()
	test.Tap(page.Buttons[EditPayment])
	u.Wait()
	d := u.edit.dialog
	d.Entry("amount").SetText("400,50")
	save(t, u, d)
	if !d.Done {
		t.Fatalf("not saved: %q", d.Error.Text)
	}
	if got := texts(u.Content(ScreenHome)); !strings.Contains(got, "5\u00a0599,50\u00a0€") || strings.Contains(got, "6\u00a0000,00\u00a0€") {
		t.Errorf("Home after the payment:\n%s", got)
	}
}

// drawnTexts gathers every text drawn under o (a menu's items are drawn
// texts, not labels).
func drawnTexts(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if t, ok := o.(*canvas.Text); ok {
			b.WriteString(t.Text + "\n")
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, x := range c.Objects {
				walk(x)
			}
		}
		if w, ok := o.(fyne.Widget); ok {
			for _, x := range test.WidgetRenderer(w).Objects() {
				walk(x)
			}
		}
	}
	walk(o)
	return b.String()
}
