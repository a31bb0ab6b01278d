package cli

import (
	"bufio"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// account set|show|test|password, send, outbox.

func (c *cli) cmdAccountShow(args []string) (step, error) {
	fs := c.newFlags("account show")
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	if _, err := c.parse(fs, args); err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		a, err := svc.MailAccount(c.ctx)
		if err != nil {
			return err
		}
		signin, signinText, err := c.signinLine(svc)
		if err != nil {
			return err
		}
		if *asJSON {
			m := map[string]string{}
			for _, k := range app.AccountKeys() {
				m[k] = app.AccountValue(&a, k)
			}
			if signin != "" {
				m["signin"] = signin
			}
			return writeJSON(c.env.Stdout, m)
		}
		tw := tabwriter.NewWriter(c.env.Stdout, 0, 4, 2, ' ', 0)
		for _, k := range app.AccountKeys() {
			fmt.Fprintf(tw, "%s\t%s\n", k, app.AccountValue(&a, k))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		// Passwords are not shown: the account holds none; of a sign-in,
		// only whether a grant is kept.
		if signinText != "" {
			fmt.Fprintln(c.env.Stdout, signinText)
		} else {
			fmt.Fprintln(c.env.Stdout, c.t("cli.account_passwords_where"))
		}
		c.warnInsecure(a)
		return nil
	}, nil
}

func (c *cli) cmdAccountSet(args []string) (step, error) {
	fs := c.newFlags("account set")
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) == 0 {
		return nil, c.usage("cli.account_set_usage", strings.Join(app.AccountKeys(), ", "))
	}
	pairs := map[string]string{}
	for _, p := range pos {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			return nil, c.usage("cli.account_set_usage", strings.Join(app.AccountKeys(), ", "))
		}
		if k == "password" || k == "smtp_password" || k == "imap_password" {
			return nil, c.fail("cli.account_no_password_key")
		}
		pairs[strings.TrimSpace(k)] = v
	}
	return func(svc *app.Service) error {
		a, err := svc.SetAccount(c.ctx, pairs)
		if err != nil {
			return c.appErr(err)
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.account_saved", len(pairs)))
		c.warnInsecure(a)
		return nil
	}, nil
}

// warnInsecure says, every time, that certificates are not checked.
func (c *cli) warnInsecure(a app.MailAccount) {
	if a.TLSInsecure {
		fmt.Fprintln(c.env.Stderr, c.t("cli.tls_insecure_warning"))
	}
}

// cmdAccountPassword stores a server's password in the OS keyring.
func (c *cli) cmdAccountPassword(args []string) (step, error) {
	fs := c.newFlags("account password")
	fromStdin := fs.Bool("password-stdin", false, c.t("cli.flag_password_stdin"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 1 || (pos[0] != "smtp" && pos[0] != "imap") || !*fromStdin {
		return nil, c.usage("cli.account_password_usage")
	}
	pw, _ := bufio.NewReader(c.env.Stdin).ReadString('\n') // a last line without newline is fine
	pw = strings.TrimRight(pw, "\r\n")
	if pw == "" {
		return nil, c.fail("cli.password_empty")
	}
	return func(svc *app.Service) error {
		if err := svc.StorePassword(c.ctx, pos[0], pw); err != nil {
			if errors.Is(err, app.ErrNoKeyring) {
				return c.fail("cli.no_keyring", strings.ToUpper(pos[0]))
			}
			return err
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.password_stored", strings.ToUpper(pos[0])))
		return nil
	}, nil
}

// passwords reads the account's passwords: RELANCE_SMTP_PASSWORD /
// RELANCE_IMAP_PASSWORD, else standard input (--password-stdin: the SMTP
// password on the first line, the IMAP one on the second, the same when
// absent), else the keyring. Passwords given here are used for this run
// only: nothing is stored.
//
// An OAuth2 account's are access tokens from the grant account signin
// kept; on a machine without a keyring the owner signs in now, for this
// run only.
func (c *cli) passwords(svc *app.Service, a app.MailAccount, fromStdin bool) (app.Passwords, error) {
	if a.Auth == app.AuthOAuth2 {
		if st, err := svc.SignInState(c.ctx); err == nil && st.ClientID && !st.Granted && st.NoKeyring {
			fmt.Fprintln(c.env.Stderr, c.t("cli.signin_for_this_run", st.Provider))
			if _, err := c.signIn(svc, false); err != nil {
				return nil, err
			}
		}
		keyring := app.KeyringPasswords(a)
		return func(server string) (string, error) {
			tok, err := keyring(server)
			return tok, c.appErr(err)
		}, nil
	}
	given := map[string]string{}
	for _, s := range []string{"smtp", "imap"} {
		if v := c.env.Getenv("RELANCE_" + strings.ToUpper(s) + "_PASSWORD"); v != "" {
			given[s] = v
		}
	}
	if fromStdin {
		r := bufio.NewReader(c.env.Stdin)
		first, _ := r.ReadString('\n')
		second, _ := r.ReadString('\n')
		first, second = strings.TrimRight(first, "\r\n"), strings.TrimRight(second, "\r\n")
		if first == "" {
			return nil, c.fail("cli.password_empty")
		}
		if second == "" {
			second = first
		}
		given["smtp"], given["imap"] = first, second
	}
	if len(given) > 0 {
		fmt.Fprintln(c.env.Stderr, c.t("cli.password_not_stored"))
	}
	keyring := app.KeyringPasswords(a)
	return func(server string) (string, error) {
		if pw, ok := given[server]; ok {
			return pw, nil
		}
		pw, err := keyring(server)
		switch {
		case errors.Is(err, app.ErrNoPassword):
			return "", c.fail("cli.no_password", strings.ToUpper(server), strings.ToUpper(server))
		case errors.Is(err, app.ErrNoKeyring):
			return "", c.fail("cli.no_keyring_password", strings.ToUpper(server), strings.ToUpper(server))
		}
		return pw, err
	}, nil
}

func (c *cli) cmdAccountTest(args []string) (step, error) {
	fs := c.newFlags("account test")
	fromStdin := fs.Bool("password-stdin", false, c.t("cli.flag_password_stdin"))
	if _, err := c.parse(fs, args); err != nil {
		return nil, err
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
		checks, err := svc.TestAccount(c.ctx, pw)
		if err != nil {
			return err
		}
		failed := 0
		for _, ch := range checks {
			if ch.OK {
				line := c.t("cli.account_test_ok", strings.ToUpper(ch.Server))
				if ch.Server == "imap" {
					if ch.SentFolder != "" {
						line += " " + c.t("cli.account_test_sent_folder", ch.SentFolder)
					} else {
						line += " " + c.t("cli.account_test_no_sent_folder")
					}
				}
				fmt.Fprintln(c.env.Stdout, line)
				continue
			}
			failed++
			fmt.Fprintln(c.env.Stdout, c.errText(ch.Err))
		}
		if failed > 0 {
			return c.fail("cli.account_test_failed", failed)
		}
		return nil
	}, nil
}

// errText says an error in the user's language when it can.
func (c *cli) errText(err error) string {
	var ce *app.ConnError
	if errors.As(err, &ce) {
		return ce.In(c.lang)
	}
	var se *app.SignInError
	if errors.As(err, &se) {
		return se.In(c.lang) + "\n" + c.t("cli.signin_hint")
	}
	return c.appErr(err).Error()
}

func (c *cli) cmdSend(args []string) (step, error) {
	fs := c.newFlags("send")
	asOf := fs.String("as-of", "", c.t("cli.flag_as_of"))
	dry := fs.Bool("dry-run", false, c.t("cli.flag_send_dry_run"))
	limit := fs.Int("limit", 0, c.t("cli.flag_send_limit"))
	fromStdin := fs.Bool("password-stdin", false, c.t("cli.flag_password_stdin"))
	wait := fs.Duration("wait", 0, c.t("cli.flag_send_wait"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) > 0 || *limit < 0 {
		return nil, c.usage("cli.send_usage")
	}
	date, err := c.asOfFlag(*asOf)
	if err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		a, err := svc.MailAccount(c.ctx)
		if err != nil {
			return err
		}
		c.warnInsecure(a)
		o := app.SendOptions{AsOf: date, DryRun: *dry, Limit: *limit, MaxWait: *wait}
		if !*dry {
			if o.Passwords, err = c.passwords(svc, a, *fromStdin); err != nil {
				return err
			}
			o.Progress = func(done, total int) {
				fmt.Fprintln(c.env.Stderr, c.t("cli.send_progress", done, total))
			}
		}
		rep, err := svc.Send(c.ctx, o)
		if err != nil {
			return c.appErr(err)
		}
		for _, p := range rep.Problems {
			fmt.Fprintln(c.env.Stderr, c.t("cli.print_left_out", c.appErr(p.Reason).Error()))
		}
		for _, p := range rep.PaidMeanwhile {
			fmt.Fprintln(c.env.Stderr, c.t("cli.print_paid_meanwhile", p.Invoice))
		}
		if *dry {
			for _, p := range rep.Planned {
				fmt.Fprintf(c.env.Stdout, "%s\t%s\t%s\t%s\n", p.CustomerCode, p.Kind, strings.Join(p.To, ", "), p.Subject)
			}
			fmt.Fprintln(c.env.Stdout, c.t("cli.send_dry_run", len(rep.Planned), date.String()))
			return nil
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.send_report", rep.Queued, rep.Sent, rep.Deferred, rep.Failed, rep.Unknown+rep.Waiting))
		if rep.Confirmed+rep.Requeued+rep.Flagged > 0 {
			fmt.Fprintln(c.env.Stdout, c.t("cli.send_settled", rep.Confirmed, rep.Requeued, rep.Flagged))
		}
		if rep.Waiting > 0 {
			fmt.Fprintln(c.env.Stdout, c.t("cli.send_waiting", rep.Waiting, a.ConfirmAfter))
		}
		if rep.Failed > 0 {
			fmt.Fprintln(c.env.Stdout, c.t("cli.send_failed_postal", rep.Failed))
		}
		if rep.Cancelled {
			return c.fail("cli.send_cancelled")
		}
		if rep.Stopped != nil {
			return c.fail("cli.send_stopped", c.errText(rep.Stopped))
		}
		if len(rep.Problems) > 0 {
			return c.fail("cli.print_problems", len(rep.Problems))
		}
		return nil
	}, nil
}

func (c *cli) cmdOutbox(args []string) (step, error) {
	fs := c.newFlags("outbox")
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	state := fs.String("state", "", c.t("cli.flag_outbox_state"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		if len(pos) == 2 && (pos[0] == "resend" || pos[0] == "mark-sent") {
			id, err := strconv.ParseInt(pos[1], 10, 64)
			if err != nil {
				return c.usage("cli.outbox_usage")
			}
			if pos[0] == "resend" {
				err = svc.OutboxResend(c.ctx, id)
			} else {
				err = svc.OutboxMarkSent(c.ctx, id)
			}
			if err != nil {
				return c.appErr(err)
			}
			key := "cli.outbox_done_resend"
			if pos[0] == "mark-sent" {
				key = "cli.outbox_done_mark_sent"
			}
			fmt.Fprintln(c.env.Stdout, c.t(key, id))
			return nil
		}
		if len(pos) > 0 {
			return c.usage("cli.outbox_usage")
		}
		f := store.OutboxFilter{}
		if *state != "" {
			for _, st := range strings.Split(*state, ",") {
				f.States = append(f.States, ledger.OutboxState(st))
			}
		}
		items, err := svc.Outbox(c.ctx, f)
		if err != nil {
			return err
		}
		if *asJSON {
			type row struct {
				ID         int64    `json:"id"`
				Customer   string   `json:"customer_code"`
				Kind       string   `json:"kind"`
				To         []string `json:"to"`
				Subject    string   `json:"subject"`
				MessageID  string   `json:"message_id"`
				State      string   `json:"state"`
				Attempts   int      `json:"attempts"`
				Created    string   `json:"created_at"`
				Sent       string   `json:"sent_at,omitempty"`
				Next       string   `json:"next_attempt,omitempty"`
				Error      string   `json:"last_error,omitempty"`
				Refused    []string `json:"refused,omitempty"`
				NeedsOwner bool     `json:"needs_owner"`
				Postal     string   `json:"postal,omitempty"`
			}
			out := []row{}
			ts := func(t time.Time) string {
				if t.IsZero() {
					return ""
				}
				return t.UTC().Format(time.RFC3339)
			}
			for _, it := range items {
				out = append(out, row{it.ID, it.CustomerCode, string(it.Kind), it.Recipients, it.Subject, it.MessageID, string(it.State), it.Attempts,
					ts(it.CreatedAt), ts(it.SentAt), ts(it.NextAttempt), app.OutboxNote(c.lang, it.LastError), it.Refused, it.Flagged, it.Postal})
			}
			return writeJSON(c.env.Stdout, out)
		}
		tw := tabwriter.NewWriter(c.env.Stdout, 0, 4, 2, ' ', 0)
		for _, it := range items {
			note := app.OutboxNote(c.lang, it.LastError)
			if it.Flagged {
				note = c.t("cli.outbox_needs_owner") + " " + note
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", it.ID, it.State, it.CustomerCode, strings.Join(it.Recipients, ", "), it.Subject, note)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.outbox_count", len(items)))
		return nil
	}, nil
}
