package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// TestOwnerTemplates: the owner exports a default, edits it, and letters
// use the edit; a broken edit stops every letter of that kind and language
// with the file and line, and reset brings the default back without losing
// the owner's file.
func TestOwnerTemplates(t *testing.T) {
	db := dunningLedger(t)
	day := ledger.MustDate("2025-07-20")
	dir := t.TempDir()
	r := runAt(t, day, "--db", db, "template", "export", "reminder-1", "fr")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	own := filepath.Join(filepath.Dir(db), "templates", "reminder-1.fr.tmpl")
	src, err := os.ReadFile(own)
	if err != nil || !strings.Contains(string(src), "Kind: reminder-1") {
		t.Fatalf("exported file: %v", err)
	}
	// Exporting again never overwrites the owner's file.
	if r := runAt(t, day, "--db", db, "template", "export", "reminder-1", "fr"); r.code != ExitUser {
		t.Fatalf("second export: %+v", r)
	}
	// An edit the letters pick up.
	edited := strings.Replace(string(src), "{{.Customer.Greeting}}", "{{.Customer.Greeting}}\n\nMOT-DU-PATRON : nous tenons à votre fidélité.", 1)
	os.WriteFile(own, []byte(edited), 0o644)
	out := filepath.Join(dir, "l.pdf")
	if r := runAt(t, day, "--db", db, "letter", "--kind", "reminder-1", "--invoice", "F1", "-o", out); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		text, _ := exec.Command("pdftotext", out, "-").Output()
		if !strings.Contains(string(text), "MOT-DU-PATRON") {
			t.Errorf("the owner's template was not used:\n%s", text)
		}
	}
	// A hostile edit on line 7: refused, and no file written.
	lines := strings.Split(edited, "\n")
	lines[6] = `{{template "x"}} {{.Customer.Password}}`
	os.WriteFile(own, []byte(strings.Join(lines, "\n")), 0o644)
	out2 := filepath.Join(dir, "refused.pdf")
	r = runAt(t, day, "--db", db, "letter", "--kind", "reminder-1", "--invoice", "F1", "-o", out2)
	if r.code != ExitUser || !strings.Contains(r.stderr, own+":7:") || !strings.Contains(r.stderr, "not allowed") {
		t.Fatalf("broken template: %+v", r)
	}
	if _, err := os.Stat(out2); err == nil {
		t.Error("a letter was written from a broken template")
	}
	// Other languages are untouched.
	if r := runAt(t, day, "--db", db, "letter", "--kind", "reminder-1", "--invoice", "F1", "--lang", "en", "-o", filepath.Join(dir, "en.pdf")); r.code != 0 {
		t.Fatalf("English letter: %+v", r)
	}
	// list says which file is refused and why; check does the same offline.
	r = runAt(t, day, "--db", db, "template", "list", "--json")
	var list []struct {
		Kind, Language, File, Problem string
		Override                      bool
	}
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	refused := 0
	for _, l := range list {
		if l.Problem != "" {
			refused++
			if l.Kind != "reminder-1" || l.Language != "fr" || !l.Override || !strings.Contains(l.Problem, ":7:") {
				t.Errorf("%+v", l)
			}
		}
	}
	if refused != 1 || len(list) < 40 {
		t.Errorf("%d refused of %d", refused, len(list))
	}
	if r := runAt(t, day, "--db", db, "template", "check", own); r.code != ExitUser || !strings.Contains(r.stderr, ":7:") {
		t.Errorf("check: %+v", r)
	}
	// A file whose header names another kind than its file name.
	wrong := filepath.Join(dir, "reminder-2.en.tmpl")
	os.WriteFile(wrong, []byte("Kind: reminder-1\nLanguage: en\nSubject: x\n\nHello\n"), 0o644)
	if r := runAt(t, day, "--db", db, "template", "check", wrong); r.code != ExitUser || !strings.Contains(r.stderr, "reminder-2") {
		t.Errorf("check of a misnamed file: %+v", r)
	}
	// reset: the default again, the owner's file kept aside.
	r = runAt(t, day, "--db", db, "template", "reset", "reminder-1", "fr")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	baks, _ := filepath.Glob(own + ".*.bak")
	if len(baks) != 1 {
		t.Fatalf("backups: %v", baks)
	}
	if r := runAt(t, day, "--db", db, "letter", "--kind", "reminder-1", "--invoice", "F1", "-o", out2); r.code != 0 {
		t.Fatalf("after reset: %+v", r)
	}
	if r := runAt(t, day, "--db", db, "template", "export", "reminder-9", "fr"); r.code != ExitUser {
		t.Errorf("unknown kind: %+v", r)
	}
}
