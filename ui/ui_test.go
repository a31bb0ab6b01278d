package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/mail/mailtest"
	"github.com/relance-app/relance/internal/store"
)

// testDay is "today" for every UI test: the demo ledger is made against
// it, so what the screens show does not move with the calendar.
var testDay = ledger.MustDate("2026-11-22")

func demoService(t *testing.T) *app.Service {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "demo.db")
	opts := app.Options{Today: func() ledger.Date { return testDay },
		Now: func() time.Time { return time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC) }}
	if err := app.MakeDemo(ctx, path, opts); err != nil {
		t.Fatal(err)
	}
	svc, err := app.Open(ctx, path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	return svc
}

func newTestUI(t *testing.T, svc *app.Service, l i18n.Lang, pw app.Passwords) *UI {
	t.Helper()
	a := test.NewTempApp(t)
	u := New(a, svc, Options{Lang: l, NoWatch: true, Passwords: pw, Queue: true})
	u.Win.Resize(fyne.NewSize(1200, 800))
	t.Cleanup(u.Win.Close)
	return u
}

// texts gathers every label's and button's text under o.
func texts(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
		case *widget.Button:
			b.WriteString(w.Text + "\n")
		case *widget.Check:
			b.WriteString(w.Text + "\n")
		case *widget.Card:
			b.WriteString(w.Title + "\n")
			if w.Content != nil {
				walk(w.Content)
			}
		case *widget.Form:
			for _, it := range w.Items {
				b.WriteString(it.Text + "\n")
				walk(it.Widget)
			}
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, x := range c.Objects {
				walk(x)
			}
		}
		if r, ok := o.(fyne.Widget); ok {
			for _, x := range test.WidgetRenderer(r).Objects() {
				walk(x)
			}
		}
	}
	walk(o)
	return b.String()
}

// TestEveryScreen opens each screen on the demo ledger in each language:
// it builds, shows its figures, and says them in the language chosen; the
// home screen's layout is compared with its committed markup.
func TestEveryScreen(t *testing.T) {
	svc := demoService(t)
	for _, l := range []i18n.Lang{i18n.EN, i18n.FR, i18n.DE, i18n.SRCyrl, i18n.SRLatn} {
		u := newTestUI(t, svc, l, nil)
		for _, s := range u.screens {
			u.Show(s.id)
			u.Wait()
			got := texts(u.Content(s.id))
			if strings.TrimSpace(got) == "" {
				t.Errorf("%s %s: the screen shows nothing", l, s.id)
			}
			if strings.Contains(got, "ui.") || strings.Contains(got, "%!") {
				t.Errorf("%s %s: an untranslated key or a bad format:\n%s", l, s.id, got)
			}
		}
		u.Show(ScreenHome)
		u.Wait()
		home := texts(u.Content(ScreenHome))
		if !strings.Contains(home, i18n.T(l, "ui.home_today")) || !strings.Contains(home, "EUR") {
			t.Errorf("%s home:\n%s", l, home)
		}
		if l == i18n.EN {
			test.AssertRendersToMarkup(t, "home_en.xml", u.Win.Canvas())
		}
	}
}

// TestInvoiceTable: the table opens on the overdue invoices, its rows come
// from the model (not from queries in the cells), and each overdue row has
// its Send reminder button; filters and sorts reopen it.
func TestInvoiceTable(t *testing.T) {
	svc := demoService(t)
	u := newTestUI(t, svc, i18n.EN, nil)
	u.Show(ScreenInvoices)
	v := u.invoices
	<-v.Opened()
	u.Wait()
	overdue, err := svc.Store().CountMatching(context.Background(), store.InvoiceFilter{AsOf: testDay, OverdueOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if v.model.rows() != overdue || overdue == 0 {
		t.Fatalf("%d rows, %d overdue invoices", v.model.rows(), overdue)
	}
	row, ok := v.Row(0)
	if !ok || row[7] != "Overdue" {
		t.Fatalf("first row %v", row)
	}
	// A far row is read in the background, then shown.
	if _, ok := v.Row(overdue - 1); ok && overdue > pageSize {
		t.Error("a row of another page was there before it was read")
	}
	u.Wait()
	if _, ok := v.Row(overdue - 1); !ok {
		t.Error("the far row was not read")
	}
	// All invoices, then a search.
	test.Tap(v.Overdue)
	<-v.Opened()
	u.Wait()
	all, _ := svc.Store().CountMatching(context.Background(), store.InvoiceFilter{AsOf: testDay})
	if v.model.rows() != all || v.Filter().Order != store.ByNumber {
		t.Fatalf("all: %d rows of %d, order %s", v.model.rows(), all, v.Filter().Order)
	}
	test.Type(v.Search, row[0])
	v.Search.OnSubmitted(v.Search.Text)
	<-v.Opened()
	u.Wait()
	if v.model.rows() != 1 {
		t.Errorf("search %q: %d rows", row[0], v.model.rows())
	}
}

// sendLedger is a small ledger whose account is the in-process SMTP server.
func sendLedger(t *testing.T) (*app.Service, *mailtest.Server, app.Passwords) {
	t.Helper()
	svc, srv, ca := noAccountLedger(t)
	if _, err := svc.SetAccount(context.Background(), map[string]string{"smtp_host": "localhost", "smtp_port": fmt.Sprint(srv.Port), "smtp_user": srv.User,
		"from_address": "owner@fault.test", "tls_ca": ca}); err != nil {
		t.Fatal(err)
	}
	return svc, srv, func(string) (string, error) { return srv.Password, nil }
}

// noAccountLedger is sendLedger's ledger before its mail account is set,
// with the in-process SMTP server and the CA file that signed its
// certificate.
func noAccountLedger(t *testing.T) (*app.Service, *mailtest.Server, string) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "send.db")
	opts := app.Options{Today: func() ledger.Date { return testDay }}
	svc, _, err := app.Create(ctx, path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	co := ledger.DefaultCompany()
	co.LegalName, co.Address1, co.Postcode, co.City = "Ateliers Bellecour SAS", "12 rue de la République", "69002", "Lyon"
	if err := svc.SetCompany(ctx, co); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		if err := svc.SaveCustomer(ctx, ledger.Customer{Code: fmt.Sprintf("C%d", i), Name: fmt.Sprintf("Client %d", i), Language: ledger.French,
			Kind: ledger.Business, Address1: "1 rue A", Postcode: "75011", City: "Paris", Country: "FR", Delivery: ledger.DeliveryEmail,
			Emails: []string{fmt.Sprintf("c%d@customers.test", i)}}); err != nil {
			t.Fatal(err)
		}
		c, _ := svc.Customer(ctx, fmt.Sprintf("C%d", i))
		err := svc.Store().InBatch(ctx, false, func(b *store.Batch) error {
			inv := ledger.Invoice{Number: fmt.Sprintf("F-%d", i), CustomerID: c.ID, IssueDate: testDay.AddDays(-60), DueDate: testDay.AddDays(-30),
				Total: ledger.Money{Minor: 100000 * int64(i), Currency: "EUR"}}
			return b.InsertInvoice(ctx, &inv)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	ca, tlsCfg, err := mailtest.CA(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	srv, err := mailtest.Start(tlsCfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return svc, srv, ca
}

// TestSendReminderFlow: on the invoices screen, Send reminder on an
// overdue invoice opens the letter the plan proposes, with its preview and
// amounts; Send delivers it (in-process SMTP server) and records it.
func TestSendReminderFlow(t *testing.T) {
	svc, srv, pw := sendLedger(t)
	u := newTestUI(t, svc, i18n.FR, pw)
	u.Show(ScreenInvoices)
	<-u.invoices.Opened()
	u.Wait()
	row, ok := u.invoices.Row(0)
	if !ok {
		t.Fatal("no row")
	}
	// The owner's click: the first row's Send reminder button, as the
	// table's callbacks make and fill it.
	test.Tap(reminderButton(t, u.invoices, 0))
	u.Wait() // the proposal, then the letter, are read in the background
	r := u.lastReminder
	if r == nil || len(r.invoices) == 0 || r.invoices[0] != row[0] {
		t.Fatalf("the button opened %+v, want the letter for %s", r, row[0])
	}
	if r.KindCode() != ledger.KindReminder1 || r.Kind.Selected != "Premier rappel" || len(r.PreviewPNG()) < 1000 || !strings.Contains(r.Amounts.Text, "€") {
		t.Fatalf("dialog: %+v", r)
	}
	// Another language, then back: the preview follows.
	before := string(r.PreviewPNG())
	r.SetLang(ledger.English)
	u.Wait()
	if string(r.PreviewPNG()) == before {
		t.Error("the preview did not change with the language")
	}
	r.SetLang(ledger.French)
	u.Wait()
	test.Tap(r.Send)
	u.Wait()
	if len(srv.Delivered()) != 1 {
		t.Fatalf("%d messages delivered", len(srv.Delivered()))
	}
	items, _ := svc.Outbox(context.Background(), store.OutboxFilter{})
	if len(items) != 1 || items[0].State != store.OutboxSent || items[0].Kind != "reminder-1" {
		t.Fatalf("outbox %+v", items)
	}
	// Recorded: the plan no longer proposes a first reminder for it.
	plan, _ := svc.Plan(context.Background(), testDay)
	for _, a := range plan.Actions {
		for _, inv := range a.Invoices {
			if inv.Number == row[0] {
				t.Errorf("%s is still proposed: %s", row[0], a.Kind)
			}
		}
	}
}

// TestDunningRunSendsTheSelection: deselected customers are left out.
func TestDunningRunSendsTheSelection(t *testing.T) {
	svc, srv, pw := sendLedger(t)
	u := newTestUI(t, svc, i18n.EN, pw)
	u.Show(ScreenRun)
	u.Wait()
	v := u.run
	if len(v.Actions) != 3 {
		t.Fatalf("%d letters proposed", len(v.Actions))
	}
	v.Selected["C2"] = false
	u.updateRunButtons(v)
	if v.SendAll.Text != "Send 2 email(s)" {
		t.Errorf("button %q", v.SendAll.Text)
	}
	test.Tap(v.SendAll)
	u.Wait()
	got := map[string]bool{}
	for _, d := range srv.Delivered() {
		got[d.To[0]] = true
	}
	if len(got) != 2 || got["c2@customers.test"] {
		t.Errorf("delivered to %v", got)
	}
}

// TestImportShowsErrorsByLine: a file with bad rows is refused whole, and
// each problem is listed with its line.
func TestImportShowsErrorsByLine(t *testing.T) {
	svc := demoService(t)
	u := newTestUI(t, svc, i18n.EN, nil)
	u.Show(ScreenImport)
	v := u.imports
	dir := t.TempDir()
	path := filepath.Join(dir, "factures.csv")
	writeFile(t, path, "Numéro;Code client;Date;Echéance;Montant;Libellé\nX-1;C0001;2026-10-01;2026-10-31;12,50;ok\nX-2;NOPE;2026-10-01;2026-10-31;abc;bad\nX-3;C0001;31/02/2026;2026-10-31;1;bad date\n")
	v.Kind.SetSelectedIndex(1) // invoices
	v.Path.SetText(path)
	u.inspectImport(v)
	u.Wait()
	test.Tap(v.Check)
	u.Wait()
	if len(v.problems) < 3 {
		t.Fatalf("problems %q; status %q", v.problems, v.Status.Text)
	}
	joined := strings.Join(v.problems, "\n")
	for _, want := range []string{":3:", ":4:", "NOPE", "abc"} {
		if !strings.Contains(joined, want) {
			t.Errorf("problems lack %q:\n%s", want, joined)
		}
	}
	if n, _ := svc.Store().CountMatching(context.Background(), store.InvoiceFilter{AsOf: testDay, Search: "X-1"}); n != 0 {
		t.Error("a rejected file wrote rows")
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// reminderButton is the Send reminder button of a row, made and filled by
// the table's own callbacks (the test driver draws no table cells).
func reminderButton(t *testing.T, v *InvoicesView, row int) *widget.Button {
	t.Helper()
	for col, c := range invoiceColumns {
		if c.cell >= 0 {
			continue
		}
		cell := v.Table.CreateCell()
		v.Table.UpdateCell(widget.TableCellID{Row: row, Col: col}, cell)
		b := cell.(*fyne.Container).Objects[1].(*widget.Button)
		if !b.Visible() || b.Text != v.u.t("ui.send_reminder") {
			t.Fatalf("row %d: the button is %q, visible %v", row, b.Text, b.Visible())
		}
		return b
	}
	t.Fatal("no Send reminder column")
	return nil
}
