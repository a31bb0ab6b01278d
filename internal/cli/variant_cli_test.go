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

// TestTemplateVariantsCLI: the owner adds variants (the next free letter,
// a copy of the template in use; or a letter asked for with export
// --variant), lists them, sees them in template list, fixes one for a
// customer, whose letter then says the variant's words, and removes one
// (kept aside). A variant file that fails the check is refused with the
// template check's own message.
func TestTemplateVariantsCLI(t *testing.T) {
	db := dunningLedger(t)
	day := ledger.MustDate("2025-07-20")
	dir := filepath.Join(filepath.Dir(db), "templates")
	if r := runAt(t, day, "--db", db, "template", "variant", "list"); r.code != 0 || !strings.Contains(r.stdout, "No template variants") {
		t.Fatalf("empty list: %+v", r)
	}
	r := runAt(t, day, "--db", db, "template", "variant", "add", "reminder-1", "fr")
	b := filepath.Join(dir, "reminder-1.fr.B.tmpl")
	if r.code != 0 || !strings.Contains(r.stdout, b) {
		t.Fatalf("add: %+v", r)
	}
	got, _ := os.ReadFile(b)
	def := runAt(t, day, "--db", db, "template", "show", "reminder-1", "fr")
	if string(got) != def.stdout {
		t.Errorf("variant B is not a copy of the template in use")
	}
	if r := runAt(t, day, "--db", db, "template", "export", "reminder-1", "fr", "--variant", "D"); r.code != 0 {
		t.Fatalf("export --variant D: %+v", r)
	}
	if r := runAt(t, day, "--db", db, "template", "export", "reminder-1", "fr", "--variant", "D"); r.code != ExitUser {
		t.Errorf("D again: %+v", r)
	}
	if r := runAt(t, day, "--db", db, "template", "variant", "add", "reminder-1", "fr"); r.code != 0 || !strings.Contains(r.stdout, "reminder-1.fr.C.tmpl") {
		t.Fatalf("the next free letter is C: %+v", r)
	}
	r = runAt(t, day, "--db", db, "template", "variant", "list", "reminder-1", "fr", "--json")
	var vs []struct{ Kind, Language, Variant, File, Problem string }
	if err := json.Unmarshal([]byte(r.stdout), &vs); err != nil || len(vs) != 3 || vs[0].Variant != "B" || vs[1].Variant != "C" || vs[2].Variant != "D" {
		t.Fatalf("list: %v %s", err, r.stdout)
	}
	if r := runAt(t, day, "--db", db, "template", "list"); r.code != 0 || strings.Count(r.stdout, "variant ") != 3 || !strings.Contains(r.stdout, "variant B: "+b) {
		t.Errorf("template list: %+v", r)
	}
	// B says its own words; FR1 is fixed to B.
	src := strings.Replace(string(got), "{{.Customer.Greeting}}", "{{.Customer.Greeting}}\n\nVARIANTE-BRAVO : un mot du patron.", 1)
	os.WriteFile(b, []byte(src), 0o644)
	if r := runAt(t, day, "--db", db, "customer", "set", "FR1", "variant=b"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if r := runAt(t, day, "--db", db, "customer", "set", "FR1", "variant=7"); r.code != ExitUser || !strings.Contains(r.stderr, "variant") {
		t.Errorf("variant=7: %+v", r)
	}
	r = runAt(t, day, "--db", db, "plan", "--json")
	var plan struct {
		Actions []struct {
			CustomerCode string `json:"customer_code"`
			Kind         string
			Variant      string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &plan); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	fr1 := ""
	for _, a := range plan.Actions {
		if a.CustomerCode == "FR1" {
			fr1 = a.Kind + " " + a.Variant
		}
	}
	if fr1 != "reminder-1 B" {
		t.Fatalf("FR1's plan letter: %q (%s)", fr1, r.stdout)
	}
	if r := runAt(t, day, "--db", db, "plan"); !strings.Contains(r.stdout, "reminder-1 (variant B)") {
		t.Errorf("the plan does not say FR1's variant: %+v", r)
	}
	out := filepath.Join(t.TempDir(), "l.pdf")
	if r := runAt(t, day, "--db", db, "letter", "--kind", "reminder-1", "--invoice", "F1", "-o", out); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		text, _ := exec.Command("pdftotext", out, "-").Output()
		if !strings.Contains(string(text), "VARIANTE-BRAVO") {
			t.Errorf("the letter is not variant B's:\n%.800s", text)
		}
	}
	// --variant chooses another: A the default (no marker), Z none.
	outA := filepath.Join(t.TempDir(), "a.pdf")
	if r := runAt(t, day, "--db", db, "letter", "--kind", "reminder-1", "--invoice", "F1", "--variant", "a", "-o", outA); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		if text, _ := exec.Command("pdftotext", outA, "-").Output(); strings.Contains(string(text), "VARIANTE-BRAVO") || !strings.Contains(string(text), "F1") {
			t.Errorf("--variant A is not the default:\n%.800s", text)
		}
	}
	if r := runAt(t, day, "--db", db, "letter", "--kind", "reminder-1", "--invoice", "F1", "--variant", "Z", "-o", outA); r.code != ExitUser || !strings.Contains(r.stderr, "Z") {
		t.Errorf("--variant Z: %+v", r)
	}
	// The letter recorded says its variant in letters list.
	if r := runAt(t, day, "--db", db, "plan", "--record"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if r := runAt(t, day, "--db", db, "letters", "list", "--customer", "FR1"); r.code != 0 || !strings.Contains(r.stdout, "reminder-1 (variant B)") {
		t.Errorf("letters list: %+v", r)
	}
	r = runAt(t, day, "--db", db, "letters", "list", "--customer", "FR1", "--json")
	var recorded []struct{ Kind, Variant, Language string }
	if err := json.Unmarshal([]byte(r.stdout), &recorded); err != nil || len(recorded) != 1 || recorded[0].Variant != "B" || recorded[0].Language != "fr" {
		t.Errorf("letters list --json: %v %s", err, r.stdout)
	}
	// A variant file whose header says another kind than its name.
	wrong := filepath.Join(t.TempDir(), "reminder-2.fr.B.tmpl")
	os.WriteFile(wrong, got, 0o644)
	if r := runAt(t, day, "template", "check", wrong); r.code != ExitUser || !strings.Contains(r.stderr, "reminder-2") {
		t.Errorf("check of a misnamed variant: %+v", r)
	}
	// A refused file: the template check's message, and nothing written.
	bad := filepath.Join(t.TempDir(), "bad.tmpl")
	os.WriteFile(bad, []byte(strings.Replace(src, "VARIANTE-BRAVO", "{{.Customer.Secret}}", 1)), 0o644)
	check := runAt(t, day, "template", "check", bad)
	add := runAt(t, day, "--db", db, "template", "variant", "add", "reminder-1", "fr", "--from", bad)
	said, _, _ := strings.Cut(check.stderr, "\n") // then the count of files refused
	if check.code != ExitUser || add.code != ExitUser || said == "" || !strings.Contains(add.stderr, said) {
		t.Errorf("check said %q, variant add %q", check.stderr, add.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "reminder-1.fr.E.tmpl")); err == nil {
		t.Error("a refused variant was written")
	}
	// remove: kept aside, gone from the list; twice is an error.
	if r := runAt(t, day, "--db", db, "template", "variant", "remove", "reminder-1", "fr", "C"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if baks, _ := filepath.Glob(filepath.Join(dir, "reminder-1.fr.C.tmpl.*.bak")); len(baks) != 1 {
		t.Errorf("backups %v", baks)
	}
	if r := runAt(t, day, "--db", db, "template", "variant", "list"); strings.Contains(r.stdout, "reminder-1.fr.C.tmpl") || !strings.Contains(r.stdout, "reminder-1.fr.D.tmpl") {
		t.Errorf("after remove: %+v", r)
	}
	if r := runAt(t, day, "--db", db, "template", "variant", "remove", "reminder-1", "fr", "C"); r.code != ExitUser {
		t.Errorf("second remove: %+v", r)
	}
}
