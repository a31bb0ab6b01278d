package campaigns

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/app/letters"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/letter"
	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/render"
	"github.com/relance-app/relance/internal/store"
)

// AppointmentInput is an appointment the owner adds to a campaign.
type AppointmentInput struct {
	Campaign     string
	CustomerCode string
	At           string // "2026-12-03 14:00", wall-clock time in Zone
	Zone         string // IANA name; "" = the company's country's
	Minutes      int    // 0 = 60
	Place        string
	Subject      string
}

// countryZones is the time zone of an appointment when the owner names
// none: the company's country's (one zone each).
var countryZones = map[ledger.Country]string{"FR": "Europe/Paris", "RS": "Europe/Belgrade", "GB": "Europe/London", "DE": "Europe/Berlin",
	"BE": "Europe/Brussels", "CH": "Europe/Zurich", "LU": "Europe/Luxembourg", "IE": "Europe/Dublin", "ME": "Europe/Podgorica",
	"BA": "Europe/Sarajevo", "HR": "Europe/Zagreb", "AT": "Europe/Vienna", "IT": "Europe/Rome", "ES": "Europe/Madrid", "NL": "Europe/Amsterdam"}

// AddAppointment checks and stores an appointment: a known customer, a
// real time zone, and a time that exists there (not in the hour skipped
// when clocks go forward).
func (s *Service) AddAppointment(ctx context.Context, in AppointmentInput) (store.Appointment, error) {
	var a store.Appointment
	c, err := s.Campaign(ctx, in.Campaign)
	if err != nil {
		return a, err
	}
	if c.Kind != ledger.CampaignAppointments {
		return a, core.UserErr("campaign.not_appointments", c.Name)
	}
	cu, err := s.St.CustomerByCode(ctx, in.CustomerCode)
	if errors.Is(err, store.ErrNotFound) {
		return a, core.UserErr("cli.unknown_customer", in.CustomerCode)
	} else if err != nil {
		return a, err
	}
	zone := in.Zone
	if zone == "" {
		co, err := s.St.Company(ctx)
		if err != nil {
			return a, err
		}
		if zone = countryZones[co.Country]; zone == "" {
			return a, core.UserErr("campaign.needs_zone")
		}
	}
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "Local" || zone == "" {
		return a, core.UserErr("campaign.bad_zone", zone)
	}
	at, err := time.ParseInLocation("2006-01-02 15:04", strings.TrimSpace(strings.Replace(in.At, "T", " ", 1)), loc)
	if err != nil {
		return a, core.UserErr("campaign.bad_time", in.At)
	}
	if at.Format("2006-01-02 15:04") != strings.TrimSpace(strings.Replace(in.At, "T", " ", 1)) {
		return a, core.UserErr("campaign.time_skipped", in.At, zone)
	}
	if in.Minutes == 0 {
		in.Minutes = 60
	}
	if in.Minutes < 0 {
		return a, core.UserErr("campaign.bad_minutes", in.Minutes)
	}
	a = store.Appointment{CampaignID: c.ID, CustomerID: cu.ID, CustomerCode: cu.Code, StartsAt: at.Format("2006-01-02T15:04"), TimeZone: zone,
		Minutes: in.Minutes, Place: strings.TrimSpace(in.Place), Subject: strings.TrimSpace(in.Subject)}
	a.ID, err = s.St.AddAppointment(ctx, a)
	return a, err
}

// Appointments lists a campaign's appointments.
func (s *Service) Appointments(ctx context.Context, name string) ([]store.Appointment, error) {
	c, err := s.Campaign(ctx, name)
	if err != nil {
		return nil, err
	}
	return s.St.AppointmentsOf(ctx, c.ID)
}

// start is an appointment's start as an instant in its zone.
func start(a store.Appointment) (time.Time, error) {
	loc, err := time.LoadLocation(a.TimeZone)
	if err != nil {
		return time.Time{}, err
	}
	return time.ParseInLocation("2006-01-02T15:04", a.StartsAt, loc)
}

// AppointmentSMS is an SMS text to hand to the owner's SMS service.
type AppointmentSMS struct {
	CustomerCode string
	Mobile       string
	Text         string
}

// sendAppointments reminds the appointments due: those starting within
// the campaign's remind_days (default 2) of the day, not reminded yet,
// not past. By email with the calendar entry where the customer takes
// email, in the print file otherwise; an SMS text for each customer with
// a mobile. Each is recorded in the transaction that queues it.
func (s *Service) sendAppointments(ctx context.Context, c store.Campaign, o CampaignSendOptions) (*CampaignReport, error) {
	days := 2
	if d := c.Fields["remind_days"]; d != "" {
		days, _ = strconv.Atoi(d)
	}
	list, err := s.St.AppointmentsOf(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	acct, err := s.St.MailAccount(ctx)
	if err != nil {
		return nil, err
	}
	flags, err := s.FlaggedAddresses(ctx)
	if err != nil {
		return nil, err
	}
	rep := &CampaignReport{Skipped: map[string]string{}}
	now := s.Now()
	type out struct {
		a       store.Appointment
		channel ledger.Channel
		it      store.OutboxItem
		sms     string
	}
	var outs []out
	var parts []render.Part
	for _, a := range list {
		if !a.RemindedOn.IsZero() {
			continue
		}
		at, err := start(a)
		if err != nil {
			return nil, fmt.Errorf("appointment %d: %w", a.ID, err)
		}
		day := ledger.DateOf(at)
		if day.Before(o.AsOf) || day.AddDays(-days).After(o.AsOf) {
			continue // past, or not yet time to remind
		}
		cu, err := s.St.CustomerByCode(ctx, a.CustomerCode)
		if err != nil {
			return nil, err
		}
		req, err := s.campaignRequest(ctx, c, ledger.KindAppointmentReminder, cu, o.AsOf)
		if err != nil {
			return nil, err
		}
		req.Appointment = appointmentData(c, a, at, req)
		var to []string
		if cu.Delivery != ledger.DeliveryPostal {
			to = core.Unflagged(cu.Emails, flags)
		}
		// The calendar file travels only with the email: the posted letter
		// must not say one is attached.
		req.Appointment.Calendar = len(to) > 0
		doc, err := letters.ComposeDoc(req)
		var ue *core.UserError
		if errors.As(err, &ue) {
			rep.Problems = append(rep.Problems, letters.BatchProblem{CustomerCode: cu.Code, Reason: err})
			continue
		} else if err != nil {
			return nil, err
		}
		x := out{a: a, channel: ledger.ChannelPostal}
		if cu.Mobile != "" {
			x.sms = appointmentSMS(req, at)
			rep.SMS = append(rep.SMS, AppointmentSMS{CustomerCode: cu.Code, Mobile: cu.Mobile, Text: x.sms})
		}
		if len(to) > 0 {
			if !acct.Configured() {
				return nil, core.NoAccount()
			}
			x.channel = ledger.ChannelEmail
			ev := letter.Event{UID: fmt.Sprintf("appointment-%d@%s", a.ID, acct.Domain()), Summary: doc.Composed.Subject,
				Description: a.Subject, Location: a.Place, Start: at, End: at.Add(time.Duration(a.Minutes) * time.Minute), Stamp: now,
				Organizer: acct.FromAddress, RemindBefore: 2 * time.Hour}
			l := i18n.Lang(req.Language)
			atts := []mail.Attachment{{Name: core.FileName(i18n.T(l, "email.calendar_file")) + ".ics",
				ContentType: "text/calendar; charset=utf-8; method=PUBLISH", Data: letter.ICS(ev)}}
			if x.it, err = s.LetterMail(doc, cu, to, acct, ledger.KindAppointmentReminder, atts, now); err != nil {
				if errors.As(err, &ue) {
					rep.Problems = append(rep.Problems, letters.BatchProblem{CustomerCode: cu.Code, Reason: err})
					continue
				}
				return nil, err
			}
			rep.Emailed = append(rep.Emailed, cu.Code)
		} else {
			rep.Posted = append(rep.Posted, cu.Code)
			parts = onFrontPage(parts, doc)
			if o.HoldPostal {
				rep.Held = append(rep.Held, HeldNotice{CustomerCode: cu.Code, AppointmentID: a.ID, SMS: x.sms})
			}
		}
		outs = append(outs, x)
	}
	if o.DryRun || len(outs) == 0 {
		return rep, nil
	}
	return rep, s.finishCampaign(ctx, c, o, rep, parts, func(b *store.Batch) error {
		for _, x := range outs {
			if x.channel == ledger.ChannelPostal && o.HoldPostal {
				continue // recorded by MarkCampaignPosted
			}
			var id int64
			if x.channel == ledger.ChannelEmail {
				var err error
				if id, err = b.Enqueue(ctx, x.it, now); err != nil {
					return err
				}
			}
			if err := b.MarkReminded(ctx, x.a.ID, o.AsOf, string(x.channel), id, x.sms); err != nil {
				return err
			}
		}
		return nil
	})
}

// appointmentData is what the reminder letter says of an appointment.
func appointmentData(c store.Campaign, a store.Appointment, at time.Time, req letter.Request) letter.AppointmentData {
	d := letter.AppointmentData{Date: letter.FormatDate(req.Language, ledger.DateOf(at)), Time: letter.FormatTime(req.Language, at.Hour(), at.Minute()), Place: a.Place,
		Subject: a.Subject, Reschedule: c.Fields["reschedule"]}
	if d.Reschedule == "" {
		d.Reschedule = strings.Join(letter.NonEmpty(req.Company.Phone, req.Company.Email), " · ")
	}
	d.Bring = splitList(c.Fields["bring"])
	return d
}

// appointmentSMS is the short text for the customer's mobile, in plain
// characters (a no-break space would force UCS-2).
func appointmentSMS(req letter.Request, at time.Time) string {
	name := req.Company.TradingName
	if name == "" {
		name = req.Company.LegalName
	}
	plain := strings.NewReplacer("\u00a0", " ", "\u202f", " ")
	text := plain.Replace(i18n.T(i18n.Lang(req.Language), "sms.appointment", name, letter.FormatDate(req.Language, ledger.DateOf(at)),
		letter.FormatTime(req.Language, at.Hour(), at.Minute()), req.Appointment.Place, req.Appointment.Reschedule))
	// As the reminders' SMS: GSM-7 look-alikes, and plain Latin Serbian
	// when the owner allows it (company set sms_plain_latin=yes).
	return letter.ToGSM7(text, req.Company.SMSPlainLatin && req.Language == ledger.SerbianLatin)
}
