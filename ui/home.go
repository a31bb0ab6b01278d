package ui

import (
	"context"
	"fmt"
	"image/color"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// homeScreen: what needs attention today. Its figures take the whole
// ledger (the summary, today's plan): they are read off the UI goroutine
// and the screen says "Loading…" meanwhile.
func (u *UI) homeScreen() fyne.CanvasObject {
	day := u.today()
	v := &HomeView{}
	u.home = v
	title := widget.NewLabelWithStyle(u.t("ui.home_title", u.date(day)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	top := fyne.CanvasObject(title)
	if u.opt.Demo {
		top = container.NewVBox(title, u.demoBanner(v))
	}
	body := u.later(func(ctx context.Context) (func() fyne.CanvasObject, error) {
		f, err := u.readHome(ctx, day)
		if err != nil {
			return nil, err
		}
		return func() fyne.CanvasObject { return u.homeBody(v, f) }, nil
	})
	return container.NewBorder(top, nil, nil, nil, body)
}

// HomeView is the home screen's parts (exposed for tests).
type HomeView struct {
	Demo *widget.Label // the DEMO mark, on the demo ledger
	// OwnLedger opens the welcome, on a first run over the demo.
	OwnLedger *widget.Button
	// The next steps, each shown only while it is to do: Import (customers
	// and invoices), Mail (set up the account), Letterhead (what letters
	// lack: Missing, company field keys).
	Import, Mail, Letterhead *widget.Button
	Missing                  []string
	// Stale: the rate tables out of date, and the form that adds a rate.
	Stale []*dunning.Table
	Rates *RateForm
	// Start: the customers offered a later starting level.
	Start *StartLevels
	// Nothing says the ledger owes nothing (only over invoices).
	Nothing *widget.Label
}

// homeFigures are what the home screen shows.
type homeFigures struct {
	sum                     app.Summary
	emails, postal          int // letters proposed today
	waiting                 int // replies to review
	failed, offeredForPrint int // emails refused or unknown; of those, offered for print
	customers, invoices     int
	mailReady               bool
	company                 ledger.Company
	stale                   []*dunning.Table
	offers                  []app.StartOffer
}

func (u *UI) readHome(ctx context.Context, day ledger.Date) (homeFigures, error) {
	var f homeFigures
	var err error
	if f.sum, err = app.Summarize(ctx, u.svc, day); err != nil {
		return f, err
	}
	f.customers, f.invoices = f.sum.Customers, f.sum.Invoices
	acct, err := u.svc.MailAccount(ctx)
	if err != nil {
		return f, err
	}
	f.mailReady = acct.Configured()
	if f.company, err = u.svc.Company(ctx); err != nil {
		return f, err
	}
	if f.stale, err = u.svc.StaleRates(ctx, day); err != nil {
		return f, err
	}
	// Today's work: letters proposed, replies to review, letters to
	// print, failed emails.
	plan, err := u.svc.Plan(ctx, day)
	if err != nil {
		return f, err
	}
	for _, a := range plan.Actions {
		if a.Channel == ledger.ChannelEmail {
			f.emails++
		} else {
			f.postal++
		}
	}
	if f.offers, err = u.svc.StartOffers(ctx, plan); err != nil {
		return f, err
	}
	replies, err := u.svc.Responses(ctx, store.ResponseFilter{Unreviewed: true})
	if err != nil {
		return f, err
	}
	for _, r := range replies {
		if r.Class == "reply" {
			f.waiting++
		}
	}
	failed, err := u.svc.Outbox(ctx, store.OutboxFilter{States: []ledger.OutboxState{store.OutboxPermanent, store.OutboxUnknown}})
	if err != nil {
		return f, err
	}
	f.failed = len(failed)
	for _, x := range failed {
		if x.Postal == "offered" {
			f.offeredForPrint++
		}
	}
	return f, nil
}

// demoBanner marks the demo ledger, and on a first run offers the owner's.
func (u *UI) demoBanner(v *HomeView) fyne.CanvasObject {
	v.Demo = widget.NewLabelWithStyle(u.t("ui.demo_mark")+" — "+u.t("ui.demo_banner"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.Demo.Wrapping = fyne.TextWrapWord
	v.Demo.Importance = widget.WarningImportance
	if u.opt.OwnLedger == "" {
		return v.Demo
	}
	path := u.opt.OwnLedger
	v.OwnLedger = widget.NewButton(u.t("ui.wizard_empty"), func() { u.showWelcome(path) })
	return container.NewBorder(nil, nil, nil, v.OwnLedger, v.Demo)
}

// windowTitle is the window's title: DEMO on the demo ledger.
func (u *UI) windowTitle() string {
	if u.opt.Demo {
		return "Relance — " + u.t("ui.demo_mark")
	}
	return "Relance"
}

func (u *UI) homeBody(v *HomeView, f homeFigures) fyne.CanvasObject {
	sections := container.NewVBox()
	if steps := u.nextSteps(v, f); steps != nil {
		sections.Add(steps)
	}
	if len(f.offers) > 0 {
		var card fyne.CanvasObject
		v.Start, card = u.startLevels(f.offers)
		sections.Add(card)
	}
	if f.invoices > 0 {
		todo := container.NewVBox(
			u.todoRow(theme.MailSendIcon(), u.t("ui.home_letters", f.emails, f.postal), ScreenRun),
			u.todoRow(theme.MailReplyIcon(), u.t("ui.home_replies", f.waiting), ScreenReplies),
			u.todoRow(theme.DocumentPrintIcon(), u.t("ui.home_print", f.postal+f.offeredForPrint), ScreenRun),
			u.todoRow(theme.ErrorIcon(), u.t("ui.home_failed", f.failed), ScreenRun),
		)
		sections.Add(widget.NewCard(u.t("ui.home_today"), "", todo))
	}
	// Out-of-date rates change what letters claim: said before the figures.
	if len(f.stale) > 0 {
		v.Stale = f.stale
		lines := container.NewVBox()
		for _, tb := range f.stale {
			l := widget.NewLabel(u.staleText(tb))
			l.Wrapping = fyne.TextWrapWord
			lines.Add(l)
		}
		var form fyne.CanvasObject
		v.Rates, form = u.rateForm(f.stale, func() { u.Show(ScreenHome) })
		sections.Add(widget.NewCard(u.t("ui.rates_stale_title"), "", container.NewVBox(lines, form)))
	}
	sum := f.sum
	var curs []ledger.Currency
	for c := range sum.ByCurrency {
		curs = append(curs, c)
	}
	sort.Slice(curs, func(i, j int) bool { return curs[i] < curs[j] })
	cards := container.NewVBox()
	for _, cur := range curs {
		a := sum.ByCurrency[cur]
		dso := u.t("ui.dso_none")
		if d := sum.DSO[cur]; d >= 0 {
			dso = u.t("ui.dso_days", d)
		}
		head := widget.NewLabelWithStyle(fmt.Sprintf("%s — %s", cur, u.t("ui.home_overdue", u.money(a.Overdue, cur), u.money(a.Outstanding, cur))),
			fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		cards.Add(widget.NewCard("", "", container.NewVBox(head, widget.NewLabel(u.t("ui.home_dso", dso)), u.agingChart(a, cur))))
	}
	if len(curs) == 0 && f.invoices > 0 {
		// Only over invoices: a new ledger owes nothing because it has
		// none yet, which the next steps above say.
		v.Nothing = widget.NewLabel(u.t("ui.home_nothing_owed"))
		cards.Add(v.Nothing)
	}
	sections.Add(cards)
	return container.NewVScroll(sections)
}

// nextSteps is the card of what is still to set up, in the order a new
// owner does it: the letterhead, customers and invoices, mail; nil when
// nothing is.
func (u *UI) nextSteps(v *HomeView, f homeFigures) fyne.CanvasObject {
	rows := container.NewVBox()
	step := func(icon fyne.Resource, text, button string, tap func()) *widget.Button {
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		b := widget.NewButton(button, tap)
		rows.Add(container.NewBorder(nil, nil, widget.NewIcon(icon), b, l))
		return b
	}
	if v.Missing = missingLetterhead(f.company); len(v.Missing) > 0 {
		var names []string
		for _, k := range v.Missing {
			names = append(names, u.legalLabel(f.company.Country, k))
		}
		first := v.Missing[0]
		v.Letterhead = step(theme.DocumentCreateIcon(), u.t("ui.next_letterhead", strings.Join(names, ", ")), u.t("ui.next_letterhead_button"),
			func() {
				u.Show(ScreenSettings)
				u.settings.focus = first // read when the company's form is built
			})
	}
	switch {
	case f.customers == 0:
		v.Import = step(theme.UploadIcon(), u.t("ui.next_import_all"), u.t("ui.next_import_button"), func() { u.Show(ScreenImport) })
	case f.invoices == 0:
		v.Import = step(theme.UploadIcon(), u.t("ui.next_import_invoices"), u.t("ui.next_import_button"), func() { u.Show(ScreenImport) })
	}
	if !f.mailReady {
		v.Mail = step(theme.MailComposeIcon(), u.t("ui.next_mail"), u.t("ui.next_mail_button"),
			func() { u.withAccount(false, func() { u.Show(ScreenHome) }) })
	}
	if len(rows.Objects) == 0 {
		return nil
	}
	return widget.NewCard(u.t("ui.next_title"), "", rows)
}

func (u *UI) todoRow(icon fyne.Resource, text, target string) fyne.CanvasObject {
	return container.NewHBox(widget.NewIcon(icon), widget.NewLabel(text), layout.NewSpacer(),
		widget.NewButton(u.t("ui.open"), func() { u.Show(target) }))
}

// agingChart draws the aging buckets of one currency as bars.
func (u *UI) agingChart(a *app.CurrencyAging, cur ledger.Currency) fyne.CanvasObject {
	names := []string{u.t("ui.aging_not_due"), "1–30", "31–60", "61–90", u.t("ui.aging_over_90")}
	var max int64 = 1
	for _, v := range a.Buckets {
		if v > max {
			max = v
		}
	}
	colors := []color.Color{color.NRGBA{0x4c, 0xaf, 0x50, 0xff}, color.NRGBA{0xff, 0xc1, 0x07, 0xff}, color.NRGBA{0xff, 0x98, 0x00, 0xff},
		color.NRGBA{0xf4, 0x43, 0x36, 0xff}, color.NRGBA{0xb7, 0x1c, 0x1c, 0xff}}
	rows := container.NewVBox()
	// The names' column as wide as the longest (German's "Noch nicht
	// fällig" is cut at 110 px).
	nameWidth := float32(110)
	for _, n := range names {
		nameWidth = max32(nameWidth, textWidth(n, fyne.TextStyle{}))
	}
	for i, v := range a.Buckets {
		bar := canvas.NewRectangle(colors[i])
		width := float32(v) / float32(max) * 360
		bar.SetMinSize(fyne.NewSize(max32(width, 2), 16))
		rows.Add(container.NewHBox(container.NewGridWrap(fyne.NewSize(nameWidth, 20), widget.NewLabel(names[i])),
			container.NewCenter(bar), widget.NewLabel(u.money(v, cur))))
	}
	return rows
}

func max32(a, b float32) float32 {
	if a > b {
		return a
	}
	return b
}
