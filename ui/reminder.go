package ui

import (
	"context"
	"image"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
)

// reminderSideWidth is the width of the Send reminder dialog's form: the
// longest kind in words ("Opomena pred utuženje", "Zweite Mahnung")
// and German's interest line fit in it at the default text size.
const reminderSideWidth = 400

// ReminderDialog is the Send reminder dialog (exposed for tests).
type ReminderDialog struct {
	Kind, Lang     *widget.Select
	Channel        *widget.Label
	Amounts        *widget.Label
	Preview        *canvas.Image
	Send, Print    *widget.Button
	Skip           *widget.Button
	Problem        *widget.Label
	d              *dialog.CustomDialog
	invoices       []string
	lastPreviewPNG []byte
	ready          bool   // the proposal is in: kind and language chosen
	compose        latest // the letter composed for the kind and language shown
}

var reminderKinds = []ledger.LetterKind{ledger.KindReminder1, ledger.KindReminder2, ledger.KindFinalDemand, ledger.KindPaymentDemand}
var letterLangs = []string{"fr", "en", "de", "sr-Cyrl", "sr-Latn"}
var reminderLangs = []ledger.Language{ledger.French, ledger.English, ledger.German, ledger.SerbianCyrillic, ledger.SerbianLatin}

// The kinds and languages are offered in words, in the owner's language
// (First reminder, français), never as codes (reminder-1, sr-Cyrl).

func (u *UI) kindWords() []string {
	out := make([]string, len(reminderKinds))
	for i, k := range reminderKinds {
		out[i] = app.KindName(u.lang, k)
	}
	return out
}

func (u *UI) langWords() []string {
	out := make([]string, len(reminderLangs))
	for i, l := range reminderLangs {
		out[i] = u.langName(l)
	}
	return out
}

// langName is a letter language in words, in the owner's language.
func (u *UI) langName(l ledger.Language) string { return u.t("language." + string(l)) }

// KindCode is the kind chosen ("" before the proposal is in).
func (r *ReminderDialog) KindCode() ledger.LetterKind {
	if i := r.Kind.SelectedIndex(); i >= 0 {
		return reminderKinds[i]
	}
	return ""
}

// LangCode is the language chosen.
func (r *ReminderDialog) LangCode() ledger.Language {
	if i := r.Lang.SelectedIndex(); i >= 0 {
		return reminderLangs[i]
	}
	return ""
}

// SetLang chooses a language by its code (tests; the list shows words).
func (r *ReminderDialog) SetLang(l ledger.Language) {
	for i, x := range reminderLangs {
		if x == l {
			r.Lang.SetSelectedIndex(i)
		}
	}
}

// SetKind chooses a kind by its code.
func (r *ReminderDialog) SetKind(k ledger.LetterKind) {
	for i, x := range reminderKinds {
		if x == k {
			r.Kind.SetSelectedIndex(i)
		}
	}
}

// reminderDialog opens the next letter the plan proposes for an invoice:
// its preview (the same layout as the PDF), channel, amounts, and Send,
// Print, Skip, or another kind or language. The dialog opens at once,
// saying "Loading…": the proposal (the invoice's customer's plan alone)
// and each composition of the letter are made off the UI goroutine.
func (u *UI) reminderDialog(number string) *ReminderDialog {
	day := u.today()
	r := &ReminderDialog{invoices: []string{number}}
	r.Channel = widget.NewLabel(u.t("ui.loading"))
	r.Amounts = widget.NewLabel("")
	r.Problem = widget.NewLabel(u.t("ui.loading"))
	r.Problem.Wrapping = fyne.TextWrapWord
	r.Preview = canvas.NewImageFromResource(nil)
	r.Preview.FillMode = canvas.ImageFillContain
	r.Preview.SetMinSize(fyne.NewSize(420, 594))
	r.Kind = widget.NewSelect(u.kindWords(), func(string) { u.refreshReminder(r) })
	r.Lang = widget.NewSelect(u.langWords(), func(string) { u.refreshReminder(r) })
	r.Kind.Disable()
	r.Lang.Disable()
	opts := func() app.ManualLetter {
		return app.ManualLetter{Kind: r.KindCode(), InvoiceNos: r.invoices, Language: r.LangCode(), AsOf: day}
	}
	r.Send = widget.NewButton(u.t("ui.send"), func() {
		m := opts()
		// Without an account the setup opens over this dialog; the send
		// goes on after it.
		u.withAccount(false, func() {
			u.withPasswords([]string{"smtp"}, func(pw app.Passwords) {
				var rep *app.SendReport
				u.task(u.t("ui.sending"), func(ctx context.Context, progress func(int, int)) error {
					var err error
					rep, err = u.svc.SendLetter(ctx, m, pw)
					return err
				}, func(err error) {
					if err != nil {
						u.showErr(err)
						return
					}
					r.d.Hide()
					u.Show(u.current)
					if !u.signInAgain(rep.Stopped) {
						u.info(u.t("ui.send"), u.sendSummary(rep))
					}
				})
			})
		})
	})
	r.Print = widget.NewButton(u.t("ui.print"), func() {
		m := opts()
		var p *app.PrintedLetter
		var ways app.PrintWays
		u.task(u.t("ui.printing"), func(ctx context.Context, _ func(int, int)) error {
			var err error
			if p, err = u.svc.PrintLetter(ctx, m, false); err != nil {
				return err
			}
			ways = u.svc.PrintWays(ctx)
			return nil
		}, func(err error) {
			if err != nil {
				u.showErr(err)
				return
			}
			// Nothing is recorded until the owner marks it posted.
			r.d.Hide()
			u.printDialog(printJob{name: u.t("ui.print_file_letter", number), pdf: p.PDF, letters: 1, pages: p.Pages,
				mark:  func(ctx context.Context) (*app.Posted, error) { return u.svc.MarkLetterPosted(ctx, p) },
				after: func() { u.Show(u.current) }}, ways)
		})
	})
	r.Send.Disable()
	r.Print.Disable()
	r.Skip = widget.NewButton(u.t("ui.skip"), func() { r.d.Hide() })
	form := widget.NewForm(
		widget.NewFormItem(u.t("ui.kind"), r.Kind),
		widget.NewFormItem(u.t("ui.language"), r.Lang),
		widget.NewFormItem(u.t("ui.channel"), r.Channel),
		widget.NewFormItem(u.t("ui.amounts"), r.Amounts),
	)
	// The side gets its width up front: the dialog is sized when shown,
	// before the kind's words and the amounts are in, and does not grow
	// after; the amounts wrap inside it rather than under the preview.
	r.Amounts.Wrapping = fyne.TextWrapWord
	width := canvas.NewRectangle(color.Transparent)
	width.SetMinSize(fyne.NewSize(reminderSideWidth, 0))
	side := container.NewStack(width, container.NewVBox(form, r.Problem, container.NewHBox(r.Send, r.Print, r.Skip)))
	r.d = dialog.NewCustomWithoutButtons(u.t("ui.reminder_title", number), container.NewBorder(nil, nil, side, nil, r.Preview), u.Win)
	r.d.Show()
	u.lastReminder = r
	var p app.InvoiceProposal
	u.load(func(ctx context.Context) error {
		var err error
		p, err = u.svc.InvoiceProposal(ctx, number, day)
		return err
	}, func(err error) {
		if err != nil {
			r.Channel.SetText("")
			r.Problem.SetText(u.errText(err))
			return
		}
		kind, channel := ledger.KindReminder1, ""
		if p.Proposed {
			kind, channel = p.Action.Kind, string(p.Action.Channel)
			r.invoices = nil
			for _, inv := range p.Action.Invoices {
				r.invoices = append(r.invoices, inv.Number)
			}
			if p.Action.Level == 4 {
				kind = ledger.KindFinalDemand
			}
		}
		if channel == "" {
			channel = "postal"
		}
		r.Channel.SetText(u.t("ui.channel_" + channel))
		lang := p.Customer.Language
		if lang == "" {
			lang = ledger.French
		}
		// Set without their callbacks: one composition follows, below.
		r.Kind.Selected, r.Lang.Selected = app.KindName(u.lang, kind), u.langName(lang)
		r.Kind.Enable()
		r.Lang.Enable()
		form.Refresh() // its labels were drawn dimmed, for the disabled choices
		r.ready = true
		u.refreshReminder(r)
	})
	return r
}

// refreshReminder composes the letter again for the kind and language
// chosen, off the UI goroutine, and shows its first page and amounts.
// Only the newest choice's letter is shown: a composition still running
// for an earlier one is cancelled, its result dropped.
func (u *UI) refreshReminder(r *ReminderDialog) {
	if !r.ready || r.KindCode() == "" || r.LangCode() == "" {
		return
	}
	r.Send.Disable()
	r.Print.Disable()
	r.Problem.SetText(u.t("ui.loading"))
	o := app.LetterOptions{Kind: r.KindCode(), InvoiceNos: r.invoices, Language: r.LangCode(), AsOf: u.today()}
	var doc *app.LetterDoc
	var png []byte
	var pic image.Image
	var pngErr error
	u.loadLatest(&r.compose, func(ctx context.Context) error {
		var err error
		if doc, err = u.svc.Letter(ctx, o); err != nil {
			return err
		}
		if png, pngErr = doc.PNG(0, 72); pngErr == nil {
			pic, pngErr = decodePreview(png)
		}
		return nil
	}, func(err error) {
		if err != nil {
			r.Problem.SetText(u.errText(err))
			return
		}
		// What the owner must know before sending: an invoice that claims
		// no interest and why, an original replaced by a copy.
		var notes []string
		for _, n := range doc.Request.Notes {
			notes = append(notes, u.msgText(n))
		}
		for _, w := range doc.Warnings {
			notes = append(notes, w.In(u.lang))
		}
		r.Problem.SetText(strings.Join(notes, "\n"))
		r.Send.Enable()
		r.Print.Enable()
		tot := doc.Composed.Data.Totals
		text := u.t("ui.amount_principal", tot.Principal)
		if tot.HasInterest {
			text += "\n" + u.t("ui.amount_interest", tot.Interest) + "\n" + u.t("ui.amount_compensation", tot.Compensation)
		}
		text += "\n" + u.t("ui.amount_total", tot.Total)
		r.Amounts.SetText(text)
		if pngErr != nil {
			// The letter itself is fine (Send and Print work): only its
			// picture could not be painted.
			r.Problem.SetText(strings.TrimSpace(r.Problem.Text + "\n" + u.errText(pngErr)))
			return
		}
		r.lastPreviewPNG = png
		showPreview(r.Preview, pic)
	})
}

// PreviewPNG is the preview shown (tests).
func (r *ReminderDialog) PreviewPNG() []byte { return r.lastPreviewPNG }
