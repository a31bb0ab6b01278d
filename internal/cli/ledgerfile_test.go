package cli

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

// A ledger is a ledger (issue 12, finding 9). Observed before the fix
// (relancectl built from 506fe2c): with a 0-byte file as --db,
// "customers list" printed "0 customers." and exited 0, "summary" said
// "0 customers, 0 invoices: 0 open, 0 overdue." and the file had become a
// 217,088-byte empty ledger; "--db postgres://db.example/relance init"
// said "Created the ledger" and made ./postgres:/db.example/relance.
func TestEmptyFileIsNotALedger(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"customers", "list"}, {"summary"}, {"invoices", "list"}} {
		r := run(t, nil, append([]string{"--db", path}, args...)...)
		if r.code != ExitUser || !strings.Contains(r.stderr, path+" is empty (0 bytes)") {
			t.Errorf("%v: exit %d, stderr %q; want the empty-file refusal naming the file", args, r.code, r.stderr)
		}
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() != 0 {
		t.Fatalf("the empty file was touched: %v %v", fi, err)
	}
	// Said in the owner's language.
	r := run(t, map[string]string{"RELANCE_LANG": "fr"}, "--db", path, "summary")
	if !strings.Contains(r.stderr, "est vide (0 octet)") {
		t.Errorf("French: %q", r.stderr)
	}
	// init is how the owner says the empty file should become a ledger.
	r = run(t, nil, "--db", path, "init")
	if r.code != ExitOK || !strings.Contains(r.stdout, "Created") && !strings.Contains(r.stdout, path) {
		t.Fatalf("init on an empty file: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	r = run(t, nil, "--db", path, "customers", "list")
	if r.code != ExitOK {
		t.Fatalf("after init: exit %d, %q", r.code, r.stderr)
	}
}

func TestNotALedgerIsRefused(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.db")
	if err := os.WriteFile(text, []byte("customer;amount\nACME;12.50\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Someone else's SQLite database: never migrated into a ledger.
	foreign := filepath.Join(dir, "other.db")
	db, err := sql.Open("sqlite", foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// An SQLite file with no table at all is not a ledger either.
	blank := filepath.Join(dir, "blank.db")
	db, err = sql.Open("sqlite", blank)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`PRAGMA user_version = 1`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, path := range []string{text, foreign, blank} {
		before, _ := os.ReadFile(path)
		r := run(t, nil, "--db", path, "summary")
		if r.code != ExitUser || !strings.Contains(r.stderr, path+" is not a Relance ledger") {
			t.Errorf("%s: exit %d, stderr %q", filepath.Base(path), r.code, r.stderr)
		}
		if path != blank {
			// init does not take over someone else's file either.
			r = run(t, nil, "--db", path, "init")
			if r.code != ExitUser || !strings.Contains(r.stderr, "is not a Relance ledger") {
				t.Errorf("%s init: exit %d, stderr %q", filepath.Base(path), r.code, r.stderr)
			}
		}
		if after, _ := os.ReadFile(path); string(after) != string(before) {
			t.Errorf("%s was modified", filepath.Base(path))
		}
	}
	var n int
	db, _ = sql.Open("sqlite", foreign)
	defer db.Close()
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'customers'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("the foreign database got our tables: %d %v", n, err)
	}
}

func TestDatabaseURLIsRefused(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, url := range []string{"postgres://owner@db.example/relance", "postgresql://db.example/relance", "mysql://db.example/relance",
		"sqlite://ledger.db", "file:ledger.db"} {
		for _, cmd := range []string{"init", "summary"} {
			r := run(t, nil, "--db", url, cmd)
			if r.code != ExitUser || !strings.Contains(r.stderr, "Relance does not serve this database yet") {
				t.Errorf("%s %s: exit %d, stderr %q", url, cmd, r.code, r.stderr)
			}
		}
	}
	// RELANCE_DB goes through the same check.
	r := run(t, map[string]string{"RELANCE_DB": "postgres://db.example/relance"}, "summary")
	if r.code != ExitUser || !strings.Contains(r.stderr, "does not serve this database yet") {
		t.Errorf("RELANCE_DB: exit %d, stderr %q", r.code, r.stderr)
	}
	if es, _ := os.ReadDir(dir); len(es) != 0 {
		t.Errorf("files were made for a URL: %v", es)
	}
	// A Windows drive letter is a path, not a scheme.
	if r := run(t, nil, "--db", `C:\nowhere\relance.db`, "summary"); !strings.Contains(r.stderr, "no ledger at") {
		t.Errorf("a drive letter taken for a URL: %q", r.stderr)
	}
}
