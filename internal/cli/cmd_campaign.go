package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

func (c *cli) cmdCampaignCreate(args []string) (step, error) {
	fs := c.newFlags("campaign create")
	kind := fs.String("kind", "", c.t("cli.flag_campaign_kind"))
	all := fs.Bool("all", false, c.t("cli.flag_campaign_all"))
	search := fs.String("search", "", c.t("cli.flag_campaign_search"))
	codes := fs.String("customers", "", c.t("cli.flag_campaign_customers"))
	terms := fs.Bool("terms-change", false, c.t("cli.flag_campaign_terms"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) < 1 {
		return nil, c.usage("cli.campaign_usage")
	}
	spec := app.CampaignSpec{Name: pos[0], Kind: ledger.CampaignKind(*kind), Fields: map[string]string{}, TermsChange: *terms,
		Audience: store.Audience{All: *all, Search: *search}}
	for _, code := range strings.Split(*codes, ",") {
		if code = strings.TrimSpace(code); code != "" {
			spec.Audience.Codes = append(spec.Audience.Codes, code)
		}
	}
	for _, kv := range pos[1:] {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return nil, c.usage("cli.campaign_field", kv)
		}
		spec.Fields[strings.TrimSpace(k)] = v
	}
	return func(svc *app.Service) error {
		camp, err := svc.CreateCampaign(c.ctx, spec)
		if err != nil {
			return c.appErr(err)
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.campaign_created", camp.Name, camp.Kind))
		return nil
	}, nil
}

func (c *cli) cmdCampaignList(args []string) (step, error) {
	fs := c.newFlags("campaign list")
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	if pos, err := c.parse(fs, args); err != nil {
		return nil, err
	} else if len(pos) > 0 {
		return nil, c.usage("cli.campaign_usage")
	}
	return func(svc *app.Service) error {
		list, err := svc.Campaigns(c.ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			type row struct {
				Name          string            `json:"name"`
				Kind          string            `json:"kind"`
				EffectiveDate string            `json:"effective_date,omitempty"`
				TermsChange   bool              `json:"terms_change,omitempty"`
				Fields        map[string]string `json:"fields"`
				Audience      store.Audience    `json:"audience"`
				CreatedOn     string            `json:"created_on"`
			}
			out := []row{}
			for _, k := range list {
				out = append(out, row{k.Name, string(k.Kind), dateOrEmpty(k.EffectiveDate), k.TermsChange, k.Fields, k.Audience, k.CreatedOn.String()})
			}
			return writeJSON(c.env.Stdout, out)
		}
		for _, k := range list {
			fmt.Fprintf(c.env.Stdout, "%s\t%s\t%s\n", k.Name, k.Kind, dateOrEmpty(k.EffectiveDate))
		}
		return nil
	}, nil
}

func dateOrEmpty(d ledger.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func (c *cli) cmdCampaignPreview(args []string) (step, error) {
	fs := c.newFlags("campaign preview")
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 1 {
		return nil, c.usage("cli.campaign_usage")
	}
	return func(svc *app.Service) error {
		camp, err := svc.Campaign(c.ctx, pos[0])
		if err != nil {
			return c.appErr(err)
		}
		targets, err := svc.CampaignTargets(c.ctx, camp)
		if err != nil {
			return err
		}
		if *asJSON {
			type row struct {
				Code    string   `json:"customer_code"`
				Name    string   `json:"name"`
				Channel string   `json:"channel"`
				To      []string `json:"to,omitempty"`
				Skip    string   `json:"skip,omitempty"`
			}
			out := []row{}
			for _, t := range targets {
				out = append(out, row{t.Customer.Code, t.Customer.Name, string(t.Channel), t.To, t.Skip})
			}
			return writeJSON(c.env.Stdout, out)
		}
		tw := tabwriter.NewWriter(c.env.Stdout, 0, 4, 2, ' ', 0)
		for _, t := range targets {
			what := c.t(campaignKey("channel", string(t.Channel)))
			if t.Skip != "" {
				what = c.t(campaignKey("skip", t.Skip))
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", t.Customer.Code, t.Customer.Name, what, strings.Join(t.To, ", "))
		}
		return tw.Flush()
	}, nil
}

func (c *cli) cmdCampaignSend(args []string) (step, error) {
	fs := c.newFlags("campaign send")
	asOf := fs.String("as-of", "", c.t("cli.flag_as_of"))
	out := fs.String("o", "", c.t("cli.flag_campaign_print"))
	dry := fs.Bool("dry-run", false, c.t("cli.flag_send_dry_run"))
	noDeliver := fs.Bool("no-deliver", false, c.t("cli.flag_campaign_no_deliver"))
	fromStdin := fs.Bool("password-stdin", false, c.t("cli.flag_password_stdin"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 1 {
		return nil, c.usage("cli.campaign_usage")
	}
	date, err := c.asOfFlag(*asOf)
	if err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		o := app.CampaignSendOptions{AsOf: date, PrintTo: *out, DryRun: *dry, NoDeliver: *noDeliver}
		if !*dry && !*noDeliver {
			a, err := svc.MailAccount(c.ctx)
			if err != nil {
				return err
			}
			if a.Configured() {
				c.warnInsecure(a)
				if o.Passwords, err = c.passwords(svc, a, *fromStdin); err != nil {
					return err
				}
			}
		}
		rep, err := svc.SendCampaign(c.ctx, pos[0], o)
		if rep != nil {
			for _, p := range rep.Problems {
				fmt.Fprintln(c.env.Stderr, c.t("cli.print_left_out", c.appErr(p.Reason).Error()))
			}
		}
		if err != nil {
			return c.appErr(err)
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.campaign_sent", len(rep.Emailed), len(rep.Posted), len(rep.Skipped)))
		if rep.PrintTo != "" {
			fmt.Fprintln(c.env.Stdout, c.t("cli.campaign_print_file", rep.PrintTo, rep.Pages))
		}
		for _, m := range rep.SMS {
			fmt.Fprintln(c.env.Stdout, c.t("cli.campaign_sms", m.CustomerCode, m.Mobile, m.Text))
		}
		if rep.Send != nil {
			fmt.Fprintln(c.env.Stdout, c.t("cli.campaign_delivered", rep.Send.Sent, rep.Send.Deferred+rep.Send.Unknown, rep.Send.Failed))
		}
		if len(rep.Problems) > 0 {
			return c.fail("cli.campaign_problems", len(rep.Problems))
		}
		return nil
	}, nil
}

func (c *cli) cmdCampaignStatus(args []string) (step, error) {
	fs := c.newFlags("campaign status")
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 1 {
		return nil, c.usage("cli.campaign_usage")
	}
	return func(svc *app.Service) error {
		camp, rs, err := svc.CampaignStatus(c.ctx, pos[0])
		if err != nil {
			return c.appErr(err)
		}
		if camp.Kind == ledger.CampaignAppointments {
			return c.appointmentStatus(svc, camp.Name, *asJSON)
		}
		if *asJSON {
			type consent struct {
				State      string `json:"state"`
				Date       string `json:"date"`
				Channel    string `json:"channel"`
				RecordedBy string `json:"recorded_by"`
				Evidence   string `json:"evidence"`
			}
			type row struct {
				Code          string   `json:"customer_code"`
				Name          string   `json:"name"`
				Channel       string   `json:"channel"`
				SentOn        string   `json:"sent_on"`
				State         string   `json:"state"`
				StateOn       string   `json:"state_on,omitempty"`
				EmailState    string   `json:"email_state,omitempty"`
				PostcardOn    string   `json:"postcard_on,omitempty"`
				EmailOnlyFrom string   `json:"email_only_from,omitempty"`
				Consent       *consent `json:"consent,omitempty"`
			}
			out := struct {
				Name       string `json:"name"`
				Kind       string `json:"kind"`
				Recipients []row  `json:"recipients"`
			}{camp.Name, string(camp.Kind), []row{}}
			for _, r := range rs {
				x := row{Code: r.CustomerCode, Name: r.CustomerName, Channel: r.Channel, SentOn: r.SentOn.String(), State: r.State,
					StateOn: dateOrEmpty(r.StateOn), EmailState: r.OutboxState, PostcardOn: dateOrEmpty(r.PostcardOn), EmailOnlyFrom: dateOrEmpty(r.EmailOnlyFrom)}
				if k := r.Consent; k != nil {
					x.Consent = &consent{string(k.State), k.Date.String(), k.Channel, k.RecordedBy, k.Evidence}
				}
				out.Recipients = append(out.Recipients, x)
			}
			return writeJSON(c.env.Stdout, out)
		}
		tw := tabwriter.NewWriter(c.env.Stdout, 0, 4, 2, ' ', 0)
		counts := map[string]int{}
		for _, r := range rs {
			counts[r.State]++
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.CustomerCode, r.CustomerName, c.t(campaignKey("channel", r.Channel)), r.SentOn,
				c.t(campaignKey("state", r.State)), dateOrEmpty(r.EmailOnlyFrom))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.campaign_status_counts", len(rs), counts["granted"]+counts["acknowledged"], counts["refused"]+counts["withdrawn"], counts["sent"]))
		return nil
	}, nil
}

func (c *cli) cmdCampaignConsent(args []string) (step, error) {
	fs := c.newFlags("campaign consent")
	state := fs.String("state", "granted", c.t("cli.flag_consent_state"))
	channel := fs.String("channel", "", c.t("cli.flag_consent_channel"))
	date := fs.String("date", "", c.t("cli.flag_consent_date"))
	evidence := fs.String("evidence", "", c.t("cli.flag_consent_evidence"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 2 || *channel == "" {
		return nil, c.usage("cli.campaign_usage")
	}
	d, err := c.asOfFlag(*date)
	if err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		k, err := svc.RecordConsent(c.ctx, app.ConsentInput{Campaign: pos[0], CustomerCode: pos[1], State: ledger.ConsentState(*state), Date: d, Channel: *channel, Evidence: *evidence})
		if err != nil {
			return c.appErr(err)
		}
		if k.State == "granted" {
			fmt.Fprintln(c.env.Stdout, c.t("campaign.applied_consent", pos[1], k.From.String()))
		} else {
			fmt.Fprintln(c.env.Stdout, c.t("campaign.applied_refusal", pos[1]))
		}
		return nil
	}, nil
}

func (c *cli) cmdCampaignPostcards(args []string) (step, error) {
	fs := c.newFlags("campaign postcards")
	asOf := fs.String("as-of", "", c.t("cli.flag_as_of"))
	by := fs.String("unanswered-by", "", c.t("cli.flag_campaign_unanswered_by"))
	out := fs.String("o", "", c.t("cli.flag_campaign_print"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 1 || *out == "" {
		return nil, c.usage("cli.campaign_usage")
	}
	date, err := c.asOfFlag(*asOf)
	if err != nil {
		return nil, err
	}
	byDate := date
	if *by != "" {
		if byDate, err = ledger.ParseISODate(*by); err != nil {
			return nil, c.usage("cli.bad_as_of", *by)
		}
	}
	return func(svc *app.Service) error {
		codes, problems, err := svc.CampaignPostcards(c.ctx, pos[0], app.PostcardOptions{AsOf: date, UnansweredBy: byDate, Out: *out})
		for _, p := range problems {
			fmt.Fprintln(c.env.Stderr, c.t("cli.print_left_out", c.appErr(p.Reason).Error()))
		}
		if err != nil {
			return c.appErr(err)
		}
		if len(codes) == 0 {
			fmt.Fprintln(c.env.Stdout, c.t("cli.campaign_no_postcards"))
			return nil
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.campaign_postcards", len(codes), *out, strings.Join(codes, ", ")))
		return nil
	}, nil
}

// campaignKey is the message naming a channel, state or reason to skip:
// cli.campaign_channel_email, cli.campaign_state_granted…
func campaignKey(what, value string) string { return "cli.campaign_" + what + "_" + value }

func (c *cli) cmdCampaignAppointment(args []string) (step, error) {
	fs := c.newFlags("campaign appointment")
	at := fs.String("at", "", c.t("cli.flag_appt_at"))
	zone := fs.String("tz", "", c.t("cli.flag_appt_tz"))
	minutes := fs.Int("minutes", 60, c.t("cli.flag_appt_minutes"))
	place := fs.String("place", "", c.t("cli.flag_appt_place"))
	subject := fs.String("subject", "", c.t("cli.flag_appt_subject"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 2 || *at == "" {
		return nil, c.usage("cli.campaign_usage")
	}
	return func(svc *app.Service) error {
		a, err := svc.AddAppointment(c.ctx, app.AppointmentInput{Campaign: pos[0], CustomerCode: pos[1], At: *at, Zone: *zone, Minutes: *minutes,
			Place: *place, Subject: *subject})
		if err != nil {
			return c.appErr(err)
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.campaign_appointment_added", a.CustomerCode, strings.Replace(a.StartsAt, "T", " ", 1), a.TimeZone))
		return nil
	}, nil
}

func (c *cli) appointmentStatus(svc *app.Service, name string, asJSON bool) error {
	list, err := svc.Appointments(c.ctx, name)
	if err != nil {
		return c.appErr(err)
	}
	if asJSON {
		type row struct {
			ID         int64  `json:"id"`
			Code       string `json:"customer_code"`
			StartsAt   string `json:"starts_at"`
			TimeZone   string `json:"time_zone"`
			Minutes    int    `json:"minutes"`
			Place      string `json:"place,omitempty"`
			Subject    string `json:"subject,omitempty"`
			RemindedOn string `json:"reminded_on,omitempty"`
			Channel    string `json:"channel,omitempty"`
			EmailState string `json:"email_state,omitempty"`
			Mobile     string `json:"mobile,omitempty"`
			SMS        string `json:"sms,omitempty"`
		}
		out := []row{}
		for _, a := range list {
			out = append(out, row{a.ID, a.CustomerCode, a.StartsAt, a.TimeZone, a.Minutes, a.Place, a.Subject, dateOrEmpty(a.RemindedOn),
				a.Channel, a.OutboxState, a.Mobile, a.SMSText})
		}
		return writeJSON(c.env.Stdout, out)
	}
	tw := tabwriter.NewWriter(c.env.Stdout, 0, 4, 2, ' ', 0)
	for _, a := range list {
		fmt.Fprintf(tw, "%s\t%s %s\t%s\t%s\t%s\n", a.CustomerCode, strings.Replace(a.StartsAt, "T", " ", 1), a.TimeZone, a.Place, a.Subject, dateOrEmpty(a.RemindedOn))
	}
	return tw.Flush()
}

func (c *cli) cmdCampaignAck(args []string) (step, error) {
	fs := c.newFlags("campaign ack")
	date := fs.String("date", "", c.t("cli.flag_consent_date"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 2 {
		return nil, c.usage("cli.campaign_usage")
	}
	d, err := c.asOfFlag(*date)
	if err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		if err := svc.Acknowledge(c.ctx, pos[0], pos[1], d); err != nil {
			return c.appErr(err)
		}
		fmt.Fprintln(c.env.Stdout, c.t("campaign.applied_ack", pos[1], pos[0]))
		return nil
	}, nil
}
