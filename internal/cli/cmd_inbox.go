package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/store"
)

// inbox sync|classify, responses.

func (c *cli) cmdInboxSync(args []string) (step, error) {
	fs := c.newFlags("inbox sync")
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	fromStdin := fs.Bool("password-stdin", false, c.t("cli.flag_password_stdin"))
	watch := fs.Bool("watch", false, c.t("cli.flag_inbox_watch"))
	every := fs.Duration("every", 5*time.Minute, c.t("cli.flag_inbox_every"))
	if pos, err := c.parse(fs, args); err != nil {
		return nil, err
	} else if len(pos) > 0 || *every < time.Second {
		return nil, c.usage("cli.inbox_usage")
	}
	return func(svc *app.Service) error {
		a, err := svc.MailAccount(c.ctx)
		if err != nil {
			return err
		}
		c.warnInsecure(a)
		pw, err := c.passwords(svc, a, *fromStdin)
		if err != nil {
			return err
		}
		if *watch {
			return svc.WatchInbox(c.ctx, pw, *every, func(rep *app.SyncReport, err error) {
				if err != nil {
					fmt.Fprintln(c.env.Stderr, c.t("cli.inbox_failed", c.errText(err)))
					return
				}
				fmt.Fprintln(c.env.Stdout, time.Now().Format("15:04:05"), c.t("cli.inbox_report", rep.Read, rep.Replies, rep.AutoReplies, rep.Bounces, rep.Other, rep.Unmatched))
			})
		}
		rep, err := svc.SyncInbox(c.ctx, pw, func(done, total int) {
			if !*asJSON {
				fmt.Fprintln(c.env.Stderr, c.t("cli.inbox_progress", done, total))
			}
		})
		if err != nil {
			return c.fail("cli.inbox_failed", c.errText(err))
		}
		if *asJSON {
			return writeJSON(c.env.Stdout, map[string]any{"folders": rep.Folders, "read": rep.Read, "recorded": rep.Recorded,
				"replies": rep.Replies, "auto_replies": rep.AutoReplies, "bounces": rep.Bounces, "other": rep.Other,
				"unmatched": rep.Unmatched, "rescanned": rep.Rescanned, "own_copies": rep.Ours,
				"unverified_bounces": rep.Unverified, "unknown_senders": rep.UnknownSenders})
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.inbox_report", rep.Read, rep.Replies, rep.AutoReplies, rep.Bounces, rep.Other, rep.Unmatched))
		if rep.Unverified+rep.UnknownSenders > 0 {
			fmt.Fprintln(c.env.Stdout, c.t("cli.inbox_untrusted", rep.Unverified, rep.UnknownSenders))
		}
		for _, f := range rep.Rescanned {
			fmt.Fprintln(c.env.Stdout, c.t("cli.inbox_rescanned", f))
		}
		return nil
	}, nil
}

func (c *cli) cmdInboxClassify(args []string) error {
	fs := c.newFlags("inbox classify")
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return c.usage("cli.inbox_usage")
	}
	type row struct {
		File      string  `json:"file"`
		Class     string  `json:"class"`
		Hard      bool    `json:"hard"`
		Recipient string  `json:"recipient,omitempty"`
		Status    string  `json:"status,omitempty"`
		MessageID string  `json:"message_id"`
		RefersTo  *string `json:"refers_to"`
		Return    string  `json:"return_date,omitempty"`
		Error     string  `json:"error,omitempty"`
	}
	var rows []row
	bad := 0
	for _, p := range pos {
		r := row{File: p}
		data, err := os.ReadFile(p)
		if err != nil {
			bad++
			r.Error = err.Error()
			rows = append(rows, r)
			continue
		}
		res, err := app.ClassifyMessage(data)
		if err != nil {
			bad++
			r.Error = err.Error()
			rows = append(rows, r)
			continue
		}
		r.Class, r.Hard, r.Recipient, r.Status, r.MessageID, r.Return = string(res.Class), res.Hard, res.Recipient, res.Status, res.MessageID, res.ReturnDate
		if len(res.RefersTo) > 0 {
			r.RefersTo = &res.RefersTo[0]
		}
		rows = append(rows, r)
	}
	if *asJSON {
		if rows == nil {
			rows = []row{}
		}
		if err := writeJSON(c.env.Stdout, rows); err != nil {
			return err
		}
	} else {
		tw := tabwriter.NewWriter(c.env.Stdout, 0, 4, 2, ' ', 0)
		for _, r := range rows {
			detail := r.Recipient
			if r.Class == string(app.InboundBounce) {
				kind := "soft"
				if r.Hard {
					kind = "hard"
				}
				detail = kind + " " + r.Status + " " + r.Recipient
			}
			if r.Error != "" {
				detail = r.Error
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\n", r.File, r.Class, detail)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	if bad > 0 {
		return c.fail("cli.inbox_unreadable", bad)
	}
	return nil
}

func (c *cli) cmdResponses(args []string) (step, error) {
	fs := c.newFlags("responses")
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	all := fs.Bool("all", false, c.t("cli.flag_responses_all"))
	unreviewed := fs.Bool("unreviewed", false, c.t("cli.flag_responses_unreviewed"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		if len(pos) == 2 && pos[0] == "review" {
			id, err := strconv.ParseInt(pos[1], 10, 64)
			if err != nil {
				return c.usage("cli.responses_usage")
			}
			if err := svc.ReviewResponse(c.ctx, id); err != nil {
				return c.appErr(err)
			}
			fmt.Fprintln(c.env.Stdout, c.t("cli.responses_reviewed", id))
			return nil
		}
		if len(pos) == 2 && pos[0] == "confirm" {
			id, err := strconv.ParseInt(pos[1], 10, 64)
			if err != nil {
				return c.usage("cli.responses_usage")
			}
			done, err := svc.ConfirmResponse(c.ctx, id)
			if err != nil {
				return c.appErr(err)
			}
			fmt.Fprintln(c.env.Stdout, done.In(c.lang))
			return nil
		}
		if len(pos) == 3 && pos[0] == "apply" {
			id, err1 := strconv.ParseInt(pos[1], 10, 64)
			n, err2 := strconv.Atoi(pos[2])
			if err1 != nil || err2 != nil {
				return c.usage("cli.responses_usage")
			}
			done, err := svc.ApplySuggestion(c.ctx, id, n)
			if err != nil {
				return c.appErr(err)
			}
			fmt.Fprintln(c.env.Stdout, done.In(c.lang))
			return nil
		}
		if len(pos) > 0 {
			return c.usage("cli.responses_usage")
		}
		list, err := svc.Responses(c.ctx, store.ResponseFilter{All: *all, Unreviewed: *unreviewed})
		if err != nil {
			return err
		}
		if *asJSON {
			type row struct {
				ID          int64           `json:"id"`
				MessageID   string          `json:"message_id"`
				Customer    *string         `json:"customer_code"`
				Class       string          `json:"class"`
				ReceivedAt  string          `json:"received_at"`
				From        string          `json:"from"`
				Subject     string          `json:"subject"`
				LetterMsgID *string         `json:"letter_message_id"`
				Match       *string         `json:"match"`
				Summary     string          `json:"summary"`
				Suggestions json.RawMessage `json:"suggestions"`
				Hard        bool            `json:"hard,omitempty"`
				Recipient   string          `json:"recipient,omitempty"`
				ReturnDate  string          `json:"return_date,omitempty"`
				Evidence    string          `json:"evidence,omitempty"`
				Reviewed    bool            `json:"reviewed"`
				Trust       string          `json:"trust"`
				TrustNote   string          `json:"trust_note,omitempty"`
			}
			out := []row{}
			opt := func(s string) *string {
				if s == "" {
					return nil
				}
				return &s
			}
			for _, m := range list {
				out = append(out, row{ID: m.ID, MessageID: m.MessageID, Customer: opt(m.CustomerCode), Class: m.Class, ReceivedAt: m.ReceivedAt.UTC().Format(time.RFC3339),
					From: m.From, Subject: m.Subject, LetterMsgID: opt(m.LetterMsgID), Match: opt(m.Match), Summary: m.Summary,
					Suggestions: json.RawMessage(m.Suggestions), Hard: m.Hard, Recipient: m.Recipient, ReturnDate: m.ReturnDate,
					Evidence: m.Evidence, Reviewed: m.Reviewed, Trust: m.Trust, TrustNote: app.OutboxNote(c.lang, m.TrustNote)})
			}
			return writeJSON(c.env.Stdout, out)
		}
		tw := tabwriter.NewWriter(c.env.Stdout, 0, 4, 2, ' ', 0)
		for _, m := range list {
			state := c.t("cli.responses_to_review")
			if m.Reviewed {
				state = c.t("cli.responses_done")
			}
			switch m.Trust {
			case store.TrustUnknownSender:
				state += ", " + c.t("cli.responses_unknown_sender")
			case store.TrustUnverifiedBounce:
				state += ", " + c.t("cli.responses_unverified")
			}
			who := m.CustomerCode
			if who == "" {
				who = "?"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", m.ID, m.ReceivedAt.Local().Format("2006-01-02 15:04"), who, m.Class, m.Match, state, m.Summary)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.responses_count", len(list)))
		return nil
	}, nil
}
