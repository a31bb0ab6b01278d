package ui

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/relance-app/relance/internal/i18n"
)

// Go's own error texts never reach the owner: a missing file, a refused
// one, a program that is not installed, a time limit are said as what
// happened and what to do, in the owner's language.
func TestGoErrorsSaidInWords(t *testing.T) {
	u := &UI{lang: i18n.FR}
	dir := t.TempDir()
	missing := filepath.Join(dir, "clients.csv")
	_, errMissing := os.Open(missing)
	_, errProgram := exec.LookPath("relance-no-such-viewer")
	errRun := exec.Command("relance-no-such-viewer", "x.pdf").Run()
	ctx, cancel := context.WithTimeout(context.Background(), 0)
	defer cancel()
	<-ctx.Done()
	errDir := os.WriteFile(dir, []byte("x"), 0o600) // a folder, not a file
	for _, c := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("import: %w", errMissing), u.t("oserr.not_found", missing)},
		{errRun, u.t("oserr.no_program", "relance-no-such-viewer")},
		{fmt.Errorf("print: %w", ctx.Err()), u.t("oserr.timeout")},
		{errDir, u.t("oserr.is_dir", dir)},
		{fmt.Errorf("sync: %w", context.Canceled), "Arrêté, comme demandé."},
		{&net.OpError{Op: "dial", Net: "tcp", Addr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1}, Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)},
			u.t("oserr.refused", "127.0.0.1:1")},
		{&net.DNSError{Err: "no such host", Name: "smtp.exemple.invalid", IsNotFound: true}, u.t("oserr.no_host", "smtp.exemple.invalid")},
	} {
		got := u.errText(c.err)
		if got != c.want {
			t.Errorf("%v said %q, want %q", c.err, got, c.want)
		}
		for _, raw := range []string{"no such file", "exec:", "$PATH", "deadline exceeded", "is a directory", "canceled", "refused", "no such host"} {
			if strings.Contains(got, raw) {
				t.Errorf("%q still says %q", got, raw)
			}
		}
	}
	if errProgram == nil {
		t.Fatal("a program of that name exists here")
	}
	// The French text, checked by hand.
	if got := u.errText(errMissing); !strings.HasPrefix(got, missing+" : ce fichier ou dossier n'existe pas") {
		t.Errorf("French: %q", got)
	}
	// An error of no known kind keeps its words, under a sentence of ours.
	if got := u.errText(fmt.Errorf("something odd")); got != "Une erreur s'est produite : something odd" {
		t.Errorf("unknown error: %q", got)
	}
}
