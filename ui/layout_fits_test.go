package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/relance-app/relance/internal/i18n"
)

// layoutState is a view the owner opens beyond a screen's first look: a
// dialog, a customer's page, a file checked. open shows it over screen and
// returns what closes it. A new dialog is checked once it is listed here;
// the screens (u.screens), the tabs of any screen, and any dialog left
// open by a screen are found without a list.
type layoutState struct {
	name, screen string
	open         func(t *testing.T, u *UI) (close func())
	// data are the widgets that show a file's own content (an English
	// export's headers): their size is checked, not their words.
	data func(u *UI) []fyne.CanvasObject
}

var layoutStates = []layoutState{
	{name: "send-reminder", screen: ScreenInvoices, open: func(t *testing.T, u *UI) func() {
		<-u.invoices.Opened()
		u.Wait()
		row, ok := u.invoices.Row(0)
		if !ok {
			t.Fatal("no overdue invoice in the demo ledger")
		}
		r := u.reminderDialog(row[0])
		return func() { r.d.Hide() }
	}},
	{name: "welcome", screen: ScreenHome, open: func(t *testing.T, u *UI) func() {
		u.showWelcome(filepath.Join(t.TempDir(), "relance.db"))
		return func() { u.welcome.Dialog.Hide() }
	}},
	{name: "customer", screen: ScreenCustomers, open: func(t *testing.T, u *UI) func() {
		v := u.customers
		if len(v.found) == 0 {
			t.Fatal("no customer in the demo ledger")
		}
		u.showCustomer(v, v.found[0].Code)
		return func() {}
	}},
	{name: "import-preview", screen: ScreenImport, open: importState("quickbooks/Invoice List by Date.csv"), data: importData},
	// The export with the longest headers (the mapping made the window
	// 1516 px wide).
	{name: "import-long-headers", screen: ScreenImport, open: importState("zoho-invoice/Invoice.csv"), data: importData},
	{name: "import-missing-file", screen: ScreenImport, open: importState("no-such-export.csv")},
	{name: "edit-customer", screen: ScreenCustomers, open: func(t *testing.T, u *UI) func() {
		before := len(u.Win.Canvas().Overlays().List())
		u.editCustomer(u.customers.found[0], false, nil)
		return func() { closeDialogs(u, before) }
	}},
	{name: "mail-setup", screen: ScreenInvoices, open: func(t *testing.T, u *UI) func() {
		// As Send does without an account: the setup opens inline.
		u.lastSetup = nil
		u.withAccount(false, func() { t.Error("the demo ledger has a mail account") })
		u.Wait()
		if u.lastSetup == nil {
			t.Fatal("no mail setup opened")
		}
		return func() { u.lastSetup.d.Hide() }
	}},
	{name: "error", screen: ScreenHome, open: func(t *testing.T, u *UI) func() {
		before := len(u.Win.Canvas().Overlays().List())
		_, err := os.Open(filepath.Join(t.TempDir(), "gone.csv"))
		u.showErr(err) // as the app meets a file gone, a folder it may not write
		return func() { closeDialogs(u, before) }
	}},
	{name: "new-campaign", screen: ScreenAnnouncements, open: func(t *testing.T, u *UI) func() {
		u.newCampaignForm(u.announcements)
		return func() { u.announcements.Form.d.Hide() }
	}},
	{name: "reply", screen: ScreenReplies, open: func(t *testing.T, u *UI) func() {
		if len(u.replies.Items) > 0 {
			u.showReply(u.replies, 0)
		}
		return func() {}
	}},
}

// importState checks an export of the importer's test data as invoices:
// its preview and mapping, then the dry run's status and problems.
func importState(file string) func(t *testing.T, u *UI) func() {
	return func(t *testing.T, u *UI) func() {
		v := u.imports
		path, err := filepath.Abs(filepath.Join("../internal/importer/testdata/exports", file))
		if err != nil {
			t.Fatal(err)
		}
		v.Kind.SetSelectedIndex(1)
		v.Path.SetText(path)
		u.inspectImport(v)
		u.Wait()
		u.runImport(v, true)
		return func() {}
	}
}

// closeDialogs closes the dialogs opened over the first n: a dialog the
// code keeps no handle on (a form, an error).
func closeDialogs(u *UI, n int) {
	for {
		list := u.Win.Canvas().Overlays().List()
		if len(list) <= n {
			return
		}
		u.Win.Canvas().Overlays().Remove(list[len(list)-1])
	}
}

// importData: the file's rows, as the preview and the header choice show them.
func importData(u *UI) []fyne.CanvasObject {
	return []fyne.CanvasObject{u.imports.Preview, u.imports.Header}
}

// newLayoutUI is the app as an owner sees it: the default theme (the test
// driver's own has other sizes), on the demo ledger, without mail.
func newLayoutUI(t *testing.T, l i18n.Lang) *UI {
	t.Helper()
	svc := demoService(t)
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.DefaultTheme())
	u := New(a, svc, Options{Lang: l, NoWatch: true, Queue: true})
	t.Cleanup(u.Win.Close)
	return u
}

// TestLayoutFits: every screen, its tabs and the main dialogs, in every
// language, fit a 1280×720 and a 1366×768 screen: the window never has to
// grow, nothing lies outside it, no text is cut, and no catalog key or
// English shows in another language.
func TestLayoutFits(t *testing.T) {
	start := time.Now()
	for _, l := range i18n.Langs {
		t.Run(string(l), func(t *testing.T) {
			u := newLayoutUI(t, l)
			words, err := newWordCheck(l)
			if err != nil {
				t.Fatal(err)
			}
			c := &layoutChecker{lang: l, words: words, seen: map[string]bool{}}
			check := func(name string) {
				for _, size := range laptopSizes {
					u.Win.Resize(size)
					c.where = fmt.Sprintf("%s %.0fx%.0f %s", l, size.Width, size.Height, name)
					c.checkCanvas(u.Win.Canvas())
					c.checkScreen(u.Content(u.Current()), u.content.Size())
				}
			}
			for _, s := range u.screens {
				u.Show(s.id)
				u.Wait()
				check(s.id)
				// Each tab of the screen, as the owner opens it.
				for _, tabs := range findTabs(u.Content(s.id)) {
					for i, item := range tabs.Items {
						if i == tabs.SelectedIndex() {
							continue
						}
						tabs.SelectIndex(i)
						u.Wait()
						check(s.id + "/" + item.Text)
					}
				}
			}
			for _, st := range layoutStates {
				u.Show(st.screen)
				u.Wait()
				closeIt := st.open(t, u)
				u.Wait()
				c.data = map[fyne.CanvasObject]bool{}
				if st.data != nil {
					for _, o := range st.data(u) {
						c.data[o] = true
					}
				}
				check(st.name)
				c.data = nil
				closeIt()
				u.Wait()
			}
			// The language chosen in Settings, the window open in another:
			// the navigation keeps the rows it made for the first.
			if l != i18n.EN {
				first := newLayoutUI(t, i18n.EN)
				first.SetLang(l)
				first.Wait()
				u = first
				check("switched-from-en")
			}
			if why := words.check(u.Win.Title()); why != "" {
				c.fail("the window's title %q is %s", u.Win.Title(), why)
			}
			for _, is := range c.issues {
				t.Error(is)
			}
		})
	}
	t.Logf("the layout matrix took %s", time.Since(start).Round(time.Millisecond))
}

// findTabs finds the tab containers under o.
func findTabs(o fyne.CanvasObject) []*container.AppTabs {
	var found []*container.AppTabs
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil {
			return
		}
		if tabs, ok := o.(*container.AppTabs); ok {
			found = append(found, tabs)
			for _, it := range tabs.Items {
				walk(it.Content)
			}
			return
		}
		for _, ch := range children(o) {
			walk(ch)
		}
	}
	walk(o)
	return found
}
