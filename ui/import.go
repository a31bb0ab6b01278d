package ui

import (
	"context"
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/store"
)

// ImportView is the import screen (exposed for tests).
type ImportView struct {
	Kind      *widget.Select
	Path      *ShortcutEntry
	Header    *widget.Select // the header row: the one detected, or the owner's
	DateOrder *widget.Select // as the file shows, day first, month first
	Mapping   *fyne.Container
	Preview   *widget.Label
	Problems  *widget.List
	Check     *widget.Button
	Import    *widget.Button
	Status    *widget.Label
	Result    app.ImportResult
	rename    map[string]string
	problems  []string
	inspect   latest // the file's first look
	preview   app.ImportPreview
	// headerLine is the header row's line in use; headerLines the line of
	// each of Header's options.
	headerLine  int
	headerLines []int
	// previewPath is the file the preview and mapping are of; kindChosen:
	// the owner picked the kind (else it is the file's, as detected).
	previewPath string
	kindChosen  bool
}

var importKinds = []app.ImportKind{app.ImportCustomers, app.ImportInvoices, app.ImportPayments}

// importDateOrders are DateOrder's options, in order.
var importDateOrders = []app.DateOrder{"", app.DayFirst, app.MonthFirst}

// importScreen: pick a CSV or XLSX file; check the header row the import
// found (title lines above it are skipped), the date order and the column
// each header is read as, each changeable, over a preview of the first
// rows; list the errors by line; import, and say what changed in money.
func (u *UI) importScreen() fyne.CanvasObject {
	v := &ImportView{rename: map[string]string{}}
	u.imports = v
	var kinds []string
	for _, k := range importKinds {
		kinds = append(kinds, u.t("ui.import_kind_"+string(k)))
	}
	v.Kind = u.newSelect(kinds, func(string) {
		v.kindChosen = true
		u.inspectImport(v)
	})
	// Customers first on a ledger that has none (they come before their
	// invoices); a file, once chosen, says what it holds.
	v.Kind.Selected = kinds[0]
	customers := 0
	u.load(func(ctx context.Context) error {
		some, err := u.svc.ListCustomers(ctx, store.CustomerFilter{Limit: 1})
		customers = len(some)
		return err
	}, func(err error) {
		// Unread, the kind stays customers: the file says what it holds.
		if err == nil && customers > 0 && !v.kindChosen && v.previewPath == "" {
			v.Kind.Selected = kinds[1]
			v.Kind.Refresh()
		}
	})
	v.Path = u.newEntry()
	v.Path.SetPlaceHolder(u.t("ui.import_file_hint"))
	v.Path.OnSubmitted = func(string) { u.inspectImport(v) }
	browse := widget.NewButton(u.t("ui.browse"), func() {
		d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				return
			}
			r.Close()
			v.Path.SetText(r.URI().Path())
			u.inspectImport(v)
		}, u.Win)
		d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".txt", ".xlsx", ".xlsm"}))
		d.Show()
	})
	v.Header = u.newSelect(nil, func(string) {
		if i := v.Header.SelectedIndex(); i >= 0 && i < len(v.headerLines) && v.headerLines[i] != v.headerLine {
			v.headerLine = v.headerLines[i]
			v.rename = map[string]string{} // the names were for another row
			u.fillImportMapping(v)
		}
	})
	v.DateOrder = u.newSelect(u.dateOrderOptions(""), nil)
	v.DateOrder.SetSelectedIndex(0)
	v.Mapping = container.NewGridWithColumns(4)
	mapping := container.NewVScroll(v.Mapping)
	mapping.SetMinSize(fyne.NewSize(0, 150))
	v.Preview = widget.NewLabel("")
	v.Preview.TextStyle = fyne.TextStyle{Monospace: true}
	preview := container.NewScroll(v.Preview)
	preview.SetMinSize(fyne.NewSize(0, 110))
	v.Status = widget.NewLabel("")
	v.Status.Wrapping = fyne.TextWrapWord
	v.Problems = widget.NewList(func() int { return len(v.problems) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(v.problems[i]) })
	v.Check = widget.NewButton(u.t("ui.import_check"), func() { u.runImport(v, true) })
	v.Import = widget.NewButton(u.t("ui.import_do"), func() { u.runImport(v, false) })
	reading := container.NewGridWithColumns(2,
		container.NewBorder(nil, nil, widget.NewLabel(u.t("ui.import_header_row")), nil, v.Header),
		container.NewBorder(nil, nil, widget.NewLabel(u.t("ui.import_dates")), nil, v.DateOrder))
	top := container.NewVBox(
		container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel(u.t("ui.import_kind")), sizedSelect(v.Kind)), browse, v.Path),
		reading, mapping, preview, container.NewHBox(v.Check, v.Import), v.Status)
	return container.NewBorder(top, nil, nil, nil, v.Problems)
}

// dateOrderOptions are the date order choices; found is the order the
// last check read the file in, said on the first ("" before any).
func (u *UI) dateOrderOptions(found app.DateOrder) []string {
	auto := u.t("ui.import_dates_auto")
	switch found {
	case app.DayFirst:
		auto = u.t("ui.import_dates_auto_found", u.t("ui.import_dates_dmy"))
	case app.MonthFirst:
		auto = u.t("ui.import_dates_auto_found", u.t("ui.import_dates_mdy"))
	}
	return []string{auto, u.t("ui.import_dates_dmy"), u.t("ui.import_dates_mdy")}
}

// clearImport forgets what the screen showed of the last file: its
// preview, header rows, mapping and renames, and the last check's
// problems and outcome, so nothing of it is taken for the new file's.
func (u *UI) clearImport(v *ImportView) {
	v.Mapping.Objects = nil
	v.Mapping.Refresh()
	v.rename = map[string]string{}
	v.Preview.SetText("")
	v.preview, v.previewPath, v.headerLine, v.headerLines = app.ImportPreview{}, "", 0, nil
	v.Header.Options, v.Header.Selected = nil, ""
	v.Header.Refresh()
	v.DateOrder.Options = u.dateOrderOptions("")
	v.DateOrder.SetSelectedIndex(0)
	v.problems, v.Result = nil, app.ImportResult{}
	v.Problems.Refresh()
	v.Status.SetText("")
}

// inspectImport reads the file's first rows and finds its header, off the
// UI goroutine (a spreadsheet is unzipped to be read); unless the owner
// chose the kind, it is the file's (app.DetectImportKind, as relancectl
// import FILE finds it).
func (u *UI) inspectImport(v *ImportView) {
	u.clearImport(v)
	path := strings.TrimSpace(v.Path.Text)
	if path == "" {
		return
	}
	kind, detect := u.importKind(v), !v.kindChosen
	v.Status.SetText(u.t("ui.loading"))
	var p app.ImportPreview
	u.loadLatest(&v.inspect, func(context.Context) error {
		if detect {
			if k, err := app.DetectImportKind(path); err == nil {
				kind = k
			}
		}
		var err error
		p, err = app.InspectImport(path, kind, 5)
		return err
	}, func(err error) {
		if err != nil {
			v.Status.SetText(u.errText(err))
			return
		}
		if detect {
			for i, k := range importKinds {
				if k == kind {
					v.Kind.Selected = v.Kind.Options[i]
					v.Kind.Refresh()
				}
			}
		}
		v.previewPath = path
		u.showImportPreview(v, p)
	})
}

func (u *UI) showImportPreview(v *ImportView, p app.ImportPreview) {
	v.preview, v.headerLine, v.headerLines = p, p.HeaderLine, nil
	var options []string
	selected := 0
	for _, row := range p.Rows {
		if row.Line == p.HeaderLine {
			selected = len(options)
		}
		v.headerLines = append(v.headerLines, row.Line)
		options = append(options, u.t("ui.import_header_line", row.Line, cut(strings.Join(row.Cells, " | "), 40)))
	}
	v.Header.Options = options
	v.Header.Selected = ""
	if len(options) > 0 {
		v.Header.Selected = options[selected]
	}
	v.Header.Refresh()
	v.DateOrder.Options = u.dateOrderOptions("")
	v.DateOrder.SetSelectedIndex(0)
	u.fillImportMapping(v)
}

// fillImportMapping shows, for each header of the row in use, the column
// it is read as, changeable, and the rows under it.
func (u *UI) fillImportMapping(v *ImportView) {
	row, _ := v.preview.Row(v.headerLine)
	read := app.ImportColumnsOf(u.importKind(v), row.Cells)
	// The owner sees each column's name in their language.
	choices := []string{u.t("ui.import_ignore")}
	column := map[string]string{} // choice → column
	label := map[string]string{}  // column → choice
	for _, c := range v.preview.Columns {
		l := u.t("ui.col." + c)
		choices = append(choices, l)
		column[l], label[c] = c, l
	}
	v.Mapping.Objects = nil
	for i, h := range row.Cells {
		if strings.TrimSpace(h) == "" {
			continue
		}
		h, was := h, read[i]
		text := u.t("ui.import_column_is", h)
		if was == "" {
			text = u.t("ui.import_unknown_column", h)
		}
		sel := u.newSelect(choices, func(s string) {
			switch c := column[s]; {
			case c == was:
				delete(v.rename, h)
			case c == "":
				v.rename[h] = "" // a blank header is not read
			default:
				v.rename[h] = c
			}
		})
		sel.Selected = choices[0]
		if was != "" {
			sel.Selected = label[was]
		}
		// Wrapped: four columns each as wide as the longest header made the
		// screen, then the window, wider than a laptop's.
		header := widget.NewLabel(text)
		header.Wrapping = fyne.TextWrapWord
		v.Mapping.Add(header)
		v.Mapping.Add(sel)
	}
	lines := []string{strings.Join(row.Cells, " | ")}
	for _, r := range v.preview.Rows {
		if r.Line > v.headerLine && len(lines) <= 5 {
			lines = append(lines, strings.Join(r.Cells, " | "))
		}
	}
	v.Preview.SetText(strings.Join(lines, "\n"))
	v.Mapping.Refresh()
	v.Status.SetText(u.t("ui.import_ready", len(row.Cells)))
}

// fileHeaders maps each column the import reads to the file's header for
// it, as the screen's mapping reads the header row.
func (u *UI) fileHeaders(v *ImportView) map[string]string {
	out := map[string]string{}
	row, ok := v.preview.Row(v.headerLine)
	if !ok || v.previewPath != strings.TrimSpace(v.Path.Text) {
		return out
	}
	read := app.ImportColumnsOf(u.importKind(v), row.Cells)
	for i, h := range row.Cells {
		c := read[i]
		if r, renamed := v.rename[h]; renamed {
			c = r
		}
		if c != "" && strings.TrimSpace(h) != "" {
			out[c] = strings.TrimSpace(h)
		}
	}
	return out
}

// importKind is the kind chosen on the screen.
func (u *UI) importKind(v *ImportView) app.ImportKind {
	if i := v.Kind.SelectedIndex(); i >= 0 && i < len(importKinds) {
		return importKinds[i]
	}
	return app.ImportInvoices
}

// cut shortens s to n runes, with an ellipsis.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// runImport checks (dry run) or imports the file, all or nothing, as the
// screen says to read it, and lists every problem with its line.
func (u *UI) runImport(v *ImportView, dry bool) {
	path := strings.TrimSpace(v.Path.Text)
	kind, detect := u.importKind(v), false
	if path != v.previewPath {
		// Another file than the one shown: nothing of the old one's
		// mapping applies; its own first look comes with the check, and
		// what it holds is read from it (unless the owner said).
		detect = !v.kindChosen
		u.inspectImport(v)
	}
	req := app.ImportRequest{DryRun: dry, Rename: map[string]string{}}
	for k, x := range v.rename {
		req.Rename[k] = x
	}
	if i := v.DateOrder.SelectedIndex(); i > 0 && i < len(importDateOrders) {
		req.DateOrder = importDateOrders[i]
	}
	if v.headerLine != v.preview.HeaderLine {
		req.HeaderLine = v.headerLine // the owner's pick; else the import finds it again
	}
	var res app.ImportResult
	u.task(u.t("ui.importing"), func(ctx context.Context, progress func(int, int)) error {
		var err error
		req.Progress = func(n int) { progress(n, 0) }
		if detect {
			if k, err := app.DetectImportKind(path); err == nil {
				kind = k
			}
		}
		res, err = u.svc.ImportWith(ctx, kind, path, req)
		return err
	}, func(err error) { u.showImportResult(v, res, err, dry) })
}

// ShowImportResult fills the screen with an import's outcome (tests call
// it through runImport's callback): the problems by line, else what the
// import changed in money, and how the file was read.
func (u *UI) showImportResult(v *ImportView, res app.ImportResult, err error, dry bool) {
	v.Result = res
	v.problems = nil
	headers := u.fileHeaders(v)
	for _, p := range res.Problems {
		// The column as the file names it ("Code client"), else in the
		// owner's words, never the internal name.
		if h, ok := headers[p.Column]; ok {
			p.Column = h
		} else if p.Column != "" {
			p.Column = u.t("ui.col." + p.Column)
		}
		v.problems = append(v.problems, p.Say(u.lang, u.msgText))
	}
	v.Problems.Refresh()
	if res.DateOrder != "" && v.DateOrder.SelectedIndex() <= 0 {
		v.DateOrder.Options = u.dateOrderOptions(res.DateOrder)
		v.DateOrder.Selected = v.DateOrder.Options[0]
		v.DateOrder.Refresh()
	}
	var lines []string
	switch {
	case errors.Is(err, app.ErrImportRejected):
		lines = append(lines, u.t("ui.import_rejected", len(res.Problems)))
	case err != nil:
		lines = append(lines, u.errText(err))
	default:
		r := app.ImportSummary(u.lang, res)
		switch {
		case r.Sentence != "":
			lines = append(lines, r.Sentence)
		case dry:
			lines = append(lines, u.t("ui.import_checked", res.Rows, res.Created, res.Updated))
		default:
			lines = append(lines, u.t("ui.import_done", res.Rows, res.Created, res.Updated))
		}
		lines = append(lines, r.Notes...)
		lines = append(lines, r.Reading...)
	}
	for _, w := range app.ImportNotices(res, err == nil) {
		lines = append(lines, u.t("import.warning", w.In(u.lang)))
	}
	if len(res.Ignored) > 0 && err == nil {
		lines = append(lines, app.IgnoredSummary(res.Ignored).In(u.lang))
	}
	v.Status.SetText(strings.Join(lines, "\n"))
}
