package ui

import (
	"context"
	"errors"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
)

// StartOptions say which ledger to open.
type StartOptions struct {
	DBPath string // the ledger file
	Demo   bool   // a demo ledger, made on first use
	Lang   i18n.Lang
	UI     Options
}

// Start opens the ledger and shows the main window; on a first run (no
// ledger yet) a wizard offers the demo ledger or an empty one and asks for
// the company's details. done, if set, receives the UI once it is shown.
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
	ctx := context.Background()
	_, statErr := os.Stat(o.DBPath)
	missing := errors.Is(statErr, os.ErrNotExist)
	if o.Demo && missing {
		if err := os.MkdirAll(filepath.Dir(o.DBPath), 0o755); err != nil {
			return err
		}
		if err := app.MakeDemo(ctx, o.DBPath, app.Options{}); err != nil {
			return err
		}
		missing = false
	}
	open := func() error {
		svc, err := app.Open(ctx, o.DBPath, app.Options{})
		if err != nil {
			return err
		}
		if t := a.Preferences().String("theme"); t != "" {
			(&UI{App: a}).applyTheme(t)
		}
		u := New(a, svc, o.UI)
		u.Win.SetMaster()
		u.Win.Show()
		if done != nil {
			done(u)
		}
		return nil
	}
	if !missing {
		return open()
	}
	showWizard(a, o, open)
	return nil
}

// showWizard is the first run: the demo ledger to try Relance, or an empty
// one with the company's details.
func showWizard(a fyne.App, o StartOptions, open func() error) {
	t := func(key string, args ...any) string { return i18n.T(o.Lang, key, args...) }
	w := a.NewWindow(t("ui.wizard_title"))
	w.Resize(fyne.NewSize(560, 520))
	errLabel := widget.NewLabel("")
	errLabel.Wrapping = fyne.TextWrapWord
	fail := func(err error) { errLabel.SetText(err.Error()) }
	legal, city, email, phone := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	demoBtn := widget.NewButton(t("ui.wizard_demo"), func() {
		if err := os.MkdirAll(filepath.Dir(o.DBPath), 0o755); err != nil {
			fail(err)
			return
		}
		if err := app.MakeDemo(context.Background(), o.DBPath, app.Options{}); err != nil {
			fail(err)
			return
		}
		if err := open(); err != nil {
			fail(err)
			return
		}
		w.Close()
	})
	emptyBtn := widget.NewButton(t("ui.wizard_empty"), func() {
		svc, _, err := app.Create(context.Background(), o.DBPath, app.Options{})
		if err != nil {
			fail(err)
			return
		}
		co, err := svc.Company(context.Background())
		if err == nil {
			for k, e := range map[string]*widget.Entry{"legal_name": legal, "city": city, "email": email, "phone": phone} {
				if e.Text == "" {
					continue
				}
				if err = app.SetCompanyField(&co, k, e.Text); err != nil {
					break
				}
			}
		}
		if err == nil {
			err = svc.SetCompany(context.Background(), co)
		}
		svc.Close()
		if err != nil {
			fail(err)
			return
		}
		if err := open(); err != nil {
			fail(err)
			return
		}
		w.Close()
	})
	intro := widget.NewLabel(t("ui.wizard_intro", o.DBPath))
	intro.Wrapping = fyne.TextWrapWord
	form := widget.NewForm(widget.NewFormItem("legal_name", legal), widget.NewFormItem("city", city),
		widget.NewFormItem("email", email), widget.NewFormItem("phone", phone))
	w.SetContent(container.NewVBox(intro, demoBtn, widget.NewSeparator(), widget.NewLabel(t("ui.wizard_or")), form, emptyBtn, errLabel))
	w.Show()
}
