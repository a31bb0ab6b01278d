package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// AnnouncementsView is the campaigns screen (exposed for tests).
type AnnouncementsView struct {
	Campaign   *widget.Select
	New        *widget.Button
	Summary    *widget.Label
	Recipients *widget.List
	Send       *widget.Button
	Postcards  *widget.Button
	AddAppt    *widget.Button
	Proof      *widget.Button   // Send proof…: the notice marked PROOF to the owner or colleagues
	Proofs     *widget.Label    // the campaign's proofs and their replies, beside the draft
	ProofForm  *ProofDialog     // the last one opened
	Form       *CampaignForm    // the last "new campaign" form opened
	ApptForm   *AppointmentForm // the last "add appointment" form opened
	current    store.Campaign
	rows       []store.Recipient
	appts      []store.Appointment
}

// AppointmentForm is the "add appointment" dialog.
type AppointmentForm struct {
	Customer, Time, Zone, Minutes, Place, Subject *widget.Entry
	Day                                           *DateEntry // the day; Time its hour ("14:00")
	Add                                           *widget.Button
	Error                                         *widget.Label
	d                                             dialog.Dialog
}

// CampaignForm is the "new campaign" dialog.
type CampaignForm struct {
	Name   *widget.Entry
	Kind   *CodeSelect
	Fields map[string]*widget.Entry
	// Optional is the paperless campaign's "optional" field, yes or no.
	Optional *widget.Check
	// RequireProof is the "require_proof" field: no send before a proof.
	RequireProof *widget.Check
	All          *widget.Check
	Codes        *widget.Entry
	Terms        *widget.Check
	Create       *widget.Button
	Error        *widget.Label
	d            dialog.Dialog
}

// campaignKinds the form offers; each kind's fields are app.CampaignFields.
var campaignKinds = []string{"paperless", "billing-change", "appointments"}

// announcementsScreen: the campaigns (billing change, paperless), each
// with its recipients, channel and answer; send, postcards, new campaign.
func (u *UI) announcementsScreen() fyne.CanvasObject {
	v := &AnnouncementsView{Summary: widget.NewLabel("")}
	u.announcements = v
	v.Summary.Wrapping = fyne.TextWrapWord
	v.Campaign = widget.NewSelect(nil, func(name string) { u.openCampaign(v, name) })
	v.Campaign.PlaceHolder = u.t("ui.campaign_pick")
	v.New = widget.NewButton(u.t("ui.campaign_new"), func() { u.newCampaignForm(v) })
	v.Send = widget.NewButton(u.t("ui.campaign_send"), func() { u.sendCampaign(v) })
	v.Postcards = widget.NewButton(u.t("ui.campaign_postcards"), func() { u.printPostcards(v) })
	v.AddAppt = widget.NewButton(u.t("ui.appointment_add"), func() { u.appointmentForm(v) })
	v.Proof = widget.NewButton(u.t("ui.proof_send"), func() { u.campaignProof(v) })
	v.Proofs = widget.NewLabel("")
	v.Proofs.Wrapping = fyne.TextWrapWord
	v.Proof.Disable()
	v.Send.Disable()
	v.Postcards.Disable()
	v.AddAppt.Hide()
	v.Recipients = widget.NewList(func() int {
		if v.current.Kind == ledger.CampaignAppointments {
			return len(v.appts)
		}
		return len(v.rows)
	},
		func() fyne.CanvasObject {
			return widget.NewLabel("C000000  Wwwwwwwwwwwwwwwwwwwwwwwwww  wwwwwww  wwwwwwwwwwww")
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if v.current.Kind == ledger.CampaignAppointments {
				a := v.appts[i]
				text := fmt.Sprintf("%s  ·  %s (%s)  ·  %s  ·  %s", a.CustomerCode, strings.Replace(a.StartsAt, "T", " ", 1), a.TimeZone, a.Place, a.Subject)
				if !a.RemindedOn.IsZero() {
					text += "  ·  " + u.t("ui.appointment_reminded", u.date(a.RemindedOn))
				}
				o.(*widget.Label).SetText(text)
				return
			}
			r := v.rows[i]
			text := fmt.Sprintf("%s  %s  ·  %s  ·  %s", r.CustomerCode, r.CustomerName, u.t("cli.campaign_channel_"+r.Channel), u.t("cli.campaign_state_"+r.State))
			if !r.EmailOnlyFrom.IsZero() {
				text += "  ·  " + u.t("ui.campaign_email_only", u.date(r.EmailOnlyFrom))
			}
			o.(*widget.Label).SetText(text)
		})
	u.fillCampaigns(v, "")
	top := container.NewBorder(nil, nil, widget.NewLabel(u.t("ui.campaign")), container.NewHBox(v.New), v.Campaign)
	actions := container.NewHBox(v.Proof, v.Send, v.Postcards, v.AddAppt)
	return container.NewBorder(container.NewVBox(top, v.Summary, v.Proofs, actions), nil, nil, nil, v.Recipients)
}

// fillCampaigns lists the campaigns and opens one (the newest when name
// is ""), read off the UI goroutine.
func (u *UI) fillCampaigns(v *AnnouncementsView, name string) {
	v.Summary.SetText(u.t("ui.loading"))
	var names []string
	u.load(func(ctx context.Context) error {
		list, err := u.svc.Campaigns(ctx)
		for _, c := range list {
			names = append(names, c.Name)
		}
		return err
	}, func(err error) {
		if err != nil {
			v.Summary.SetText(u.errText(err))
			return
		}
		u.showCampaigns(v, names, name)
	})
}

func (u *UI) showCampaigns(v *AnnouncementsView, names []string, name string) {
	v.Campaign.Options = names
	if len(names) == 0 {
		v.Summary.SetText(u.t("ui.campaign_none"))
		return
	}
	if name == "" {
		name = names[0]
	}
	v.Campaign.SetSelected(name)
}

// openCampaign shows a campaign's recipients and counts.
func (u *UI) openCampaign(v *AnnouncementsView, name string) {
	// A campaign to every customer lists them all: read in the background.
	var c store.Campaign
	var rows []store.Recipient
	var appts []store.Appointment
	var proofs []store.Proof
	var replies map[int64][]store.Inbound
	u.load(func(ctx context.Context) error {
		var err error
		if c, rows, err = u.svc.CampaignStatus(ctx, name); err == nil && c.Kind == ledger.CampaignAppointments {
			appts, err = u.svc.Appointments(ctx, name)
		} else if err == nil {
			proofs, replies, err = u.proofsOf(ctx, name)
		}
		return err
	}, func(err error) {
		if err != nil {
			u.showErr(err)
			return
		}
		v.appts = appts
		u.showCampaign(v, c, rows)
		if c.Kind == ledger.CampaignAppointments {
			v.Proofs.SetText("")
			v.Proofs.Hide()
			v.Proof.Disable()
			return
		}
		v.Proofs.SetText(u.proofsText(proofs, replies))
		v.Proofs.Show()
		v.Proof.Enable()
	})
}

// showCampaign fills the screen with a campaign read by openCampaign.
func (u *UI) showCampaign(v *AnnouncementsView, c store.Campaign, rows []store.Recipient) {
	v.current, v.rows = c, rows
	v.Send.Enable()
	if c.Kind == ledger.CampaignAppointments {
		reminded := 0
		for _, a := range v.appts {
			if !a.RemindedOn.IsZero() {
				reminded++
			}
		}
		v.Summary.SetText(u.t("ui.appointments_summary", len(v.appts), reminded))
		v.Postcards.Disable()
		v.AddAppt.Show()
		v.Recipients.Refresh()
		return
	}
	v.AddAppt.Hide()
	counts := map[string]int{}
	for _, r := range rows {
		counts[r.State]++
	}
	text := u.t("ui.campaign_summary", u.t("ui.campaign_kind_"+string(c.Kind)), u.date(c.EffectiveDate))
	if len(rows) == 0 {
		text += "\n" + u.t("ui.campaign_not_sent")
	} else {
		text += "\n" + u.t("cli.campaign_status_counts", len(rows), counts["granted"]+counts["acknowledged"], counts["refused"]+counts["withdrawn"], counts["sent"])
	}
	v.Summary.SetText(text)
	if c.Kind == ledger.CampaignPaperless && counts["sent"] > 0 {
		v.Postcards.Enable()
	} else {
		v.Postcards.Disable()
	}
	v.Recipients.Refresh()
}

// newCampaignForm asks for a campaign's name, kind, fields and audience.
func (u *UI) newCampaignForm(v *AnnouncementsView) {
	f := &CampaignForm{Name: widget.NewEntry(), Fields: map[string]*widget.Entry{}, Codes: widget.NewEntry(), Error: widget.NewLabel("")}
	f.Error.Wrapping = fyne.TextWrapWord
	f.Error.Importance = widget.DangerImportance
	f.Codes.SetPlaceHolder("C0001, C0002")
	f.All = widget.NewCheck(u.t("cli.flag_campaign_all"), func(b bool) {
		if b {
			f.Codes.Disable()
		} else {
			f.Codes.Enable()
		}
	})
	f.Terms = widget.NewCheck(u.t("cli.flag_campaign_terms"), nil)
	fields := container.NewVBox()
	f.Optional = widget.NewCheck("", nil)
	f.RequireProof = widget.NewCheck("", nil)
	placed := map[string]fyne.CanvasObject{} // what the form shows for a field: its entry, a date field
	f.Kind = u.newCodeSelect(campaignKinds, func(k string) string { return u.t("ui.campaign_kind_" + k) }, func(kind string) {
		form := widget.NewForm()
		for _, k := range app.CampaignFields(ledger.CampaignKind(kind)) {
			if k == "optional" { // yes or no: a box to tick
				form.Append(u.t("ui.campaign_field_optional"), f.Optional)
				continue
			}
			if k == "require_proof" {
				form.Append(u.t("ui.campaign_field_require_proof"), f.RequireProof)
				continue
			}
			if _, ok := f.Fields[k]; !ok {
				if k == "effective_date" {
					d := u.newDateEntry()
					f.Fields[k], placed[k] = &d.Entry, d
				} else {
					e := widget.NewEntry()
					f.Fields[k], placed[k] = e, e
				}
			}
			form.Append(u.t("ui.campaign_field_"+k), placed[k])
		}
		fields.Objects = []fyne.CanvasObject{form}
		fields.Refresh()
	})
	f.Kind.SetCode(campaignKinds[0])
	f.Create = widget.NewButton(u.t("ui.campaign_create"), func() {
		f.Error.SetText("")
		spec := app.CampaignSpec{Name: f.Name.Text, Kind: ledger.CampaignKind(f.Kind.Code()), Fields: map[string]string{}, TermsChange: f.Terms.Checked,
			Audience: store.Audience{All: f.All.Checked}}
		for _, k := range app.CampaignFields(spec.Kind) {
			if k == "optional" {
				spec.Fields[k] = map[bool]string{true: "yes", false: "no"}[f.Optional.Checked]
				continue
			}
			if k == "require_proof" {
				spec.Fields[k] = map[bool]string{true: "yes", false: "no"}[f.RequireProof.Checked]
				continue
			}
			t := strings.TrimSpace(f.Fields[k].Text)
			if d, ok := parseDate(t); ok && k == "effective_date" {
				t = d.String() // the service reads ISO dates
			}
			if t != "" {
				spec.Fields[k] = t
			}
		}
		if !f.All.Checked {
			for _, code := range strings.Split(f.Codes.Text, ",") {
				if code = strings.TrimSpace(code); code != "" {
					spec.Audience.Codes = append(spec.Audience.Codes, code)
				}
			}
		}
		var c store.Campaign
		f.Create.Disable()
		u.load(func(ctx context.Context) error {
			var err error
			c, err = u.svc.CreateCampaign(ctx, spec)
			return err
		}, func(err error) {
			f.Create.Enable()
			if err != nil {
				f.Error.SetText(u.errText(err))
				return
			}
			f.d.Hide()
			u.fillCampaigns(v, c.Name)
		})
	})
	f.Create.Importance = widget.HighImportance
	head := widget.NewForm(widget.NewFormItem(u.t("ui.campaign_name"), f.Name), widget.NewFormItem(u.t("ui.campaign_kind"), f.Kind),
		widget.NewFormItem(u.t("ui.campaign_audience"), container.NewVBox(f.All, f.Codes)), widget.NewFormItem("", f.Terms))
	content := container.NewVScroll(container.NewVBox(head, fields, f.Error))
	content.SetMinSize(fyne.NewSize(640, 460))
	f.d = dialog.NewCustomWithoutButtons(u.t("ui.campaign_new"), container.NewBorder(nil, container.NewHBox(
		widget.NewButton(u.t("ui.cancel"), func() { f.d.Hide() }), f.Create), nil, nil, content), u.Win)
	v.Form = f
	f.d.Show()
}

// campaignFile is a new file for a campaign's print, beside the ledger.
func (u *UI) campaignFile(what string) string {
	dir := filepath.Dir(u.svc.Path())
	base := fmt.Sprintf("%s-%s", what, u.today())
	p := filepath.Join(dir, base+".pdf")
	for i := 2; ; i++ {
		if _, err := os.Stat(p); os.IsNotExist(err) {
			return p
		}
		p = filepath.Join(dir, fmt.Sprintf("%s-%d.pdf", base, i))
	}
}

// sendCampaign sends the open campaign: emails delivered with progress;
// the postal notices made into one file for the print dialog (Save as
// PDF…, Print), and recorded only when the owner marks them posted, as the
// ladder's letters are: a file never printed reaches nobody.
func (u *UI) sendCampaign(v *AnnouncementsView) {
	name := v.current.Name
	var run func(pw app.Passwords)
	run = func(pw app.Passwords) {
		var rep *app.CampaignReport
		var ways app.PrintWays
		u.task(u.t("ui.sending"), func(ctx context.Context, _ func(int, int)) error {
			var err error
			rep, err = u.svc.SendCampaign(ctx, name, app.CampaignSendOptions{AsOf: u.today(), HoldPostal: true, Passwords: pw})
			if err == nil && rep.PostalPDF != nil {
				ways = u.svc.PrintWays(ctx) // lpstat runs a process: not on the UI goroutine
			}
			return err
		}, func(err error) {
			if errors.Is(err, app.ErrNoAccount) {
				// An email notice and no account: nothing was sent. The
				// setup opens, and the send goes on after it.
				u.withAccount(false, func() { u.withPasswords([]string{"smtp"}, run) })
				return
			}
			if u.signInAgain(err) {
				return
			}
			if err != nil {
				u.showErr(err)
				u.openCampaign(v, name)
				return
			}
			var problems []string
			for _, p := range rep.Problems {
				problems = append(problems, u.t("cli.print_left_out", u.errText(p.Reason)))
			}
			if rep.PostalPDF == nil {
				text := u.t("cli.campaign_sent", len(rep.Emailed), len(rep.Posted), len(rep.Skipped))
				if len(problems) > 0 {
					text += "\n" + strings.Join(problems, "\n")
				}
				u.info(u.t("ui.campaign_send"), text)
				u.openCampaign(v, name)
				return
			}
			notes := append([]string{u.t("ui.campaign_emailed_post_next", len(rep.Emailed), len(rep.Skipped), len(rep.Held))}, problems...)
			held := rep.Held
			u.printDialog(printJob{name: fmt.Sprintf("%s-%s", slug(name), u.today()), pdf: rep.PostalPDF, letters: len(held), pages: rep.Pages,
				notes: notes,
				mark: func(ctx context.Context) (*app.Posted, error) {
					cp, err := u.svc.MarkCampaignPosted(ctx, name, held, u.today())
					if err != nil {
						return nil, err
					}
					out := &app.Posted{AsOf: cp.AsOf, Dropped: cp.Dropped}
					for _, code := range cp.Recorded {
						out.Recorded = append(out.Recorded, app.BatchLetter{CustomerCode: code})
					}
					return out, nil
				},
				after: func() { u.openCampaign(v, name) }}, ways)
			u.openCampaign(v, name)
		})
	}
	configured := false
	u.load(func(ctx context.Context) error {
		acct, err := u.svc.MailAccount(ctx)
		configured = err == nil && acct.Configured()
		return nil
	}, func(error) {
		if !configured {
			run(nil) // postal only; an email notice is refused with a clear message
			return
		}
		u.withPasswords([]string{"smtp"}, run)
	})
}

// printPostcards prints the postcard reminders for those who have not
// answered the open paperless campaign.
func (u *UI) printPostcards(v *AnnouncementsView) {
	name := v.current.Name
	out := u.campaignFile(slug(name) + "-cards")
	var codes []string
	u.task(u.t("ui.printing"), func(ctx context.Context, _ func(int, int)) error {
		var err error
		codes, _, err = u.svc.CampaignPostcards(ctx, name, app.PostcardOptions{AsOf: u.today(), Out: out})
		if err == nil && len(codes) > 0 {
			var pdf []byte
			if pdf, err = os.ReadFile(out); err == nil {
				err = u.printPDF(pdf, strings.TrimSuffix(filepath.Base(out), ".pdf"))
			}
		}
		return err
	}, func(err error) {
		if err != nil {
			u.showErr(err)
		} else if len(codes) == 0 {
			u.info(u.t("ui.campaign_postcards"), u.t("cli.campaign_no_postcards"))
		} else {
			u.info(u.t("ui.campaign_postcards"), u.t("cli.campaign_postcards", len(codes), out, strings.Join(codes, ", ")))
		}
		u.openCampaign(v, name)
	})
}

// slug makes a campaign's name usable in a file name.
func slug(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '-' || r == '_' || ('0' <= r && r <= '9') || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') {
			return r
		}
		return '-'
	}, s)
	return "campaign-" + strings.Trim(s, "-")
}

// appointmentForm adds an appointment to the open appointments campaign.
func (u *UI) appointmentForm(v *AnnouncementsView) {
	f := &AppointmentForm{Customer: widget.NewEntry(), Day: u.newDateEntry(), Time: widget.NewEntry(), Zone: widget.NewEntry(), Minutes: widget.NewEntry(),
		Place: widget.NewEntry(), Subject: widget.NewEntry(), Error: widget.NewLabel("")}
	f.Error.Wrapping = fyne.TextWrapWord
	f.Error.Importance = widget.DangerImportance
	f.Day.SetDate(u.today().AddDays(7))
	f.Time.SetPlaceHolder("14:00")
	f.Zone.SetPlaceHolder("Europe/Paris")
	f.Minutes.SetText("60")
	f.Add = widget.NewButton(u.t("ui.appointment_add"), func() {
		f.Error.SetText("")
		minutes, err := strconv.Atoi(strings.TrimSpace(f.Minutes.Text))
		if err != nil {
			f.Error.SetText(u.t("ui.appointment_bad_minutes", f.Minutes.Text))
			return
		}
		day, err := f.Day.Date()
		if err != nil {
			f.Error.SetText(u.errText(err))
			return
		}
		// The service reads "YYYY-MM-DD HH:MM", the owner a day and an hour.
		at := strings.TrimSpace(day.String() + " " + strings.TrimSpace(f.Time.Text))
		if day.IsZero() {
			at = strings.TrimSpace(f.Time.Text)
		}
		in := app.AppointmentInput{Campaign: v.current.Name, CustomerCode: strings.TrimSpace(f.Customer.Text),
			At: at, Zone: strings.TrimSpace(f.Zone.Text), Minutes: minutes, Place: f.Place.Text, Subject: f.Subject.Text}
		f.Add.Disable()
		u.load(func(ctx context.Context) error {
			_, err := u.svc.AddAppointment(ctx, in)
			return err
		}, func(err error) {
			f.Add.Enable()
			if err != nil {
				f.Error.SetText(u.errText(err))
				return
			}
			f.d.Hide()
			u.openCampaign(v, in.Campaign)
		})
	})
	f.Add.Importance = widget.HighImportance
	form := widget.NewForm(widget.NewFormItem(u.t("ui.appointment_customer"), f.Customer), widget.NewFormItem(u.t("ui.appointment_day"), f.Day),
		widget.NewFormItem(u.t("ui.appointment_time"), f.Time),
		widget.NewFormItem(u.t("ui.appointment_zone"), f.Zone), widget.NewFormItem(u.t("ui.appointment_minutes"), f.Minutes),
		widget.NewFormItem(u.t("ui.appointment_place"), f.Place), widget.NewFormItem(u.t("ui.appointment_subject"), f.Subject))
	f.d = dialog.NewCustomWithoutButtons(u.t("ui.appointment_add"), container.NewBorder(nil,
		container.NewHBox(widget.NewButton(u.t("ui.cancel"), func() { f.d.Hide() }), f.Add), nil, nil, container.NewVBox(form, f.Error)), u.Win)
	f.d.Resize(fyne.NewSize(560, 420))
	v.ApptForm = f
	f.d.Show()
}
