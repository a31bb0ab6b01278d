package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// Proofs (issue 19): the letter as it will go out, marked PROOF, sent to
// the owner or colleagues from the templates screen and a campaign's
// screen. The core composes, marks, sends and records it; the screen only
// asks for the addresses and says what came back.

// ProofDialog is the "Send proof…" dialog (exposed for tests).
type ProofDialog struct {
	To *widget.Entry
	// OnCustomer fills the letter with the chosen customer's data (it
	// goes to other people than the customer); unticked: the sample.
	OnCustomer *widget.Check
	Send       *widget.Button
	Error      *widget.Label
	d          dialog.Dialog
}

// proofSend sends a proof to the addresses, on customer's data ("": the
// sample), with the passwords.
type proofSend func(ctx context.Context, to []string, customer string, pw app.Passwords) (*app.ProofReport, error)

// proofDialog asks whom a proof goes to and sends it; note says what is
// sent (the saved template, the campaign's notice); customer is the
// customer the screen has chosen ("": the sample only); after runs once
// a proof went.
func (u *UI) proofDialog(note, customer string, send proofSend, after func()) *ProofDialog {
	p := &ProofDialog{To: widget.NewEntry(), Error: widget.NewLabel("")}
	p.To.SetPlaceHolder(u.t("ui.proof_to_hint"))
	p.Error.Wrapping = fyne.TextWrapWord
	p.Error.Importance = widget.DangerImportance
	about := widget.NewLabel(u.t("ui.proof_about") + "\n" + note)
	about.Wrapping = fyne.TextWrapWord
	p.OnCustomer = widget.NewCheck(u.t("ui.proof_on_customer", customer), nil)
	if customer == "" {
		p.OnCustomer.Hide()
	}
	p.Send = widget.NewButton(u.t("ui.proof_send_now"), func() {
		var to []string
		for _, a := range strings.Split(p.To.Text, ",") {
			if a = strings.TrimSpace(a); a != "" {
				to = append(to, a)
			}
		}
		code := ""
		if p.OnCustomer.Checked {
			code = customer
		}
		p.Error.SetText("")
		u.withPasswords([]string{"smtp"}, func(pw app.Passwords) {
			var rep *app.ProofReport
			u.task(u.t("ui.sending"), func(ctx context.Context, _ func(int, int)) error {
				var err error
				rep, err = send(ctx, to, code, pw)
				return err
			}, func(err error) {
				if errors.Is(err, app.ErrNoAccount) {
					u.withAccount(false, func() {})
					return
				}
				if u.signInAgain(err) {
					return
				}
				if err != nil {
					p.Error.SetText(u.errText(err))
					return
				}
				p.d.Hide()
				text := u.t("ui.proof_sent", strings.Join(rep.Proof.Recipients, ", "))
				if len(rep.Refused) > 0 {
					text += "\n" + u.t("cli.proof_refused", strings.Join(rep.Refused, ", "))
				}
				u.info(u.t("ui.proof_title"), text)
				if after != nil {
					after()
				}
			})
		})
	})
	p.Send.Importance = widget.HighImportance
	form := widget.NewForm(widget.NewFormItem(u.t("ui.proof_to"), p.To))
	content := container.NewVBox(about, form, p.OnCustomer, p.Error)
	p.d = dialog.NewCustomWithoutButtons(u.t("ui.proof_title"), container.NewBorder(nil,
		container.NewHBox(widget.NewButton(u.t("ui.cancel"), func() { p.d.Hide() }), p.Send), nil, nil, content), u.Win)
	p.d.Resize(fyne.NewSize(560, 320))
	p.d.Show()
	return p
}

// templateProof opens the proof dialog for the template chosen on the
// templates screen: the saved one goes, in the variant the ladder would
// use by default (A).
func (u *UI) templateProof(v *TemplatesView) {
	kind, lang := ledger.LetterKind(v.Kind.Code()), ledger.Language(v.Lang.Code())
	v.ProofForm = u.proofDialog(u.t("ui.proof_saved_only"), v.Customer.Code(), func(ctx context.Context, to []string, code string, pw app.Passwords) (*app.ProofReport, error) {
		return u.svc.SendTemplateProof(ctx, app.ProofOptions{Kind: kind, Language: lang, CustomerCode: code, To: to, AsOf: u.today(), Passwords: pw})
	}, func() { u.templateProofs(v, kind, lang) })
}

// templateProofs shows the last proofs of the template chosen and what
// they were answered (none: nothing is said), read off the UI goroutine.
func (u *UI) templateProofs(v *TemplatesView, kind ledger.LetterKind, lang ledger.Language) {
	var proofs []store.Proof
	replies := map[int64][]store.Inbound{}
	u.loadLatest(&v.proofs, func(ctx context.Context) error {
		list, err := u.svc.TemplateProofs(ctx, kind, lang)
		for _, p := range list {
			if p.CampaignID != 0 {
				continue
			}
			if len(proofs) == templateProofsShown {
				break
			}
			proofs = append(proofs, p)
			if p.Replies > 0 && err == nil {
				replies[p.ID], err = u.svc.ProofReplies(ctx, p.ID)
			}
		}
		return err
	}, func(err error) {
		switch {
		case err != nil:
			v.Proofs.SetText(u.errText(err))
		case len(proofs) == 0:
			v.Proofs.SetText("")
		default:
			v.Proofs.SetText(u.proofsText(proofs, replies))
		}
	})
}

// templateProofsShown is how many of a template's proofs its screen
// shows (the newest): the editor keeps its height.
const templateProofsShown = 2

// campaignProof opens the proof dialog for the open campaign's notice;
// its proofs are listed again once one went.
func (u *UI) campaignProof(v *AnnouncementsView) {
	name := v.current.Name
	customer := ""
	if len(v.current.Audience.Codes) > 0 {
		customer = v.current.Audience.Codes[0]
	}
	v.ProofForm = u.proofDialog(u.t("ui.proof_campaign_note", name), customer, func(ctx context.Context, to []string, code string, pw app.Passwords) (*app.ProofReport, error) {
		return u.svc.SendCampaignProof(ctx, name, app.CampaignProofOptions{CustomerCode: code, To: to, AsOf: u.today(), Passwords: pw})
	}, func() { u.openCampaign(v, name) })
}

// proofsText says a campaign's proofs and what each was answered, read
// off the UI goroutine (proofsOf) and shown beside the draft.
func (u *UI) proofsText(proofs []store.Proof, replies map[int64][]store.Inbound) string {
	if len(proofs) == 0 {
		return u.t("ui.proofs_none")
	}
	var b strings.Builder
	for i, p := range proofs {
		if i > 0 {
			b.WriteString("\n")
		}
		when := u.date(ledger.DateOf(p.SentAt.Local())) + " " + p.SentAt.Local().Format("15:04")
		b.WriteString(u.t("ui.proof_line", when, strings.Join(p.Recipients, ", "), p.Replies))
		for _, m := range replies[p.ID] {
			b.WriteString("\n    " + u.t("ui.proof_reply", m.From, oneLineText(m.Summary)))
		}
	}
	return b.String()
}

// proofsOf reads a campaign's proofs and their replies.
func (u *UI) proofsOf(ctx context.Context, name string) ([]store.Proof, map[int64][]store.Inbound, error) {
	proofs, err := u.svc.CampaignProofs(ctx, name)
	if err != nil {
		return nil, nil, err
	}
	replies := map[int64][]store.Inbound{}
	for _, p := range proofs {
		if p.Replies == 0 {
			continue
		}
		if replies[p.ID], err = u.svc.ProofReplies(ctx, p.ID); err != nil {
			return nil, nil, fmt.Errorf("replies to proof %d: %w", p.ID, err)
		}
	}
	return proofs, replies, nil
}

func oneLineText(s string) string { return strings.Join(strings.Fields(s), " ") }
