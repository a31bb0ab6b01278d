// Package archtest enforces the rules between packages that the compiler
// does not: the core never imports Fyne, relancectl builds without cgo,
// and so do the GUI's tests.
package archtest

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

func goList(t *testing.T, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list"}, args...)...)
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func TestCoreNeverImportsFyne(t *testing.T) {
	out := goList(t, nil, "-deps", "./internal/...", "./cmd/relancectl")
	for _, dep := range strings.Fields(out) {
		if strings.HasPrefix(dep, "fyne.io/") {
			t.Errorf("the core or relancectl depends on %s", dep)
		}
	}
}

func TestRelancectlBuildsWithoutCgo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a binary")
	}
	cmd := exec.Command("go", "build", "-o", os.DevNull, "./cmd/relancectl")
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go build ./cmd/relancectl: %v\n%s", err, out)
	}
}

// The GUI's tests run on Fyne's test driver: they must compile with no C
// compiler and no OpenGL headers, so any machine can run them.
func TestGUITestsCompileWithoutCgo(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles a test binary")
	}
	cmd := exec.Command("go", "test", "-c", "-o", os.DevNull, "./ui")
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("CGO_ENABLED=0 go test -c ./ui: %v\n%s", err, out)
	}
}
