package ui

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/emersion/go-smtp"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/mail/mailtest"
	"github.com/relance-app/relance/internal/store"
)

// postalUILedger: customers P1 and P2 by post, each owing one invoice
// (F-1, F-2) 30 days overdue: the run proposes two first reminders.
func postalUILedger(t *testing.T) *app.Service {
	t.Helper()
	ctx := context.Background()
	svc, _, err := app.Create(ctx, filepath.Join(t.TempDir(), "post.db"), app.Options{Today: func() ledger.Date { return testDay }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	co := ledger.DefaultCompany()
	co.LegalName, co.Address1, co.Postcode, co.City = "Ateliers Bellecour SAS", "12 rue de la République", "69002", "Lyon"
	if err := svc.SetCompany(ctx, co); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 2; i++ {
		code := fmt.Sprintf("P%d", i)
		if err := svc.SaveCustomer(ctx, ledger.Customer{Code: code, Name: fmt.Sprintf("Client %d", i), Language: ledger.French,
			Kind: ledger.Business, Address1: "1 rue A", Postcode: "75011", City: "Paris", Country: "FR", Delivery: ledger.DeliveryPostal}); err != nil {
			t.Fatal(err)
		}
		c, _ := svc.Customer(ctx, code)
		err := svc.Store().InBatch(ctx, false, func(b *store.Batch) error {
			inv := ledger.Invoice{Number: fmt.Sprintf("F-%d", i), CustomerID: c.ID, IssueDate: testDay.AddDays(-60), DueDate: testDay.AddDays(-30),
				Total: ledger.Money{Minor: 100000 * int64(i), Currency: "EUR"}}
			return b.InsertInvoice(ctx, &inv)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return svc
}

// fakePATH makes PATH a folder holding only the named commands, each a
// script that writes its arguments, one a line, to NAME.args there (and
// prints out, for lpstat). Shell built-ins only: nothing else is on PATH.
func fakePATH(t *testing.T, commands map[string]string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("shell scripts")
	}
	dir := t.TempDir()
	for name, out := range commands {
		outFile := filepath.Join(dir, name+".out")
		os.WriteFile(outFile, []byte(out), 0o644)
		body := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> '" + filepath.Join(dir, name+".args") + "'; done\n" +
			"while IFS= read -r l; do printf '%s\\n' \"$l\"; done < '" + outFile + "'\n"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", dir)
	return dir
}

func ranWith(dir, name string) string {
	b, _ := os.ReadFile(filepath.Join(dir, name+".args"))
	return strings.ReplaceAll(strings.TrimSuffix(string(b), "\n"), "\n", " ")
}

func proposedCodes(t *testing.T, svc *app.Service) string {
	t.Helper()
	plan, err := svc.Plan(context.Background(), testDay)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, a := range plan.Actions {
		codes = append(codes, a.CustomerCode)
	}
	return strings.Join(codes, ",")
}

// TestRunPrintSaveAsPDFThenMarkPosted: on a machine with neither lp nor a
// viewer, the Dunning run's Print makes the batch and says there is
// neither; Save as PDF… writes it where the owner chose, and says where.
// Until Mark as posted nothing is recorded (the letters stay proposed);
// after it, they are recorded and no longer proposed. The cover sheet
// names the kind in words.
func TestRunPrintSaveAsPDFThenMarkPosted(t *testing.T) {
	fakePATH(t, nil)
	svc := postalUILedger(t)
	u := newTestUI(t, svc, i18n.FR, nil)
	u.Show(ScreenRun)
	u.Wait()
	if len(u.run.Actions) != 2 {
		t.Fatalf("%d letters proposed", len(u.run.Actions))
	}
	item := u.run.List.CreateItem()
	u.run.List.UpdateItem(0, item)
	if line := texts(item); !strings.Contains(line, "Premier rappel") || strings.Contains(line, "reminder-1") {
		t.Errorf("the run's line says %q", line)
	}
	test.Tap(u.run.PrintAll)
	u.Wait()
	p := u.lastPrintDialog
	if p == nil {
		t.Fatal("Print opened no dialog")
	}
	if p.Print.Visible() || p.How.Text != i18n.T(i18n.FR, "ui.print_nothing_here") {
		t.Errorf("without lp or a viewer: Print visible %v, says %q", p.Print.Visible(), p.How.Text)
	}
	if !p.MarkPosted.Disabled() {
		t.Error("Mark as posted before the letters were saved or printed")
	}
	if got := proposedCodes(t, svc); got != "P1,P2" {
		t.Fatalf("making the batch changed the plan: %q", got)
	}
	chosen := filepath.Join(t.TempDir(), "choisi.pdf")
	var suggested string
	u.savePath = func(name string, then func(string)) { suggested = name; then(chosen) }
	test.Tap(p.SavePDF)
	u.Wait()
	if suggested != "lettres-"+testDay.String()+".pdf" {
		t.Errorf("suggested name %q", suggested)
	}
	pdf, err := os.ReadFile(chosen)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("saved %d bytes, %v", len(pdf), err)
	}
	if !strings.Contains(p.Result.Text, chosen) || p.MarkPosted.Disabled() {
		t.Errorf("after saving: %q, Mark as posted disabled %v", p.Result.Text, p.MarkPosted.Disabled())
	}
	if got := proposedCodes(t, svc); got != "P1,P2" {
		t.Fatalf("saving recorded letters: %q", got)
	}
	test.Tap(p.MarkPosted)
	u.Wait()
	if p.Posted == nil || len(p.Posted.Recorded) != 2 {
		t.Fatalf("posted %+v", p.Posted)
	}
	if got := proposedCodes(t, svc); got != "" {
		t.Errorf("marked posted, still proposed: %q", got)
	}
	if shown := texts(u.Win.Canvas().Overlays().Top()); !strings.Contains(shown, i18n.T(i18n.FR, "ui.posted", 2, u.date(testDay))) {
		t.Errorf("after marking the app says:\n%s", shown)
	}
	if len(u.run.Actions) != 0 {
		t.Errorf("the run screen still lists %d letters", len(u.run.Actions))
	}
}

// TestReminderPrintOnTheChosenPrinter: with CUPS (fake lp and lpstat on
// PATH, lpstat's output as CUPS writes it), the Send reminder dialog's
// Print lists the printers, the system's default chosen; the owner picks
// another; lp gets it and the file, kept by name beside the ledger. The
// choice is remembered. Closed without Mark as posted, the letter stays
// proposed. The dialog names the kind and the language in words.
func TestReminderPrintOnTheChosenPrinter(t *testing.T) {
	dir := fakePATH(t, map[string]string{
		"lp":     "request id is Office-42 (1 file(s))\n",
		"lpstat": "printer Brother_HL is idle.  enabled since Thu 03 Dec 2026 09:12:40 CET\nprinter Office idle.  enabled since Thu 03 Dec 2026 09:12:40 CET\nsystem default destination: Brother_HL\n",
	})
	svc := postalUILedger(t)
	u := newTestUI(t, svc, i18n.FR, nil)
	u.Show(ScreenInvoices)
	<-u.invoices.Opened()
	u.Wait()
	row, _ := u.invoices.Row(0)
	test.Tap(reminderButton(t, u.invoices, 0))
	u.Wait()
	r := u.lastReminder
	if r.Kind.Selected != "Premier rappel" || r.Lang.Selected != "français" || r.KindCode() != ledger.KindReminder1 {
		t.Errorf("kind %q, language %q", r.Kind.Selected, r.Lang.Selected)
	}
	shown := texts(u.Win.Canvas().Overlays().Top())
	for _, code := range []string{"reminder-1", "sr-Cyrl", "fr\n"} {
		if strings.Contains(shown, code) {
			t.Errorf("the dialog shows the code %q:\n%s", code, shown)
		}
	}
	if !strings.Contains(strings.Join(r.Lang.Options, "|"), "serbe (cyrillique)") {
		t.Errorf("languages offered: %q", r.Lang.Options)
	}
	test.Tap(r.Print)
	u.Wait()
	p := u.lastPrintDialog
	if p == nil || !p.Print.Visible() || p.Print.Text != i18n.T(i18n.FR, "ui.print") {
		t.Fatalf("print dialog %+v", p)
	}
	if strings.Join(p.Printer.Options, ",") != "Brother_HL,Office" || p.Printer.Selected != "Brother_HL" {
		t.Errorf("printers %q, chosen %q", p.Printer.Options, p.Printer.Selected)
	}
	p.Printer.SetSelected("Office")
	test.Tap(p.Print)
	u.Wait()
	kept := filepath.Join(filepath.Dir(svc.Store().Path()), "printed", "lettre-"+row[0]+".pdf")
	if got := ranWith(dir, "lp"); got != "-d Office -- "+kept {
		t.Errorf("lp ran with %q, want the file %s", got, kept)
	}
	if b, err := os.ReadFile(kept); err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Errorf("kept file: %v", err)
	}
	if !strings.Contains(p.Result.Text, "Office") || !strings.Contains(p.Result.Text, kept) || p.MarkPosted.Disabled() {
		t.Errorf("after printing: %q", p.Result.Text)
	}
	test.Tap(p.Close)
	u.Wait()
	if got := proposedCodes(t, svc); !strings.Contains(got, "P1") {
		t.Errorf("printed but not marked posted, no longer proposed: %q", got)
	}
	// The next print offers the printer chosen last.
	test.Tap(reminderButton(t, u.invoices, 0))
	u.Wait()
	test.Tap(u.lastReminder.Print)
	u.Wait()
	if got := u.lastPrintDialog.Printer.Selected; got != "Office" {
		t.Errorf("printer offered %q, want the one chosen last", got)
	}
	// Marked this time: recorded, no longer proposed.
	test.Tap(u.lastPrintDialog.Print)
	u.Wait()
	test.Tap(u.lastPrintDialog.MarkPosted)
	u.Wait()
	if got := proposedCodes(t, svc); strings.Contains(got, "P1") {
		t.Errorf("marked posted, still proposed: %q", got)
	}
}

// TestPrintOpensTheViewerWithoutCUPS: no lp but xdg-open: Print becomes
// Open to print, says so, and opens the file kept by name.
func TestPrintOpensTheViewerWithoutCUPS(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("xdg-open is Linux's viewer")
	}
	dir := fakePATH(t, map[string]string{"xdg-open": ""})
	svc := postalUILedger(t)
	u := newTestUI(t, svc, i18n.SRCyrl, nil)
	u.Show(ScreenRun)
	u.Wait()
	test.Tap(u.run.PrintAll)
	u.Wait()
	p := u.lastPrintDialog
	if p.Print.Text != i18n.T(i18n.SRCyrl, "ui.open_viewer") || p.How.Text != i18n.T(i18n.SRCyrl, "ui.print_via_viewer") || p.Printer.Visible() {
		t.Fatalf("dialog: Print %q, says %q", p.Print.Text, p.How.Text)
	}
	test.Tap(p.Print)
	u.Wait()
	got := ranWith(dir, "xdg-open")
	if !strings.HasSuffix(got, filepath.Join("printed", "писма-"+testDay.String()+".pdf")) || !strings.Contains(p.Result.Text, got) {
		t.Errorf("xdg-open ran with %q; the dialog says %q", got, p.Result.Text)
	}
	if p.MarkPosted.Disabled() {
		t.Error("Mark as posted disabled after opening")
	}
}

// TestMarkPostedDropsALetterPaidMeanwhile: an invoice paid between the
// print and Mark as posted: its letter is not recorded and the owner is
// told; the other is recorded.
func TestMarkPostedDropsALetterPaidMeanwhile(t *testing.T) {
	fakePATH(t, nil)
	svc := postalUILedger(t)
	u := newTestUI(t, svc, i18n.EN, nil)
	u.Show(ScreenRun)
	u.Wait()
	test.Tap(u.run.PrintAll)
	u.Wait()
	p := u.lastPrintDialog
	u.savePath = func(_ string, then func(string)) { then(filepath.Join(t.TempDir(), "b.pdf")) }
	test.Tap(p.SavePDF)
	u.Wait()
	if _, err := svc.AddPayment(context.Background(), app.PaymentInput{Invoice: "F-2", Date: testDay, Amount: "2000.00"}); err != nil {
		t.Fatal(err)
	}
	test.Tap(p.MarkPosted)
	u.Wait()
	if len(p.Posted.Recorded) != 1 || p.Posted.Recorded[0].CustomerCode != "P1" || len(p.Posted.Dropped) != 1 {
		t.Fatalf("posted %+v", p.Posted)
	}
	shown := texts(u.Win.Canvas().Overlays().Top())
	if !strings.Contains(shown, "Letter to P2 not recorded: invoice F-2 was paid") {
		t.Errorf("the app says:\n%s", shown)
	}
}

// TestRunShowsARefusedEmailInWordsAndPrintsIt: an email refused for good
// (550) is listed on the run screen with its state in words, never
// "failed-permanent"; the run's Print carries it, and it is marked
// printed only by Mark as posted.
func TestRunShowsARefusedEmailInWordsAndPrintsIt(t *testing.T) {
	fakePATH(t, nil)
	svc, srv, pw := sendLedger(t)
	srv.SetFaults(mailtest.Faults{RcptErr: map[string]*smtp.SMTPError{"c1@customers.test": {Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"}}})
	u := newTestUI(t, svc, i18n.FR, pw)
	u.Show(ScreenRun)
	u.Wait()
	test.Tap(u.run.SendAll)
	u.Wait()
	u.Show(ScreenRun)
	u.Wait()
	shown := texts(u.run.Problems)
	if !strings.Contains(shown, i18n.T(i18n.FR, "outbox_state.failed-permanent")) || strings.Contains(shown, "failed-permanent") {
		t.Errorf("the run's problems say:\n%s", shown)
	}
	test.Tap(u.run.PrintAll)
	u.Wait()
	p := u.lastPrintDialog
	if p == nil || u.run.LastBatch == nil || len(u.run.LastBatch.Letters) != 1 || !u.run.LastBatch.Letters[0].FromEmail {
		t.Fatalf("print: %+v", u.run.LastBatch)
	}
	u.savePath = func(_ string, then func(string)) { then(filepath.Join(t.TempDir(), "c1.pdf")) }
	test.Tap(p.SavePDF)
	u.Wait()
	postal := func() string {
		items, _ := svc.Outbox(context.Background(), store.OutboxFilter{})
		for _, it := range items {
			if it.CustomerCode == "C1" {
				return it.Postal
			}
		}
		return ""
	}
	if got := postal(); got != "offered" {
		t.Fatalf("saved, not marked: postal %q", got)
	}
	test.Tap(p.MarkPosted)
	u.Wait()
	if got := postal(); got != "printed" {
		t.Errorf("marked posted: postal %q", got)
	}
}
