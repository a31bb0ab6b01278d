package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// StartOptions say which ledger to open.
type StartOptions struct {
	DBPath   string // the owner's ledger
	DemoPath string // the demo ledger, made on first use ("" = demo.db beside DBPath)
	Demo     bool   // open the demo ledger rather than the owner's
	Lang     i18n.Lang
	UI       Options
}

// Start opens the ledger and shows the main window. On a first run (no
// ledger at DBPath yet) it opens the demo ledger, so the owner sees every
// screen at work at once, and a welcome dialog offers to keep exploring it
// or to start the owner's own ledger with the company's details. done, if
// set, receives the UI once it is shown.
func Start(a fyne.App, o StartOptions, done func(*UI)) error {
	if o.Lang == "" {
		if l, ok := i18n.Parse(a.Preferences().String("language")); ok {
			o.Lang = l
		}
	}
	if o.Lang == "" {
		o.Lang = systemLang(a)
	}
	o.UI.Lang = o.Lang
	if o.DemoPath == "" {
		o.DemoPath = filepath.Join(filepath.Dir(o.DBPath), "demo.db")
	}
	ctx := context.Background()
	_, statErr := os.Stat(o.DBPath)
	firstRun := errors.Is(statErr, os.ErrNotExist) && !o.Demo
	path := o.DBPath
	if o.Demo || firstRun {
		path = o.DemoPath
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return fmt.Errorf("make the data folder: %w", err)
			}
			if err := app.MakeDemo(ctx, path, app.Options{}); err != nil {
				return err
			}
		}
	}
	svc, err := app.Open(ctx, path, app.Options{})
	if err != nil {
		return err
	}
	if o.Demo || firstRun {
		o.UI.Demo = true
	}
	if firstRun {
		o.UI.OwnLedger = o.DBPath
	}
	if t := a.Preferences().String("theme"); t != "" {
		(&UI{App: a}).applyTheme(t)
	}
	u := New(a, svc, o.UI)
	u.Win.SetMaster()
	u.Win.Show()
	if firstRun {
		u.showWelcome(o.DBPath)
	}
	if done != nil {
		done(u)
	}
	return nil
}

// WelcomeDialog is the first run's dialog over the demo ledger.
type WelcomeDialog struct {
	Dialog                    dialog.Dialog
	Legal, City, Email, Phone *widget.Entry
	Address, Postcode         *widget.Entry
	IBAN, BIC                 *widget.Entry
	// Country chooses the legal mentions asked for (Mentions, by company
	// field: SIRET and VAT in France, the company number in the UK...).
	Country  *widget.Select
	Mentions map[string]*widget.Entry
	Keep     *widget.Button
	Create   *widget.Button
	Error    *widget.Label
	country  ledger.Country
	content  fyne.CanvasObject
}

// showWelcome offers the owner's own ledger at path, made with the
// company's details, in place of the demo: what a letter needs in the
// company's country (the address, the legal mentions, the account to pay
// into). Only the name is required; Home names what is left empty.
func (u *UI) showWelcome(path string) {
	entry := func(placeholder string) *widget.Entry {
		e := widget.NewEntry()
		e.SetPlaceHolder(placeholder)
		return e
	}
	w := &WelcomeDialog{Legal: entry(""), City: entry(""), Email: entry(""), Phone: entry(""), Address: entry(""), Postcode: entry(""),
		IBAN: entry(""), BIC: entry(""), Mentions: map[string]*widget.Entry{}, Error: widget.NewLabel("")}
	w.Error.Wrapping = fyne.TextWrapWord
	w.Error.Importance = widget.DangerImportance
	intro := widget.NewLabel(u.t("ui.wizard_intro", path))
	intro.Wrapping = fyne.TextWrapWord
	mentions := widget.NewForm()
	setCountry := func(c ledger.Country) {
		w.country = c
		asked, _ := legalFields(c)
		var items []*widget.FormItem
		for _, k := range asked {
			e := w.Mentions[k]
			if e == nil {
				e = widget.NewEntry()
				w.Mentions[k] = e
			}
			items = append(items, widget.NewFormItem(u.legalLabel(c, k), e))
		}
		mentions.Items = items
		mentions.Refresh()
	}
	var names []string
	for _, c := range homeCountries {
		names = append(names, u.t("ui.country."+string(c.Code)))
	}
	w.Country = widget.NewSelect(names, func(s string) {
		for i, n := range names {
			if n == s {
				setCountry(homeCountries[i].Code)
			}
		}
	})
	first := countryForLang(string(u.lang))
	for i, c := range homeCountries {
		if c.Code == first {
			w.Country.SetSelectedIndex(i)
		}
	}
	form := widget.NewForm(widget.NewFormItem(u.fieldLabel("legal_name"), w.Legal), widget.NewFormItem(u.fieldLabel("country"), w.Country),
		widget.NewFormItem(u.fieldLabel("address1"), w.Address), widget.NewFormItem(u.fieldLabel("postcode"), w.Postcode),
		widget.NewFormItem(u.fieldLabel("city"), w.City), widget.NewFormItem(u.fieldLabel("email"), w.Email),
		widget.NewFormItem(u.fieldLabel("phone"), w.Phone))
	bank := widget.NewForm(widget.NewFormItem(u.fieldLabel("iban"), w.IBAN), widget.NewFormItem(u.fieldLabel("bic"), w.BIC))
	w.Keep = widget.NewButton(u.t("ui.wizard_demo"), func() { w.Dialog.Hide() })
	w.Create = widget.NewButton(u.t("ui.wizard_empty"), func() {
		w.Error.SetText("")
		if strings.TrimSpace(w.Legal.Text) == "" {
			w.Error.SetText(u.t("ui.wizard_need_name"))
			return
		}
		fields := map[string]string{"legal_name": w.Legal.Text, "address1": w.Address.Text, "postcode": w.Postcode.Text,
			"city": w.City.Text, "email": w.Email.Text, "phone": w.Phone.Text, "iban": w.IBAN.Text, "bic": w.BIC.Text}
		for _, c := range homeCountries {
			if c.Code == w.country {
				fields["country"], fields["jurisdiction"] = string(c.Code), string(c.Law)
				fields["currency"], fields["language"] = c.Currency, c.Language
			}
		}
		asked, _ := legalFields(w.country)
		for _, k := range asked {
			fields[k] = w.Mentions[k].Text
		}
		var svc *app.Service
		w.Create.Disable()
		u.load(func(ctx context.Context) error {
			var err error
			svc, err = createOwnLedger(ctx, path, fields)
			return err
		}, func(err error) {
			w.Create.Enable()
			if err != nil {
				w.Error.SetText(u.errText(err))
				return
			}
			u.SwitchLedger(svc)
			w.Dialog.Hide()
		})
	})
	w.Create.Importance = widget.HighImportance
	hint := widget.NewLabel(u.t("ui.wizard_letter_needs"))
	hint.Wrapping = fyne.TextWrapWord
	scroll := container.NewVScroll(container.NewVBox(intro, widget.NewLabel(u.t("ui.wizard_or")), form,
		widget.NewLabelWithStyle(u.t("ui.wizard_legal"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), mentions, bank, hint))
	scroll.SetMinSize(fyne.NewSize(600, 420))
	content := container.NewBorder(nil, container.NewVBox(w.Error, container.NewHBox(w.Keep, w.Create)), nil, nil, scroll)
	w.content = content
	w.Dialog = dialog.NewCustomWithoutButtons(u.t("ui.wizard_title"), content, u.Win)
	w.Dialog.Resize(fyne.NewSize(660, 600))
	u.welcome = w
	w.Dialog.Show()
}

// createOwnLedger makes the owner's ledger at path with the company's
// details (field → value; the company's name is required, checked by the
// caller: every letter carries it), off the UI goroutine.
func createOwnLedger(ctx context.Context, path string, fields map[string]string) (*app.Service, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("make the data folder: %w", err)
	}
	svc, _, err := app.Create(ctx, path, app.Options{})
	if err != nil {
		return nil, err
	}
	co, err := svc.Company(ctx)
	if err == nil {
		for k, v := range fields {
			if v == "" {
				continue
			}
			if err = app.SetCompanyField(&co, k, v); err != nil {
				break
			}
		}
	}
	if err == nil {
		err = svc.SetCompany(ctx, co)
	}
	if err != nil {
		// Nothing half-made stays behind: the next start offers the
		// same choice again.
		svc.Close()
		os.Remove(path)
		return nil, err
	}
	return svc, nil
}

// SwitchLedger puts the window over another ledger (the owner's own after
// the demo). The screens are rebuilt over it; the old ledger is closed
// once the background work still reading it is done.
func (u *UI) SwitchLedger(svc *app.Service) {
	if u.stopWatch != nil {
		u.stopWatch()
		u.stopWatch = nil
	}
	old := u.svc
	u.bg.Wait()
	u.svc = svc
	// The owner's own ledger: no longer the demo.
	u.opt.Demo, u.opt.OwnLedger = false, ""
	u.Win.SetTitle(u.windowTitle())
	u.built = map[string]fyne.CanvasObject{}
	u.invoices, u.customers, u.run, u.replies, u.templates, u.imports, u.settings, u.announcements = nil, nil, nil, nil, nil, nil, nil, nil
	u.Show(ScreenHome)
	if !u.opt.NoWatch {
		u.startWatch()
	}
	old.Close()
}
