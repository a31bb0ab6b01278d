package ui

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/i18n"
)

func openTemplates(t *testing.T, l i18n.Lang) (*UI, *TemplatesView) {
	t.Helper()
	u := newTestUI(t, demoService(t), l, nil)
	u.Show(ScreenTemplates)
	u.Wait()
	v := u.templates
	if v.Editor.Text == "" || v.Kind.Code() != "reminder-1" || v.Lang.Code() == "" {
		t.Fatalf("editor not loaded: kind %q lang %q, %d bytes", v.Kind.Code(), v.Lang.Code(), len(v.Editor.Text))
	}
	return u, v
}

// A field clicked in the list goes where the cursor is, and the text
// still passes the check.
func TestTemplateFieldInsertion(t *testing.T) {
	u, v := openTemplates(t, i18n.FR)
	lines := strings.Split(v.Editor.Text, "\n")
	// The cursor at the start of the body's second line.
	body := 0
	for i, l := range lines {
		if strings.TrimSpace(l) == "" {
			body = i + 1
			break
		}
	}
	v.Editor.CursorRow, v.Editor.CursorColumn = body+1, 0
	idx := -1
	for i, f := range v.fields {
		if f.Path == ".Customer.FullName" {
			idx = i
		}
	}
	if idx < 0 {
		t.Fatal("no .Customer.FullName in the list")
	}
	// The list shows the field with its meaning in French.
	item := v.Fields.CreateItem()
	v.Fields.UpdateItem(idx, item)
	shown := item.(*fyne.Container).Objects
	// Its meaning, shortened to the list's width when it is longer.
	about := shown[1].(*widget.Label).Text
	full := "la personne à qui l'on écrit : le contact, sinon le nom"
	if shown[0].(*widget.Label).Text != ".Customer.FullName" || len(about) < 12 || !strings.HasPrefix(full, strings.TrimSuffix(about, "…")) {
		t.Errorf("list item: %q / %q", shown[0].(*widget.Label).Text, about)
	}
	if w := fyne.MeasureText(about, theme.TextSize(), fyne.TextStyle{}).Width; w > v.Fields.Size().Width {
		t.Errorf("the meaning is %v wide in a list %v wide", w, v.Fields.Size().Width)
	}
	v.Fields.Select(idx)
	u.Wait()
	got := strings.Split(v.Editor.Text, "\n")
	if want := "{{.Customer.FullName}}" + lines[body+1]; got[body+1] != want {
		t.Fatalf("line %d after the insertion: %q, want %q", body+2, got[body+1], want)
	}
	if v.Editor.CursorRow != body+1 || v.Editor.CursorColumn != len("{{.Customer.FullName}}") {
		t.Errorf("cursor at %d:%d, want after the field", v.Editor.CursorRow, v.Editor.CursorColumn)
	}
	if v.FieldAbout.Text != ".Customer.FullName: "+full {
		t.Errorf("meaning shown after the insertion: %q", v.FieldAbout.Text)
	}
	if u.Win.Canvas().Focused() != v.Editor {
		t.Errorf("focus on %T, want the text", u.Win.Canvas().Focused())
	}
	// The check passes (the preview may still say why this customer gets
	// no letter).
	if v.problemLine != 0 || v.Save.Disabled() || !v.GoToLine.Hidden {
		t.Errorf("after the insertion: line %d, save disabled %v, %q", v.problemLine, v.Save.Disabled(), v.Problem.Text)
	}
	// Inserted again: the list does not keep the field selected.
	v.Fields.Select(idx)
	u.Wait()
	if n := strings.Count(v.Editor.Text, "{{.Customer.FullName}}{{.Customer.FullName}}"); n != 1 {
		t.Errorf("second click: %d doubled fields", n)
	}
}

// An unknown field is said with its line, in the owner's words (no file
// name, no README), the line marked in the numbers; Go to line puts the
// cursor there.
func TestTemplateErrorPointsAtTheLine(t *testing.T) {
	for _, l := range []i18n.Lang{i18n.FR, i18n.SRCyrl} {
		u, v := openTemplates(t, l)
		lines := strings.Split(v.Editor.Text, "\n")
		bad := len(lines) - 2 // a line near the end: 0-based
		lines[bad] += " {{.Customer.Nom}}"
		v.Editor.SetText(strings.Join(lines, "\n"))
		u.Wait()
		if v.problemLine != bad+1 {
			t.Fatalf("%s: problem line %d, want %d (%q)", l, v.problemLine, bad+1, v.Problem.Text)
		}
		want := u.t("ui.template_line", bad+1, u.t("gui.template.unknown_field", ".Customer.Nom"))
		if v.Problem.Text != want {
			t.Errorf("%s: problem %q, want %q", l, v.Problem.Text, want)
		}
		for _, leak := range []string{"README", "relancectl", "reminder-1", ".tmpl"} {
			if strings.Contains(v.Problem.Text, leak) {
				t.Errorf("%s: the problem says %q: %q", l, leak, v.Problem.Text)
			}
		}
		if !v.Save.Disabled() || v.GoToLine.Hidden {
			t.Errorf("%s: save enabled %v, go-to hidden %v", l, !v.Save.Disabled(), v.GoToLine.Hidden)
		}
		// The numbers: every line, the bad one marked.
		var marked string
		var numbers strings.Builder
		for _, s := range v.Lines.Segments {
			ts := s.(*widget.TextSegment)
			numbers.WriteString(ts.Text + "\n")
			if ts.Style.ColorName == theme.ColorNameError {
				marked = ts.Text
			}
		}
		if n := strings.Count(numbers.String(), "\n"); n != len(lines) {
			t.Errorf("%s: %d numbers for %d lines", l, n, len(lines))
		}
		if marked != strconv.Itoa(bad+1) {
			t.Errorf("%s: marked %q", l, marked)
		}
		test.Tap(v.GoToLine)
		if v.Editor.CursorRow != bad || v.Editor.CursorColumn != 0 || u.Win.Canvas().Focused() != v.Editor {
			t.Errorf("%s: go to line: cursor %d:%d, focus %T", l, v.Editor.CursorRow, v.Editor.CursorColumn, u.Win.Canvas().Focused())
		}
		if v.Cursor.Text != u.t("ui.template_cursor", bad+1, 1) {
			t.Errorf("%s: cursor shown %q", l, v.Cursor.Text)
		}
		// Fixed: the mark goes.
		lines[bad] = strings.TrimSuffix(lines[bad], " {{.Customer.Nom}}")
		v.Editor.SetText(strings.Join(lines, "\n"))
		u.Wait()
		if v.problemLine != 0 || !v.GoToLine.Hidden || v.Save.Disabled() {
			t.Errorf("%s: fixed, still line %d, go-to shown %v", l, v.problemLine, !v.GoToLine.Hidden)
		}
	}
}

// Saved, the owner's file is used; Back to the default puts the default
// text back and keeps the owner's file aside, said without a command.
func TestTemplateResetButton(t *testing.T) {
	u, v := openTemplates(t, i18n.EN)
	def := v.Editor.Text
	v.Editor.SetText(strings.Replace(def, "\n\n", "\n\nA line of mine.\n\n", 1))
	u.Wait()
	test.Tap(v.Save)
	u.Wait()
	own := filepath.Join(u.svc.TemplateDir(), "reminder-1."+v.Lang.Code()+".tmpl")
	if b, err := os.ReadFile(own); err != nil || !strings.Contains(string(b), "A line of mine.") {
		t.Fatalf("saved file: %v", err)
	}
	u.Show(ScreenTemplates)
	u.Wait()
	v = u.templates
	if !strings.Contains(v.Editor.Text, "A line of mine.") {
		t.Fatal("the owner's template is not the one opened")
	}
	test.Tap(v.Reset)
	u.Wait()
	if v.Editor.Text != def {
		t.Errorf("after Back to the default: the text is not the default")
	}
	if _, err := os.Stat(own); !os.IsNotExist(err) {
		t.Errorf("the owner's file is still in use: %v", err)
	}
	kept, _ := filepath.Glob(own + ".*.bak")
	if len(kept) != 1 {
		t.Errorf("kept aside: %v", kept)
	}
	shown := strings.Join(strings.Fields(dialogTexts(u)), " ") // a wrapped label is drawn line by line
	if !strings.Contains(shown, u.t("ui.template_reset_done", u.svc.TemplateDir())) || strings.Contains(shown, "relancectl") {
		t.Errorf("said after the reset: %q", shown)
	}
}

// dialogTexts gathers the texts of the window's overlays (dialogs).
func dialogTexts(u *UI) string {
	var b strings.Builder
	for _, o := range u.Win.Canvas().Overlays().List() {
		b.WriteString(shownTexts(o))
	}
	return b.String()
}

// The list offers the kind's fields (no announcement's in a reminder) and
// finds one by its name or its meaning, in the owner's language.
func TestTemplateFieldsOfTheKindAndSearch(t *testing.T) {
	u, v := openTemplates(t, i18n.FR)
	has := func(path string) bool {
		for _, f := range v.fields {
			if f.Path == path {
				return true
			}
		}
		return false
	}
	if !has(".Invoice.Number") || has(".Campaign.NewRule") || has(".Appointment.Time") {
		t.Errorf("a reminder's fields: %d listed", len(v.fields))
	}
	v.Kind.SetCode("appointment-reminder")
	u.Wait()
	if !has(".Appointment.Time") || has(".Campaign.NewRule") {
		t.Errorf("an appointment reminder's fields: %d listed", len(v.fields))
	}
	v.Kind.SetCode("reminder-1")
	u.Wait()
	test.Type(v.FieldSearch, "nom du client")
	if len(v.fields) != 1 || v.fields[0].Path != ".Customer.Name" {
		t.Errorf("searched: %d fields, first %v", len(v.fields), v.fields)
	}
	v.FieldSearch.SetText("")
	if len(v.fields) < 60 {
		t.Errorf("search cleared: %d fields", len(v.fields))
	}
}
