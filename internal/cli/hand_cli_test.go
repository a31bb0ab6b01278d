package cli

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// Changes by hand through relancectl (issue 15), on dunningLedger: F1,
// 10,000.00 € of FR1 due 2025-06-10; U1, £999.00 of UK1 due 2025-03-15.

var handDay = ledger.MustDate("2025-07-20")

func mustRun(t *testing.T, db string, args ...string) result {
	t.Helper()
	r := runAt(t, handDay, append([]string{"--db", db}, args...)...)
	if r.code != 0 {
		t.Fatalf("%v: %+v", args, r)
	}
	return r
}

// refused runs a command that must fail with exit 1 and a message
// containing want.
func refused(t *testing.T, db, want string, args ...string) {
	t.Helper()
	r := runAt(t, handDay, append([]string{"--db", db}, args...)...)
	if r.code != ExitUser || !strings.Contains(r.stderr, want) {
		t.Errorf("%v: exit %d, stderr %q, want exit 1 saying %q", args, r.code, r.stderr, want)
	}
}

func listPayments(t *testing.T, db string, args ...string) []paymentJSON {
	t.Helper()
	r := mustRun(t, db, append([]string{"payments", "list", "--json"}, args...)...)
	var out []paymentJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	return out
}

func invoiceRow(t *testing.T, db, number string) invoiceJSON {
	t.Helper()
	r := mustRun(t, db, "invoices", "list", "--json", "--search", number)
	var out []invoiceJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	for _, l := range out {
		if l.Number == number {
			return l
		}
	}
	t.Fatalf("no invoice %s in %s", number, r.stdout)
	return invoiceJSON{}
}

func handService(t *testing.T, db string) *app.Service {
	t.Helper()
	svc, err := app.Open(context.Background(), db, app.Options{Today: func() ledger.Date { return handDay }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	return svc
}

func TestPaymentsByHand(t *testing.T) {
	db := dunningLedger(t)
	r := mustRun(t, db, "payment", "add", "--invoice", "F1", "--date", "2025-07-01", "--amount", "2 500,00", "--method", "cheque",
		"--reference", "CHQ-1")
	if !strings.Contains(r.stdout, "2500.00 EUR") || !strings.Contains(r.stdout, "left to pay: 7500.00 EUR") {
		t.Errorf("payment add said %q", r.stdout)
	}
	pays := listPayments(t, db, "--invoice", "F1")
	if len(pays) != 1 || pays[0].ID == 0 || pays[0].Amount != "2500.00" || pays[0].Currency != "EUR" || pays[0].Date != "2025-07-01" ||
		pays[0].Method != "cheque" || pays[0].Reference != "CHQ-1" || pays[0].CustomerCode != "FR1" || pays[0].Source != "" {
		t.Fatalf("payments %+v", pays)
	}
	if l := invoiceRow(t, db, "F1"); l.Paid != "2500.00" || l.Balance != "7500.00" || l.Status != "overdue" {
		t.Errorf("F1 after the cheque: %+v", l)
	}

	// Each refused with a message naming the value, and nothing written.
	add := func(more ...string) []string {
		return append([]string{"payment", "add", "--invoice", "F1", "--date", "2025-07-15", "--amount", "100"}, more...)
	}
	refused(t, db, `"10.0001" has more decimals than EUR takes (2)`, "payment", "add", "--invoice", "F1", "--date", "2025-07-15", "--amount", "10.0001")
	refused(t, db, `no invoice numbered "NOPE"`, "payment", "add", "--invoice", "NOPE", "--date", "2025-07-15", "--amount", "100")
	refused(t, db, "2025-07-21 is after today (2025-07-20)", "payment", "add", "--invoice", "F1", "--date", "2025-07-21", "--amount", "100")
	refused(t, db, "8000.00 EUR is more than what is left to pay of F1 (7500.00 EUR)", "payment", "add", "--invoice", "F1",
		"--date", "2025-07-15", "--amount", "8000")
	refused(t, db, `already has a payment with the reference "CHQ-1"`, add("--reference", "CHQ-1")...)
	refused(t, db, `unknown payment method "bitcoin"`, add("--method", "bitcoin")...)
	refused(t, db, `"£100" is not in EUR`, "payment", "add", "--invoice", "F1", "--date", "2025-07-15", "--amount", "£100")
	refused(t, db, `the amount must be more than zero, not "0"`, "payment", "add", "--invoice", "F1", "--date", "2025-07-15", "--amount", "0")
	if r := runAt(t, handDay, "--db", db, "payment", "add", "--invoice", "F1", "--amount", "100"); r.code != ExitUsage {
		t.Errorf("no --date: %+v", r)
	}
	if n := len(listPayments(t, db)); n != 1 {
		t.Fatalf("%d payments after the refusals, want 1", n)
	}

	// --overpay: the balance is paid, the rest is FR1's credit.
	r = mustRun(t, db, "payment", "add", "--invoice", "F1", "--date", "2025-07-18", "--amount", "8000.00", "--overpay", "--method", "transfer")
	if !strings.Contains(r.stdout, "500.00 EUR above the balance is now the credit of customer FR1") || !strings.Contains(r.stdout, "left to pay: 0.00 EUR") {
		t.Errorf("overpay said %q", r.stdout)
	}
	if l := invoiceRow(t, db, "F1"); l.Paid != "10000.00" || l.Balance != "0.00" || l.Status != "paid" {
		t.Errorf("F1 after the overpayment: %+v", l)
	}
	pays = listPayments(t, db, "--invoice", "F1")
	if len(pays) != 2 || pays[1].Amount != "7500.00" {
		t.Fatalf("payments %+v: the second should be the balance, 7500.00", pays)
	}
	svc := handService(t, db)
	credit, err := svc.OpenCredit(context.Background(), "FR1", handDay)
	if err != nil || len(credit) != 1 || credit[0] != (ledger.Money{Minor: 50000, Currency: "EUR"}) {
		t.Fatalf("FR1's open credit %v %v, want 500.00 EUR", credit, err)
	}
	svc.Close()

	// Deleting the cheque (it bounced): F1 is open again by 2,500.00, the
	// row is kept, and the history says who did it and why.
	r = mustRun(t, db, "payment", "delete", strconvI(pays[0].ID), "--reason", "cheque bounced")
	if !strings.Contains(r.stdout, "kept in the history") {
		t.Errorf("delete said %q", r.stdout)
	}
	if l := invoiceRow(t, db, "F1"); l.Paid != "7500.00" || l.Balance != "2500.00" || l.Status != "overdue" {
		t.Errorf("F1 after the deletion: %+v", l)
	}
	refused(t, db, "no payment with the id", "payment", "delete", strconvI(pays[0].ID), "--reason", "again")
	if r := runAt(t, handDay, "--db", db, "payment", "delete", strconvI(pays[1].ID)); r.code != ExitUsage {
		t.Errorf("delete without --reason: %+v", r)
	}
	svc = handService(t, db)
	st := svc.Store()
	f1, err := st.InvoiceByNumber(context.Background(), "F1")
	if err != nil {
		t.Fatal(err)
	}
	kept, err := st.DeletedPaymentsOf(context.Background(), f1.ID)
	if err != nil || len(kept) != 1 || kept[0].ID != pays[0].ID || kept[0].Amount != 250000 || kept[0].Reference != "CHQ-1" ||
		kept[0].Method != "cheque" || kept[0].Change.Kind != ledger.ChangePaymentDeleted || !strings.Contains(kept[0].Change.Detail, "cheque bounced") {
		t.Fatalf("kept %+v %v", kept, err)
	}
	changes, err := st.ChangesOf(context.Background(), f1.CustomerID)
	if err != nil || len(changes) != 3 {
		t.Fatalf("changes %+v %v, want 2 payments added and 1 deleted", changes, err)
	}
	who := changes[0].Who
	if who == "" || changes[0].Kind != ledger.ChangePaymentAdded || changes[2].Kind != ledger.ChangePaymentDeleted ||
		!strings.Contains(changes[1].Detail, "8000.00 EUR") || !strings.Contains(changes[1].Detail, "500.00 EUR above the balance") {
		t.Errorf("changes %+v", changes)
	}
	// The timeline shows them, with who.
	_, events, err := svc.CustomerTimeline(context.Background(), "FR1")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, e := range events {
		if e.Kind == "change" {
			lines = append(lines, e.Text.In(i18n.EN))
		}
	}
	if len(lines) != 3 || !strings.Contains(strings.Join(lines, "\n"), "Payment deleted: F1: 2500.00 EUR on 2025-07-01 (payment ") ||
		!strings.Contains(lines[0], "(by "+who+")") {
		t.Errorf("timeline changes %q", lines)
	}
}

func strconvI(id int64) string { b, _ := json.Marshal(id); return string(b) }

func TestInvoicesByHand(t *testing.T) {
	db := dunningLedger(t)
	r := mustRun(t, db, "invoice", "add", "--number", "F-2025-002", "--customer", "FR1", "--issue", "2025-07-01", "--amount", "1200.00",
		"--description", "Réparation")
	if !strings.Contains(r.stdout, "F-2025-002 added for FR1: 1200.00 EUR, due 2025-07-31") {
		t.Errorf("invoice add said %q", r.stdout)
	}
	refused(t, db, `already an invoice numbered "F-2025-002"`, "invoice", "add", "--number", "F-2025-002", "--customer", "FR1",
		"--issue", "2025-07-01", "--amount", "1")
	refused(t, db, `no customer with code "NOBODY"`, "invoice", "add", "--number", "F9", "--customer", "NOBODY", "--issue", "2025-07-01", "--amount", "1")
	refused(t, db, "the due date 2025-06-01 is before the issue date 2025-07-01", "invoice", "add", "--number", "F9", "--customer", "FR1",
		"--issue", "2025-07-01", "--due", "2025-06-01", "--amount", "1")
	refused(t, db, `"12.3456" has more decimals than EUR takes (2)`, "invoice", "add", "--number", "F9", "--customer", "FR1",
		"--issue", "2025-07-01", "--amount", "12.3456")
	// In another currency than the company's; a JPY total has no decimals.
	refused(t, db, `"1000.5" has more decimals than JPY takes (0)`, "invoice", "add", "--number", "J1", "--customer", "UK1",
		"--issue", "2025-07-01", "--amount", "1000.5", "--currency", "JPY")
	mustRun(t, db, "invoice", "add", "--number", "J1", "--customer", "UK1", "--issue", "2025-07-01", "--amount", "1000", "--currency", "JPY")
	if l := invoiceRow(t, db, "J1"); l.Currency != "JPY" || l.Total != "1000" {
		t.Errorf("J1 %+v", l)
	}
	if l := invoiceRow(t, db, "F-2025-002"); l.Total != "1200.00" || l.DueDate != "2025-07-31" || l.Status != "open" || l.Description != "Réparation" {
		t.Errorf("F-2025-002 %+v", l)
	}

	// Edit: total and due date; a total below what was paid is refused.
	mustRun(t, db, "invoice", "edit", "F-2025-002", "--amount", "1500", "--due", "2025-08-15")
	if l := invoiceRow(t, db, "F-2025-002"); l.Total != "1500.00" || l.DueDate != "2025-08-15" {
		t.Errorf("after edit %+v", l)
	}
	mustRun(t, db, "payment", "add", "--invoice", "F-2025-002", "--date", "2025-07-10", "--amount", "1400")
	refused(t, db, "a total of 1000.00 EUR is less than what was paid of F-2025-002 (1400.00 EUR)", "invoice", "edit", "F-2025-002", "--amount", "1000")
	refused(t, db, "nothing to change", "invoice", "edit", "F-2025-002", "--amount", "1500.00")
	if r := runAt(t, handDay, "--db", db, "invoice", "edit", "F-2025-002"); r.code != ExitUsage {
		t.Errorf("edit without a field: %+v", r)
	}

	// Void: not with payments; U1 (overdue, nothing paid) is voided and
	// leaves the ladder; F1 is written off and leaves it too.
	refused(t, db, "invoice F-2025-002 has 1400.00 EUR paid", "invoice", "void", "F-2025-002", "--reason", "error")
	if r := runAt(t, handDay, "--db", db, "invoice", "void", "U1"); r.code != ExitUsage {
		t.Errorf("void without --reason: %+v", r)
	}
	p := planAt(t, db, handDay)
	if len(p.Actions) != 2 {
		t.Fatalf("before: plan %+v, want letters for FR1 and UK1", p)
	}
	mustRun(t, db, "invoice", "void", "U1", "--reason", "issued twice")
	refused(t, db, "invoice U1 is already void", "invoice", "void", "U1", "--reason", "again")
	refused(t, db, "invoice U1 is void", "payment", "add", "--invoice", "U1", "--date", "2025-07-15", "--amount", "1")
	mustRun(t, db, "invoice", "write-off", "F1", "--reason", "customer in liquidation")
	refused(t, db, "invoice F1 is already written off", "invoice", "write-off", "F1", "--reason", "again")
	p = planAt(t, db, handDay)
	reasons := map[string]string{}
	for _, s := range p.Skipped {
		reasons[s.Invoice] = s.Reason
	}
	if len(p.Actions) != 0 || reasons["U1"] != "void" || reasons["F1"] != "written-off" {
		t.Fatalf("after: plan %+v", p)
	}
	if l := invoiceRow(t, db, "U1"); l.Status != "void" || l.Balance != "0.00" || l.DaysOverdue != 0 {
		t.Errorf("U1 %+v", l)
	}
	if l := invoiceRow(t, db, "F1"); l.Status != "written-off" || l.Balance != "10000.00" || l.DaysOverdue != 0 {
		t.Errorf("F1 %+v", l)
	}
	// Before the day it was set aside, F1 was overdue.
	r = mustRun(t, db, "invoices", "list", "--json", "--search", "F1", "--as-of", "2025-07-19")
	if !strings.Contains(r.stdout, `"status":"overdue"`) {
		t.Errorf("F1 on 2025-07-19: %s", r.stdout)
	}
	for status, want := range map[string][]string{"void": {"U1"}, "written-off": {"F1"}, "overdue": nil} {
		r := mustRun(t, db, "invoices", "list", "--json", "--status", status)
		var out []invoiceJSON
		json.Unmarshal([]byte(r.stdout), &out)
		var got []string
		for _, l := range out {
			got = append(got, l.Number)
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("--status %s: %v, want %v", status, got, want)
		}
	}
	// The summary leaves them out of what is owed and reports the loss.
	r = mustRun(t, db, "summary", "--json")
	var sum struct {
		OverdueInvoices int `json:"overdue_invoices"`
		Currencies      []struct{ Currency, Overdue string }
		WrittenOff      []struct{ Currency, Amount string } `json:"written_off"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil {
		t.Fatal(err)
	}
	for _, c := range sum.Currencies {
		if c.Overdue != "0.00" && c.Overdue != "0" {
			t.Errorf("summary: %s overdue %s, want nothing (F1 written off, U1 void)", c.Currency, c.Overdue)
		}
	}
	if sum.OverdueInvoices != 0 || len(sum.WrittenOff) != 1 || sum.WrittenOff[0].Currency != "EUR" || sum.WrittenOff[0].Amount != "10000.00" {
		t.Errorf("summary %s", r.stdout)
	}
	if r := mustRun(t, db, "summary"); !strings.Contains(r.stdout, "Written off") || !strings.Contains(r.stdout, "10000.00 EUR") {
		t.Errorf("summary text %s", r.stdout)
	}
	// The statuses in the owner's language.
	r = runAt(t, handDay, "--db", db, "--lang", "fr", "invoices", "list", "--customer", "UK1")
	if !strings.Contains(r.stdout, "annulée") {
		t.Errorf("French listing: %s", r.stdout)
	}
}

func TestCreditNoteByHand(t *testing.T) {
	db := dunningLedger(t)
	r := mustRun(t, db, "credit-note", "add", "--invoice", "F1", "--amount", "1000.00", "--date", "2025-07-05")
	if !strings.Contains(r.stdout, "Credit note F1-C1 of 1000.00 EUR on F1: 1000.00 EUR applied, 0.00 EUR left") {
		t.Errorf("credit-note add said %q", r.stdout)
	}
	mustRun(t, db, "credit-note", "add", "--invoice", "F1", "--amount", "500")
	if l := invoiceRow(t, db, "F1"); l.Paid != "1500.00" || l.Balance != "8500.00" {
		t.Errorf("F1 after two credit notes: %+v", l)
	}
	pays := listPayments(t, db, "--invoice", "F1")
	if len(pays) != 2 || pays[0].Source != "credit" || pays[0].Date != "2025-07-05" || pays[1].Reference != "credit:F1-C2" {
		t.Fatalf("F1's credits %+v", pays)
	}
	refused(t, db, "is a credit note applied", "payment", "delete", strconvI(pays[0].ID), "--reason", "no")
	refused(t, db, "a credit note of 10001.00 EUR is more than the total of F1 (10000.00 EUR)", "credit-note", "add", "--invoice", "F1", "--amount", "10001")
	refused(t, db, `already a credit note numbered "F1-C1"`, "credit-note", "add", "--invoice", "F1", "--amount", "1", "--number", "F1-C1")
}

func planAt(t *testing.T, db string, day ledger.Date) planJSON {
	t.Helper()
	r := runAt(t, day, "--db", db, "plan", "--json")
	var p planJSON
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &p) != nil {
		t.Fatalf("plan: %+v", r)
	}
	return p
}

// A promise made on the phone last week, already broken, recorded today
// with --said-on, brings the firmer letter forward as if it had been
// recorded that day.
func TestPromiseSaidLastWeekBringsTheNextLetterEarly(t *testing.T) {
	db := dunningLedger(t)
	// The friendly reminder for F1 went out on 2025-07-10: the second
	// letter is due 14 days later, on 2025-07-24.
	if r := runAt(t, ledger.MustDate("2025-07-10"), "--db", db, "plan", "--record"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	fr1 := func(p planJSON) (level int, skipped string) {
		for _, a := range p.Actions {
			if a.CustomerCode == "FR1" {
				return a.Level, ""
			}
		}
		for _, s := range p.Skipped {
			if s.Invoice == "F1" {
				return 0, s.Reason
			}
		}
		return 0, "nothing"
	}
	if level, skipped := fr1(planAt(t, db, handDay)); level != 0 || skipped != "too soon" {
		t.Fatalf("on 07-20 before the promise: level %d, skipped %q; want too soon", level, skipped)
	}
	refused(t, db, "the promised date 2025-07-10 is before the day the promise was made (2025-07-12)",
		"promise", "add", "--invoice", "F1", "--date", "2025-07-10", "--said-on", "2025-07-12")
	refused(t, db, "the day it was said, 2025-07-21, is after today (2025-07-20)",
		"promise", "add", "--invoice", "F1", "--date", "2025-07-25", "--said-on", "2025-07-21")
	// Said on 07-12 to pay by 07-15; nothing came: broken, and the second
	// letter is due 2 days after the promised date (07-17), before 07-24.
	mustRun(t, db, "promise", "add", "--invoice", "F1", "--date", "2025-07-15", "--said-on", "2025-07-12", "--source", "phone")
	p := planAt(t, db, handDay)
	if level, skipped := fr1(p); level != 2 || skipped != "" {
		t.Fatalf("on 07-20 after the promise: level %d, skipped %q; want the second letter: %+v", level, skipped, p)
	}
	for _, a := range p.Actions {
		if a.CustomerCode == "FR1" && !strings.Contains(a.Reason, "2025-07-15") {
			t.Errorf("reason %q does not name the broken promise", a.Reason)
		}
	}
	// A dispute raised on 07-18 holds F1's letters from then.
	mustRun(t, db, "dispute", "open", "--invoice", "F1", "--reason", "wrong quantity", "--said-on", "2025-07-18")
	if _, skipped := fr1(planAt(t, db, handDay)); skipped != "disputed" {
		t.Errorf("after the dispute: skipped %q", skipped)
	}
	svc := handService(t, db)
	f1, _ := svc.Store().InvoiceByNumber(context.Background(), "F1")
	changes, err := svc.Store().ChangesOf(context.Background(), f1.CustomerID)
	if err != nil || len(changes) != 2 || changes[0].Kind != ledger.ChangePromiseAdded || changes[1].Kind != ledger.ChangeDisputeOpened ||
		changes[0].Detail != "F1: 10000.00 EUR by 2025-07-15, said on 2025-07-12 (phone)" || changes[1].Detail != "F1: opened 2025-07-18: wrong quantity" {
		t.Errorf("changes %+v %v", changes, err)
	}
}
