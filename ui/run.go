package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// RunView is the dunning run screen (exposed for tests).
type RunView struct {
	Actions   []dunning.Action
	Selected  map[string]bool
	Title     *widget.Label
	List      *widget.List
	SendAll   *widget.Button
	PrintAll  *widget.Button
	Problems  *fyne.Container
	LastSent  *app.SendReport
	LastBatch *app.Batch
	loaded    bool // the plan is in
}

// runScreen: today's plan for everyone; select or deselect; send all the
// emails with a progress bar and Cancel; make the print batch and print it.
// The plan reads the whole ledger (1.6 s at a million invoices): it is
// made off the UI goroutine, the screen saying "Loading…" meanwhile, its
// buttons disabled.
func (u *UI) runScreen() fyne.CanvasObject {
	day := u.today()
	v := &RunView{Selected: map[string]bool{}}
	u.run = v
	v.Title = widget.NewLabelWithStyle(u.t("ui.loading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.List = widget.NewList(func() int { return len(v.Actions) },
		func() fyne.CanvasObject {
			// The label takes the row's width (in a box it had only the
			// template's, and a German or Serbian line was cut); the
			// objects stay in this order: check, then label.
			chk, label := widget.NewCheck("", nil), widget.NewLabel("wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww")
			return container.New(layout.NewBorderLayout(nil, nil, chk, nil), chk, label)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			a := v.Actions[i]
			box := o.(*fyne.Container)
			chk := box.Objects[0].(*widget.Check)
			chk.OnChanged = nil
			chk.SetChecked(v.Selected[a.CustomerCode])
			code := a.CustomerCode
			chk.OnChanged = func(b bool) { v.Selected[code] = b; u.updateRunButtons(v) }
			box.Objects[1].(*widget.Label).SetText(fmt.Sprintf("%s — %s · %s · %s · %s · %s", a.CustomerCode, a.CustomerName, u.kindLabel(a.Kind),
				u.channelLabel(a.Channel), u.t("ui.n_invoices", len(a.Invoices)), u.money(a.TotalDue, a.Currency)))
		})
	all := widget.NewButton(u.t("ui.select_all"), func() {
		for _, a := range v.Actions {
			v.Selected[a.CustomerCode] = true
		}
		v.List.Refresh()
		u.updateRunButtons(v)
	})
	none := widget.NewButton(u.t("ui.select_none"), func() {
		for k := range v.Selected {
			v.Selected[k] = false
		}
		v.List.Refresh()
		u.updateRunButtons(v)
	})
	v.SendAll = widget.NewButton("", func() { u.sendRun(v) })
	v.PrintAll = widget.NewButton("", func() { u.printRun(v) })
	u.updateRunButtons(v)
	var plan dunning.Plan
	u.load(func(ctx context.Context) error {
		var err error
		plan, err = u.svc.Plan(ctx, day)
		return err
	}, func(err error) {
		if err != nil {
			v.Title.SetText(u.errText(err))
			v.Title.Importance = widget.DangerImportance
			v.Title.Refresh()
			return
		}
		v.Actions, v.loaded = plan.Actions, true
		for _, a := range v.Actions {
			v.Selected[a.CustomerCode] = true
		}
		v.Title.SetText(u.t("ui.run_title", u.date(day), len(v.Actions)))
		v.List.Refresh()
		u.updateRunButtons(v)
	})
	v.Problems = container.NewVBox(widget.NewLabel(u.t("ui.loading")))
	u.fillOutboxProblems(v)
	head := container.NewVBox(v.Title, container.NewHBox(all, none, layout.NewSpacer(), v.SendAll, v.PrintAll))
	return container.NewBorder(head, widget.NewCard(u.t("ui.outbox_problems"), "", v.Problems), nil, nil, v.List)
}

func (u *UI) updateRunButtons(v *RunView) {
	emails, postal := 0, 0
	for _, a := range v.Actions {
		if !v.Selected[a.CustomerCode] {
			continue
		}
		if a.Channel == ledger.ChannelEmail {
			emails++
		} else {
			postal++
		}
	}
	v.SendAll.SetText(u.t("ui.send_emails", emails))
	v.PrintAll.SetText(u.t("ui.print_letters", postal))
	if emails == 0 {
		v.SendAll.Disable()
	} else {
		v.SendAll.Enable()
	}
	if !v.loaded {
		v.PrintAll.Disable()
	} else {
		v.PrintAll.Enable()
	}
}

func (u *UI) sendRun(v *RunView) {
	only := map[string]bool{}
	for k, b := range v.Selected {
		if b {
			only[k] = true
		}
	}
	// Without an account the setup opens first; the send goes on after it.
	u.withAccount(false, func() {
		u.withPasswords([]string{"smtp", "imap"}, func(pw app.Passwords) {
			var rep *app.SendReport
			u.task(u.t("ui.sending"), func(ctx context.Context, progress func(int, int)) error {
				var err error
				rep, err = u.svc.Send(ctx, app.SendOptions{AsOf: u.today(), Passwords: pw, Progress: progress, Only: only})
				return err
			}, func(err error) {
				v.LastSent = rep
				if err != nil {
					u.showErr(err)
					return
				}
				u.Show(ScreenRun)
				if !u.signInAgain(rep.Stopped) {
					u.info(u.t("ui.send"), u.sendSummary(rep))
				}
			})
		})
	})
}

// sendSummary says what a send run did.
func (u *UI) sendSummary(rep *app.SendReport) string {
	if rep == nil {
		return ""
	}
	text := u.t("cli.send_report", rep.Queued, rep.Sent, rep.Deferred, rep.Failed, rep.Unknown+rep.Waiting)
	if rep.Cancelled {
		text += "\n" + u.t("cli.send_cancelled")
	}
	if rep.Stopped != nil {
		text += "\n" + u.t("cli.send_stopped", u.errText(rep.Stopped))
	}
	return text
}

// printRun makes the print batch of the selected postal letters (and the
// emails refused for good) and opens it for saving or printing; nothing
// is recorded until the owner marks it posted (the recheck of
// `relancectl print --record`): a batch not marked stays proposed.
func (u *UI) printRun(v *RunView) {
	only := map[string]bool{}
	for k, b := range v.Selected {
		if b {
			only[k] = true
		}
	}
	day := u.today()
	var batch *app.Batch
	var pdf []byte
	var ways app.PrintWays
	u.task(u.t("ui.printing"), func(ctx context.Context, _ func(int, int)) error {
		var err error
		batch, err = u.svc.PrintBatch(ctx, app.PrintOptions{AsOf: day, Only: only}, nil)
		if err != nil || len(batch.Letters) == 0 {
			return err
		}
		if pdf, err = u.svc.BatchPDF(ctx, batch, u.t("cli.print_title", u.date(day))); err != nil {
			return err
		}
		ways = u.svc.PrintWays(ctx)
		return nil
	}, func(err error) {
		v.LastBatch = batch
		if err != nil {
			u.showErr(err)
			return
		}
		var notes []string
		for _, p := range batch.Problems {
			notes = append(notes, u.t("cli.print_left_out", u.errText(p.Reason)))
		}
		for _, w := range batch.Warnings {
			notes = append(notes, w.In(u.lang))
		}
		for _, n := range batch.Notes {
			notes = append(notes, u.msgText(n))
		}
		if len(batch.Letters) == 0 {
			text := u.t("cli.print_nothing", u.date(day))
			if len(notes) > 0 {
				text += "\n" + strings.Join(notes, "\n")
			}
			u.info(u.t("ui.print"), text)
			return
		}
		u.printDialog(printJob{name: u.t("ui.print_file_batch", day.String()), pdf: pdf, letters: len(batch.Letters), pages: batch.Pages(),
			notes: notes,
			mark:  func(ctx context.Context) (*app.Posted, error) { return u.svc.MarkPosted(ctx, batch) },
			after: func() { u.Show(ScreenRun) }}, ways)
	})
}

// fillOutboxProblems lists emails refused for good (offered for print)
// and sends whose outcome the owner must settle, read off the UI
// goroutine.
func (u *UI) fillOutboxProblems(v *RunView) {
	var items []store.OutboxItem
	u.load(func(ctx context.Context) error {
		var err error
		items, err = u.svc.Outbox(ctx, store.OutboxFilter{States: []ledger.OutboxState{store.OutboxPermanent, store.OutboxUnknown, store.OutboxTemporary}})
		return err
	}, func(err error) {
		v.Problems.Objects = nil
		if err != nil {
			v.Problems.Add(u.errLabel(err))
			return
		}
		for _, it := range items {
			line := fmt.Sprintf("%s · %s · %s · %s", it.CustomerCode, it.Subject, u.outboxStateLabel(it.State), app.OutboxNote(u.lang, it.LastError))
			row := container.NewHBox(widget.NewLabel(line))
			if it.State == store.OutboxUnknown && it.Flagged {
				row.Add(widget.NewButton(u.t("ui.outbox_resend"), func() {
					u.write(func(ctx context.Context) error { return u.svc.OutboxResend(ctx, it.ID) }, func() { u.Show(ScreenRun) })
				}))
				row.Add(widget.NewButton(u.t("ui.outbox_mark_sent"), func() {
					u.write(func(ctx context.Context) error { return u.svc.OutboxMarkSent(ctx, it.ID) }, func() { u.Show(ScreenRun) })
				}))
			}
			v.Problems.Add(row)
		}
		if len(items) == 0 {
			v.Problems.Add(widget.NewLabel(u.t("ui.outbox_fine")))
		}
		v.Problems.Refresh()
	})
}
