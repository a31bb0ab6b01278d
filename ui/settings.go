package ui

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"os"
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// SettingsView is the settings screen (exposed for tests).
type SettingsView struct {
	Company map[string]*widget.Entry
	// Codes are the company fields chosen from a list, shown in words
	// (language, law, envelope, paper size): typing "din5008-b" is not
	// something an owner should have to know.
	Codes       map[string]*CodeSelect
	SaveCompany *widget.Button
	// Mail is the mail account's setup (once read).
	Mail       *MailSetup
	Language   *CodeSelect
	Theme      *widget.Select
	Letterhead *canvas.Image
	// LetterheadProblem says why there is no preview (or "Loading…").
	LetterheadProblem *widget.Label
	preview           latest
	// Rates adds a reference rate; StaleRates flag the tables of the
	// company's jurisdiction that are out of date (once read).
	Rates      *RateForm
	StaleRates []*widget.Label
	tabs       *container.AppTabs
	// focus is the company field to focus once the form is read (Home's
	// "Complete the letterhead": the first a letter lacks).
	focus string
}

// companyTextKeys are the company fields edited as text.
var companyTextKeys = []string{"legal_name", "trading_name", "address1", "address2", "postcode", "city", "country", "phone", "phone_ext",
	"fax", "email", "website", "siret", "rcs", "vat", "company_number", "share_capital", "bank_name", "iban", "bic", "signatory_name",
	"signatory_title", "language", "currency", "jurisdiction", "envelope", "paper_size"}

// companyChoices are the codes a company field is chosen among and their
// words; nil for a field typed as text.
func (u *UI) companyChoices(key string) ([]string, func(string) string) {
	var codes []string
	switch key {
	case "language":
		for _, l := range ledger.Languages {
			codes = append(codes, string(l))
		}
		return codes, langLabel
	case "jurisdiction":
		for _, j := range []ledger.Jurisdiction{ledger.JurisdictionFR, ledger.JurisdictionEU, ledger.JurisdictionUK, ledger.JurisdictionDE, ledger.JurisdictionRS} {
			codes = append(codes, string(j))
		}
		return codes, func(c string) string { return u.t("ui.jurisdiction." + c) }
	case "envelope":
		for _, e := range ledger.Envelopes {
			codes = append(codes, string(e))
		}
		return codes, func(c string) string { return u.t("ui.envelope." + c) }
	case "paper_size":
		return []string{string(ledger.PaperA4), string(ledger.PaperLetter)}, func(c string) string { return u.t("ui.paper." + c) }
	}
	return nil, nil
}

func (u *UI) settingsScreen() fyne.CanvasObject {
	v := &SettingsView{Company: map[string]*widget.Entry{}, Codes: map[string]*CodeSelect{}}
	u.settings = v
	tabs := container.NewAppTabs(
		container.NewTabItem(u.t("ui.settings_company"), u.companySettings(v)),
		container.NewTabItem(u.t("ui.settings_mail"), u.mailSettings(v)),
		container.NewTabItem(u.t("ui.settings_dunning"), u.dunningSettings(v)),
		container.NewTabItem(u.t("ui.settings_app"), u.appSettings(v)),
	)
	v.tabs = tabs
	return tabs
}

// companySettings: the company's details, the logo and signature, and
// the letterhead as a letter shows it. The company is read off the UI
// goroutine; saving and the preview too.
func (u *UI) companySettings(v *SettingsView) fyne.CanvasObject {
	v.Letterhead = canvas.NewImageFromResource(nil)
	v.Letterhead.FillMode = canvas.ImageFillContain
	v.Letterhead.SetMinSize(fyne.NewSize(360, 509))
	v.LetterheadProblem = widget.NewLabel("")
	v.LetterheadProblem.Wrapping = fyne.TextWrapWord
	return u.later(func(ctx context.Context) (func() fyne.CanvasObject, error) {
		co, err := u.svc.Company(ctx)
		return func() fyne.CanvasObject { return u.companyForm(v, co) }, err
	})
}

func (u *UI) companyForm(v *SettingsView, co ledger.Company) fyne.CanvasObject {
	// The items first, the form once: each Form.Append lays the whole
	// form out again (27 fields: 13 ms).
	var items []*widget.FormItem
	needed := map[string]bool{}
	shown := map[string]fyne.Focusable{} // the fields as placed in the form, for the focus
	for _, k := range missingLetterhead(co) {
		needed[k] = true
	}
	for _, k := range companyTextKeys {
		if codes, label := u.companyChoices(k); codes != nil {
			sel := u.newCodeSelect(codes, label, nil)
			sel.showCode(app.CompanyValue(&co, k))
			v.Codes[k] = sel
			items = append(items, widget.NewFormItem(u.fieldLabel(k), sel))
			continue
		}
		e := u.newEntry() // the field shown; the map holds its Entry
		e.SetText(app.CompanyValue(&co, k))
		if needed[k] {
			e.SetPlaceHolder(u.t("ui.needed_on_letters"))
		}
		v.Company[k] = &e.Entry
		shown[k] = e
		items = append(items, widget.NewFormItem(u.legalLabel(co.Country, k), e))
	}
	form := widget.NewForm(items...)
	if e := shown[v.focus]; e != nil {
		// Once the form is in the window: focus needs it there.
		u.do(func() { u.Win.Canvas().Focus(e) })
	}
	u.previewLetterhead(v)
	logoLabel := widget.NewLabel(app.CompanyValue(&co, "logo"))
	pick := func(key string) func() {
		return func() {
			d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
				if err != nil || r == nil {
					return
				}
				r.Close()
				path := r.URI().Path()
				var c ledger.Company
				u.write(func(ctx context.Context) error {
					var err error
					if c, err = u.svc.Company(ctx); err != nil {
						return err
					}
					if err := app.SetCompanyField(&c, key, path); err != nil {
						return err
					}
					return u.svc.SetCompany(ctx, c)
				}, func() {
					logoLabel.SetText(app.CompanyValue(&c, "logo"))
					u.previewLetterhead(v)
				})
			}, u.Win)
			d.SetFilter(storage.NewExtensionFileFilter([]string{".png", ".jpg", ".jpeg"}))
			d.Show()
		}
	}
	v.SaveCompany = widget.NewButton(u.t("ui.save"), func() {
		typed := map[string]string{}
		for _, k := range companyTextKeys {
			if sel := v.Codes[k]; sel != nil {
				if c := sel.Code(); c != "" { // none chosen: the field stays as it is
					typed[k] = c
				}
				continue
			}
			typed[k] = v.Company[k].Text
		}
		v.SaveCompany.Disable()
		u.load(func(ctx context.Context) error {
			c, err := u.svc.Company(ctx)
			if err != nil {
				return err
			}
			for _, k := range companyTextKeys {
				value, ok := typed[k]
				if !ok {
					continue
				}
				if err := app.SetCompanyField(&c, k, value); err != nil {
					return err // a FieldError, said in the owner's language
				}
			}
			return u.svc.SetCompany(ctx, c)
		}, func(err error) {
			v.SaveCompany.Enable()
			if err != nil {
				u.showErr(err)
				return
			}
			u.previewLetterhead(v)
		})
	})
	buttons := container.NewHBox(v.SaveCompany, widget.NewButton(u.t("ui.pick_logo"), pick("logo")),
		widget.NewButton(u.t("ui.pick_signature"), pick("signature")), logoLabel)
	return container.NewBorder(buttons, nil, nil, container.NewBorder(nil, v.LetterheadProblem, nil, nil, v.Letterhead), container.NewVScroll(form))
}

// previewLetterhead shows the letterhead on a sample letter, composed by
// the core as a real letter is (the owner's template, the same checks),
// off the UI goroutine; a problem is said under it, not hidden.
func (u *UI) previewLetterhead(v *SettingsView) {
	sample := u.t("ui.sample_customer")
	var pic image.Image
	v.LetterheadProblem.SetText(u.t("ui.loading"))
	u.loadLatest(&v.preview, func(ctx context.Context) error {
		png, err := u.svc.LetterheadPreview(ctx, sample, 60)
		if err == nil {
			pic, err = decodePreview(png)
		}
		return err
	}, func(err error) {
		if err != nil {
			v.LetterheadProblem.SetText(u.errText(err))
			return
		}
		v.LetterheadProblem.SetText("")
		showPreview(v.Letterhead, pic)
	})
}

// mailSettings: the mail account's setup (mail_setup.go). The account
// is read off the UI goroutine; finding, testing and saving too.
func (u *UI) mailSettings(v *SettingsView) fyne.CanvasObject {
	return u.later(func(ctx context.Context) (func() fyne.CanvasObject, error) {
		values, err := u.accountValues(ctx)
		return func() fyne.CanvasObject {
			var body fyne.CanvasObject
			v.Mail, body = u.mailSetup(values, nil)
			return container.NewVScroll(body)
		}, err
	})
}

// dunningSettings shows the ladder and the reference rates; rates can be
// added as they are published, and the tables of the company's
// jurisdiction that are out of date are flagged.
func (u *UI) dunningSettings(v *SettingsView) fyne.CanvasObject {
	return u.later(func(ctx context.Context) (func() fyne.CanvasObject, error) {
		pol := u.svc.Policy(ctx)
		tabs, err := u.svc.RateTables(ctx)
		if err != nil {
			return nil, err
		}
		stale, err := u.svc.StaleRates(ctx, u.today())
		return func() fyne.CanvasObject { return u.dunningForm(v, pol, tabs, stale) }, err
	})
}

func (u *UI) dunningForm(v *SettingsView, pol dunning.Policy, tabs *dunning.Tables, stale []*dunning.Table) fyne.CanvasObject {
	levels := container.NewVBox(widget.NewLabelWithStyle(u.t("ui.policy"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, lv := range pol.Levels {
		state := u.t("ui.level_on")
		if !lv.Enabled {
			state = u.t("ui.level_off")
		}
		levels.Add(widget.NewLabel(u.t("ui.level_line", lv.Number, u.levelName(lv.Number), lv.Delay, state)))
	}
	levels.Add(widget.NewLabel(u.t("ui.policy_gap", pol.MinGapDays)))
	rates := container.NewVBox(widget.NewLabelWithStyle(u.t("ui.rates"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	isStale := map[dunning.RateID]bool{}
	for _, tb := range stale {
		isStale[tb.ID] = true
	}
	// The stale tables first in the form's list: they are the ones to add to.
	choices := append([]*dunning.Table(nil), stale...)
	v.StaleRates = nil
	for _, id := range tabs.IDs() {
		tb := tabs.Table(id)
		if !isStale[id] {
			choices = append(choices, tb)
		}
		last := ""
		if e := tb.Last(); !e.From.IsZero() {
			last = u.t("ui.rate_last", u.date(e.From), e.Rate.String())
		}
		line := widget.NewLabel(u.t("ui.rate_line", tb.Name, last, u.date(tb.Checked)))
		line.Wrapping = fyne.TextWrapWord // the French tables' names are long
		rates.Add(line)
		if isStale[id] {
			l := widget.NewLabel(u.staleText(tb))
			l.Wrapping = fyne.TextWrapWord
			l.Importance = widget.DangerImportance
			v.StaleRates = append(v.StaleRates, l)
			rates.Add(l)
		}
	}
	var form fyne.CanvasObject
	v.Rates, form = u.rateForm(choices, func() {
		// Read again, on the same tab.
		u.Show(ScreenSettings)
		u.settings.tabs.SelectIndex(2)
	})
	rates.Add(widget.NewLabelWithStyle(u.t("ui.rate_add_title"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	rates.Add(form)
	return container.NewVScroll(container.NewVBox(levels, rates))
}

// levelName is a ladder level in words (the letter's kind is a code).
func (u *UI) levelName(n int) string {
	if n >= 1 && n <= 3 {
		return u.startLevelNames()[n-1]
	}
	return u.t(fmt.Sprintf("ui.level_kind_%d", n))
}

// appSettings: the interface's language, the theme, the data folder,
// backup and restore.
func (u *UI) appSettings(v *SettingsView) fyne.CanvasObject {
	langs := []string{"fr", "en", "de", "sr-Cyrl", "sr-Latn"}
	// Each language by its own name: the owner finds theirs whatever the
	// screen's language is.
	v.Language = u.newCodeSelect(langs, langLabel, func(s string) {
		u.App.Preferences().SetString("language", s)
		u.SetLang(i18n.Lang(s))
	})
	v.Language.showCode(string(u.lang))
	themes := []string{u.t("ui.theme_system"), u.t("ui.theme_light"), u.t("ui.theme_dark")}
	v.Theme = widget.NewSelect(themes, func(s string) {
		variant := map[string]string{themes[0]: "", themes[1]: "light", themes[2]: "dark"}[s]
		u.App.Preferences().SetString("theme", variant)
		u.applyTheme(variant)
	})
	v.Theme.Selected = map[string]string{"": themes[0], "light": themes[1], "dark": themes[2]}[u.App.Preferences().String("theme")]
	folder := filepath.Dir(u.svc.Path())
	backup := widget.NewButton(u.t("ui.backup"), func() {
		d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil || w == nil {
				return
			}
			path := w.URI().Path()
			w.Close()
			removeEmpty(path)
			// A copy of the whole ledger: long on a big one.
			u.task(u.t("ui.backup"), func(ctx context.Context, _ func(int, int)) error { return u.svc.Backup(ctx, path) }, func(err error) {
				if err != nil {
					u.showErr(err)
					return
				}
				u.info(u.t("ui.backup"), u.t("ui.backup_done", path))
			})
		}, u.Win)
		d.SetFileName("relance-" + u.today().String() + ".db")
		d.Show()
	})
	restore := widget.NewButton(u.t("ui.restore"), func() {
		dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				return
			}
			r.Close()
			path := r.URI().Path()
			dialog.ShowConfirm(u.t("ui.restore"), u.t("ui.restore_confirm", path), func(ok bool) {
				if !ok {
					return
				}
				var kept string
				u.task(u.t("ui.restore"), func(ctx context.Context, _ func(int, int)) error {
					var err error
					kept, err = u.svc.Restore(ctx, path)
					return err
				}, func(err error) {
					if err != nil {
						u.showErr(err)
						return
					}
					u.info(u.t("ui.restore"), u.t("ui.restore_done", kept))
					u.Show(ScreenHome)
				})
			}, u.Win)
		}, u.Win).Show()
	})
	return container.NewVBox(
		widget.NewForm(widget.NewFormItem(u.t("ui.app_language"), v.Language), widget.NewFormItem(u.t("ui.theme"), v.Theme),
			widget.NewFormItem(u.t("ui.data_folder"), widget.NewLabel(folder))),
		container.NewHBox(backup, restore))
}

// applyTheme sets the light or dark variant ("" follows the system).
func (u *UI) applyTheme(variant string) {
	switch variant {
	case "light":
		u.App.Settings().SetTheme(&fixedVariant{variant: theme.VariantLight})
	case "dark":
		u.App.Settings().SetTheme(&fixedVariant{variant: theme.VariantDark})
	default:
		u.App.Settings().SetTheme(theme.DefaultTheme())
	}
}

// fixedVariant is Fyne's theme in one variant whatever the system says.
type fixedVariant struct{ variant fyne.ThemeVariant }

func (f *fixedVariant) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return theme.DefaultTheme().Color(n, f.variant)
}
func (f *fixedVariant) Font(s fyne.TextStyle) fyne.Resource     { return theme.DefaultTheme().Font(s) }
func (f *fixedVariant) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }
func (f *fixedVariant) Size(n fyne.ThemeSizeName) float32       { return theme.DefaultTheme().Size(n) }

// removeEmpty removes the empty file a save dialog creates, so that a
// backup (which never overwrites) can take its place.
func removeEmpty(path string) {
	if fi, err := os.Stat(path); err == nil && fi.Size() == 0 {
		os.Remove(path)
	}
}

// fieldLabel names a company or account setting in the UI's language
// (the key itself where no label is written).
func (u *UI) fieldLabel(key string) string {
	if l := u.t("field." + key); l != "field."+key {
		return l
	}
	return key
}
