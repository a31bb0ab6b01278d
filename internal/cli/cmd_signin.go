package cli

import (
	"context"
	"fmt"
	"os/exec"
	"runtime"
	"time"

	"github.com/relance-app/relance/internal/app"
)

// account signin|signout: signing in with the provider (OAuth2).

// signinTimeout bounds the wait for the owner at the provider's page.
var signinTimeout = 10 * time.Minute

func (c *cli) cmdAccountSignin(args []string) (step, error) {
	fs := c.newFlags("account signin")
	device := fs.Bool("device", false, c.t("cli.flag_signin_device"))
	pos, err := c.parse(fs, args)
	if err != nil {
		return nil, err
	}
	if len(pos) > 0 {
		return nil, c.usage("cli.account_signin_usage")
	}
	return func(svc *app.Service) error {
		st, err := c.signIn(svc, *device)
		if err != nil {
			return err
		}
		if st.Volatile {
			fmt.Fprintln(c.env.Stderr, c.t("cli.signin_volatile"))
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.signin_done", st.Provider))
		return nil
	}, nil
}

// signIn runs the sign-in, the address (or the code) said on standard
// error and the system browser opened unless RELANCE_NO_BROWSER is set.
func (c *cli) signIn(svc *app.Service, device bool) (app.SignInState, error) {
	ctx, cancel := context.WithTimeout(c.ctx, signinTimeout)
	defer cancel()
	o := app.SignInOptions{Lang: c.lang, Show: func(url, code string) {
		if code != "" {
			fmt.Fprintln(c.env.Stderr, c.t("cli.signin_device", url, code))
			return
		}
		fmt.Fprintln(c.env.Stderr, c.t("cli.signin_open", url))
	}}
	if !device && c.env.Getenv("RELANCE_NO_BROWSER") == "" {
		o.OpenBrowser = openBrowser
	}
	st, err := svc.SignIn(ctx, o, device)
	if err != nil {
		return st, c.appErr(err)
	}
	return st, nil
}

// openBrowser opens url in the system browser.
func openBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	case "darwin":
		cmd = exec.Command("open", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait()
	return nil
}

func (c *cli) cmdAccountSignout(args []string) (step, error) {
	fs := c.newFlags("account signout")
	if _, err := c.parse(fs, args); err != nil {
		return nil, err
	}
	return func(svc *app.Service) error {
		if err := svc.SignOut(c.ctx); err != nil {
			return c.appErr(err)
		}
		fmt.Fprintln(c.env.Stdout, c.t("cli.signout_done"))
		return nil
	}, nil
}

// signinLine says what is known of the grant, never the token.
func (c *cli) signinLine(svc *app.Service) (string, string, error) {
	st, err := svc.SignInState(c.ctx)
	if err != nil {
		return "", "", err
	}
	switch {
	case !st.OAuth:
		return "", "", nil
	case !st.ClientID:
		return "no-client-id", c.t("cli.signin_state_no_client", st.Provider), nil
	case st.NoKeyring:
		return "no-keyring", c.t("cli.signin_state_no_keyring", st.Provider), nil
	case st.Granted:
		return "signed-in", c.t("cli.signin_state_granted", st.Provider), nil
	}
	return "signed-out", c.t("cli.signin_state_none", st.Provider), nil
}
