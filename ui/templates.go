package ui

import (
	"context"
	"image"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// TemplatesView is the template editor (exposed for tests).
type TemplatesView struct {
	Kind, Lang, Customer *widget.Select
	Editor               *widget.Entry
	Problem              *widget.Label
	Preview              *canvas.Image
	Save, Reset          *widget.Button
	file                 string
	customersErr         error  // the customers could not be listed: no preview
	text                 latest // the template read for the kind and language chosen
	preview              latest // the check and the preview of the text as it stands
}

// templatesScreen: edit a template with a live preview on a chosen
// customer, validation errors inline, save to the owner's folder, reset to
// the default. The customers, the template's text and each preview are
// read off the UI goroutine (a preview reads the customer's invoices).
func (u *UI) templatesScreen() fyne.CanvasObject {
	v := &TemplatesView{}
	u.templates = v
	kinds := make([]string, 0, len(ledger.LetterKinds))
	for _, k := range ledger.LetterKinds {
		kinds = append(kinds, string(k))
	}
	v.Kind = widget.NewSelect(kinds, nil)
	v.Lang = widget.NewSelect(letterLangs, nil)
	v.Customer = widget.NewSelect(nil, func(string) { u.previewTemplate(v) })
	v.Editor = widget.NewMultiLineEntry()
	// No word wrap: Fyne wraps a text by measuring it again and again
	// (10 to 40 ms for a 2 KB template, each time another is opened),
	// more than a frame; a template's long lines scroll instead.
	v.Editor.Wrapping = fyne.TextWrapOff
	v.Editor.OnChanged = func(string) { u.previewTemplate(v) }
	v.Problem = widget.NewLabel(u.t("ui.loading"))
	v.Problem.Wrapping = fyne.TextWrapWord
	v.Preview = canvas.NewImageFromResource(nil)
	v.Preview.FillMode = canvas.ImageFillContain
	v.Preview.SetMinSize(fyne.NewSize(380, 537))
	load := func() {
		if v.Kind.Selected == "" || v.Lang.Selected == "" {
			return
		}
		kind, lang := v.Kind.Selected, v.Lang.Selected
		var file string
		var src []byte
		u.loadLatest(&v.text, func(context.Context) error {
			var err error
			file, src, err = u.svc.TemplateSource(kind, lang)
			return err
		}, func(err error) {
			if err != nil {
				v.Problem.SetText(u.errText(err))
				return
			}
			v.file = file
			v.Editor.SetText(string(src)) // checked and previewed by OnChanged
		})
	}
	v.Kind.OnChanged = func(string) { load() }
	v.Lang.OnChanged = func(string) { load() }
	v.Save = widget.NewButton(u.t("ui.save"), func() {
		kind, lang, text := v.Kind.Selected, v.Lang.Selected, v.Editor.Text
		u.write(func(context.Context) error { return u.saveTemplate(kind, lang, text) }, func() {
			u.info(u.t("ui.nav_templates"), u.t("ui.template_saved", filepath.Join(u.svc.TemplateDir(), kind+"."+lang+".tmpl")))
		})
	})
	v.Reset = widget.NewButton(u.t("ui.template_reset"), func() {
		kind, lang := v.Kind.Selected, v.Lang.Selected
		u.write(func(context.Context) error {
			_, err := u.svc.ResetTemplate(kind, lang, time.Now())
			return err
		}, load)
	})
	v.Kind.Selected = "reminder-1" // its text is read once the language is known
	var codes []string
	var lang ledger.Language
	u.load(func(ctx context.Context) error {
		cs, err := u.svc.ListCustomers(ctx, store.CustomerFilter{Limit: 200})
		for _, c := range cs {
			codes = append(codes, c.Code)
		}
		lang = u.defaultLetterLang(ctx)
		return err
	}, func(err error) {
		if err != nil {
			v.customersErr = err // said with the check's verdict (previewTemplate)
			v.Problem.SetText(u.errText(err))
		}
		v.Customer.Options = codes
		if len(codes) > 0 {
			v.Customer.Selected = codes[0]
		}
		v.Customer.Refresh()
		v.Lang.SetSelected(string(lang))
	})
	top := container.NewHBox(v.Kind, v.Lang, widget.NewLabel(u.t("ui.template_on")), v.Customer, v.Save, v.Reset)
	return container.NewBorder(container.NewVBox(top, v.Problem), nil, nil, v.Preview, v.Editor)
}

// previewTemplate checks the text as a template and, when it passes,
// shows the letter it makes for the chosen customer's unpaid invoices;
// otherwise the problem, with its line. Both off the UI goroutine, on each
// change: the newest text's answer wins.
func (u *UI) previewTemplate(v *TemplatesView) {
	if v.Editor == nil || v.Kind.Selected == "" || v.Lang.Selected == "" {
		return
	}
	kind, lang, code, src := ledger.LetterKind(v.Kind.Selected), v.Lang.Selected, v.Customer.Selected, []byte(v.Editor.Text)
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
			v.Problem.SetText(u.errText(checkErr))
			v.Save.Disable()
			return
		}
		v.Save.Enable()
		v.Problem.SetText(u.t("ui.template_ok"))
		if v.customersErr != nil { // the template can still be edited and saved
			v.Problem.SetText(u.t("ui.template_ok") + "\n" + u.errText(v.customersErr))
		}
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
