package cli

import (
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// The letters recorded (relancectl letters list|show) and a registered
// letter's tracking number (relancectl letter tracking ID NUMBER): the
// owner finds a letter's ID here, or on a recorded print batch's cover
// and in the output of plan --record and print --record.

type letterJSON struct {
	ID         int64    `json:"id"`
	Date       string   `json:"date"`
	Customer   string   `json:"customer_code"`
	Name       string   `json:"customer_name"`
	Level      int      `json:"level"`
	Kind       string   `json:"kind"`
	Channel    string   `json:"channel"`
	Currency   string   `json:"currency"`
	TotalDue   string   `json:"total_due"`
	Source     string   `json:"source"`
	Registered bool     `json:"registered"`
	Tracking   string   `json:"tracking"`
	TrackingOn string   `json:"tracking_on"`
	Invoices   []string `json:"invoices"`
	// The template variant it was written with (B…Z; left out for the
	// default) and its language ("" before migration 0021).
	Variant  string `json:"variant,omitempty"`
	Language string `json:"language,omitempty"`
}

func toLetterJSON(r app.LetterRecord) letterJSON {
	out := letterJSON{ID: r.ID, Date: r.Date.String(), Customer: r.CustomerCode, Name: r.CustomerName, Level: r.Level, Kind: string(r.Kind),
		Channel: string(r.Channel), Currency: string(r.Currency), TotalDue: money(r.TotalDue, r.Currency), Source: r.Source,
		Registered: r.Registered, Tracking: r.Tracking, TrackingOn: r.TrackingOn.String(), Invoices: r.Invoices,
		Variant: r.Variant, Language: string(r.Language)}
	if out.Invoices == nil {
		out.Invoices = []string{}
	}
	return out
}

// registeredText is what the lists say of a letter's registered post.
func (c *cli) registeredText(r app.LetterRecord) string {
	switch {
	case r.Tracking != "":
		return c.t("cli.letters_tracked", r.Tracking)
	case r.Registered:
		return c.t("cli.letters_registered")
	}
	return ""
}

func (c *cli) cmdLettersList(args []string) (step, error) {
	fs := c.newFlags("letters list")
	customer := fs.String("customer", "", c.t("cli.flag_letters_customer"))
	on := fs.String("on", "", c.t("cli.flag_letters_on"))
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) > 0 {
		return nil, c.usage("cli.unexpected_args", strings.Join(pos, " "))
	}
	f := app.LetterFilter{CustomerCode: *customer}
	if f.Date, err = c.optionalDate(*on); err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		rs, err := svc.LetterRecords(c.ctx, f)
		if err != nil {
			return c.appErr(err)
		}
		if *asJSON {
			out := make([]letterJSON, len(rs))
			for i, r := range rs {
				out[i] = toLetterJSON(r)
			}
			return writeJSON(c.env.Stdout, out)
		}
		tw := tabwriter.NewWriter(c.env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, c.t("cli.letters_header"))
		for _, r := range rs {
			channel := ""
			if r.Channel != "" {
				channel = c.t("delivery." + string(r.Channel))
			}
			kind := string(r.Kind)
			if r.Variant != "" {
				kind += " " + c.t("cli.template_variant_short", r.Variant) // the template variant it was written with
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%d %s\t%s\t%s\t%s\t%s\t\n", r.ID, r.Date, r.CustomerCode, r.Level, kind, channel,
				money(r.TotalDue, r.Currency)+" "+string(r.Currency), strings.Join(r.Invoices, ", "), c.registeredText(r))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		if len(rs) == 0 {
			fmt.Fprintln(c.env.Stdout, c.t("cli.letters_none"))
		}
		return nil
	}, nil
}

func (c *cli) cmdLettersShow(args []string) (step, error) {
	fs := c.newFlags("letters show")
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 1 {
		return nil, c.usage("cli.letters_show_usage")
	}
	id, err := c.letterID(pos[0])
	if err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		rs, err := svc.LetterRecords(c.ctx, app.LetterFilter{ID: id})
		if err != nil {
			return c.appErr(err)
		}
		if len(rs) == 0 {
			return c.fail("letter.unknown_letter", id)
		}
		r := rs[0]
		if *asJSON {
			return writeJSON(c.env.Stdout, toLetterJSON(r))
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.letter_show", r.ID, r.Kind, r.CustomerCode, r.CustomerName, r.Date.String(),
			money(r.TotalDue, r.Currency), r.Currency, strings.Join(r.Invoices, ", ")))
		if s := c.registeredText(r); s != "" {
			fmt.Fprintln(c.env.Stdout, s)
		}
		return nil
	}, nil
}

func (c *cli) letterID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, c.usage("cli.bad_id_arg", s)
	}
	return id, nil
}

// cmdLetterTracking is "letter tracking LETTER-ID NUMBER".
func (c *cli) cmdLetterTracking(args []string) (step, error) {
	fs := c.newFlags("letter tracking")
	// letter takes --lang as the letter's language; tracking makes no
	// letter, so its --lang is the messages' one, as for other commands.
	langFlag := fs.String("lang", "", c.t("cli.flag_messages_lang"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if *langFlag != "" {
		l, ok := i18n.Parse(*langFlag)
		if !ok {
			return nil, c.usage("cli.bad_lang", *langFlag)
		}
		c.lang = l
	}
	if len(pos) < 2 {
		return nil, c.usage("cli.letter_tracking_usage")
	}
	id, err := c.letterID(pos[0])
	if err != nil {
		return nil, err
	}
	// The post prints its numbers in groups ("RR 1234 5678 5FR"): the
	// words after the ID are one number.
	number := strings.Join(pos[1:], " ")
	return func(svc *app.Service) error {
		r, err := svc.SetLetterTracking(c.ctx, id, number)
		if err != nil {
			return c.appErr(err)
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.letter_tracking_saved", r.ID, r.Kind, r.CustomerCode, r.Date.String(), r.Tracking))
		return nil
	}, nil
}

// registeredKinds reads --registered: letter kinds separated by commas,
// or "all" for every kind of the ladder.
func (c *cli) registeredKinds(v string) (map[ledger.LetterKind]bool, error) {
	if strings.TrimSpace(v) == "" {
		return nil, nil
	}
	out := map[ledger.LetterKind]bool{}
	for _, k := range strings.Split(v, ",") {
		k = strings.TrimSpace(k)
		if k == "all" {
			for _, kind := range []ledger.LetterKind{ledger.KindReminder1, ledger.KindReminder2, ledger.KindFinalDemand, ledger.KindPaymentDemand} {
				out[kind] = true
			}
			continue
		}
		kind := ledger.LetterKind(k)
		if !kind.Reminder() {
			return nil, c.usage("cli.bad_registered_kind", k)
		}
		out[kind] = true
	}
	return out, nil
}

// letterIDsOn are the IDs of the letters recorded on a day.
func (c *cli) letterIDsOn(svc *app.Service, d ledger.Date) (map[int64]bool, error) {
	rs, err := svc.LetterRecords(c.ctx, app.LetterFilter{Date: d})
	if err != nil {
		return nil, c.appErr(err)
	}
	out := make(map[int64]bool, len(rs))
	for _, r := range rs {
		out[r.ID] = true
	}
	return out, nil
}
