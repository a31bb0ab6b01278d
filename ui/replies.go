package ui

import (
	"context"
	"encoding/json"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/store"
)

// RepliesView is the replies screen (exposed for tests).
type RepliesView struct {
	Items   []store.Inbound
	List    *widget.List
	Detail  *fyne.Container
	Sync    *widget.Button
	Actions []*widget.Button // the selected reply's suggestion buttons
	Review  *widget.Button
	// Confirm vouches for a message Relance does not trust (a reply from
	// an unknown sender, an unverified bounce); nil for the others.
	Confirm *widget.Button
	// Empty says, when no message is in yet, where replies come from and
	// the next step; SetupMail opens the mail setup when the inbox is not
	// set up.
	Empty     *widget.Label
	SetupMail *widget.Button
	loaded    bool // the messages are read (the journey log)
}

type suggestion struct {
	Kind     string `json:"kind"`
	Date     string `json:"date"`
	Amount   string `json:"amount"`
	Value    string `json:"value"`
	Evidence string `json:"evidence"`
}

// repliesScreen: replies with their customer, letter and new text, the
// suggested actions to confirm, mark reviewed; bounces with their postal
// fallback; automatic answers.
// The messages are read off the UI goroutine; the pane says "Loading…"
// meanwhile.
func (u *UI) repliesScreen() fyne.CanvasObject {
	v := &RepliesView{}
	u.replies = v
	v.Detail = container.NewStack(widget.NewLabel(u.t("ui.loading")))
	var items []store.Inbound
	inbox := false
	u.load(func(ctx context.Context) error {
		var err error
		if items, err = u.svc.Responses(ctx, store.ResponseFilter{}); err != nil || len(items) > 0 {
			return err
		}
		acct, err := u.svc.MailAccount(ctx)
		inbox = acct.IMAPConfigured()
		return err
	}, func(err error) {
		v.loaded = true
		switch {
		case err != nil:
			v.Detail.Objects = []fyne.CanvasObject{u.errLabel(err)}
		case len(items) == 0:
			v.Detail.Objects = []fyne.CanvasObject{u.repliesEmpty(v, inbox)}
		default:
			v.Items = items
			v.List.Refresh()
			v.Detail.Objects = []fyne.CanvasObject{widget.NewLabel(u.t("ui.reply_pick"))}
		}
		v.Detail.Refresh()
	})
	v.List = widget.NewList(func() int { return len(v.Items) },
		func() fyne.CanvasObject { return widget.NewLabel("wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			m := v.Items[i]
			who := m.CustomerCode
			if who == "" {
				who = m.From
			}
			mark := "● "
			if m.Reviewed {
				mark = "  "
			}
			if m.Trust != store.TrustOK {
				mark += "⚠ "
			}
			o.(*widget.Label).SetText(fmt.Sprintf("%s%s · %s · %s", mark, u.t("ui.class_"+m.Class), who, m.Subject))
		})
	v.List.OnSelected = func(i widget.ListItemID) { u.showReply(v, i) }
	v.Sync = widget.NewButton(u.t("ui.sync_now"), func() { u.syncInbox(func() { u.Show(ScreenReplies) }) })
	split := container.NewHSplit(container.NewBorder(v.Sync, nil, nil, nil, v.List), v.Detail)
	split.Offset = 0.4
	return split
}

// repliesEmpty says that no message is in yet, where replies come from,
// and the next step: set up the inbox, or read it now.
func (u *UI) repliesEmpty(v *RepliesView, inbox bool) fyne.CanvasObject {
	if inbox {
		v.Empty = widget.NewLabel(u.t("ui.replies_empty", u.t("ui.sync_now")))
	} else {
		v.Empty = widget.NewLabel(u.t("ui.replies_empty_no_inbox"))
	}
	v.Empty.Wrapping = fyne.TextWrapWord
	if inbox {
		return container.NewVBox(v.Empty)
	}
	v.SetupMail = widget.NewButton(u.t("ui.next_mail_button"), func() { u.withAccount(true, func() { u.Show(ScreenReplies) }) })
	return container.NewVBox(v.Empty, container.NewHBox(v.SetupMail))
}

func (u *UI) showReply(v *RepliesView, i int) {
	m := v.Items[i]
	var sg []suggestion
	json.Unmarshal([]byte(m.Suggestions), &sg)
	info := widget.NewForm(
		widget.NewFormItem(u.t("ui.reply_from"), widget.NewLabel(m.From)),
		widget.NewFormItem(u.t("ui.reply_customer"), widget.NewLabel(orDash(m.CustomerCode))),
		widget.NewFormItem(u.t("ui.reply_letter"), widget.NewLabel(orDash(m.LetterMsgID))),
		widget.NewFormItem(u.t("ui.reply_match"), widget.NewLabel(orDash(m.Match))),
		widget.NewFormItem(u.t("ui.reply_received"), widget.NewLabel(m.ReceivedAt.Local().Format("2006-01-02 15:04"))),
	)
	text := m.NewText
	if text == "" {
		text = m.Summary
	}
	body := widget.NewLabel(text)
	body.Wrapping = fyne.TextWrapWord
	box := container.NewVBox(widget.NewLabelWithStyle(m.Subject, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), info)
	v.Confirm = nil
	if m.Trust != store.TrustOK {
		box.Add(u.trustWarning(v, m))
	}
	box.Add(widget.NewCard("", "", body))
	switch m.Class {
	case "bounce":
		kind := u.t("ui.bounce_soft")
		if m.Hard {
			kind = u.t("ui.bounce_hard")
		}
		box.Add(widget.NewLabel(fmt.Sprintf("%s · %s %s", kind, m.Recipient, m.Status)))
		if m.Hard && m.OutboxID != 0 && m.Trust == store.TrustOK {
			box.Add(widget.NewLabel(u.t("ui.bounce_postal")))
		}
	case "auto-reply":
		if m.ReturnDate != "" {
			box.Add(widget.NewLabel(u.t("ui.auto_back", m.ReturnDate)))
		}
	}
	v.Actions = nil
	for n, s := range sg {
		n, s := n, s
		label := u.t("ui.suggest_"+s.Kind, s.Date, s.Amount, s.Value)
		apply := func(after func()) {
			var done i18n.Msg
			u.write(func(ctx context.Context) error {
				var err error
				done, err = u.svc.ApplySuggestion(ctx, m.ID, n+1)
				return err
			}, func() {
				u.info(u.t("ui.nav_replies"), done.In(u.lang))
				if after != nil {
					after()
				}
			})
		}
		b := widget.NewButton(label, func() {
			if m.Trust != store.TrustUnknownSender {
				apply(nil)
				return
			}
			// Nothing a stranger wrote changes the ledger unless the owner
			// says the sender is the customer's, knowing why it matters.
			u.ask(u.t("ui.trust_confirm_title"), u.t("ui.trust_confirm_apply", m.From, m.CustomerCode), func() {
				u.write(func(ctx context.Context) error {
					_, err := u.svc.ConfirmResponse(ctx, m.ID)
					return err
				}, func() { apply(func() { u.Show(ScreenReplies) }) })
			})
		})
		v.Actions = append(v.Actions, b)
		box.Add(container.NewVBox(b, widget.NewLabel("« "+s.Evidence+" »")))
	}
	v.Review = widget.NewButton(u.t("ui.mark_reviewed"), func() {
		u.write(func(ctx context.Context) error { return u.svc.ReviewResponse(ctx, m.ID) }, func() { u.Show(ScreenReplies) })
	})
	if m.Reviewed {
		v.Review.Disable()
	}
	box.Add(v.Review)
	v.Detail.Objects = []fyne.CanvasObject{container.NewVScroll(box)}
	v.Detail.Refresh()
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// trustWarning says plainly why a message changed nothing, with the
// owner's Confirm.
func (u *UI) trustWarning(v *RepliesView, m store.Inbound) fyne.CanvasObject {
	state, ask := u.t("ui.trust_unknown_sender"), u.t("ui.trust_confirm_sender", m.From, orDash(m.CustomerCode))
	if m.Trust == store.TrustUnverifiedBounce {
		state, ask = u.t("ui.trust_unverified_bounce"), u.t("ui.trust_confirm_bounce", orDash(m.Recipient))
	}
	why := widget.NewLabel(app.OutboxNote(u.lang, m.TrustNote))
	why.Wrapping = fyne.TextWrapWord
	v.Confirm = widget.NewButton(u.t("ui.trust_confirm"), func() {
		u.ask(u.t("ui.trust_confirm_title"), ask, func() {
			var done i18n.Msg
			u.write(func(ctx context.Context) error {
				var err error
				done, err = u.svc.ConfirmResponse(ctx, m.ID)
				return err
			}, func() {
				u.info(u.t("ui.nav_replies"), done.In(u.lang))
				u.Show(ScreenReplies)
			})
		})
	})
	return container.NewVBox(widget.NewLabelWithStyle("⚠ "+state, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), why, v.Confirm)
}

// ask asks the owner to confirm an action, with the words of the
// product (Fyne's own Yes/No follow the system's language, not ours).
func (u *UI) ask(title, text string, yes func()) {
	msg := widget.NewLabel(text)
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm(title, u.t("ui.trust_confirm"), u.t("ui.cancel"), msg, func(ok bool) {
		if ok {
			yes()
		}
	}, u.Win)
	d.Resize(fyne.NewSize(480, 220))
	d.Show()
}
