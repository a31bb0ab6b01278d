package cli

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// relancectl import bank over files as banks write them
// (internal/bankfile/testdata, sources in its SOURCES.md): the invoices
// they pay become paid on the booking day; debits and fees change
// nothing; importing again records nothing twice.
func TestImportBankFiles(t *testing.T) {
	day := ledger.MustDate("2026-03-10")
	setup := func(t *testing.T, invoices string) string {
		db := tempDB(t)
		for _, args := range [][]string{
			{"init"},
			{"company", "set", "legal_name=Atelier", "country=FR", "iban=FR7630006000011234567890189"},
			{"import", "customers", write(t, "c.csv", "code,name,email\nCH,SARL Les Chênes,ch@example.fr\nMA,Martin,ma@example.fr\n")},
			{"import", "invoices", write(t, "i.csv", "number,customer_code,issue_date,due_date,currency,total\n"+invoices)},
		} {
			if r := runAt(t, day, append([]string{"--db", db}, args...)...); r.code != 0 {
				t.Fatalf("%v: %+v", args, r)
			}
		}
		return db
	}
	invoice := func(t *testing.T, db, number string) string {
		for _, line := range strings.Split(runAt(t, day, "--db", db, "invoices", "list", "--json").stdout, "\n") {
			if strings.Contains(line, `"number":"`+number+`"`) {
				return line
			}
		}
		t.Fatalf("no invoice %s", number)
		return ""
	}

	t.Run("OFX 1.x SGML, Windows-1252", func(t *testing.T) {
		db := setup(t, "F-2026-007,CH,2026-01-10,2026-02-10,EUR,1250.00\n")
		file, _ := filepath.Abs("../bankfile/testdata/ofx/fr_cp1252.ofx")
		// The file's account (BANKID:ACCTID) is not the company's IBAN.
		r := runAt(t, day, "--db", db, "import", "bank", file)
		if r.code != ExitUser || !strings.Contains(r.stderr, "statement of account 30004:00012345678, not of the company's IBAN") ||
			!strings.Contains(r.stderr, "--account 30004:00012345678") {
			t.Fatalf("unknown account: %+v", r)
		}
		r = runAt(t, day, "--db", db, "import", "bank", file, "--account", "30004:00012345678", "--dry-run")
		if r.code != 0 || !strings.Contains(r.stdout, "dry run, nothing written: 3 entries: 1 credit, 1 paid 1 invoice (€1,250.00), 2 debits and fees") {
			t.Fatalf("dry run: %+v", r)
		}
		if !strings.Contains(invoice(t, db, "F-2026-007"), `"balance":"1250.00"`) {
			t.Fatal("the dry run paid F-2026-007")
		}
		r = runAt(t, day, "--db", db, "import", "bank", file, "--account", "30004:00012345678")
		if r.code != 0 || !strings.Contains(r.stdout, "3 entries: 1 credit, 1 paid 1 invoice (€1,250.00), 2 debits and fees; nothing recorded twice") {
			t.Fatalf("import: %+v", r)
		}
		if line := invoice(t, db, "F-2026-007"); !strings.Contains(line, `"balance":"0.00"`) || !strings.Contains(line, `"status":"paid"`) {
			t.Fatalf("F-2026-007: %s", line)
		}
		// Paid on the booking day (DTPOSTED 2026-03-02): overdue from 10
		// February until then, so as of 1 March it was still due.
		r = runAt(t, day, "--db", db, "invoices", "list", "--as-of", "2026-03-01", "--json")
		if !strings.Contains(r.stdout, `"balance":"1250.00"`) {
			t.Fatalf("as of 2026-03-01: %s", r.stdout)
		}
		// The account is listed now: no --account needed, nothing twice.
		r = runAt(t, day, "--db", db, "import", "bank", file)
		if r.code != 0 || !strings.Contains(r.stdout, "3 entries; 3 already recorded, not again") {
			t.Fatalf("again: %+v", r)
		}
	})

	t.Run("OFX 2.1.1 XML, two overlapping statements", func(t *testing.T) {
		db := setup(t, "F-2026-011,CH,2026-02-01,2026-03-01,EUR,400.00\nF-2026-012,CH,2026-02-15,2026-03-15,EUR,600.00\n"+
			"F-2026-013,MA,2026-02-20,2026-03-20,EUR,480.00\n")
		a, _ := filepath.Abs("../bankfile/testdata/ofx/fr_ofx211_a.ofx")
		b, _ := filepath.Abs("../bankfile/testdata/ofx/fr_ofx211_b.ofx")
		// 2–5 March: 1,000.00 naming F2026011 and "F 2026 012" (400.00
		// to the older, 600.00 to the other), a direct debit, a bank fee.
		r := runAt(t, day, "--db", db, "import", "bank", a, "--account", "30004:00012345678")
		if r.code != 0 || !strings.Contains(r.stdout, "3 entries: 1 credit, 1 paid 2 invoices (€1,000.00), 2 debits and fees; nothing recorded twice") {
			t.Fatalf("first statement: %+v", r)
		}
		// 5–9 March: the fee of the 5th again (its FITID), 480.00 naming
		// F-2026-013, a card payment.
		r = runAt(t, day, "--db", db, "import", "bank", b)
		if r.code != 0 || !strings.Contains(r.stdout, "1 credit, 1 paid 1 invoice (€480.00)") || !strings.Contains(r.stdout, "1 already recorded") {
			t.Fatalf("overlapping statement: %+v", r)
		}
		for _, n := range []string{"F-2026-011", "F-2026-012", "F-2026-013"} {
			if line := invoice(t, db, n); !strings.Contains(line, `"balance":"0.00"`) || !strings.Contains(line, `"status":"paid"`) {
				t.Errorf("%s: %s", n, line)
			}
		}
		// Paid on the booking days: F-2026-013 on 6 March, not before.
		if r := runAt(t, day, "--db", db, "invoices", "list", "--as-of", "2026-03-05", "--json"); !strings.Contains(r.stdout, `"number":"F-2026-013"`) ||
			!strings.Contains(r.stdout, `"balance":"480.00"`) {
			t.Errorf("as of 5 March: %s", r.stdout)
		}
		// Both again: nothing more.
		for _, f := range []string{a, b} {
			if r := runAt(t, day, "--db", db, "import", "bank", f); r.code != 0 || !strings.Contains(r.stdout, "3 entries; 3 already recorded, not again") {
				t.Errorf("%s again: %+v", filepath.Base(f), r)
			}
		}
		r = runAt(t, day, "--db", db, "payments", "list", "--json")
		if n := strings.Count(r.stdout, `"source": "bank"`); n != 3 {
			t.Errorf("%d bank payments, want 3: %s", n, r.stdout)
		}
		// A bank payment is undone by the bank's reversal, not by hand.
		r = runAt(t, day, "--db", db, "payment", "delete", "3", "--reason", "typo")
		if r.code != ExitUser || !strings.Contains(r.stderr, "payment 3 of F-2026-013 came from a bank statement") {
			t.Errorf("delete a bank payment: %+v", r)
		}
	})

	t.Run("French bank CSV (Crédit Agricole)", func(t *testing.T) {
		db := setup(t, "F-2026-007,CH,2026-01-10,2026-02-10,EUR,500.00\nF-2026-009,CH,2026-01-20,2026-02-20,EUR,750.00\n"+
			"F-2026-010,MA,2026-01-20,2026-02-20,EUR,320.00\n")
		file, _ := filepath.Abs("../bankfile/testdata/csv/credit_agricole.csv")
		r := runAt(t, day, "--db", db, "import", "bank", file)
		if r.code != ExitUser || !strings.Contains(r.stderr, "does not say which account it is of: give it with --account IBAN") {
			t.Fatalf("no account: %+v", r)
		}
		r = runAt(t, day, "--db", db, "import", "bank", file, "--account", "FR7630006000011234567890189")
		// The cheque paid in (320.00) names no invoice and no payer.
		if r.code != 0 || !strings.Contains(r.stdout, "4 entries: 2 credits, 1 paid 2 invoices (€1,250.00), 1 naming no one, 2 debits and fees; nothing recorded twice") {
			t.Fatalf("import: %+v", r)
		}
		// 1,250.00 naming both: 500.00 to the older, 750.00 to the other.
		for _, n := range []string{"F-2026-007", "F-2026-009"} {
			if line := invoice(t, db, n); !strings.Contains(line, `"balance":"0.00"`) {
				t.Errorf("%s: %s", n, line)
			}
		}
		if line := invoice(t, db, "F-2026-010"); !strings.Contains(line, `"balance":"320.00"`) {
			t.Errorf("F-2026-010, named by no one: %s", line)
		}
		r = runAt(t, day, "--db", db, "import", "bank", file, "--account", "FR7630006000011234567890189")
		if r.code != 0 || !strings.Contains(r.stdout, "already recorded, not again") || strings.Contains(r.stdout, "paid") {
			t.Fatalf("again: %+v", r)
		}
	})
}

// CAMT.053 in two versions from two banks' layouts (testdata/camt,
// sources in its SOURCES.md): genkgo's 001.08 and 001.02 (ISO's example
// bank, a Dutch account) and PostFinance's 001.04 (fees, ESR batches,
// returns, direct-debit refunds).
func TestImportBankCAMT(t *testing.T) {
	setup := func(t *testing.T, day ledger.Date, iban, customers, invoices string) string {
		db := tempDB(t)
		for _, args := range [][]string{
			{"init"},
			{"company", "set", "legal_name=Atelier", "country=FR", "iban=" + iban},
			{"import", "customers", write(t, "c.csv", "code,name,email\n"+customers)},
			{"import", "invoices", write(t, "i.csv", "number,customer_code,issue_date,due_date,currency,total\n"+invoices)},
		} {
			if r := runAt(t, day, append([]string{"--db", db}, args...)...); r.code != 0 {
				t.Fatalf("%v: %+v", args, r)
			}
		}
		return db
	}
	t.Run("genkgo camt.053.001.08 and 001.02", func(t *testing.T) {
		day := ledger.MustDate("2015-01-15")
		// The credit's structured reference (CdtrRefInf/Ref
		// 4654654654654654) is the invoice's number.
		db := setup(t, day, "NL26VAYB8060476890", "N1,Name Name,n@example.nl\n", "4654654654654654,N1,2014-12-01,2014-12-15,EUR,8.85\n")
		v8, _ := filepath.Abs("../bankfile/testdata/camt/genkgo-camt053.v8.xml")
		r := runAt(t, day, "--db", db, "import", "bank", v8)
		if r.code != 0 || !strings.Contains(r.stdout, "1 entry: 1 credit, 1 paid 1 invoice (€8.85); nothing recorded twice") {
			t.Fatalf("v8: %+v", r)
		}
		r = runAt(t, day, "--db", db, "invoices", "list", "--as-of", "2014-12-31", "--status", "paid")
		if !strings.Contains(r.stdout, "4654654654654654") {
			t.Fatalf("not paid on the booking day 2014-12-31: %s", r.stdout)
		}
		r = runAt(t, day, "--db", db, "invoices", "list", "--as-of", "2014-12-30", "--status", "paid")
		if strings.Contains(r.stdout, "4654654654654654") {
			t.Fatalf("paid before the booking day: %s", r.stdout)
		}
		if r := runAt(t, day, "--db", db, "import", "bank", v8); r.code != 0 || !strings.Contains(r.stdout, "1 entry; 1 already recorded, not again") {
			t.Fatalf("v8 again: %+v", r)
		}
		// The 001.02 file holds the same transfer without a bank
		// reference: keyed by its hash, it is a new entry, and as the
		// invoice is paid, a proposal, not a second payment; imported
		// again, nothing.
		v2, _ := filepath.Abs("../bankfile/testdata/camt/genkgo-camt053.v2.minimal.xml")
		if r := runAt(t, day, "--db", db, "import", "bank", v2); r.code != 0 || !strings.Contains(r.stdout, "1 entry: 1 credit, 1 proposal; nothing recorded twice") {
			t.Fatalf("v2: %+v", r)
		}
		if r := runAt(t, day, "--db", db, "import", "bank", v2); r.code != 0 || !strings.Contains(r.stdout, "1 entry; 1 already recorded, not again") {
			t.Fatalf("v2 again: %+v", r)
		}
	})
	t.Run("PostFinance camt.053.001.04", func(t *testing.T) {
		day := ledger.MustDate("2016-06-15")
		db := setup(t, day, "CH0309000000250090342", "PR,Pia Rutschmann,pr@example.ch\nMB,Maria Bernasconi,mb@example.ch\n",
			"PF-1001,PR,2016-03-01,2016-04-01,CHF,50.00\nPF-1002,MB,2016-03-01,2016-04-01,CHF,400.00\n")
		file, _ := filepath.Abs("../bankfile/testdata/camt/postfinance-camt053.001.04.xml")
		// 32 entries: 6 fees; 21 credits, of which 13 from the two
		// customers by name (proposals) and 8 from no one known; 3
		// returned transfers and 2 direct-debit refunds (reversals whose
		// originals are not in the ledger).
		r := runAt(t, day, "--db", db, "import", "bank", file)
		if r.code != 0 || !strings.Contains(r.stdout, "32 entries: 21 credits, 13 proposals, 8 naming no one, 5 reversals, 6 debits and fees; nothing recorded twice") {
			t.Fatalf("import: %+v", r)
		}
		// Nothing is paid until the owner says so; both customers are held.
		if r := runAt(t, day, "--db", db, "plan"); !strings.Contains(r.stdout, "2 invoices held") {
			t.Fatalf("plan: %s", r.stdout)
		}
		r = runAt(t, day, "--db", db, "bank", "proposals", "--json")
		var ps []bankProposalJSON
		if err := json.Unmarshal([]byte(r.stdout), &ps); err != nil {
			t.Fatal(err)
		}
		// The first of Pia Rutschmann's 50.00 credits suggests PF-1001,
		// whose balance it equals.
		var id int64
		for _, p := range ps {
			if p.State == "proposal" && p.Amount == "50.00" && p.Party == "Rutschmann Pia" && len(p.Suggestions) == 1 &&
				p.Suggestions[0].Invoice == "PF-1001" && p.Suggestions[0].Reason == "amount" {
				id = p.ID
				break
			}
		}
		if id == 0 {
			t.Fatalf("no proposal of 50.00 for PF-1001: %s", r.stdout)
		}
		if r := runAt(t, day, "--db", db, "bank", "apply", strconv.FormatInt(id, 10)); r.code != 0 || !strings.Contains(r.stdout, "PF-1001: 50.00 CHF paid.") {
			t.Fatalf("apply: %+v", r)
		}
		if r := runAt(t, day, "--db", db, "import", "bank", file); r.code != 0 || !strings.Contains(r.stdout, "32 entries; 32 already recorded, not again") {
			t.Fatalf("again: %+v", r)
		}
	})
}
