package ui

import (
	"context"
	"image"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
)

// ReminderDialog is the Send reminder dialog (exposed for tests).
type ReminderDialog struct {
	Kind, Lang     *CodeSelect
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

var reminderKinds = []string{"reminder-1", "reminder-2", "final-demand", "payment-demand"}
var letterLangs = []string{"fr", "en", "de", "sr-Cyrl", "sr-Latn"}

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
	r.Kind = u.newCodeSelect(reminderKinds, u.kindOf, func(string) { u.refreshReminder(r) })
	r.Lang = u.newCodeSelect(letterLangs, langLabel, func(string) { u.refreshReminder(r) })
	r.Kind.Disable()
	r.Lang.Disable()
	opts := func() app.ManualLetter {
		return app.ManualLetter{Kind: ledger.LetterKind(r.Kind.Code()), InvoiceNos: r.invoices, Language: ledger.Language(r.Lang.Code()), AsOf: day}
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
		u.task(u.t("ui.printing"), func(ctx context.Context, _ func(int, int)) error {
			return u.svc.PrintLetter(ctx, m, false, func(pdf []byte) error { return u.printPDF(pdf, "relance-"+number) })
		}, func(err error) {
			if err != nil {
				u.showErr(err)
				return
			}
			r.d.Hide()
			u.Show(u.current)
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
	side := container.NewVBox(form, r.Problem, container.NewHBox(r.Send, r.Print, r.Skip))
	r.d = dialog.NewCustomWithoutButtons(u.t("ui.reminder_title", number), container.NewHBox(side, r.Preview), u.Win)
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
		kind, channel := "reminder-1", ""
		if p.Proposed {
			kind, channel = string(p.Action.Kind), string(p.Action.Channel)
			r.invoices = nil
			for _, inv := range p.Action.Invoices {
				r.invoices = append(r.invoices, inv.Number)
			}
			if p.Action.Level == 4 {
				kind = "final-demand"
			}
		}
		if channel == "" {
			channel = "postal"
		}
		r.Channel.SetText(u.t("ui.channel_" + channel))
		lang := string(p.Customer.Language)
		if lang == "" {
			lang = "fr"
		}
		// Set without their callbacks: one composition follows, below.
		r.Kind.showCode(kind)
		r.Lang.showCode(lang)
		r.Kind.Enable()
		r.Lang.Enable()
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
	if !r.ready || r.Kind.Code() == "" || r.Lang.Code() == "" {
		return
	}
	r.Send.Disable()
	r.Print.Disable()
	r.Problem.SetText(u.t("ui.loading"))
	o := app.LetterOptions{Kind: ledger.LetterKind(r.Kind.Code()), InvoiceNos: r.invoices, Language: ledger.Language(r.Lang.Code()), AsOf: u.today()}
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

// printPDF sends a PDF to the printer with lp where CUPS is there, else
// opens it in the system's viewer.
func (u *UI) printPDF(pdf []byte, name string) error {
	dir := filepath.Join(os.TempDir(), "relance-print")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	p := filepath.Join(dir, name+".pdf")
	if err := os.WriteFile(p, pdf, 0o600); err != nil {
		return err
	}
	if u.opt.NoWatch { // tests: the file is the print
		u.lastPrint = p
		return nil
	}
	if lp, err := exec.LookPath("lp"); err == nil {
		if out, err := exec.Command(lp, p).CombinedOutput(); err != nil {
			return &printError{out: string(out), err: err}
		}
		return nil
	}
	uri, err := url.Parse(storage.NewFileURI(p).String())
	if err != nil {
		return err
	}
	return u.App.OpenURL(uri)
}

// printError is lp's refusal, with what it said.
type printError struct {
	out string
	err error
}

func (e *printError) Error() string { return "lp: " + e.err.Error() + ": " + e.out }
