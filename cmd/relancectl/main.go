// Command relancectl is Relance's scriptable command line: the same ledger
// and use cases as the desktop app, without a window. It builds with
// CGO_ENABLED=0 and never imports Fyne.
package main

import (
	"context"
	"os"
	"os/signal"

	"github.com/relance-app/relance/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := cli.Run(ctx, os.Args[1:], cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Stdin: os.Stdin})
	stop()
	os.Exit(code)
}
