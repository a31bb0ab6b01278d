package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// frame is what one callback on the UI goroutine may take: past it, the
// window misses a frame at 60 Hz.
const frame = 16 * time.Millisecond

// slowQuery is how long every statement of the slow ledger waits: a
// ledger on a slow disk, or a million invoices, where one read costs more
// than a frame.
const slowQuery = 50 * time.Millisecond

// slowDemoService is the demo ledger, reopened with every statement
// delayed by slowQuery.
func slowDemoService(t *testing.T) *app.Service {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "demo.db")
	opts := app.Options{Today: func() ledger.Date { return testDay },
		Now: func() time.Time { return time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC) }}
	if err := app.MakeDemo(ctx, path, opts); err != nil {
		t.Fatal(err)
	}
	opts.Store = []store.Option{store.WithQueryDelay(slowQuery)}
	svc, err := app.Open(ctx, path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	return svc
}

// uiClock times every callback the test runs on the UI goroutine (in
// these tests, the test's goroutine): screen construction, taps, and each
// widget update background work hands to UI.do.
type uiClock struct {
	longest map[string]time.Duration
	order   []string
}

func (c *uiClock) time(name string, fn func()) {
	start := time.Now()
	fn()
	d := time.Since(start)
	if _, ok := c.longest[name]; !ok {
		c.order = append(c.order, name)
	}
	c.longest[name] = max(c.longest[name], d)
}

// wait is UI.Wait with each widget update timed under name.
func (c *uiClock) wait(name string, u *UI) {
	for {
		u.bg.Wait()
		u.qmu.Lock()
		q := u.queue
		u.queue = nil
		u.qmu.Unlock()
		if len(q) == 0 {
			return
		}
		for _, fn := range q {
			c.time(name+": update", fn)
		}
	}
}

// TestSlowLedgerNeverBlocksTheUI opens every screen, the Send reminder
// dialog (and changes its language) and the Settings letterhead preview
// (and saves the company) over a ledger where every statement takes
// 50 ms: no callback on the UI goroutine may take longer than a frame,
// and each screen still ends up showing the ledger's figures once the
// reads in the background are done.
func TestSlowLedgerNeverBlocksTheUI(t *testing.T) {
	svc := slowDemoService(t)
	// A first pass in another window of the same app, not timed: the
	// app's first use of each font face, style and text (parsing, the
	// shaper's tables) costs up to tens of milliseconds once, whatever the
	// screen; it is not what this test is about. No read is ever warmed:
	// every statement still waits 50 ms.
	a := test.NewTempApp(t)
	visitEverything(t, &uiClock{longest: map[string]time.Duration{}}, a, svc)
	// Then timed passes, up to three: a read on the UI goroutine costs
	// 50 ms in every pass, while the machine being busy elsewhere (other
	// test binaries of go test ./...) slows a pass now and then. Each
	// callback is judged by its best pass.
	best := map[string]time.Duration{}
	var order []string
	for pass := 1; pass <= 3; pass++ {
		c := &uiClock{longest: map[string]time.Duration{}}
		visitEverything(t, c, a, svc)
		within := true
		for _, name := range c.order {
			d, seen := best[name]
			if !seen {
				order = append(order, name)
				d = c.longest[name]
			}
			best[name] = min(d, c.longest[name])
			within = within && c.longest[name] <= frame
		}
		if within || raceEnabled {
			break
		}
	}

	var report []string
	worst := time.Duration(0)
	for _, name := range order {
		d := best[name]
		report = append(report, fmt.Sprintf("%-40s %6.1f ms", name, float64(d.Microseconds())/1000))
		worst = max(worst, d)
		if d > frame && !raceEnabled {
			t.Errorf("%s took %v on the UI goroutine in its best pass (a frame is %v)", name, d, frame)
		}
	}
	sort.Strings(report)
	t.Logf("longest callback on the UI goroutine, every statement delayed %v (worst %v):\n%s", slowQuery, worst, strings.Join(report, "\n"))
}

// visitEverything opens a new window over svc, every screen, the Send
// reminder dialog and the Settings letterhead preview, timing each
// callback on c, and checks what each ends up showing.
func visitEverything(t *testing.T, c *uiClock, a fyne.App, svc *app.Service) {
	ctx := context.Background()
	var u *UI
	c.time("home: open", func() { u = New(a, svc, Options{Lang: i18n.EN, NoWatch: true, Queue: true}) })
	u.Win.Resize(fyne.NewSize(1200, 800))
	defer u.Win.Close()
	if got := texts(u.Content(ScreenHome)); !strings.Contains(got, u.t("ui.loading")) {
		t.Errorf("home, just opened, does not say it is loading:\n%s", got)
	}
	c.wait("home", u)

	// What the screens must end up showing, read here (off the clock).
	plan, err := svc.Plan(ctx, testDay)
	if err != nil || len(plan.Actions) == 0 {
		t.Fatalf("plan: %d actions, %v", len(plan.Actions), err)
	}
	overdue, err := svc.Store().CountMatching(ctx, store.InvoiceFilter{AsOf: testDay, OverdueOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	co, err := svc.Company(ctx)
	if err != nil {
		t.Fatal(err)
	}
	emails := 0
	for _, x := range plan.Actions {
		if x.Channel == ledger.ChannelEmail {
			emails++
		}
	}
	if home := texts(u.Content(ScreenHome)); !strings.Contains(home, u.t("ui.home_letters", emails, len(plan.Actions)-emails)) ||
		!strings.Contains(home, "EUR") {
		t.Errorf("home:\n%s", home)
	}

	for _, s := range u.screens[1:] {
		c.time(s.id+": open", func() { u.Show(s.id) })
		// Until the reads are in, the screen says so (the import screen
		// reads nothing before a file is chosen).
		if got := texts(u.Content(s.id)); !strings.Contains(got, u.t("ui.loading")) && s.id != ScreenImport {
			t.Errorf("%s, just opened, does not say it is loading:\n%s", s.id, got)
		}
		c.wait(s.id, u)
		got := texts(u.Content(s.id))
		if strings.Contains(got, u.t("ui.loading")) && s.id != ScreenInvoices {
			t.Errorf("%s still says loading:\n%s", s.id, got)
		}
		switch s.id {
		case ScreenInvoices:
			if n := u.invoices.model.rows(); n != overdue {
				t.Errorf("invoices: %d rows, %d overdue", n, overdue)
			}
		case ScreenCustomers:
			if len(u.customers.found) == 0 {
				t.Error("customers: none listed")
			}
		case ScreenRun:
			if len(u.run.Actions) != len(plan.Actions) || !strings.Contains(got, u.t("ui.run_title", u.date(testDay), len(plan.Actions))) {
				t.Errorf("run: %d letters, want %d:\n%s", len(u.run.Actions), len(plan.Actions), got)
			}
		case ScreenTemplates:
			// The first customer's letter, or why there is none.
			v := u.templates
			if len(v.Customer.Options) == 0 || v.Customer.Selected == "" || (v.Preview.Image == nil && v.Problem.Text == "") {
				t.Errorf("templates: customers %d, preview %v, problem %q", len(v.Customer.Options), v.Preview.Image != nil, v.Problem.Text)
			}
		case ScreenSettings:
			v := u.settings
			if e := v.Company["legal_name"]; e == nil || e.Text != co.LegalName {
				t.Errorf("settings: legal name %v, want %q", e, co.LegalName)
			}
			if v.Letterhead == nil || v.Letterhead.Image == nil {
				t.Error("settings: no letterhead preview")
			}
		}
	}

	// The letterhead preview again, after a save.
	v := u.settings
	c.time("settings: save company", func() { test.Tap(v.SaveCompany) })
	c.wait("settings: save company", u)
	if v.Letterhead.Image == nil {
		t.Error("settings: no letterhead preview after the save")
	}

	// The mail account's setup: Find (the provider database: offline),
	// then Save, which writes the slow ledger off the UI goroutine.
	m := v.Mail
	if m == nil {
		t.Fatal("settings: no mail setup")
	}
	m.Address.SetText("owner@gmail.com")
	c.time("settings: mail find", func() { test.Tap(m.Find) })
	c.wait("settings: mail find", u)
	if m.Entries["smtp_host"].Text != "smtp.gmail.com" {
		t.Errorf("settings: Find gave %q for gmail.com", m.Entries["smtp_host"].Text)
	}
	c.time("settings: mail save", func() { test.Tap(m.Save) })
	c.wait("settings: mail save", u)
	if m.Result.Text != u.t("ui.setup_saved", "owner@gmail.com") {
		t.Errorf("settings: the mail setup's Save says %q", m.Result.Text)
	}

	// The Send reminder dialog, from the invoice table's first row.
	u.Show(ScreenInvoices)
	u.Wait()
	row, ok := u.invoices.Row(0)
	if !ok {
		t.Fatal("no invoice row")
	}
	c.time("reminder: open", func() { test.Tap(reminderButton(t, u.invoices, 0)) })
	r := u.lastReminder
	if r == nil {
		t.Fatal("no Send reminder dialog")
	}
	if r.Problem.Text != u.t("ui.loading") || !r.Send.Disabled() {
		t.Errorf("the dialog, just opened, does not say it is loading: %q, Send enabled %v", r.Problem.Text, !r.Send.Disabled())
	}
	c.wait("reminder", u)
	if r == nil || len(r.invoices) == 0 || r.invoices[0] != row[0] {
		t.Fatalf("the dialog is for %v, want %s", r.invoices, row[0])
	}
	// The letter the plan proposes for the invoice's customer.
	var proposed []string
	for _, x := range plan.Actions {
		for _, inv := range x.Invoices {
			if inv.Number == row[0] {
				for _, inv := range x.Invoices {
					proposed = append(proposed, inv.Number)
				}
			}
		}
	}
	if strings.Join(r.invoices, ",") != strings.Join(proposed, ",") {
		t.Errorf("reminder: invoices %v, the plan proposes %v", r.invoices, proposed)
	}
	if len(r.PreviewPNG()) < 1000 || r.Amounts.Text == "" || r.Send.Disabled() {
		t.Fatalf("reminder: preview %d bytes, amounts %q, problem %q", len(r.PreviewPNG()), r.Amounts.Text, r.Problem.Text)
	}
	first := string(r.PreviewPNG())
	other := ledger.English
	if r.LangCode() == ledger.English {
		other = ledger.French
	}
	lang := r.LangCode()
	c.time("reminder: change language", func() { r.SetLang(other) })
	c.wait("reminder: change language", u)
	if string(r.PreviewPNG()) == first {
		t.Error("reminder: the preview did not follow the language")
	}
	// Three changes in a row: the last one's letter is shown, whatever
	// order the compositions finish in.
	c.time("reminder: change language", func() {
		r.SetLang(lang)
		r.SetLang(other)
		r.SetLang(lang)
	})
	c.wait("reminder: change language", u)
	if string(r.PreviewPNG()) != first {
		t.Error("reminder: after three changes, the preview is not the last language's")
	}
}

// A ledger that cannot be read says so on every screen that reads it (in
// place, or in a dialog): no error is dropped, no screen waits forever.
func TestReadErrorsAreShown(t *testing.T) {
	svc := demoService(t)
	u := newTestUI(t, svc, i18n.EN, nil)
	u.Wait()
	svc.Close() // every read now fails: "sql: database is closed"
	for _, s := range u.screens {
		if s.id == ScreenImport {
			continue // reads nothing until a file is chosen
		}
		u.Show(s.id)
		u.Wait()
		got := texts(u.Content(s.id))
		if top := u.Win.Canvas().Overlays().Top(); top != nil {
			got += texts(top)
			u.Win.Canvas().Overlays().Remove(top)
		}
		if !strings.Contains(got, "closed") {
			t.Errorf("%s does not say the ledger could not be read:\n%s", s.id, got)
		}
	}
}
