// Package cli is relancectl: argument parsing and output over internal/app.
// It lives outside cmd/ so that tests can run it in-process; cmd/relancectl
// only calls Run.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitUser  = 1 // a user error: bad file, missing database, rejected value
	ExitUsage = 2 // the command line itself is wrong
)

// Env is what the process gives the CLI; tests substitute every part.
type Env struct {
	Stdout, Stderr io.Writer
	Stdin          io.Reader
	Getenv         func(string) string
	Today          func() ledger.Date
}

// cli is one invocation.
type cli struct {
	env    Env
	lang   i18n.Lang
	dbPath string
	demo   bool
	ctx    context.Context
}

// usageError is a command-line mistake (exit 2).
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// userError is a translated message for the user (exit 1).
type userError struct{ msg string }

func (e *userError) Error() string { return e.msg }

// Run executes relancectl with args (without the program name) and returns
// the exit code.
func Run(ctx context.Context, args []string, env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if env.Today == nil {
		env.Today = ledger.Today
	}
	if env.Stdin == nil {
		env.Stdin = os.Stdin
	}
	c := &cli{env: env, ctx: ctx, lang: i18n.FromEnv(env.Getenv)}
	rest, err := c.globals(args)
	if err == nil {
		err = c.dispatch(rest)
	}
	var ue *usageError
	var uerr *userError
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.As(err, &ue):
		fmt.Fprintf(env.Stderr, "relancectl: %s\n%s\n", ue.msg, c.t("cli.see_help"))
		return ExitUsage
	case errors.As(err, &uerr):
		fmt.Fprintf(env.Stderr, "relancectl: %s\n", uerr.msg)
		return ExitUser
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(env.Stderr, "relancectl: %s\n", c.t("cli.cancelled"))
		return ExitUser
	case isBusy(err):
		fmt.Fprintf(env.Stderr, "relancectl: %s\n", c.t("cli.busy"))
		return ExitUser
	default:
		// Unexpected: the full wrapped error helps whoever reads it.
		fmt.Fprintf(env.Stderr, "relancectl: %s\n", c.t("cli.failed", err.Error()))
		return ExitUser
	}
}

func (c *cli) t(key string, args ...any) string { return i18n.T(c.lang, key, args...) }

func (c *cli) usage(key string, args ...any) error { return &usageError{msg: c.t(key, args...)} }

func (c *cli) fail(key string, args ...any) error { return &userError{msg: c.t(key, args...)} }

// globals takes --db, --lang and --demo from anywhere on the command line,
// so "relancectl --db x invoices list" and "relancectl invoices list --db x"
// both work; everything else is left for the command.
func (c *cli) globals(args []string) ([]string, error) {
	var rest []string
	command := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || (name != "db" && name != "lang" && name != "demo") ||
			(name == "lang" && ownLang(command)) { // letter's and sms's --lang is the letter's language
			if command == "" && !strings.HasPrefix(a, "-") {
				command = a
			}
			rest = append(rest, a)
			continue
		}
		if name == "demo" {
			if hasVal {
				return nil, c.usage("cli.flag_takes_no_value", "--demo")
			}
			c.demo = true
			continue
		}
		if !hasVal {
			if i+1 >= len(args) {
				return nil, c.usage("cli.flag_needs_value", "--"+name)
			}
			i++
			val = args[i]
		}
		switch name {
		case "db":
			if strings.TrimSpace(val) == "" {
				// An empty --db (an unset variable in a script) must not
				// fall back to the owner's real ledger.
				return nil, c.usage("cli.flag_needs_value", "--db")
			}
			c.dbPath = val
		case "lang":
			l, ok := i18n.Parse(val)
			if !ok {
				return nil, c.usage("cli.bad_lang", val)
			}
			c.lang = l
		}
	}
	if c.demo && c.dbPath != "" {
		return nil, c.usage("cli.demo_and_db")
	}
	return rest, nil
}

// ownLang reports whether a command takes --lang as its own flag.
func ownLang(name string) bool {
	cmd := lookup(commands, name)
	return cmd != nil && cmd.ownLang
}

// resolveDB picks the ledger file: --db, then RELANCE_DB, then the default
// in the user's data folder (demo.db beside it with --demo).
func (c *cli) resolveDB() (string, error) {
	if c.dbPath != "" {
		return c.dbPath, nil
	}
	if c.demo {
		dir, err := app.DataDir()
		if err != nil {
			return "", err
		}
		return filepath.Join(dir, "demo.db"), nil
	}
	if p := c.env.Getenv("RELANCE_DB"); p != "" {
		return p, nil
	}
	return app.DefaultDBPath()
}

// openErr says why a ledger could not be opened: the application's own
// refusals (an empty file, not a ledger, a database URL) as they are.
func (c *cli) openErr(path string, err error) error {
	var ue *app.UserError
	if errors.As(err, &ue) {
		return c.appErr(err)
	}
	return c.fail("cli.cannot_open", path, err.Error())
}

// newFlags makes a command's flag set; parse errors become usage errors.
func (c *cli) newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parse parses args with fs, accepting flags after positional arguments
// ("import invoices FILE --dry-run"), and returns the positionals.
func (c *cli) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				c.printCommandHelp(fs)
				return nil, flag.ErrHelp
			}
			return nil, &usageError{msg: err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func (c *cli) printCommandHelp(fs *flag.FlagSet) {
	fmt.Fprintf(c.env.Stdout, "relancectl %s\n", fs.Name())
	fs.SetOutput(c.env.Stdout)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

func (c *cli) printUsage(w io.Writer) {
	fmt.Fprintln(w, c.t("cli.usage"))
}

// isBusy reports SQLite's "database is locked": another process holds the
// write lock longer than the busy timeout (a long import, the app saving).
func isBusy(err error) bool {
	return err != nil && (strings.Contains(err.Error(), "SQLITE_BUSY") || strings.Contains(err.Error(), "database is locked"))
}

// shellQuote quotes a path for a command the user may copy and paste.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t'\"$`\\!*?[]{}()<>|&;#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func msg(key string, args ...any) i18n.Msg { return i18n.M(key, args...) }

// pauseAt stops the process at a step of a send run ("sending:17": before
// the 17th message goes out), for the crash tests, which kill it there
// with SIGKILL. Nothing else sets RELANCE_TEST_PAUSE.
func (c *cli) pauseAt(spec string) {
	want, nStr, _ := strings.Cut(spec, ":")
	n, _ := strconv.Atoi(nStr)
	app.SetPauseHook(func(step string, i int) {
		if step == want && i == n {
			fmt.Fprintf(c.env.Stderr, "PAUSED %s %d\n", step, i)
			for { // a sleeping timer, not select{}: the runtime would call that a deadlock
				time.Sleep(time.Hour)
			}
		}
	})
}
