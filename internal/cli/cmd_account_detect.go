package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/relance-app/relance/internal/app"
)

// account detect ADDRESS [--json] [--apply] [--offline]: the servers and
// sign-in methods found from the address, how they were found, and, with
// --apply, saved into the mail account.

func (c *cli) cmdAccountDetect(args []string) (step, error) {
	fs := c.newFlags("account detect")
	asJSON := fs.Bool("json", false, c.t("cli.flag_json"))
	apply := fs.Bool("apply", false, c.t("cli.flag_detect_apply"))
	offline := fs.Bool("offline", false, c.t("cli.flag_detect_offline"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) != 1 {
		return nil, c.usage("cli.account_detect_usage")
	}
	address := pos[0]
	return func(svc *app.Service) error {
		if *offline {
			svc.Discover.Offline = true
		}
		r, err := svc.DetectAccount(c.ctx, address)
		if err != nil {
			if len(r.Tried) > 0 && !*asJSON {
				c.printTried(r)
				fmt.Fprintln(c.env.Stderr, c.t("cli.account_detect_not_found_hint"))
			}
			return c.appErr(err)
		}
		if *asJSON {
			if err := writeJSON(c.env.Stdout, r); err != nil {
				return err
			}
		} else {
			c.printDetected(r)
		}
		if !*apply {
			if !*asJSON {
				fmt.Fprintln(c.env.Stdout, c.t("cli.account_detect_apply_hint", address))
			}
			return nil
		}
		if _, err := svc.ApplyDetected(c.ctx, r); err != nil {
			return c.appErr(err)
		}
		// Said on standard error with --json, so that standard output stays
		// one JSON document.
		out := c.env.Stdout
		if *asJSON {
			out = c.env.Stderr
		}
		fmt.Fprintln(out, c.t("cli.account_detect_applied", r.Address))
		switch {
		case r.Has(app.SignInPassword):
			fmt.Fprintln(out, c.t("cli.account_detect_next_password"))
		case r.Has(app.SignInApp):
			fmt.Fprintln(out, c.t("cli.account_detect_next_app_password", r.AppPasswordURL))
		case r.Has(app.SignInOAuth2):
			fmt.Fprintln(out, c.t("cli.account_detect_next_oauth2", oauthName(r.OAuth2Provider)))
		}
		return nil
	}, nil
}

func (c *cli) printDetected(r app.DetectResult) {
	w := c.env.Stdout
	fmt.Fprintln(w, c.t("cli.account_detect_found", r.Address, c.stepText(r.Step)))
	fmt.Fprintln(w, c.t("cli.account_detect_source", r.Source))
	if r.Provider != "" {
		fmt.Fprintln(w, c.t("cli.account_detect_provider", r.Provider))
	}
	fmt.Fprintln(w, c.t("cli.account_detect_smtp", r.SMTP.Host, r.SMTP.Port, securityText(r.SMTP), r.SMTP.Username))
	if r.IMAP.Found() {
		fmt.Fprintln(w, c.t("cli.account_detect_imap", r.IMAP.Host, r.IMAP.Port, securityText(r.IMAP), r.IMAP.Username))
	} else {
		fmt.Fprintln(w, c.t("cli.account_detect_no_imap"))
	}
	var methods []string
	for _, m := range r.Methods {
		switch m {
		case app.SignInOAuth2:
			methods = append(methods, c.t("cli.detect_method_oauth2", oauthName(r.OAuth2Provider)))
		case app.SignInApp:
			methods = append(methods, c.t("cli.detect_method_app_password", r.AppPasswordURL))
		case app.SignInPassword:
			methods = append(methods, c.t("cli.detect_method_password"))
		}
	}
	if len(methods) > 0 {
		fmt.Fprintln(w, c.t("cli.account_detect_methods", strings.Join(methods, c.t("cli.detect_or"))))
	}
	if len(r.Tried) > 0 {
		fmt.Fprintln(w, c.t("cli.account_detect_tried"))
		c.printTriedTo(w, r)
	}
}

// printTried says, on standard error, the steps that found nothing.
func (c *cli) printTried(r app.DetectResult) {
	fmt.Fprintln(c.env.Stderr, c.t("cli.account_detect_tried_all"))
	c.printTriedTo(c.env.Stderr, r)
}

func (c *cli) printTriedTo(w io.Writer, r app.DetectResult) {
	for _, a := range r.Tried {
		fmt.Fprintf(w, "  - %s: %s\n", c.stepText(a.Step), a.Reason.In(c.lang))
	}
}

func (c *cli) stepText(s app.DetectStep) string {
	switch s {
	case app.StepISPDB:
		commit := app.ISPDBCommit()
		if len(commit) > 7 {
			commit = commit[:7]
		}
		return c.t("cli.detect_step_ispdb", commit)
	case app.StepAutoconfig:
		return c.t("cli.detect_step_autoconfig")
	case app.StepSRV:
		return c.t("cli.detect_step_srv")
	case app.StepMX:
		return c.t("cli.detect_step_mx")
	case app.StepGuess:
		return c.t("cli.detect_step_guess")
	}
	return string(s)
}

// securityText is the security as the account settings write it, upper
// case (TLS, STARTTLS): the same word in every language.
func securityText(s app.DetectServer) string { return strings.ToUpper(string(s.Security)) }

// oauthName is the sign-in provider's name as its owner writes it.
func oauthName(p string) string {
	switch p {
	case "google":
		return "Google"
	case "microsoft":
		return "Microsoft"
	}
	return p
}
