package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// relancectl import --date-order: a file whose dates contradict each other
// is refused with the choice to make; the choice reads it; a file whose
// dates all read both ways says which convention was used.
func TestImportDateOrder(t *testing.T) {
	db := tempDB(t)
	run(t, nil, "--db", db, "init")
	customers := write(t, "customers.csv", "code,name\nC1,Harbor Lane Design\n")
	if r := run(t, nil, "--db", db, "import", "customers", customers); r.code != 0 {
		t.Fatalf("customers: %+v", r)
	}
	if r := run(t, nil, "--db", db, "import", "invoices", customers, "--date-order", "ymd"); r.code != ExitUsage ||
		!strings.Contains(r.stderr, `--date-order "ymd": expected dmy (day first) or mdy (month first)`) {
		t.Fatalf("bad --date-order: %+v", r)
	}

	mixed := write(t, "mixed.csv", "number,customer_code,issue_date,due_date,total\n"+
		"M1,C1,14/09/2025,14/10/2025,10\nM2,C1,09/15/2025,10/15/2025,10\n")
	r := run(t, nil, "--db", db, "import", "invoices", mixed)
	if r.code != ExitUser || !strings.Contains(r.stderr, mixed+`: the file's dates contradict each other: line 2 has "14/09/2025"`) ||
		!strings.Contains(r.stderr, "--date-order dmy or mdy") {
		t.Fatalf("contradiction: %+v", r)
	}
	r = run(t, nil, "--db", db, "import", "invoices", mixed, "--date-order", "mdy")
	if r.code != ExitUser || !strings.Contains(r.stderr, mixed+`:2: column issue_date: value "14/09/2025": a day-first date, but this file's dates are month first (MM/DD/YYYY)`) {
		t.Fatalf("mdy on the mixed file: %+v", r)
	}

	us := write(t, "us.csv", "Invoice List\nnumber,customer_code,issue_date,due_date,total\nU1,C1,09/05/2025,10/05/2025,10\n")
	r = run(t, nil, "--db", db, "import", "invoices", us, "--date-order", "mdy")
	if r.code != 0 || !strings.Contains(r.stdout, "1 line above the header skipped (header on line 2).") ||
		!strings.Contains(r.stdout, "Dates read month first (MM/DD/YYYY), as chosen.") {
		t.Fatalf("us file: %+v", r)
	}
	var list []map[string]any
	out := run(t, nil, "--db", db, "invoices", "list", "--json").stdout
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 1 || !strings.Contains(out, "2025-09-05") {
		t.Fatalf("U1 not dated 5 September: %s", out)
	}

	amb := write(t, "amb.csv", "number,customer_code,issue_date,due_date,total\nA1,C1,03/04/2025,04/05/2025,10\n")
	r = run(t, nil, "--db", db, "import", "invoices", amb, "--dry-run")
	if r.code != 0 || !strings.Contains(r.stdout, "Dates read day first (DD/MM/YYYY): every date could be read either way, so the company's convention decides (--date-order to change).") {
		t.Fatalf("convention: %+v", r)
	}
}
