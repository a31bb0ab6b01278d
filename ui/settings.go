package ui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strings"

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
	"github.com/relance-app/relance/internal/letter"
	"github.com/relance-app/relance/internal/render"
)

// SettingsView is the settings screen (exposed for tests).
type SettingsView struct {
	Company     map[string]*widget.Entry
	Account     map[string]*widget.Entry
	SaveCompany *widget.Button
	SaveAccount *widget.Button
	TestAccount *widget.Button
	TestResult  *widget.Label
	Language    *widget.Select
	Theme       *widget.Select
	Letterhead  *canvas.Image
}

// companyTextKeys are the company fields edited as text.
var companyTextKeys = []string{"legal_name", "trading_name", "address1", "address2", "postcode", "city", "country", "phone", "phone_ext",
	"fax", "email", "website", "siret", "rcs", "vat", "company_number", "share_capital", "bank_name", "iban", "bic", "signatory_name",
	"signatory_title", "language", "currency", "jurisdiction", "envelope", "paper_size"}

func (u *UI) settingsScreen() fyne.CanvasObject {
	v := &SettingsView{Company: map[string]*widget.Entry{}, Account: map[string]*widget.Entry{}}
	u.settings = v
	tabs := container.NewAppTabs(
		container.NewTabItem(u.t("ui.settings_company"), u.companySettings(v)),
		container.NewTabItem(u.t("ui.settings_mail"), u.mailSettings(v)),
		container.NewTabItem(u.t("ui.settings_dunning"), u.dunningSettings()),
		container.NewTabItem(u.t("ui.settings_app"), u.appSettings(v)),
	)
	return tabs
}

func (u *UI) companySettings(v *SettingsView) fyne.CanvasObject {
	ctx := context.Background()
	co, err := u.svc.Company(ctx)
	if err != nil {
		return widget.NewLabel(u.errText(err))
	}
	form := widget.NewForm()
	for _, k := range companyTextKeys {
		e := widget.NewEntry()
		e.SetText(app.CompanyValue(&co, k))
		v.Company[k] = e
		form.Append(u.fieldLabel(k), e)
	}
	v.Letterhead = canvas.NewImageFromResource(nil)
	v.Letterhead.FillMode = canvas.ImageFillContain
	v.Letterhead.SetMinSize(fyne.NewSize(360, 509))
	u.previewLetterhead(v)
	logoLabel := widget.NewLabel(app.CompanyValue(&co, "logo"))
	pick := func(key string) func() {
		return func() {
			d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
				if err != nil || r == nil {
					return
				}
				r.Close()
				c, err := u.svc.Company(ctx)
				if err == nil {
					err = app.SetCompanyField(&c, key, r.URI().Path())
				}
				if err == nil {
					err = u.svc.SetCompany(ctx, c)
				}
				if err != nil {
					u.showErr(err)
					return
				}
				logoLabel.SetText(app.CompanyValue(&c, "logo"))
				u.previewLetterhead(v)
			}, u.Win)
			d.SetFilter(storage.NewExtensionFileFilter([]string{".png", ".jpg", ".jpeg"}))
			d.Show()
		}
	}
	v.SaveCompany = widget.NewButton(u.t("ui.save"), func() {
		c, err := u.svc.Company(ctx)
		if err != nil {
			u.showErr(err)
			return
		}
		for _, k := range companyTextKeys {
			if err := app.SetCompanyField(&c, k, v.Company[k].Text); err != nil {
				var fe *app.FieldError
				if errors.As(err, &fe) {
					u.showErr(fmt.Errorf("%s", fe.In(u.lang)))
				} else {
					u.showErr(err)
				}
				return
			}
		}
		if err := u.svc.SetCompany(ctx, c); err != nil {
			u.showErr(err)
			return
		}
		u.previewLetterhead(v)
	})
	buttons := container.NewHBox(v.SaveCompany, widget.NewButton(u.t("ui.pick_logo"), pick("logo")),
		widget.NewButton(u.t("ui.pick_signature"), pick("signature")), logoLabel)
	return container.NewBorder(buttons, nil, nil, v.Letterhead, container.NewVScroll(form))
}

// previewLetterhead shows the letterhead on a sample letter.
func (u *UI) previewLetterhead(v *SettingsView) {
	ctx := context.Background()
	co, err := u.svc.Company(ctx)
	if err != nil {
		return
	}
	lang := co.Language
	if lang == "" {
		lang = ledger.French
	}
	req := letter.Request{Kind: "reminder-1", Language: lang, Date: u.today(), Company: co, Currency: co.Currency,
		Customer: ledger.Customer{Code: "EXEMPLE", Name: u.t("ui.sample_customer"), Address1: "1 rue de la Paix", Postcode: "75002", City: "Paris",
			Country: co.Country, Language: lang, Kind: ledger.Business},
		Envelope: co.Envelope,
		Invoices: []letter.InvoiceLine{{Invoice: ledger.Invoice{Number: "F-0001", IssueDate: u.today().AddDays(-45), DueDate: u.today().AddDays(-15),
			Total: ledger.Money{Minor: 120000, Currency: co.Currency}}, Balance: 120000}}}
	if req.Currency == "" {
		req.Currency = "EUR"
		req.Invoices[0].Invoice.Total.Currency = "EUR"
	}
	c, err := letter.Compose(req)
	if err != nil {
		return
	}
	lay, err := render.LayOut(c.Letter)
	if err != nil {
		return
	}
	if png, err := render.PNG(lay, 0, 60); err == nil {
		v.Letterhead.Resource = fyne.NewStaticResource("letterhead.png", png)
		v.Letterhead.Refresh()
	}
}

func (u *UI) mailSettings(v *SettingsView) fyne.CanvasObject {
	ctx := context.Background()
	a, err := u.svc.MailAccount(ctx)
	if err != nil {
		return widget.NewLabel(u.errText(err))
	}
	form := widget.NewForm()
	for _, k := range app.AccountKeys() {
		e := widget.NewEntry()
		e.SetText(app.AccountValue(&a, k))
		v.Account[k] = e
		form.Append(u.fieldLabel(k), e)
	}
	smtpPw, imapPw := widget.NewPasswordEntry(), widget.NewPasswordEntry()
	form.Append(u.t("ui.password_for", "SMTP"), smtpPw)
	form.Append(u.t("ui.password_for", "IMAP"), imapPw)
	v.TestResult = widget.NewLabel("")
	v.TestResult.Wrapping = fyne.TextWrapWord
	if a.TLSInsecure {
		v.TestResult.SetText(u.t("cli.tls_insecure_warning"))
	}
	v.SaveAccount = widget.NewButton(u.t("ui.save"), func() {
		pairs := map[string]string{}
		for k, e := range v.Account {
			pairs[k] = e.Text
		}
		if _, err := u.svc.SetAccount(ctx, pairs); err != nil {
			u.showErr(err)
			return
		}
		for server, e := range map[string]*widget.Entry{"smtp": smtpPw, "imap": imapPw} {
			if e.Text == "" {
				continue
			}
			u.mu.Lock()
			u.passwords[server] = e.Text
			u.mu.Unlock()
			if err := u.svc.StorePassword(ctx, server, e.Text); err != nil {
				v.TestResult.SetText(u.t("ui.password_not_stored"))
			}
		}
	})
	v.TestAccount = widget.NewButton(u.t("ui.test_connection"), func() {
		u.withPasswords([]string{"smtp", "imap"}, func(pw app.Passwords) {
			var checks []app.AccountCheck
			u.task(u.t("ui.test_connection"), func(ctx context.Context, _ func(int, int)) error {
				var err error
				checks, err = u.svc.TestAccount(ctx, pw)
				return err
			}, func(err error) {
				if err != nil {
					u.showErr(err)
					return
				}
				var lines []string
				for _, ch := range checks {
					if ch.OK {
						line := u.t("cli.account_test_ok", strings.ToUpper(ch.Server))
						if ch.Server == "imap" && ch.SentFolder != "" {
							line += " " + u.t("cli.account_test_sent_folder", ch.SentFolder)
						}
						lines = append(lines, line)
					} else {
						lines = append(lines, u.errText(ch.Err))
					}
				}
				v.TestResult.SetText(strings.Join(lines, "\n"))
			})
		})
	})
	return container.NewBorder(container.NewHBox(v.SaveAccount, v.TestAccount), v.TestResult, nil, nil, container.NewVScroll(form))
}

// dunningSettings shows the ladder and the reference rates; rates can be
// added as they are published.
func (u *UI) dunningSettings() fyne.CanvasObject {
	ctx := context.Background()
	pol := u.svc.Policy(ctx)
	levels := container.NewVBox(widget.NewLabelWithStyle(u.t("ui.policy"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	for _, lv := range pol.Levels {
		state := u.t("ui.level_on")
		if !lv.Enabled {
			state = u.t("ui.level_off")
		}
		levels.Add(widget.NewLabel(u.t("ui.level_line", lv.Number, lv.Kind, lv.Delay, state)))
	}
	levels.Add(widget.NewLabel(u.t("ui.policy_gap", pol.MinGapDays)))
	tabs, err := u.svc.RateTables(ctx)
	if err != nil {
		return widget.NewLabel(u.errText(err))
	}
	rates := container.NewVBox(widget.NewLabelWithStyle(u.t("ui.rates"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	var ids []string
	for _, id := range tabs.IDs() {
		tb := tabs.Table(id)
		ids = append(ids, string(id))
		last := ""
		if n := len(tb.Entries); n > 0 {
			e := tb.Entries[n-1]
			last = fmt.Sprintf("%s %s %%", e.From, e.Rate)
		}
		rates.Add(widget.NewLabel(u.t("ui.rate_line", tb.Name, last, tb.Checked.String())))
	}
	table, from, rate, source := widget.NewSelect(ids, nil), widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	from.SetPlaceHolder("YYYY-MM-DD")
	rate.SetPlaceHolder("2.40")
	add := widget.NewButton(u.t("ui.rate_add"), func() {
		d, err := ledger.ParseISODate(strings.TrimSpace(from.Text))
		if err != nil {
			u.showErr(fmt.Errorf("%s: %q", u.t("ui.bad_date"), from.Text))
			return
		}
		r, err := dunning.ParseRate(rate.Text)
		if err != nil {
			u.showErr(fmt.Errorf("%s: %q", u.t("ui.bad_rate"), rate.Text))
			return
		}
		if err := u.svc.AddRate(ctx, table.Selected, d, r, source.Text); err != nil {
			u.showErr(err)
			return
		}
		u.Show(ScreenSettings)
	})
	rates.Add(container.NewGridWithColumns(5, table, from, rate, source, add))
	return container.NewVScroll(container.NewVBox(levels, rates))
}

// appSettings: the interface's language, the theme, the data folder,
// backup and restore.
func (u *UI) appSettings(v *SettingsView) fyne.CanvasObject {
	ctx := context.Background()
	langs := []string{"fr", "en", "sr-Cyrl", "sr-Latn"}
	v.Language = widget.NewSelect(langs, func(s string) {
		u.App.Preferences().SetString("language", s)
		u.SetLang(i18n.Lang(s))
	})
	v.Language.Selected = string(u.lang)
	themes := []string{u.t("ui.theme_system"), u.t("ui.theme_light"), u.t("ui.theme_dark")}
	v.Theme = widget.NewSelect(themes, func(s string) {
		variant := map[string]string{themes[0]: "", themes[1]: "light", themes[2]: "dark"}[s]
		u.App.Preferences().SetString("theme", variant)
		u.applyTheme(variant)
	})
	v.Theme.Selected = map[string]string{"": themes[0], "light": themes[1], "dark": themes[2]}[u.App.Preferences().String("theme")]
	folder := filepath.Dir(u.svc.Store().Path())
	backup := widget.NewButton(u.t("ui.backup"), func() {
		d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil || w == nil {
				return
			}
			path := w.URI().Path()
			w.Close()
			removeEmpty(path)
			if err := u.svc.Backup(ctx, path); err != nil {
				u.showErr(err)
				return
			}
			u.info(u.t("ui.backup"), u.t("ui.backup_done", path))
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
				kept, err := u.svc.Restore(ctx, path)
				if err != nil {
					u.showErr(err)
					return
				}
				u.info(u.t("ui.restore"), u.t("ui.restore_done", kept))
				u.Show(ScreenHome)
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
