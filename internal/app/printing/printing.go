// Package printing puts a PDF on paper on the owner's machine, whatever
// it has: CUPS's lp where it is installed (on the printer the owner chose
// among those lpstat lists), else the system's viewer (xdg-open on Linux,
// open on macOS, start on Windows), and a plain sentence when there is
// neither. The commands are found on PATH when they are needed (the seam
// the tests use: fake scripts in a folder of their own), never assumed.
// Every file it prints is kept, under a name, in a folder the owner is
// told of (PrintFolder): a PDF is never left in an unnamed temporary folder.
package printing

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/i18n"
)

// Service prints over one ledger (the folder of printed files is next to
// it, like the owner's templates).
type Service struct {
	*core.Core
	// OS is the system whose viewer is used ("" = runtime.GOOS); tests
	// set it to check macOS's and Windows's commands on Linux.
	OS string
	// ViewerWait is how long OpenInViewer waits for the viewer command to fail
	// before taking it as started (0 = 5 s): xdg-open and start return
	// at once, but some desktops keep the command until the viewer closes.
	ViewerWait time.Duration
}

// New makes the printing service.
func New(c *core.Core) *Service { return &Service{Core: c} }

// Ways are what this machine offers to print, found when asked (a
// printer can be installed while the app runs).
type Ways struct {
	// LP: CUPS's lp is on PATH.
	LP bool
	// Printers are the queues lpstat -p lists; Default is the system's
	// default destination (lpstat -d), "" when none is set.
	Printers []string
	Default  string
	// Viewer is the command that opens a file in the system's viewer
	// ("xdg-open", "open", "cmd"), "" when this machine has none.
	Viewer string
}

// CanPrint says whether PrintFile has a printer to send to.
func (w Ways) CanPrint() bool { return w.LP && (len(w.Printers) > 0 || w.Default != "") }

// PrintWays looks for lp, its printers and a viewer.
func (s *Service) PrintWays(ctx context.Context) Ways {
	var w Ways
	if _, err := exec.LookPath("lp"); err == nil {
		w.LP = true
		if _, err := exec.LookPath("lpstat"); err == nil {
			// Without lpstat lp still prints to the default destination;
			// an lpstat that fails (no CUPS server) lists nothing.
			out, _ := s.output(ctx, "lpstat", "-p", "-d")
			w.Printers, w.Default = parseLpstat(out)
		}
	}
	if name, _ := s.viewer(); name != "" {
		if _, err := exec.LookPath(name); err == nil {
			w.Viewer = name
		}
	}
	return w
}

// parseLpstat reads `lpstat -p -d` as CUPS writes it in the C locale:
// "printer NAME is idle.  enabled since …" lines (followed by indented
// detail lines), and "system default destination: NAME" (or "no system
// default destination").
func parseLpstat(out string) (printers []string, def string) {
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 2 && f[0] == "printer" && !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "\t"):
			printers = append(printers, f[1])
		case strings.HasPrefix(line, "system default destination:"):
			def = strings.TrimSpace(strings.TrimPrefix(line, "system default destination:"))
		}
	}
	return printers, def
}

// PrintFile sends a file to a printer with lp ("" = the system's default
// destination). lp hands the file to the CUPS queue and returns: the job
// is then the printer's.
func (s *Service) PrintFile(ctx context.Context, path, printer string) error {
	if _, err := exec.LookPath("lp"); err != nil {
		return core.UserErr("printing.no_lp")
	}
	args := []string{}
	if printer != "" {
		args = append(args, "-d", printer)
	}
	// "--" so that a file name starting with "-" is never read as an option.
	args = append(args, "--", path)
	if out, err := s.output(ctx, "lp", args...); err != nil {
		return &core.UserError{Msg: i18n.M("printing.lp_failed", printerName(printer), firstLine(out, err)), Err: err}
	}
	return nil
}

// printerName is the printer named in a message ("" = the default).
func printerName(p string) string {
	if p == "" {
		return "lp"
	}
	return p
}

// viewer is the command (and its arguments before the file) that opens a
// file in the system's viewer.
func (s *Service) viewer() (string, []string) {
	goos := s.OS
	if goos == "" {
		goos = runtime.GOOS
	}
	switch goos {
	case "darwin":
		return "open", nil
	case "windows":
		// start is a command of cmd; its first quoted argument is the
		// window's title, hence the empty one.
		return "cmd", []string{"/c", "start", ""}
	case "android", "ios", "js", "wasip1", "plan9":
		return "", nil
	}
	return "xdg-open", nil
}

// OpenInViewer opens a file in the system's viewer, from which the owner prints
// it. Without one it says so (and what to do), never exec's "executable
// file not found".
func (s *Service) OpenInViewer(ctx context.Context, path string) error {
	name, pre := s.viewer()
	if name == "" {
		return core.UserErr("printing.no_viewer", path)
	}
	if _, err := exec.LookPath(name); err != nil {
		return core.UserErr("printing.no_viewer", path)
	}
	wait := s.ViewerWait
	if wait == 0 {
		wait = 5 * time.Second
	}
	cmd := exec.Command(name, append(pre, path)...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return core.UserErr("printing.no_viewer", path)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			// xdg-open exits 3 when no application opens PDFs.
			return &core.UserError{Msg: i18n.M("printing.viewer_failed", path, firstLine(out.String(), err)), Err: err}
		}
	case <-time.After(wait):
		// Still running: the viewer is up (the command is left to end
		// with it).
	case <-ctx.Done():
	}
	return nil
}

// output runs a command in the C locale (lpstat's words are parsed) and
// gives what it wrote.
func (s *Service) output(ctx context.Context, name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C", "LANG=C")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("%s: %w", name, err)
	}
	return string(out), nil
}

// firstLine is what a command said, for a message: its first line, cut
// short, or the error when it said nothing.
func firstLine(out string, err error) string {
	line := strings.TrimSpace(out)
	if i := strings.IndexByte(line, '\n'); i >= 0 {
		line = strings.TrimSpace(line[:i])
	}
	if line == "" {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return fmt.Sprintf("exit %d", ee.ExitCode())
		}
		return err.Error()
	}
	if r := []rune(line); len(r) > 200 {
		line = string(r[:200]) + "…"
	}
	return line
}

// How says which way PrintOrOpen took.
type How int

const (
	// ByPrinter: sent to a printer with lp.
	ByPrinter How = iota + 1
	// InViewer: opened in the system's viewer, to print from there.
	InViewer
)

// PrintOrOpen prints a file on the printer given (or the default) when
// this machine has lp and a printer, else opens it in the system's viewer;
// with neither it says so, with where the file is.
func (s *Service) PrintOrOpen(ctx context.Context, path, printer string) (How, error) {
	w := s.PrintWays(ctx)
	switch {
	case w.CanPrint():
		return ByPrinter, s.PrintFile(ctx, path, printer)
	case w.Viewer != "":
		return InViewer, s.OpenInViewer(ctx, path)
	}
	return 0, core.UserErr("printing.no_viewer", path)
}
