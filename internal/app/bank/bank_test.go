package bank

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/bankfile"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

const (
	ownIBAN    = "FR7630006000011234567890189"
	dupontIBAN = "DE89370400440532013000"
)

var today = ledger.MustDate("2026-03-01")

type fixture struct {
	svc  *Service
	st   *store.Store
	cust map[string]int64
	inv  map[string]int64
}

// newFixture: a company with its IBAN, three customers and their
// invoices: C1 Dupont (F-2026-001 100.00 on 5 Jan, F-2026-002 250.00 on
// 20 Jan), C2 Martin (F-2026-003 80.00; F2026-004 60.00), C3 Petit
// (F-2026-004 60.00: the same number as C2's once the dash is dropped).
func newFixture(t *testing.T, iban string) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := store.Create(ctx, filepath.Join(t.TempDir(), "bank.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	co := ledger.Company{LegalName: "Atelier", Country: "FR", IBAN: iban, BankName: "Banque", Language: ledger.French,
		Currency: "EUR", Jurisdiction: ledger.JurisdictionFR, Envelope: ledger.EnvelopeDLRight, PaperSize: "A4"}
	if err := st.SetCompany(ctx, co); err != nil {
		t.Fatal(err)
	}
	f := &fixture{svc: New(core.New(st, func() ledger.Date { return today }, nil)), st: st, cust: map[string]int64{}, inv: map[string]int64{}}
	for _, c := range []struct{ code, name string }{{"C1", "Dupont SARL"}, {"C2", "Jean Martin"}, {"C3", "Petit & Fils"}} {
		id, err := st.SaveCustomer(ctx, ledger.Customer{Code: c.code, Name: c.name, Language: ledger.French, Kind: ledger.Business,
			Delivery: ledger.DeliveryEmail, Emails: []string{c.code + "@example.fr"}})
		if err != nil {
			t.Fatal(err)
		}
		f.cust[c.code] = id
	}
	for _, i := range []struct {
		num, cust, issue string
		total            int64
	}{
		{"F-2026-001", "C1", "2026-01-05", 10000}, {"F-2026-002", "C1", "2026-01-20", 25000},
		{"F-2026-003", "C2", "2026-01-10", 8000}, {"F2026-004", "C2", "2026-01-11", 6000}, {"F-2026-004", "C3", "2026-01-12", 6000},
	} {
		issue := ledger.MustDate(i.issue)
		inv := ledger.Invoice{Number: i.num, CustomerID: f.cust[i.cust], IssueDate: issue, DueDate: issue.AddDays(30),
			Total: ledger.Money{Minor: i.total, Currency: "EUR"}}
		if err := st.InsertInvoice(ctx, &inv); err != nil {
			t.Fatal(err)
		}
		f.inv[i.num] = inv.ID
	}
	return f
}

func (f *fixture) balance(t *testing.T, number string) int64 {
	t.Helper()
	invs, err := f.st.BankInvoicesByNumber(context.Background(), []string{number})
	if err != nil || len(invs) != 1 {
		t.Fatalf("%s: %v %v", number, invs, err)
	}
	return invs[0].Balance
}

func (f *fixture) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := f.st.DB().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func credit(ref string, day string, minor int64, party, iban, text string) bankfile.Entry {
	return bankfile.Entry{BankRef: ref, BookingDate: ledger.MustDate(day), Amount: minor, Credit: true, PartyName: party, PartyIBAN: iban, Text: text}
}

func statement(account string, es ...bankfile.Entry) []bankfile.Statement {
	return []bankfile.Statement{{Format: bankfile.FormatCAMT053, Account: account, Currency: "EUR", Entries: es}}
}

// One statement: a transfer naming two invoices (with and without
// separators) pays both, split oldest first, on the booking day; a
// number two invoices share once the dash is dropped is a proposal naming
// both customers; a credit that names no one is unmatched; a debit and a
// fee change nothing. Imported again: nothing more.
func TestImportMatchesNumbersOnceAndOnlyOnce(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, ownIBAN)
	fee := bankfile.Entry{BankRef: "B5", BookingDate: ledger.MustDate("2026-02-11"), Amount: 350, Fee: true, Text: "Frais de tenue de compte"}
	debit := bankfile.Entry{BankRef: "B2", BookingDate: ledger.MustDate("2026-02-10"), Amount: 4500, PartyName: "SCI Loyer", Text: "Loyer fevrier"}
	sts := statement(ownIBAN,
		credit("B1", "2026-02-10", 35000, "DUPONT SARL", dupontIBAN, "Factures F2026001 et F 2026 002"),
		debit,
		credit("B3", "2026-02-12", 6000, "X", "", "Reglement facture n°F-2026-004"),
		credit("B4", "2026-02-12", 5000, "ACME", "", "Remboursement"),
		fee)
	res, err := f.svc.ImportBankStatements(ctx, "releve.xml", sts, ImportRequest{})
	if err != nil {
		t.Fatal(err)
	}
	want := ImportResult{File: "releve.xml", Accounts: []string{ownIBAN}, Entries: 5, Credits: 3, Applied: 1, Invoices: 2,
		Paid: []ledger.Money{{Minor: 35000, Currency: "EUR"}}, Proposals: 1, Unmatched: 1, Debits: 2}
	if !equalResult(res, want) {
		t.Fatalf("import: %+v\nwant %+v", res, want)
	}
	if b1, b2 := f.balance(t, "F-2026-001"), f.balance(t, "F-2026-002"); b1 != 0 || b2 != 0 {
		t.Fatalf("balances %d %d, want 0 0", b1, b2)
	}
	// The payments: on the booking day, transfers referenced by the key.
	if n := f.count(t, `SELECT count(*) FROM payments WHERE source = 'bank' AND date = '2026-02-10' AND method = 'transfer' AND reference = 'B1'`); n != 2 {
		t.Fatalf("%d bank payments, want 2", n)
	}
	var settled string
	f.st.DB().QueryRow(`SELECT settled_on FROM invoices WHERE number = 'F-2026-002'`).Scan(&settled)
	if settled != "2026-02-10" {
		t.Fatalf("F-2026-002 settled on %q, want 2026-02-10", settled)
	}
	ps, err := f.svc.BankProposals(ctx)
	if err != nil || len(ps) != 2 {
		t.Fatalf("proposals %+v %v", ps, err)
	}
	p := ps[0]
	if p.Entry.Key != "B3" || p.Entry.State != ledger.BankProposal || len(p.Suggestions) != 2 ||
		p.Suggestions[0].CustomerCode != "C2" || p.Suggestions[0].InvoiceNumber != "F2026-004" ||
		p.Suggestions[1].CustomerCode != "C3" || p.Suggestions[1].InvoiceNumber != "F-2026-004" ||
		p.Suggestions[0].Reason != ledger.ProposalCollision {
		t.Fatalf("collision proposal %+v", p)
	}
	if ps[1].Entry.Key != "B4" || ps[1].Entry.State != ledger.BankUnmatched || len(ps[1].Suggestions) != 0 {
		t.Fatalf("unmatched %+v", ps[1])
	}
	// The payer's IBAN is learned from the match; its name is the
	// customer's own ("DUPONT SARL" is Dupont SARL), known without it.
	if n := f.count(t, `SELECT count(*) FROM customer_payers WHERE customer_id = ? AND kind = 'iban' AND value = ?`, f.cust["C1"], dupontIBAN); n != 1 {
		t.Fatalf("%d IBANs learned, want 1", n)
	}
	if n := f.count(t, `SELECT count(*) FROM customer_payers WHERE kind = 'name'`); n != 0 {
		t.Fatalf("%d names learned, want 0", n)
	}
	// Again, and with an overlapping statement: nothing twice.
	res, err = f.svc.ImportBankStatements(ctx, "releve.xml", sts, ImportRequest{})
	if err != nil || res.Entries != 5 || res.Duplicates != 5 || res.Credits != 0 || res.Applied != 0 {
		t.Fatalf("again: %+v %v", res, err)
	}
	res, err = f.svc.ImportBankStatements(ctx, "suite.xml", statement(ownIBAN, debit, fee,
		credit("B6", "2026-02-20", 8000, "M. MARTIN JEAN", "", "F-2026-003")), ImportRequest{})
	if err != nil || res.Entries != 3 || res.Duplicates != 2 || res.Applied != 1 || res.Invoices != 1 {
		t.Fatalf("overlapping: %+v %v", res, err)
	}
	if n := f.count(t, `SELECT count(*) FROM bank_entries`); n != 6 {
		t.Fatalf("%d entries, want 6", n)
	}
	if n := f.count(t, `SELECT count(*) FROM payments`); n != 3 {
		t.Fatalf("%d payments, want 3", n)
	}
	f.check(t)
}

// check runs the ledger's own check: every settlement day set while the
// triggers were deferred is the one the payments make.
func (f *fixture) check(t *testing.T) {
	t.Helper()
	rep, err := f.st.Check(context.Background())
	if err != nil || !rep.OK() {
		t.Fatalf("check: %+v %v", rep, err)
	}
}

func equalResult(a, b ImportResult) bool { return reflect.DeepEqual(a, b) }

// More than the named invoices' balance is never applied at once: a
// proposal; applied by the owner, the rest is the customer's credit. Less
// leaves the rest due.
func TestOverAndUnderpayment(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, ownIBAN)
	res, err := f.svc.ImportBankStatements(ctx, "r.xml", statement(ownIBAN,
		credit("O1", "2026-02-10", 12000, "Dupont", "", "F-2026-001"),
		credit("U1", "2026-02-11", 5000, "Martin", "", "F-2026-003")), ImportRequest{})
	if err != nil || res.Applied != 1 || res.Proposals != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	if b := f.balance(t, "F-2026-003"); b != 3000 {
		t.Fatalf("F-2026-003 balance %d, want 3000", b)
	}
	ps, _ := f.svc.BankProposals(ctx)
	if len(ps) != 1 || ps[0].Entry.Key != "O1" || ps[0].Suggestions[0].Reason != ledger.ProposalNumber {
		t.Fatalf("%+v", ps)
	}
	ap, err := f.svc.ApplyBankProposal(ctx, ps[0].Entry.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	// 100.00 to F-2026-001, the 20.00 left is C1's credit, applied to
	// their open F-2026-002 (250.00) as issue 14's credits are.
	if len(ap.Paid) != 1 || ap.Paid[0].Invoice != "F-2026-001" || ap.Paid[0].Amount.Minor != 10000 || ap.Credit.Minor != 2000 {
		t.Fatalf("applied %+v", ap)
	}
	if b1, b2 := f.balance(t, "F-2026-001"), f.balance(t, "F-2026-002"); b1 != 0 || b2 != 23000 {
		t.Fatalf("balances %d %d, want 0 23000", b1, b2)
	}
	if _, err := f.svc.ApplyBankProposal(ctx, ps[0].Entry.ID, nil); !isUserErr(err, "bank.not_pending") {
		t.Fatalf("applied twice: %v", err)
	}
}

// A reversal undoes what its original did: the payments (and the
// credit) go, the invoice is due again.
func TestReversalUndoesItsOriginal(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, ownIBAN)
	if _, err := f.svc.ImportBankStatements(ctx, "a.xml", statement(ownIBAN,
		credit("R1", "2026-02-10", 35000, "Dupont", "", "F-2026-001 F-2026-002")), ImportRequest{}); err != nil {
		t.Fatal(err)
	}
	back := bankfile.Entry{BankRef: "R2", BookingDate: ledger.MustDate("2026-02-14"), Amount: 35000, Reversal: true, OrigRef: "R1",
		Text: "Retour virement"}
	res, err := f.svc.ImportBankStatements(ctx, "b.xml", statement(ownIBAN, back), ImportRequest{})
	if err != nil || res.Reversals != 1 || res.Undone != 1 || res.Credits != 0 {
		t.Fatalf("%+v %v", res, err)
	}
	if b1, b2 := f.balance(t, "F-2026-001"), f.balance(t, "F-2026-002"); b1 != 10000 || b2 != 25000 {
		t.Fatalf("balances %d %d, want 10000 25000", b1, b2)
	}
	if n := f.count(t, `SELECT count(*) FROM bank_entries WHERE key = 'R1' AND state = 'reversed'`); n != 1 {
		t.Fatal("original not marked reversed")
	}
	var settled *string
	f.st.DB().QueryRow(`SELECT settled_on FROM invoices WHERE number = 'F-2026-001'`).Scan(&settled)
	if settled != nil {
		t.Fatalf("F-2026-001 still settled on %s", *settled)
	}
	f.check(t)
}

// Accounts: another account than the company's IBAN is refused (nothing
// written) until listed or confirmed; a company without an IBAN confirms
// its first statement's account.
func TestStatementOfUnknownAccount(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, ownIBAN)
	other := "GB82WEST12345698765432"
	sts := statement(other, credit("K1", "2026-02-10", 10000, "Dupont", "", "F-2026-001"))
	if _, err := f.svc.ImportBankStatements(ctx, "o.xml", sts, ImportRequest{}); !isUserErr(err, "bank.unknown_account") {
		t.Fatalf("unknown account: %v", err)
	}
	if n := f.count(t, `SELECT count(*) FROM bank_entries`) + f.count(t, `SELECT count(*) FROM bank_accounts`); n != 0 {
		t.Fatalf("%d rows written", n)
	}
	if _, err := f.svc.ImportBankStatements(ctx, "o.xml", sts, ImportRequest{Account: ownIBAN}); !isUserErr(err, "bank.account_mismatch") {
		t.Fatalf("mismatch: %v", err)
	}
	if _, err := f.svc.AddBankAccount(ctx, "GB82 WEST 1234 5698 7654 32", "Londres"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AddBankAccount(ctx, other, ""); !isUserErr(err, "bank.account_exists") {
		t.Fatalf("twice: %v", err)
	}
	if res, err := f.svc.ImportBankStatements(ctx, "o.xml", sts, ImportRequest{}); err != nil || res.Applied != 1 {
		t.Fatalf("listed: %+v %v", res, err)
	}

	g := newFixture(t, "")
	if _, err := g.svc.ImportBankStatements(ctx, "o.xml", sts, ImportRequest{}); !isUserErr(err, "bank.confirm_account") {
		t.Fatalf("no company IBAN: %v", err)
	}
	noAccount := []bankfile.Statement{{Format: bankfile.FormatCSV, Entries: sts[0].Entries}}
	if _, err := g.svc.ImportBankStatements(ctx, "r.csv", noAccount, ImportRequest{}); !isUserErr(err, "bank.no_account") {
		t.Fatalf("no account: %v", err)
	}
	if res, err := g.svc.ImportBankStatements(ctx, "r.csv", noAccount, ImportRequest{Account: "30004:00012345678", DryRun: true}); err != nil || res.Applied != 1 {
		t.Fatalf("dry run: %+v %v", res, err)
	}
	if n := g.count(t, `SELECT count(*) FROM bank_accounts`) + g.count(t, `SELECT count(*) FROM payments`); n != 0 {
		t.Fatalf("dry run wrote %d rows", n)
	}
	if _, err := g.svc.ImportBankStatements(ctx, "r.csv", noAccount, ImportRequest{Account: "30004:00012345678"}); err != nil {
		t.Fatal(err)
	}
	as, _ := g.svc.BankAccounts(ctx)
	if len(as) != 1 || as[0].Account != "30004:00012345678" || as[0].Currency != "EUR" {
		t.Fatalf("accounts %+v", as)
	}
}

// A known payer's credit that names no invoice: a proposal with the
// invoice whose balance it equals; the owner may pick another.
func TestKnownPayerAmount(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, ownIBAN)
	res, err := f.svc.ImportBankStatements(ctx, "r.xml", statement(ownIBAN,
		credit("P1", "2026-02-10", 25000, "Ets DUPONT", "", "Virement")), ImportRequest{})
	if err != nil || res.Proposals != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	ps, _ := f.svc.BankProposals(ctx)
	if len(ps) != 1 || len(ps[0].Suggestions) != 1 || ps[0].Suggestions[0].InvoiceNumber != "F-2026-002" ||
		ps[0].Suggestions[0].Reason != ledger.ProposalAmount {
		t.Fatalf("%+v", ps)
	}
	if _, err := f.svc.ApplyBankProposal(ctx, ps[0].Entry.ID, []string{"F-2026-001", "F-2026-003"}); !isUserErr(err, "bank.apply_customers") {
		t.Fatalf("two customers' invoices: %v", err)
	}
	if _, err := f.svc.ApplyBankProposal(ctx, ps[0].Entry.ID, []string{"F-9999"}); !isUserErr(err, "bank.unknown_invoice") {
		t.Fatalf("unknown invoice: %v", err)
	}
	ap, err := f.svc.ApplyBankProposal(ctx, ps[0].Entry.ID, []string{"F-2026-001", "F-2026-002"})
	if err != nil || len(ap.Paid) != 2 || ap.Paid[0].Amount.Minor != 10000 || ap.Paid[1].Amount.Minor != 15000 || ap.Credit.Minor != 0 {
		t.Fatalf("%+v %v", ap, err)
	}
}

func isUserErr(err error, key string) bool {
	var ue *core.UserError
	return errors.As(err, &ue) && ue.Msg.Key == key
}

// Payers' names compare without case, accents, legal forms or word
// order, in either Serbian script.
func TestFoldPayer(t *testing.T) {
	for _, c := range [][2]string{
		{"SARL Dupont & Fils", "dupont fils"},
		{"Dupont et Fils SARL", "dupont fils"},
		{"DUPONT FILS", "dupont fils"},
		{"Société Générale Électricité", "electricite generale"},
		{"M. MARTIN JEAN", "jean martin"},
		{"Petrović d.o.o.", "petrovic"},
		{"Петровић д.о.о.", "petrovic"},
		{"Đorđević", "djordjevic"},
		{"Müller GmbH", "muller"},
		{"SARL", ""},
	} {
		if got := foldPayer(c[0]); got != c[1] {
			t.Errorf("foldPayer(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}

// A structured creditor reference names its invoice whatever the text
// says (written with spaces in the text, or in the structured field); a
// void invoice named is never paid at once; every payment made is in the
// customer's history with who made it.
func TestStructuredReferenceAndHistory(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, ownIBAN)
	ref := ledger.StructuredReference("F-2026-003", "EUR")
	if !ledger.ValidRF(ref) || len(ref) < 8 {
		t.Fatalf("reference %q", ref)
	}
	ref1 := ledger.StructuredReference("F-2026-001", "EUR")
	spaced := ref1[:4] + " " + ref1[4:8] + " " + ref1[8:]
	if _, err := f.st.DB().Exec(`UPDATE invoices SET state = 'void', state_reason = 'issued twice' WHERE number = 'F-2026-002'`); err != nil {
		t.Fatal(err)
	}
	res, err := f.svc.ImportBankStatements(ctx, "r.xml", statement(ownIBAN,
		bankfile.Entry{BankRef: "S1", BookingDate: ledger.MustDate("2026-02-10"), Amount: 8000, Credit: true, PartyName: "Martin",
			StructuredRef: ref, Text: "F-2026-001"},
		credit("S2", "2026-02-11", 3000, "Dupont", "", "Paiement "+spaced),
		credit("S3", "2026-02-12", 25000, "Dupont", "", "F-2026-002")), ImportRequest{})
	if err != nil || res.Applied != 2 || res.Proposals != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	// S1 paid F-2026-003 (its reference), not F-2026-001 (its text); S2
	// paid 30.00 of F-2026-001, the reference spaced out in the text.
	if b := f.balance(t, "F-2026-001"); b != 7000 {
		t.Fatalf("F-2026-001 balance %d, want 7000", b)
	}
	if b := f.balance(t, "F-2026-003"); b != 0 {
		t.Fatalf("F-2026-003 balance %d, want 0", b)
	}
	changes, err := f.st.ChangesOf(ctx, f.cust["C2"])
	if err != nil || len(changes) != 1 || changes[0].Kind != ledger.ChangeBankPayment || changes[0].Who != core.Actor() ||
		changes[0].InvoiceID != f.inv["F-2026-003"] {
		t.Fatalf("changes %+v %v", changes, err)
	}
	ps, _ := f.svc.BankProposals(ctx)
	if len(ps) != 1 || ps[0].Entry.Key != "S3" || ps[0].Suggestions[0].InvoiceNumber != "F-2026-002" {
		t.Fatalf("void invoice named: %+v", ps)
	}
	if _, err := f.svc.ApplyBankProposal(ctx, ps[0].Entry.ID, []string{"F-2026-002"}); !isUserErr(err, "bank.apply_void") {
		t.Fatalf("applied to a void invoice: %v", err)
	}
}

// An invoice paid in part by a payment dated after the transfer's booking
// day is settled on that later day, not the booking day (the settlement
// view decides when a later payment exists).
func TestSettledOnWithALaterPayment(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t, ownIBAN)
	if err := f.st.SavePayment(ctx, &ledger.Payment{InvoiceID: f.inv["F-2026-003"], Date: ledger.MustDate("2026-02-20"), Amount: 3000,
		Reference: "cheque"}); err != nil {
		t.Fatal(err)
	}
	res, err := f.svc.ImportBankStatements(ctx, "r.xml", statement(ownIBAN,
		credit("L1", "2026-02-10", 5000, "Martin", "", "F-2026-003"),
		credit("L2", "2026-02-12", 10000, "Dupont", "", "F-2026-001")), ImportRequest{})
	if err != nil || res.Applied != 2 {
		t.Fatalf("%+v %v", res, err)
	}
	var late, paid string
	f.st.DB().QueryRow(`SELECT settled_on FROM invoices WHERE number = 'F-2026-003'`).Scan(&late)
	f.st.DB().QueryRow(`SELECT settled_on FROM invoices WHERE number = 'F-2026-001'`).Scan(&paid)
	if late != "2026-02-20" || paid != "2026-02-12" {
		t.Fatalf("settled on %q and %q, want 2026-02-20 and 2026-02-12", late, paid)
	}
	f.check(t)
}
