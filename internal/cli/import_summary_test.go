package cli

import (
	"strings"
	"testing"
)

// relancectl import says what an invoice import changed in money, the
// dry run in the conditional, with the notes after it; a customer import
// keeps its row counts. Figures worked out by hand: on 15 September 2025
// I1 (1,000.00, due 31 July) and I2 (500.00 less 200.00 paid, due 31
// August) are overdue, I3 is not due yet; the newer export pays I1 and
// has a draft.
func TestImportSummaryInMoney(t *testing.T) {
	db := tempDB(t)
	run(t, nil, "--db", db, "init")
	customers := write(t, "customers.csv", "code,name\nC1,Harbor Lane Design\nC2,Blue Fern\n")
	r := run(t, nil, "--db", db, "import", "customers", customers)
	if r.code != 0 || r.stdout != customers+": 2 rows imported: 2 new, 0 updated.\n" {
		t.Fatalf("customers: %+v", r)
	}

	first := write(t, "inv1.csv", "number,customer_code,issue_date,due_date,total,paid\n"+
		"I1,C1,2025-07-01,2025-07-31,1000.00,0\n"+
		"I2,C1,2025-07-01,2025-08-31,500.00,200.00\n"+
		"I3,C2,2025-09-01,2025-10-01,300.00,0\n")
	r = run(t, nil, "--db", db, "import", "invoices", first)
	want := first + ": 3 invoices (3 new, 1 balance set from the export); overdue now €1,300.00 (nothing before)\n" +
		"2 customers matched.\n" +
		"1 invoice is paid, in part or in full according to the export, on a date it does not give: no interest will ever be claimed on that payment, and letters say interest runs only on what is still due.\n"
	if r.code != 0 || r.stdout != want {
		t.Fatalf("first export:\n%s\nwant:\n%s\nstderr: %s", r.stdout, want, r.stderr)
	}
	if strings.Contains(r.stderr, "warning") {
		t.Errorf("the undated payments said twice, as a warning too:\n%s", r.stderr)
	}

	newer := write(t, "inv2.csv", "number,customer_code,issue_date,due_date,total,paid,status\n"+
		"I1,C1,2025-07-01,2025-07-31,1000.00,1000.00,Paid\n"+
		"I2,C1,2025-07-01,2025-08-31,500.00,200.00,\n"+
		"I3,C2,2025-09-01,2025-10-01,300.00,0,\n"+
		"I4,C2,2025-09-10,2025-10-10,50.00,0,Draft\n")
	r = run(t, nil, "--db", db, "import", "invoices", newer, "--dry-run")
	want = newer + ": 3 invoices would be imported (1 now paid); overdue would be €300.00 (now €1,300.00)\n" +
		"2 customers matched.\n" +
		"2 invoices would be recorded as paid, in part or in full according to the export, on dates it does not give: no interest would ever be claimed on those payments.\n" +
		"1 draft or void invoice would be skipped: I4 (Draft).\n"
	if r.code != 0 || r.stdout != want {
		t.Fatalf("dry run:\n%s\nwant:\n%s\nstderr: %s", r.stdout, want, r.stderr)
	}
	r = run(t, nil, "--db", db, "import", "invoices", newer)
	if !strings.HasPrefix(r.stdout, newer+": 3 invoices (1 now paid); overdue now €300.00 (was €1,300.00)\n") {
		t.Fatalf("newer export:\n%s", r.stdout)
	}
	r = run(t, nil, "--db", db, "import", "invoices", newer)
	if !strings.HasPrefix(r.stdout, newer+": 3 invoices; overdue still €300.00\n") {
		t.Fatalf("the same export again:\n%s", r.stdout)
	}
}
