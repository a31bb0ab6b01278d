package cli

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
)

// relancectl bank: accounts, then the proposals of a statement (recorded
// through the service until the statement readers land), applied, picked
// and ignored; the plan says what the credits hold.
func TestBankCommands(t *testing.T) {
	db := tempDB(t)
	const own = "FR7630006000011234567890189"
	for _, args := range [][]string{
		{"init"},
		{"company", "set", "legal_name=Atelier", "country=FR", "iban=" + own},
		{"import", "customers", write(t, "c.csv", "code,name,email\nC1,Dupont SARL,c1@example.fr\nC2,Martin,c2@example.fr\n")},
		{"import", "invoices", write(t, "i.csv", "number,customer_code,issue_date,due_date,currency,total\n"+
			"F-101,C1,2025-06-01,2025-07-01,EUR,100.00\nF-102,C1,2025-06-15,2025-07-15,EUR,250.00\nF-201,C2,2025-06-01,2025-07-01,EUR,80.00\n")},
	} {
		if r := run(t, nil, append([]string{"--db", db}, args...)...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	if r := run(t, nil, "--db", db, "bank", "account", "add", "GB82 WEST 1234 5698 7654 31"); r.code != ExitUser || !strings.Contains(r.stderr, "not a valid IBAN") {
		t.Fatalf("bad IBAN: %+v", r)
	}
	if r := run(t, nil, "--db", db, "bank", "account", "add", "GB82 WEST 1234 5698 7654 32", "--name", "London"); r.code != 0 ||
		!strings.Contains(r.stdout, "Account GB82WEST12345698765432 added") {
		t.Fatalf("add: %+v", r)
	}
	r := run(t, nil, "--db", db, "bank", "account", "list")
	if r.code != 0 || !strings.Contains(strings.Join(strings.Fields(r.stdout), " "), "GB82WEST12345698765432 London") || !strings.Contains(r.stdout, own) ||
		!strings.Contains(r.stdout, "(the company's IBAN)") {
		t.Fatalf("list: %+v", r)
	}
	if r := run(t, nil, "--db", db, "bank", "proposals"); r.code != 0 || !strings.Contains(r.stdout, "No bank credit to review.") {
		t.Fatalf("none: %+v", r)
	}

	ctx := context.Background()
	svc, err := app.Open(ctx, db, app.Options{Today: func() ledger.Date { return cliToday }})
	if err != nil {
		t.Fatal(err)
	}
	res, err := svc.ImportBankStatements(ctx, "releve.xml", []app.BankStatement{{Account: own, Currency: "EUR",
		Entries: []app.BankEntry{
			{BankRef: "E1", BookingDate: ledger.MustDate("2025-09-01"), Amount: 10000, Credit: true, PartyName: "DUPONT", Text: "F-101"},
			{BankRef: "E2", BookingDate: ledger.MustDate("2025-09-02"), Amount: 30000, Credit: true, PartyName: "Dupont SARL", Text: "Virement"},
			{BankRef: "E3", BookingDate: ledger.MustDate("2025-09-03"), Amount: 4200, Credit: true, PartyName: "Inconnu", Text: "Remboursement"},
		}}}, app.BankImportRequest{})
	svc.Close()
	if err != nil || res.Applied != 1 || res.Proposals != 1 || res.Unmatched != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	if s := app.BankImportSummary("en", res); s != "3 entries: 3 credits, 1 paid 1 invoice (€100.00), 1 proposal, 1 naming no one; nothing recorded twice" {
		t.Fatalf("summary %q", s)
	}
	r = run(t, nil, "--db", db, "plan")
	if r.code != 0 || !strings.Contains(r.stdout, "1 invoice held: a bank credit to review may be its customer's") {
		t.Fatalf("plan: %+v", r)
	}
	r = run(t, nil, "--db", db, "plan", "--json")
	if !strings.Contains(r.stdout, `"reason": "bank credit to review"`) {
		t.Fatalf("plan json: %s", r.stdout)
	}
	r = run(t, nil, "--db", db, "bank", "proposals", "--json")
	var ps []bankProposalJSON
	if err := json.Unmarshal([]byte(r.stdout), &ps); err != nil || len(ps) != 2 {
		t.Fatalf("json %v: %s", err, r.stdout)
	}
	if p := ps[0]; p.Key != "E2" || p.State != "proposal" || p.Amount != "300.00" || p.BookingDate != "2025-09-02" ||
		len(p.Suggestions) != 1 || p.Suggestions[0].Customer != "C1" || p.Suggestions[0].Reason != "payer" {
		t.Fatalf("proposal %+v", p)
	}
	if p := ps[1]; p.Key != "E3" || p.State != "unmatched" || len(p.Suggestions) != 0 {
		t.Fatalf("unmatched %+v", p)
	}
	r = run(t, nil, "--db", db, "bank", "proposals")
	if !strings.Contains(r.stdout, "2025-09-02 300.00 EUR from Dupont SARL: Virement") || !strings.Contains(r.stdout, "C1 Dupont SARL, invoice - (known payer)") ||
		!strings.Contains(r.stdout, "names no one") {
		t.Fatalf("proposals: %s", r.stdout)
	}
	id := func(p bankProposalJSON) string { return strconv.FormatInt(p.ID, 10) }
	if r := run(t, nil, "--db", db, "bank", "apply", "x"); r.code != ExitUsage {
		t.Fatalf("bad id: %+v", r)
	}
	// 300.00: F-102's 250.00, and 50.00 left over is C1's credit.
	r = run(t, nil, "--db", db, "bank", "apply", id(ps[0]))
	if r.code != 0 || !strings.Contains(r.stdout, "F-102: 250.00 EUR paid.") || !strings.Contains(r.stdout, "50.00 EUR left over is the credit of customer C1.") {
		t.Fatalf("apply: %+v", r)
	}
	if r := run(t, nil, "--db", db, "bank", "apply", id(ps[0])); r.code != ExitUser || !strings.Contains(r.stderr, "is applied") {
		t.Fatalf("again: %+v", r)
	}
	if r := run(t, nil, "--db", db, "bank", "apply", id(ps[1])); r.code != ExitUser || !strings.Contains(r.stderr, "name the invoice it pays") {
		t.Fatalf("no one named: %+v", r)
	}
	r = run(t, nil, "--db", db, "bank", "apply", id(ps[1]), "--invoice", "F-201")
	if r.code != 0 || !strings.Contains(r.stdout, "F-201: 42.00 EUR paid.") {
		t.Fatalf("picked: %+v", r)
	}
	r = run(t, nil, "--db", db, "invoices", "list", "--json")
	if !strings.Contains(r.stdout, `"number":"F-102"`) || !strings.Contains(r.stdout, `"total":"250.00","paid":"250.00","balance":"0.00","days_overdue":0,"status":"paid"`) ||
		!strings.Contains(r.stdout, `"total":"80.00","paid":"42.00","balance":"38.00"`) {
		t.Fatalf("invoices: %s", r.stdout)
	}
	if r := run(t, nil, "--db", db, "bank", "ignore", id(ps[1])); r.code != ExitUser {
		t.Fatalf("ignore an applied entry: %+v", r)
	}
	if r := run(t, nil, "--db", db, "plan"); strings.Contains(r.stdout, "held") {
		t.Fatalf("still held: %s", r.stdout)
	}
}
