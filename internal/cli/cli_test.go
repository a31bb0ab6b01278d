package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

var cliToday = ledger.MustDate("2025-09-15")

type result struct {
	code           int
	stdout, stderr string
}

// run executes relancectl in-process with a fixed date, English messages
// and no RELANCE_DB unless env sets it.
func run(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	if env == nil {
		env = map[string]string{}
	}
	if _, ok := env["RELANCE_LANG"]; !ok {
		env["RELANCE_LANG"] = "en"
	}
	code := Run(context.Background(), args, Env{
		Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(""),
		Getenv: func(k string) string { return env[k] },
		Today:  func() ledger.Date { return cliToday },
	})
	return result{code, out.String(), errb.String()}
}

func tempDB(t *testing.T) string { return filepath.Join(t.TempDir(), "ledger.db") }

func write(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"invoices"},
		{"invoices", "delete"},
		{"invoices", "list", "--as-of", "15/09/2025"},
		{"invoices", "list", "--status", "late"},
		{"invoices", "list", "--bogus"},
		{"import", "vendors", "x.csv"},
		{"import", "invoices"},
		{"--db"},
		{"--lang", "it", "check"},
		{"backup"},
		{"company", "set", "novalue"},
		{"company", "set", "colour=blue"},
	} {
		r := run(t, nil, append([]string{"--db", tempDB(t)}, args...)...)
		if args == nil {
			r = run(t, nil)
		}
		if r.code != ExitUsage {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, r.code, r.stderr)
		}
	}
	// An empty --db never falls back to the default ledger.
	for _, args := range [][]string{{"--db", "", "init"}, {"--db=", "customers", "list"}} {
		r := run(t, nil, args...)
		if r.code != ExitUsage {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, r.code, r.stderr)
		}
	}
}

func TestMissingDatabaseSaysHowToCreate(t *testing.T) {
	db := tempDB(t)
	r := run(t, nil, "--db", db, "invoices", "list")
	if r.code != ExitUser || !strings.Contains(r.stderr, "relancectl --db "+db+" init") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a command other than init created the database")
	}
	// RELANCE_DB is honoured the same way.
	r = run(t, map[string]string{"RELANCE_DB": db}, "customers", "list")
	if r.code != ExitUser || !strings.Contains(r.stderr, db) {
		t.Fatalf("RELANCE_DB: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestInitThenDemoThenListings(t *testing.T) {
	db := tempDB(t)
	if r := run(t, nil, "--db", db, "init"); r.code != 0 || !strings.Contains(r.stdout, "Created") {
		t.Fatalf("init: %+v", r)
	}
	if r := run(t, nil, "--db", db, "init"); r.code != 0 || !strings.Contains(r.stdout, "already exists") {
		t.Fatalf("init again: %+v", r)
	}
	if r := run(t, nil, "--db", db, "demo", "--customers", "40", "--invoices", "300", "--seed", "3"); r.code != 0 {
		t.Fatalf("demo: %+v", r)
	}
	if r := run(t, nil, "--db", db, "demo"); r.code != ExitUser || !strings.Contains(r.stderr, "empty ledger") {
		t.Fatalf("demo on a full ledger: %+v", r)
	}

	r := run(t, nil, "--db", db, "invoices", "list", "--json")
	if r.code != 0 {
		t.Fatalf("invoices list: %+v", r)
	}
	var all []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &all); err != nil {
		t.Fatalf("JSON: %v\n%s", err, r.stdout[:min(500, len(r.stdout))])
	}
	if len(all) != 300 {
		t.Fatalf("%d invoices listed, want 300", len(all))
	}
	decimal := regexp.MustCompile(`^\d+(\.\d+)?$`)
	statuses := map[string]int{}
	for _, inv := range all {
		for _, k := range []string{"number", "customer_code", "issue_date", "due_date", "currency", "total", "paid", "balance", "status"} {
			if _, ok := inv[k].(string); !ok {
				t.Fatalf("%v: %s is not a string", inv, k)
			}
		}
		for _, k := range []string{"total", "paid", "balance"} {
			if !decimal.MatchString(inv[k].(string)) {
				t.Fatalf("%s = %q is not a decimal string", k, inv[k])
			}
		}
		cur := ledger.Currency(inv["currency"].(string))
		total, _ := ledger.ParseAmount(inv["total"].(string), cur)
		paid, _ := ledger.ParseAmount(inv["paid"].(string), cur)
		balance, _ := ledger.ParseAmount(inv["balance"].(string), cur)
		if total-paid != balance && !(balance == 0 && paid >= total) {
			t.Fatalf("%v: total - paid != balance", inv)
		}
		days, ok := inv["days_overdue"].(float64)
		if !ok || days != float64(int(days)) {
			t.Fatalf("days_overdue %v is not an integer", inv["days_overdue"])
		}
		status := inv["status"].(string)
		statuses[status]++
		due := ledger.MustDate(inv["due_date"].(string))
		switch status {
		case "overdue":
			if int(days) != cliToday.DaysSince(due) || balance <= 0 {
				t.Fatalf("%v: overdue but days %v, balance %d", inv, days, balance)
			}
		case "open":
			if days != 0 || due.Before(cliToday) || balance <= 0 {
				t.Fatalf("%v: inconsistent open invoice", inv)
			}
		case "paid":
			if days != 0 || balance != 0 {
				t.Fatalf("%v: inconsistent paid invoice", inv)
			}
		default:
			t.Fatalf("status %q", status)
		}
	}
	if statuses["open"] == 0 || statuses["overdue"] == 0 || statuses["paid"] == 0 {
		t.Fatalf("statuses %v", statuses)
	}

	r = run(t, nil, "--db", db, "invoices", "list", "--overdue", "--json")
	var over []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &over); err != nil || len(over) != statuses["overdue"] {
		t.Fatalf("--overdue: %d rows, want %d (%v)", len(over), statuses["overdue"], err)
	}
	// A month earlier, fewer invoices exist and the positions differ.
	r = run(t, nil, "--db", db, "invoices", "list", "--as-of", "2025-08-15", "--json")
	var earlier []map[string]any
	json.Unmarshal([]byte(r.stdout), &earlier)
	if r.code != 0 || len(earlier) >= len(all) {
		t.Fatalf("--as-of 2025-08-15: %d rows (exit %d)", len(earlier), r.code)
	}
	for _, inv := range earlier {
		if inv["issue_date"].(string) > "2025-08-15" {
			t.Fatalf("invoice issued after the as-of date listed: %v", inv)
		}
	}
	// One customer's invoices.
	code := over[0]["customer_code"].(string)
	r = run(t, nil, "--db", db, "invoices", "list", "--customer", code, "--json")
	var mine []map[string]any
	json.Unmarshal([]byte(r.stdout), &mine)
	for _, inv := range mine {
		if inv["customer_code"] != code {
			t.Fatalf("--customer %s listed %v", code, inv)
		}
	}
	if len(mine) == 0 {
		t.Fatal("--customer listed nothing")
	}
	if r := run(t, nil, "--db", db, "invoices", "list", "--customer", "NOBODY"); r.code != ExitUser {
		t.Fatalf("unknown customer: %+v", r)
	}

	r = run(t, nil, "--db", db, "customers", "list", "--json")
	var custs []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &custs); err != nil || len(custs) != 40 {
		t.Fatalf("customers: %d %v", len(custs), err)
	}
	cyrillic := false
	for _, c := range custs {
		if regexp.MustCompile(`\p{Cyrillic}`).MatchString(c["name"].(string)) {
			cyrillic = true
		}
	}
	if !cyrillic {
		t.Error("no Cyrillic customer in the demo")
	}
	if r := run(t, nil, "--db", db, "summary"); r.code != 0 || !strings.Contains(r.stdout, "overdue") {
		t.Fatalf("summary: %+v", r)
	}
	if r := run(t, nil, "--db", db, "--lang", "fr", "invoices", "list", "--overdue"); !strings.Contains(r.stdout, "en retard") {
		t.Fatalf("French listing: %q", r.stdout[:min(300, len(r.stdout))])
	}
}

func TestImportCommand(t *testing.T) {
	db := tempDB(t)
	run(t, nil, "--db", db, "init")
	good := write(t, "customers.csv", "code;nom;courriel;pays;langue\nC1;Boulangerie Martin;compta@martin.example.fr;FR;fr\nC2;Петровић д.о.о.;;RS;sr-Cyrl\n")
	r := run(t, nil, "--db", db, "import", "customers", good, "--dry-run")
	if r.code != 0 || !strings.Contains(r.stdout, "Nothing was written") {
		t.Fatalf("dry run: %+v", r)
	}
	if r := run(t, nil, "--db", db, "customers", "list", "--json"); strings.TrimSpace(r.stdout) != "[]" {
		t.Fatalf("dry run wrote: %s", r.stdout)
	}
	if r := run(t, nil, "--db", db, "import", "customers", good); r.code != 0 || !strings.Contains(r.stdout, "2 new") {
		t.Fatalf("import: %+v", r)
	}
	bad := write(t, "invoices.csv", "number,customer_code,issue_date,due_date,currency,total\nF1,C1,2025-06-01,2025-07-01,EUR,100\nF2,C9,2025-06-01,2025-07-01,EUR,100\nF3,C1,2025-06-01,2025-05-01,EUR,100\n")
	r = run(t, nil, "--db", db, "import", "invoices", bad)
	if r.code != ExitUser {
		t.Fatalf("bad file: %+v", r)
	}
	for _, want := range []string{
		bad + `:3: column customer_code: value "C9": unknown customer (import the customers first)`,
		bad + `:4: column due_date: value "2025-05-01": the due date is before the issue date 2025-06-01`,
		"nothing was imported",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if r := run(t, nil, "--db", db, "invoices", "list", "--json"); strings.TrimSpace(r.stdout) != "[]" {
		t.Fatalf("a rejected file wrote invoices: %s", r.stdout)
	}
	if r := run(t, nil, "--db", db, "import", "invoices", filepath.Join(t.TempDir(), "missing.csv")); r.code != ExitUser {
		t.Fatalf("missing file: %+v", r)
	}
}

func TestCompanySetIsAllOrNothing(t *testing.T) {
	db := tempDB(t)
	run(t, nil, "--db", db, "init")
	r := run(t, nil, "--db", db, "company", "set", "legal_name=Atelier Dupont SARL", "iban=FR76 3000 6000 0112 3456 7890 189", "bic=AGRIFRPP")
	if r.code != 0 {
		t.Fatalf("set: %+v", r)
	}
	r = run(t, nil, "--db", db, "company", "set", "legal_name=Other", "iban=FR76 3000 6000 0112 3456 7890 188", "siret=12345678901234", "jurisdiction=XX")
	if r.code != ExitUser {
		t.Fatalf("bad values accepted: %+v", r)
	}
	for _, k := range []string{"iban", "siret", "jurisdiction"} {
		if !strings.Contains(r.stderr, "company "+k+"=") {
			t.Errorf("no message for %s: %s", k, r.stderr)
		}
	}
	r = run(t, nil, "--db", db, "company", "show", "--json")
	var co map[string]string
	if err := json.Unmarshal([]byte(r.stdout), &co); err != nil {
		t.Fatal(err)
	}
	if co["legal_name"] != "Atelier Dupont SARL" || co["iban"] != "FR7630006000011234567890189" || co["bic"] != "AGRIFRPP" {
		t.Fatalf("company after a rejected set: %v", co)
	}
	if r := run(t, nil, "--db", db, "company", "set", "colour=blue"); r.code != ExitUsage || !strings.Contains(r.stderr, "unknown company key") {
		t.Fatalf("unknown key: %+v", r)
	}
}

func TestBackupAndCheck(t *testing.T) {
	db := tempDB(t)
	run(t, nil, "--db", db, "demo", "--customers", "10", "--invoices", "50")
	dest := filepath.Join(t.TempDir(), "copy.db")
	if r := run(t, nil, "--db", db, "backup", dest); r.code != 0 || !strings.Contains(r.stdout, "checked") {
		t.Fatalf("backup: %+v", r)
	}
	if r := run(t, nil, "--db", db, "backup", dest); r.code != ExitUser || !strings.Contains(r.stderr, "already exists") {
		t.Fatalf("backup over an existing file: %+v", r)
	}
	r := run(t, nil, "--db", dest, "invoices", "list", "--json")
	var inv []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &inv); err != nil || len(inv) != 50 {
		t.Fatalf("the backup lists %d invoices: %v", len(inv), err)
	}
	if r := run(t, nil, "--db", db, "check"); r.code != 0 || !strings.Contains(r.stdout, "All checks passed") {
		t.Fatalf("check: %+v", r)
	}
	r = run(t, nil, "--db", db, "check", "--json")
	var rep map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || rep["ok"] != true || rep["invoices"].(float64) != 50 {
		t.Fatalf("check --json: %v %v", rep, err)
	}
}

func TestDemoFlagCreatesAndReusesDemoLedger(t *testing.T) {
	home := t.TempDir()
	t.Setenv("XDG_DATA_HOME", home)
	t.Setenv("HOME", home)
	r := run(t, nil, "--demo", "summary")
	if r.code != 0 || !strings.Contains(r.stdout, "overdue") {
		t.Fatalf("--demo summary: %+v", r)
	}
	if _, err := os.Stat(filepath.Join(home, "relance", "demo.db")); err != nil {
		t.Fatalf("demo ledger not in the data folder: %v", err)
	}
	again := run(t, nil, "--demo", "summary")
	if again.code != 0 || again.stdout != r.stdout {
		t.Fatalf("second run differs:\n%s\n%s", r.stdout, again.stdout)
	}
	if r := run(t, nil, "--demo", "--db", "x.db", "summary"); r.code != ExitUsage {
		t.Fatalf("--demo with --db: %+v", r)
	}
}
