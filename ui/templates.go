package ui

import (
	"context"
	"errors"
	"image"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// TemplatesView is the template editor (exposed for tests).
type TemplatesView struct {
	Kind, Lang, Customer *CodeSelect
	Editor               *ShortcutEntry
	Lines                *widget.RichText // the line numbers beside the text
	Cursor               *widget.Label    // "Line 12, column 3"
	Fields               *widget.List     // the fields to insert, with their meaning
	Problem              *widget.Label
	GoToLine             *widget.Button // to the line of the problem (hidden without one)
	Preview              *canvas.Image
	Save, Reset          *widget.Button
	Proof                *widget.Button // Send proof…: the saved template, marked PROOF, to the owner or colleagues
	ProofForm            *ProofDialog   // the last one opened
	Proofs               *widget.Label  // the template's last proofs and their replies, beside the draft
	proofs               latest
	all                  []app.TemplateField // every field
	fields               []app.TemplateField // those listed: the kind's, matching the search
	FieldSearch          *ShortcutEntry
	FieldAbout           *widget.Label // the last field inserted and its whole meaning
	problemLine          int           // the line of the check's problem, 0 when none
	lineCount            int           // lines numbered in Lines
	problemBox           *fyne.Container
	textScroll           *container.Scroll // the numbers and the text
	customersErr         error             // the customers could not be listed: no preview
	text                 latest            // the template read for the kind and language chosen
	preview              latest            // the check and the preview of the text as it stands
}

// templatesScreen: edit a template with a live preview on a chosen
// customer; the fields listed with what they hold (a click inserts one at
// the cursor); the lines numbered, a problem of the check said with its
// line and a button to go there; save to the owner's folder, back to the
// default. The customers, the template's text and each preview are read
// off the UI goroutine (a preview reads the customer's invoices).
func (u *UI) templatesScreen() fyne.CanvasObject {
	v := &TemplatesView{all: u.svc.TemplateFields()}
	u.templates = v
	// The letters, then the two pieces of a paperless campaign.
	kinds := append(kindCodes(ledger.LetterKinds), string(ledger.KindPaperlessInsert), string(ledger.KindPaperlessPostcard))
	v.Kind = u.newCodeSelect(kinds, u.kindOf, nil)
	v.Lang = u.newCodeSelect(letterLangs, langLabel, nil)
	v.Customer = u.newCodeSelect(nil, nil, func(string) { u.previewTemplate(v) })
	v.Editor = u.newMultiLineEntry()
	// No word wrap: Fyne wraps a text by measuring it again and again
	// (10 to 40 ms for a 2 KB template, each time another is opened),
	// more than a frame; a template's long lines scroll instead. The
	// entry does not scroll itself: it scrolls with its line numbers.
	v.Editor.Wrapping = fyne.TextWrapOff
	v.Editor.Scroll = fyne.ScrollNone
	v.Editor.TextStyle = fyne.TextStyle{Monospace: true}
	v.Editor.OnChanged = func(string) {
		u.numberLines(v)
		u.previewTemplate(v)
	}
	v.Lines = widget.NewRichText()
	v.Lines.Wrapping = fyne.TextWrapOff // as wide as its longest number
	v.Cursor = widget.NewLabel("")
	v.Editor.OnCursorChanged = func() {
		v.Cursor.SetText(u.t("ui.template_cursor", v.Editor.CursorRow+1, v.Editor.CursorColumn+1))
	}
	v.Problem = widget.NewLabel(u.t("ui.loading"))
	v.Problem.Wrapping = fyne.TextWrapWord
	v.GoToLine = widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { v.goToLine(u, v.problemLine) })
	v.GoToLine.Hide()
	v.Fields = u.fieldList(v)
	v.FieldAbout = widget.NewLabel("")
	v.FieldAbout.Wrapping = fyne.TextWrapWord
	v.FieldSearch = u.newEntry()
	v.FieldSearch.SetPlaceHolder(u.t("ui.template_field_search"))
	v.FieldSearch.OnChanged = func(string) { u.filterFields(v) }
	v.Preview = canvas.NewImageFromResource(nil)
	v.Preview.FillMode = canvas.ImageFillContain
	v.Preview.SetMinSize(fyne.NewSize(380, 537))
	v.Proofs = widget.NewLabel("")
	v.Proofs.Wrapping = fyne.TextWrapWord
	load := func() {
		if v.Kind.Code() == "" || v.Lang.Code() == "" {
			return
		}
		kind, lang := v.Kind.Code(), v.Lang.Code()
		u.templateProofs(v, ledger.LetterKind(kind), ledger.Language(lang))
		var src []byte
		u.loadLatest(&v.text, func(context.Context) error {
			var err error
			_, src, err = u.svc.TemplateSource(kind, lang)
			return err
		}, func(err error) {
			if err != nil {
				v.Problem.SetText(u.errText(err))
				return
			}
			v.Editor.SetText(editorText(string(src))) // checked and previewed by OnChanged
		})
	}
	v.Proof = widget.NewButton(u.t("ui.proof_send"), func() { u.templateProof(v) })
	v.Kind.OnCode = func(code string) {
		u.filterFields(v)
		load()
		// A campaign's notice is proofed from its campaign (its fields).
		if k := ledger.LetterKind(code); k.Reminder() || k == ledger.KindStatement {
			v.Proof.Enable()
		} else {
			v.Proof.Disable()
		}
	}
	v.Lang.OnCode = func(string) { load() }
	v.Save = widget.NewButtonWithIcon(u.t("ui.save"), theme.DocumentSaveIcon(), func() {
		kind, lang := v.Kind.Code(), v.Lang.Code()
		text := fileText(kind, lang, v.Editor.Text)
		u.write(func(context.Context) error { return u.saveTemplate(kind, lang, text) }, func() {
			u.info(u.t("ui.nav_templates"), u.t("ui.template_saved_words"))
		})
	})
	v.Reset = widget.NewButtonWithIcon(u.t("ui.template_reset"), theme.HistoryIcon(), func() {
		kind, lang := v.Kind.Code(), v.Lang.Code()
		var kept string
		u.write(func(context.Context) error {
			var err error
			kept, err = u.svc.ResetTemplate(kind, lang, time.Now())
			return err
		}, func() {
			load()
			if kept == "" {
				u.info(u.t("ui.template_reset"), u.t("ui.template_reset_none"))
				return
			}
			// The folder, not the file: its name is made of codes.
			u.info(u.t("ui.template_reset"), u.t("ui.template_reset_done", filepath.Dir(kept)))
		})
	})
	v.Kind.showCode(string(ledger.KindReminder1)) // its text is read once the language is known
	u.filterFields(v)
	var codes, names []string
	var lang ledger.Language
	u.load(func(ctx context.Context) error {
		cs, err := u.svc.ListCustomers(ctx, store.CustomerFilter{Limit: 200})
		for _, c := range cs {
			codes = append(codes, c.Code)
			names = append(names, c.Code+" — "+c.Name)
		}
		lang = u.defaultLetterLang(ctx)
		return err
	}, func(err error) {
		if err != nil {
			v.customersErr = err // said with the check's verdict (previewTemplate)
			v.Problem.SetText(u.errText(err))
		}
		v.Customer.codes, v.Customer.Options = codes, names
		if len(codes) > 0 {
			v.Customer.showCode(codes[0])
		}
		v.Lang.SetCode(string(lang))
	})
	// The choices share the width the buttons leave: a kind's name is
	// longer than a code was.
	choices := container.NewGridWithColumns(3, v.Kind, v.Lang, container.NewBorder(nil, nil, widget.NewLabel(u.t("ui.template_on")), nil, v.Customer))
	top := container.NewBorder(nil, nil, nil, container.NewHBox(v.Save, v.Reset, v.Proof), choices)
	problem := container.NewBorder(nil, nil, nil, v.GoToLine, v.Problem)
	v.problemBox = problem
	// The numbers and the text in one scroll, so that they stay level.
	text := container.NewScroll(container.NewBorder(nil, nil, v.Lines, nil, v.Editor))
	v.textScroll = text
	editor := container.NewBorder(nil, v.Cursor, nil, nil, text)
	fields := container.NewBorder(container.NewVBox(widget.NewLabelWithStyle(u.t("ui.template_fields"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), v.FieldSearch),
		v.FieldAbout, nil, nil, v.Fields)
	split := container.NewHSplit(fields, editor)
	split.Offset = 0.3
	return container.NewBorder(container.NewVBox(top, problem, v.Proofs), nil, nil, v.Preview, split)
}

// filterFields lists the fields of the kind chosen (an announcement's
// fields only in announcements, an appointment's only in its reminder)
// whose name or meaning holds the words searched.
func (u *UI) filterFields(v *TemplatesView) {
	kind := ledger.LetterKind(v.Kind.Code())
	words := ""
	if v.FieldSearch != nil {
		words = strings.ToLower(strings.TrimSpace(v.FieldSearch.Text))
	}
	v.fields = v.fields[:0]
	for _, f := range v.all {
		campaign, appointment := strings.HasPrefix(f.Path, ".Campaign."), strings.HasPrefix(f.Path, ".Appointment.")
		switch {
		case (campaign || appointment) && !kind.NeedsCampaign():
			continue
		case campaign && kind == ledger.KindAppointmentReminder, appointment && kind != ledger.KindAppointmentReminder:
			continue
		}
		if words != "" && !strings.Contains(strings.ToLower(f.Path+" "+u.msgText(f.About)), words) {
			continue
		}
		v.fields = append(v.fields, f)
	}
	if v.Fields != nil {
		v.Fields.Refresh()
	}
}

// fieldList lists the fields a template may use, each with what it
// holds; a click inserts it where the cursor is in the text.
func (u *UI) fieldList(v *TemplatesView) *widget.List {
	var l *widget.List
	l = widget.NewList(func() int { return len(v.fields) },
		func() fyne.CanvasObject {
			name := widget.NewLabelWithStyle(".Customer.SignatoryTitle", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
			// Shortened here, once per width (fitText), not by Fyne's
			// ellipsis, which shapes the text again on each SetText (6 ms
			// a screenful).
			about := widget.NewLabel("")
			return container.NewVBox(name, about)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			box := o.(*fyne.Container)
			f := v.fields[i]
			box.Objects[0].(*widget.Label).SetText(f.Path)
			about := u.msgText(f.About)
			if f.List {
				about += " " + u.t("ui.template_list_item")
			}
			label := box.Objects[1].(*widget.Label)
			if w := l.Size().Width - 2*theme.Padding() - theme.ScrollBarSize(); w > 0 {
				about = u.fit.text(about, w)
			}
			label.SetText(about)
		})
	l.OnSelected = func(i widget.ListItemID) {
		l.Unselect(i) // the same field may be inserted again
		v.insertField(u, i)
	}
	return l
}

// fitCache shortens texts to a width with an ellipsis, each text and
// width measured once.
type fitCache map[fitKey]string

type fitKey struct {
	text  string
	width float32
}

// text is s, or its longest start that fits width with "…".
func (c *fitCache) text(s string, width float32) string {
	if *c == nil {
		*c = fitCache{}
	}
	k := fitKey{s, width}
	if r, ok := (*c)[k]; ok {
		return r
	}
	size, style := theme.TextSize(), fyne.TextStyle{}
	r := s
	if fyne.MeasureText(s, size, style).Width+2*theme.InnerPadding() > width {
		runes := []rune(s)
		lo, hi := 0, len(runes) // the longest start that fits: lo
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if fyne.MeasureText(string(runes[:mid])+"…", size, style).Width+2*theme.InnerPadding() <= width {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		r = strings.TrimSpace(string(runes[:lo])) + "…"
	}
	(*c)[k] = r
	return r
}

// insertField puts field i at the cursor (in place of a selection), as a
// paste would: one step of undo, the cursor after it, the focus back in
// the text.
func (v *TemplatesView) insertField(u *UI, i int) {
	if i < 0 || i >= len(v.fields) {
		return
	}
	f := v.fields[i]
	v.Editor.TypedShortcut(&fyne.ShortcutPaste{Clipboard: &textClipboard{text: f.Insert}})
	// The list may show the meaning shortened: here it is whole.
	v.FieldAbout.SetText(f.Path + ": " + u.msgText(f.About))
	u.Win.Canvas().Focus(v.Editor)
}

// textClipboard is a clipboard holding one text: it inserts a field
// through the entry's paste without touching the system's clipboard.
type textClipboard struct{ text string }

func (c *textClipboard) Content() string        { return c.text }
func (c *textClipboard) SetContent(text string) { c.text = text }

// goToLine puts the cursor at the start of line n (1-based) and the focus
// in the text; the scroll follows the cursor.
func (v *TemplatesView) goToLine(u *UI, n int) {
	if n < 1 {
		return
	}
	lines := strings.Count(v.Editor.Text, "\n") + 1
	if n > lines {
		n = lines
	}
	v.Editor.CursorRow, v.Editor.CursorColumn = n-1, 0
	v.Editor.Refresh()
	if v.Editor.OnCursorChanged != nil {
		v.Editor.OnCursorChanged()
	}
	u.Win.Canvas().Focus(v.Editor)
	v.Editor.Refresh()
}

// numberLines writes the line numbers beside the text, the problem's line
// in the error colour; the numbers are written again only when the count
// or the problem's line changes, not on each key.
func (u *UI) numberLines(v *TemplatesView) {
	n := strings.Count(v.Editor.Text, "\n") + 1
	if n == v.lineCount && v.Lines.Segments != nil {
		return
	}
	v.lineCount = n
	u.paintLines(v)
}

func (u *UI) paintLines(v *TemplatesView) {
	style := widget.RichTextStyle{TextStyle: fyne.TextStyle{Monospace: true}, Alignment: fyne.TextAlignTrailing, ColorName: theme.ColorNamePlaceHolder}
	bad := style
	bad.ColorName = theme.ColorNameError // no bold: not every theme has a bold monospace
	var segs []widget.RichTextSegment
	run := func(from, to int) { // lines from..to, one segment
		if from > to {
			return
		}
		var b strings.Builder
		for i := from; i <= to; i++ {
			if i > from {
				b.WriteByte('\n')
			}
			b.WriteString(strconv.Itoa(i))
		}
		segs = append(segs, &widget.TextSegment{Text: b.String(), Style: style})
	}
	if p := v.problemLine; p >= 1 && p <= v.lineCount {
		run(1, p-1)
		segs = append(segs, &widget.TextSegment{Text: strconv.Itoa(p), Style: bad})
		run(p+1, v.lineCount)
	} else {
		run(1, v.lineCount)
	}
	v.Lines.Segments = segs
	v.Lines.Refresh()
	if v.textScroll != nil { // laid out again: the numbers may be wider
		v.textScroll.Content.Refresh()
		v.textScroll.Refresh()
	}
}

// setProblem says the check's verdict; a problem with a line marks it in
// the numbers and offers to go there.
func (u *UI) setProblem(v *TemplatesView, text string, line int) {
	v.Problem.SetText(text)
	if line != v.problemLine {
		v.problemLine = line
		u.paintLines(v)
	}
	if line > 0 {
		v.GoToLine.SetText(u.t("ui.template_go_line", line))
		v.GoToLine.Show()
	} else {
		v.GoToLine.Hide()
	}
	if v.problemBox != nil { // laid out again: the button came or went
		v.problemBox.Refresh()
	}
}

// templateProblem finds a template's problem (its line and reason) in an
// error of the check or of a letter.
func templateProblem(err error) (*app.TemplateError, bool) {
	var te *app.TemplateError
	if errors.As(err, &te) {
		return te, true
	}
	var ue *app.UserError
	if errors.As(err, &ue) {
		for _, a := range ue.Msg.Args {
			if e, ok := a.(error); ok && errors.As(e, &te) {
				return te, true
			}
		}
	}
	return nil, false
}

// templateProblemText says a template's problem in the GUI's words: which
// template (its kind and language named, not its file name), the line,
// the reason (the GUI's wording: the list of fields is beside the text).
func (u *UI) templateProblemText(te *app.TemplateError) string {
	code, lang := templateOfFile(te.File)
	kind := u.kindLabel(ledger.LetterKind(code))
	reason := u.msgText(te.Reason)
	if te.Line > 0 {
		return u.t("ui.template_problem_line", kind, lang, te.Line, reason)
	}
	return u.t("ui.template_problem", kind, lang, reason)
}

// templateOfFile names a template's kind and language from its file name
// (KIND.LANG.tmpl): the words, not the codes.
func templateOfFile(file string) (kind, lang string) {
	base := strings.TrimSuffix(filepath.Base(file), ".tmpl")
	if i := strings.LastIndex(base, "."); i > 0 {
		k, l := base[:i], base[i+1:]
		if i := strings.Index(k, "."); i >= 0 { // KIND.LANG.tmpl.tmp while saving
			k = k[:i]
		}
		return k, langLabel(l)
	}
	return base, ""
}

// The editor shows a template without its Kind and Language lines: they
// are codes, and they must say the kind and language chosen above anyway.
// The file is the editor's text under those two lines, so a line of the
// file is the editor's two lines further down.
const hiddenLines = 2

// editorText is a template file's text without its Kind and Language
// header lines.
func editorText(src string) string {
	lines := strings.SplitAfter(src, "\n")
	var out strings.Builder
	inHeader := true
	for _, l := range lines {
		if inHeader {
			if strings.TrimSpace(l) == "" {
				inHeader = false
			} else if k, _, ok := strings.Cut(l, ":"); ok {
				switch strings.ToLower(strings.TrimSpace(k)) {
				case "kind", "language":
					continue
				}
			}
		}
		out.WriteString(l)
	}
	return out.String()
}

// fileText is the template file for the editor's text.
func fileText(kind, lang, text string) string {
	return "Kind: " + kind + "\nLanguage: " + lang + "\n" + text
}

// editorLine is the editor's line of a file's line (a problem in the
// hidden lines is shown on the first).
func editorLine(fileLine int) int {
	if fileLine <= 0 {
		return 0
	}
	return max(fileLine-hiddenLines, 1)
}

// previewTemplate checks the text as a template and, when it passes,
// shows the letter it makes for the chosen customer's unpaid invoices;
// otherwise the problem, with its line. Both off the UI goroutine, on each
// change: the newest text's answer wins.
func (u *UI) previewTemplate(v *TemplatesView) {
	if v.Editor == nil || v.Kind.Code() == "" || v.Lang.Code() == "" {
		return
	}
	kind, lang, code := ledger.LetterKind(v.Kind.Code()), v.Lang.Code(), v.Customer.Code()
	src := []byte(fileText(string(kind), lang, v.Editor.Text))
	var checkErr, previewErr error
	var pic image.Image
	u.loadLatest(&v.preview, func(ctx context.Context) error {
		if checkErr = app.CheckTemplateText(kind, lang, src); checkErr != nil {
			return nil
		}
		if code == "" || kind.NeedsCampaign() {
			return nil // no customer yet; or its fields come from a campaign
		}
		var png []byte
		png, previewErr = u.svc.TemplatePreview(ctx, app.TemplatePreviewOptions{Kind: kind, Language: lang, Source: src,
			CustomerCode: code, AsOf: u.today(), DPI: 60})
		if previewErr == nil {
			pic, previewErr = decodePreview(png)
		}
		return nil
	}, func(error) {
		if checkErr != nil {
			if te, ok := templateProblem(checkErr); ok {
				line := editorLine(te.Line)
				u.setProblem(v, u.t("ui.template_line", line, u.msgText(te.Reason)), line)
			} else {
				u.setProblem(v, u.errText(checkErr), 0)
			}
			v.Save.Disable()
			return
		}
		v.Save.Enable()
		ok := u.t("ui.template_ok")
		if v.customersErr != nil { // the template can still be edited and saved
			ok += "\n" + u.errText(v.customersErr)
		}
		u.setProblem(v, ok, 0)
		if previewErr != nil {
			v.Problem.SetText(u.errText(previewErr))
			return
		}
		if pic != nil {
			showPreview(v.Preview, pic)
		}
	})
}

// saveTemplate writes the owner's template, after the same check letters
// use (off the UI goroutine: a file written and read back).
func (u *UI) saveTemplate(kind, lang, text string) error {
	dir := u.svc.TemplateDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	p := filepath.Join(dir, kind+"."+lang+".tmpl")
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		return err
	}
	if err := app.CheckTemplateFile(tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, p)
}
