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
)

// ImportView is the import screen (exposed for tests).
type ImportView struct {
	Kind     *widget.Select
	Path     *widget.Entry
	Mapping  *fyne.Container
	Preview  *widget.Label
	Problems *widget.List
	Check    *widget.Button
	Import   *widget.Button
	Status   *widget.Label
	Result   app.ImportResult
	rename   map[string]string
	problems []string
	inspect  latest // the file's first look
}

var importKinds = []app.ImportKind{app.ImportCustomers, app.ImportInvoices, app.ImportPayments}

// importScreen: pick a CSV or XLSX file, map the columns whose headers are
// unknown, preview, list the errors by line, import.
func (u *UI) importScreen() fyne.CanvasObject {
	v := &ImportView{rename: map[string]string{}}
	u.imports = v
	var kinds []string
	for _, k := range importKinds {
		kinds = append(kinds, string(k))
	}
	v.Kind = widget.NewSelect(kinds, func(string) { u.inspectImport(v) })
	v.Kind.Selected = string(app.ImportInvoices)
	v.Path = widget.NewEntry()
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
	v.Mapping = container.NewVBox()
	v.Preview = widget.NewLabel("")
	v.Preview.TextStyle = fyne.TextStyle{Monospace: true}
	v.Status = widget.NewLabel("")
	v.Status.Wrapping = fyne.TextWrapWord
	v.Problems = widget.NewList(func() int { return len(v.problems) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(v.problems[i]) })
	v.Check = widget.NewButton(u.t("ui.import_check"), func() { u.runImport(v, true) })
	v.Import = widget.NewButton(u.t("ui.import_do"), func() { u.runImport(v, false) })
	top := container.NewVBox(
		container.NewBorder(nil, nil, container.NewHBox(widget.NewLabel(u.t("ui.import_kind")), v.Kind), browse, v.Path),
		v.Mapping, v.Preview, container.NewHBox(v.Check, v.Import), v.Status)
	return container.NewBorder(top, nil, nil, nil, v.Problems)
}

// inspectImport reads the file's header and first rows, off the UI
// goroutine (a spreadsheet is unzipped to be read): known columns are
// shown, unknown ones get a choice of the column they are.
func (u *UI) inspectImport(v *ImportView) {
	v.Mapping.Objects = nil
	v.Mapping.Refresh()
	v.rename = map[string]string{}
	v.Preview.SetText("")
	path := strings.TrimSpace(v.Path.Text)
	if path == "" {
		return
	}
	kind := app.ImportKind(v.Kind.Selected)
	v.Status.SetText(u.t("ui.loading"))
	var p app.ImportPreview
	u.loadLatest(&v.inspect, func(context.Context) error {
		var err error
		p, err = app.InspectImport(path, kind, 5)
		return err
	}, func(err error) {
		if err != nil {
			v.Status.SetText(u.errText(err))
			return
		}
		u.showImportPreview(v, p)
	})
}

func (u *UI) showImportPreview(v *ImportView, p app.ImportPreview) {
	choices := append([]string{u.t("ui.import_ignore")}, p.Columns...)
	for _, h := range p.Unknown {
		sel := widget.NewSelect(choices, func(s string) {
			if s == choices[0] {
				delete(v.rename, h)
			} else {
				v.rename[h] = s
			}
		})
		sel.Selected = choices[0]
		v.Mapping.Add(container.NewHBox(widget.NewLabel(u.t("ui.import_unknown_column", h)), sel))
	}
	lines := []string{strings.Join(p.Header, " | ")}
	for _, row := range p.DataRows() {
		lines = append(lines, strings.Join(row.Cells, " | "))
	}
	v.Preview.SetText(strings.Join(lines, "\n"))
	v.Mapping.Refresh()
	v.Status.SetText(u.t("ui.import_ready", len(p.Header)))
}

// runImport checks (dry run) or imports the file, all or nothing, and
// lists every problem with its line.
func (u *UI) runImport(v *ImportView, dry bool) {
	path := strings.TrimSpace(v.Path.Text)
	kind := app.ImportKind(v.Kind.Selected)
	rename := map[string]string{}
	for k, x := range v.rename {
		rename[k] = x
	}
	var res app.ImportResult
	u.task(u.t("ui.importing"), func(ctx context.Context, progress func(int, int)) error {
		var err error
		res, err = u.svc.ImportMapped(ctx, kind, path, dry, rename, func(n int) { progress(n, 0) })
		return err
	}, func(err error) { u.showImportResult(v, res, err, dry) })
}

// ShowImportResult fills the screen with an import's outcome (tests call
// it through runImport's callback).
func (u *UI) showImportResult(v *ImportView, res app.ImportResult, err error, dry bool) {
	v.Result = res
	v.problems = nil
	for _, p := range res.Problems {
		v.problems = append(v.problems, p.In(u.lang))
	}
	v.Problems.Refresh()
	switch {
	case errors.Is(err, app.ErrImportRejected):
		v.Status.SetText(u.t("ui.import_rejected", len(res.Problems)))
	case err != nil:
		v.Status.SetText(u.errText(err))
	case dry:
		v.Status.SetText(u.t("ui.import_checked", res.Rows, res.Created, res.Updated))
	default:
		v.Status.SetText(u.t("ui.import_done", res.Rows, res.Created, res.Updated))
	}
	for _, w := range res.Warnings {
		v.Status.SetText(v.Status.Text + "\n" + u.t("import.warning", w.In(u.lang)))
	}
	if len(res.Ignored) > 0 && err == nil {
		v.Status.SetText(v.Status.Text + "\n" + app.IgnoredSummary(res.Ignored).In(u.lang))
	}
}
