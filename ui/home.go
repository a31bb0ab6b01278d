package ui

import (
	"context"
	"fmt"
	"image/color"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// homeScreen: what needs attention today. Its figures take the whole
// ledger (the summary, today's plan): they are read off the UI goroutine
// and the screen says "Loading…" meanwhile.
func (u *UI) homeScreen() fyne.CanvasObject {
	day := u.today()
	title := widget.NewLabelWithStyle(u.t("ui.home_title", u.date(day)), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	body := u.later(func(ctx context.Context) (func() fyne.CanvasObject, error) {
		f, err := u.readHome(ctx, day)
		if err != nil {
			return nil, err
		}
		return func() fyne.CanvasObject { return u.homeBody(f) }, nil
	})
	return container.NewBorder(title, nil, nil, nil, body)
}

// homeFigures are what the home screen shows.
type homeFigures struct {
	sum                     app.Summary
	emails, postal          int // letters proposed today
	waiting                 int // replies to review
	failed, offeredForPrint int // emails refused or unknown; of those, offered for print
}

func (u *UI) readHome(ctx context.Context, day ledger.Date) (homeFigures, error) {
	var f homeFigures
	var err error
	if f.sum, err = app.Summarize(ctx, u.svc, day); err != nil {
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

func (u *UI) homeBody(f homeFigures) fyne.CanvasObject {
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
	if len(curs) == 0 {
		cards.Add(widget.NewLabel(u.t("ui.home_nothing_owed")))
	}
	todo := container.NewVBox(
		u.todoRow(theme.MailSendIcon(), u.t("ui.home_letters", f.emails, f.postal), ScreenRun),
		u.todoRow(theme.MailReplyIcon(), u.t("ui.home_replies", f.waiting), ScreenReplies),
		u.todoRow(theme.DocumentPrintIcon(), u.t("ui.home_print", f.postal+f.offeredForPrint), ScreenRun),
		u.todoRow(theme.ErrorIcon(), u.t("ui.home_failed", f.failed), ScreenRun),
	)
	return container.NewVScroll(container.NewVBox(widget.NewCard(u.t("ui.home_today"), "", todo), cards))
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
	for i, v := range a.Buckets {
		bar := canvas.NewRectangle(colors[i])
		width := float32(v) / float32(max) * 360
		bar.SetMinSize(fyne.NewSize(max32(width, 2), 16))
		rows.Add(container.NewHBox(container.NewGridWrap(fyne.NewSize(110, 20), widget.NewLabel(names[i])),
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
