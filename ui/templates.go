package ui

import (
	"context"
	"os"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/letter"
	"github.com/relance-app/relance/internal/render"
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
}

// templatesScreen: edit a template with a live preview on a chosen
// customer, validation errors inline, save to the owner's folder, reset to
// the default.
func (u *UI) templatesScreen() fyne.CanvasObject {
	v := &TemplatesView{}
	u.templates = v
	kinds := make([]string, 0, len(ledger.LetterKinds))
	for _, k := range ledger.LetterKinds {
		kinds = append(kinds, string(k))
	}
	v.Kind = widget.NewSelect(kinds, nil)
	v.Lang = widget.NewSelect(letterLangs, nil)
	codes := []string{}
	if cs, err := u.svc.ListCustomers(context.Background(), store.CustomerFilter{Limit: 200}); err == nil {
		for _, c := range cs {
			codes = append(codes, c.Code)
		}
	}
	v.Customer = widget.NewSelect(codes, func(string) { u.previewTemplate(v) })
	v.Editor = widget.NewMultiLineEntry()
	v.Editor.Wrapping = fyne.TextWrapWord
	v.Editor.OnChanged = func(string) { u.previewTemplate(v) }
	v.Problem = widget.NewLabel("")
	v.Problem.Wrapping = fyne.TextWrapWord
	v.Preview = canvas.NewImageFromResource(nil)
	v.Preview.FillMode = canvas.ImageFillContain
	v.Preview.SetMinSize(fyne.NewSize(380, 537))
	load := func() {
		if v.Kind.Selected == "" || v.Lang.Selected == "" {
			return
		}
		name, src, err := letter.TemplateSource(u.svc.TemplateDir(), v.Kind.Selected, v.Lang.Selected)
		if err != nil {
			v.Problem.SetText(err.Error())
			return
		}
		v.file = name
		v.Editor.SetText(string(src))
	}
	v.Kind.OnChanged = func(string) { load() }
	v.Lang.OnChanged = func(string) { load() }
	v.Save = widget.NewButton(u.t("ui.save"), func() {
		if err := u.saveTemplate(v); err != nil {
			u.showErr(err)
			return
		}
		u.info(u.t("ui.nav_templates"), u.t("ui.template_saved", filepath.Join(u.svc.TemplateDir(), v.Kind.Selected+"."+v.Lang.Selected+".tmpl")))
	})
	v.Reset = widget.NewButton(u.t("ui.template_reset"), func() {
		if _, err := u.svc.ResetTemplate(v.Kind.Selected, v.Lang.Selected, time.Now()); err != nil {
			u.showErr(err)
			return
		}
		load()
	})
	if len(codes) > 0 {
		v.Customer.Selected = codes[0]
	}
	v.Kind.SetSelected("reminder-1")
	v.Lang.SetSelected(string(u.defaultLetterLang()))
	top := container.NewHBox(v.Kind, v.Lang, widget.NewLabel(u.t("ui.template_on")), v.Customer, v.Save, v.Reset)
	return container.NewBorder(container.NewVBox(top, v.Problem), nil, nil, v.Preview, v.Editor)
}

// previewTemplate checks the text as a template and, when it passes,
// shows the letter it makes for the chosen customer's unpaid invoices;
// otherwise the problem, with its line.
func (u *UI) previewTemplate(v *TemplatesView) {
	if v.Editor == nil || v.Kind.Selected == "" || v.Lang.Selected == "" {
		return
	}
	t, err := letter.ParseTemplate(v.Kind.Selected+"."+v.Lang.Selected+".tmpl", []byte(v.Editor.Text))
	if err != nil {
		v.Problem.SetText(u.errText(app.TemplateProblemOf(err)))
		v.Save.Disable()
		return
	}
	if t.Kind != v.Kind.Selected || t.Language != v.Lang.Selected {
		v.Problem.SetText(u.t("template.header_mismatch", t.Kind, t.Language, v.Kind.Selected, v.Lang.Selected))
		v.Save.Disable()
		return
	}
	v.Save.Enable()
	v.Problem.SetText(u.t("ui.template_ok"))
	if v.Customer.Selected == "" {
		return
	}
	kind := v.Kind.Selected
	if kind == "billing-change" || kind == "paperless-notice" || kind == "appointment-reminder" {
		return // their fields come from a campaign
	}
	req, err := u.svc.LetterRequest(context.Background(), app.LetterOptions{Kind: ledger.LetterKind(kind), CustomerCode: v.Customer.Selected,
		Language: ledger.Language(v.Lang.Selected), AsOf: u.today()})
	if err != nil {
		v.Problem.SetText(u.errText(err))
		return
	}
	req.Template = t
	c, err := letter.Compose(req)
	if err != nil {
		v.Problem.SetText(u.errText(app.TemplateProblemOf(err)))
		return
	}
	lay, err := render.LayOut(c.Letter)
	if err != nil {
		v.Problem.SetText(err.Error())
		return
	}
	if png, err := render.PNG(lay, 0, 60); err == nil {
		v.Preview.Resource = fyne.NewStaticResource("template.png", png)
		v.Preview.Refresh()
	}
}

// saveTemplate writes the owner's template, after the same check letters
// use.
func (u *UI) saveTemplate(v *TemplatesView) error {
	dir := u.svc.TemplateDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	p := filepath.Join(dir, v.Kind.Selected+"."+v.Lang.Selected+".tmpl")
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, []byte(v.Editor.Text), 0o644); err != nil {
		return err
	}
	if err := app.CheckTemplateFile(tmp); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, p)
}
