package printing

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/i18n"
)

// The commands are real processes: fake lp, lpstat and xdg-open scripts
// in a folder that is the whole PATH, each writing its arguments to a
// file. lpstat's output is laid out as CUPS 2.4's lpstat writes it in the
// C locale (`lpstat -p -d` on Debian 12 with two queues).
const lpstatOutput = `printer Brother_HL_L2350DW is idle.  enabled since Thu 03 Dec 2026 09:12:40 CET
printer Office-PDF disabled since Fri 04 Dec 2026 10:01:02 CET -
	Paused
system default destination: Brother_HL_L2350DW
`

// fakeBin makes a folder with the named scripts and makes it the PATH.
// Each script appends its arguments, one a line, to NAME.args in the
// folder, prints out and exits with code.
func fakeBin(t *testing.T, scripts map[string]struct {
	out  string
	code int
}) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("shell scripts")
	}
	dir := t.TempDir()
	for name, s := range scripts {
		// Shell built-ins only: PATH holds nothing but the fakes.
		out := filepath.Join(dir, name+".out")
		if err := os.WriteFile(out, []byte(s.out), 0o644); err != nil {
			t.Fatal(err)
		}
		body := "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> '" + filepath.Join(dir, name+".args") + "'; done\n" +
			"while IFS= read -r l; do printf '%s\\n' \"$l\"; done < '" + out + "'\nexit " + strconv.Itoa(s.code) + "\n"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", dir)
	return dir
}

func args(t *testing.T, dir, name string) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name+".args"))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

type script = struct {
	out  string
	code int
}

func userMsg(t *testing.T, err error) i18n.Msg {
	t.Helper()
	var ue *core.UserError
	if !errors.As(err, &ue) {
		t.Fatalf("error %v is not said to the owner", err)
	}
	return ue.Msg
}

func TestPrintersFromLpstatAndPrintWithLp(t *testing.T) {
	dir := fakeBin(t, map[string]script{
		"lp":       {"request id is Brother_HL_L2350DW-42 (1 file(s))\n", 0},
		"lpstat":   {lpstatOutput, 0},
		"xdg-open": {"", 0},
	})
	s := &Service{OS: "linux"}
	w := s.PrintWays(context.Background())
	if !w.LP || !w.CanPrint() || w.Viewer != "xdg-open" {
		t.Fatalf("ways %+v", w)
	}
	if strings.Join(w.Printers, ",") != "Brother_HL_L2350DW,Office-PDF" || w.Default != "Brother_HL_L2350DW" {
		t.Errorf("printers %q, default %q", w.Printers, w.Default)
	}
	if got := args(t, dir, "lpstat"); strings.Join(got, " ") != "-p -d" {
		t.Errorf("lpstat ran with %q", got)
	}
	pdf := filepath.Join(t.TempDir(), "-letters 2026.pdf")
	if err := s.PrintFile(context.Background(), pdf, "Office-PDF"); err != nil {
		t.Fatal(err)
	}
	// The printer chosen, and the file after "--" even when its name
	// looks like an option.
	if got := args(t, dir, "lp"); strings.Join(got, "|") != "-d|Office-PDF|--|"+pdf {
		t.Errorf("lp ran with %q", got)
	}
	// No printer chosen: the system's default destination (no -d).
	os.Remove(filepath.Join(dir, "lp.args"))
	if err := s.PrintFile(context.Background(), pdf, ""); err != nil {
		t.Fatal(err)
	}
	if got := args(t, dir, "lp"); strings.Join(got, "|") != "--|"+pdf {
		t.Errorf("lp ran with %q", got)
	}
}

func TestLpRefusalIsSaidWithWhatLpSaid(t *testing.T) {
	fakeBin(t, map[string]script{"lp": {"lp: The printer or class does not exist.\n", 1}})
	s := &Service{}
	err := s.PrintFile(context.Background(), "/tmp/x.pdf", "Gone")
	m := userMsg(t, err)
	text := m.In(i18n.FR)
	if m.Key != "printing.lp_failed" || !strings.Contains(text, "Gone") || !strings.Contains(text, "The printer or class does not exist.") {
		t.Errorf("said %q (%s)", text, m.Key)
	}
}

func TestNoLpNoLpstat(t *testing.T) {
	fakeBin(t, map[string]script{"xdg-open": {"", 0}})
	s := &Service{OS: "linux"}
	w := s.PrintWays(context.Background())
	if w.LP || w.CanPrint() || len(w.Printers) != 0 || w.Viewer != "xdg-open" {
		t.Errorf("ways %+v", w)
	}
	err := s.PrintFile(context.Background(), "/tmp/x.pdf", "")
	if m := userMsg(t, err); m.Key != "printing.no_lp" || strings.Contains(m.In(i18n.EN), "executable file not found") {
		t.Errorf("said %q", m.In(i18n.EN))
	}
}

// lp present but CUPS has no queue (lpstat fails, as it does when the
// scheduler is not running): lp is there, with nothing to print to.
func TestLpWithoutAnyPrinter(t *testing.T) {
	fakeBin(t, map[string]script{"lp": {"", 0}, "lpstat": {"lpstat: Scheduler is not running.\n", 1}})
	w := (&Service{OS: "linux"}).PrintWays(context.Background())
	if !w.LP || w.CanPrint() || w.Viewer != "" {
		t.Errorf("ways %+v", w)
	}
}

func TestViewerPerSystem(t *testing.T) {
	for _, c := range []struct {
		goos, cmd string
		args      string
	}{
		{"linux", "xdg-open", "FILE"},
		{"freebsd", "xdg-open", "FILE"},
		{"darwin", "open", "FILE"},
		{"windows", "cmd", "/c|start||FILE"},
	} {
		t.Run(c.goos, func(t *testing.T) {
			dir := fakeBin(t, map[string]script{c.cmd: {"", 0}})
			s := &Service{OS: c.goos}
			if w := s.PrintWays(context.Background()); w.Viewer != c.cmd {
				t.Errorf("viewer %q", w.Viewer)
			}
			pdf := filepath.Join(t.TempDir(), "a b.pdf")
			if err := s.OpenInViewer(context.Background(), pdf); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(args(t, dir, c.cmd), "|"); got != strings.ReplaceAll(c.args, "FILE", pdf) {
				t.Errorf("%s ran with %q", c.cmd, got)
			}
		})
	}
}

// No viewer on PATH: a sentence saying where the file is and what to do,
// never exec's `exec: "xdg-open": executable file not found in $PATH`.
func TestNoViewerIsSaidPlainly(t *testing.T) {
	fakeBin(t, map[string]script{})
	s := &Service{OS: "linux"}
	if w := s.PrintWays(context.Background()); w.Viewer != "" || w.LP {
		t.Errorf("ways %+v", w)
	}
	err := s.OpenInViewer(context.Background(), "/data/printed/letters.pdf")
	m := userMsg(t, err)
	for _, l := range []i18n.Lang{i18n.EN, i18n.FR, i18n.SRCyrl} {
		text := m.In(l)
		if m.Key != "printing.no_viewer" || !strings.Contains(text, "/data/printed/letters.pdf") || strings.Contains(text, "exec:") || strings.Contains(text, "$PATH") {
			t.Errorf("%s: said %q", l, text)
		}
	}
}

// xdg-open that finds no application for PDFs exits 3 with a line.
func TestViewerThatFailsIsSaid(t *testing.T) {
	fakeBin(t, map[string]script{"xdg-open": {"xdg-open: no method available for opening '/x.pdf'\n", 3}})
	err := (&Service{OS: "linux"}).OpenInViewer(context.Background(), "/x.pdf")
	m := userMsg(t, err)
	if text := m.In(i18n.EN); m.Key != "printing.viewer_failed" || !strings.Contains(text, "no method available") || !strings.Contains(text, "/x.pdf") {
		t.Errorf("said %q", text)
	}
}

// A viewer command that stays until the viewer closes is taken as
// started after ViewerWait, not waited for.
func TestViewerThatStaysIsNotWaitedFor(t *testing.T) {
	dir := fakeBin(t, map[string]script{})
	os.WriteFile(filepath.Join(dir, "xdg-open"), []byte("#!/bin/sh\nexec /bin/sleep 3\n"), 0o755)
	s := &Service{OS: "linux", ViewerWait: 200 * time.Millisecond}
	start := time.Now()
	if err := s.OpenInViewer(context.Background(), "/x.pdf"); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("waited %v", d)
	}
}

func TestParseLpstatNoDefault(t *testing.T) {
	p, d := parseLpstat("printer A is idle.  enabled since x\nno system default destination\n")
	if strings.Join(p, ",") != "A" || d != "" {
		t.Errorf("%q %q", p, d)
	}
}
