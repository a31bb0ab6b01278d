package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/relance-app/relance/internal/i18n"
)

// pressShortcut delivers a shortcut as the desktop driver does
// (internal/driver/glfw, window.triggersShortcut): to the focused widget
// when it takes shortcuts, and then to it alone; to the canvas otherwise.
// Fyne's test driver has no such routing, so this is that rule, written
// from the driver's source.
func pressShortcut(c fyne.Canvas, s fyne.Shortcut) {
	if f, ok := c.Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(s)
		return
	}
	c.(fyne.Shortcutable).TypedShortcut(s)
}

func ctrl(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

// The window's shortcuts work with a text field focused, and type
// nothing into it; a text field keeps the shortcuts it needs.
func TestShortcutsWithAnEntryFocused(t *testing.T) {
	u := newTestUI(t, demoService(t), i18n.EN, nil)
	c := u.Win.Canvas()
	u.Show(ScreenImport)
	u.Wait()
	path := u.imports.Path
	c.Focus(path)
	test.Type(path, "/tmp/x.csv")
	pressShortcut(c, ctrl(fyne.Key1))
	u.Wait()
	if u.Current() != ScreenHome {
		t.Fatalf("Ctrl+1 in the import's path: screen %q, want home", u.Current())
	}
	if path.Text != "/tmp/x.csv" {
		t.Errorf("Ctrl+1 changed the path to %q", path.Text)
	}

	// Ctrl+F from a field of another screen: the invoices, the cursor in
	// their search, and what is typed then goes there.
	u.Show(ScreenCustomers)
	u.Wait()
	c.Focus(u.customers.Search)
	pressShortcut(c, ctrl(fyne.KeyF))
	u.Wait()
	if u.Current() != ScreenInvoices || c.Focused() != u.invoices.Search {
		t.Fatalf("Ctrl+F from the customers' search: screen %q, focus %T", u.Current(), c.Focused())
	}
	test.Type(u.invoices.Search, "F2026")
	if u.invoices.Search.Text != "F2026" {
		t.Errorf("typed after Ctrl+F: search %q", u.invoices.Search.Text)
	}

	// Ctrl+F again on the invoices: the search keeps what was typed.
	searched := u.invoices.Search
	c.Focus(u.nav)
	pressShortcut(c, ctrl(fyne.KeyF))
	u.Wait()
	if u.invoices.Search != searched || searched.Text != "F2026" || c.Focused() != searched {
		t.Errorf("Ctrl+F on the invoices: search %q, focus %T", u.invoices.Search.Text, c.Focused())
	}

	// Ctrl+0 from the search: the tenth screen.
	pressShortcut(c, ctrl(fyne.Key0))
	u.Wait()
	if u.Current() != ScreenBank {
		t.Errorf("Ctrl+0 in the search: screen %q, want bank", u.Current())
	}

	// A field of the company's details in Settings.
	u.Show(ScreenSettings)
	u.Wait()
	var field *ShortcutEntry
	for _, o := range test.LaidOutObjects(u.Content(ScreenSettings)) {
		if e, ok := o.(*ShortcutEntry); ok && field == nil {
			field = e
		}
	}
	if field == nil {
		t.Fatal("Settings shows no field")
	}
	c.Focus(field)
	pressShortcut(c, ctrl(fyne.Key2))
	u.Wait()
	if u.Current() != ScreenInvoices {
		t.Errorf("Ctrl+2 in a Settings field: screen %q", u.Current())
	}

	// The keys a text field needs stay the field's: select all, then cut.
	e := u.newEntry()
	e.SetText("abc")
	w := test.NewTempWindow(t, e)
	w.Canvas().Focus(e)
	clip := test.NewClipboard()
	pressShortcut(w.Canvas(), &fyne.ShortcutSelectAll{})
	pressShortcut(w.Canvas(), &fyne.ShortcutCut{Clipboard: clip})
	if e.Text != "" || clip.Content() != "abc" {
		t.Errorf("select all and cut in a field: left %q, clipboard %q", e.Text, clip.Content())
	}
}

// Ctrl+F with the navigation focused puts the cursor in the search.
func TestFindFromTheNavigation(t *testing.T) {
	u := newTestUI(t, demoService(t), i18n.FR, nil)
	c := u.Win.Canvas()
	c.Focus(u.nav)
	pressShortcut(c, ctrl(fyne.KeyF))
	u.Wait()
	if u.Current() != ScreenInvoices || c.Focused() != u.invoices.Search {
		t.Fatalf("Ctrl+F from the navigation: screen %q, focus %T", u.Current(), c.Focused())
	}
}
