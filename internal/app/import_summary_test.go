package app

import (
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/ledger"
)

func eur(minor int64) ledger.Money { return ledger.Money{Minor: minor, Currency: "EUR"} }

// The issue's own sentence, from a Result built by hand, in the three
// languages with the amounts as letters write them (French: narrow
// grouping by a no-break space; Serbian: dots and the ISO code).
func TestImportSentence(t *testing.T) {
	res := ImportResult{Rows: 214, Summary: importer.Summary{
		Invoices: 214, NewInvoices: 12, NowPaid: 3, BalancesMoved: 3, CreditNotes: 1, CreditNotesApplied: 1,
		OverdueBefore: []ledger.Money{eur(510000)}, OverdueAfter: []ledger.Money{eur(423050)},
	}}
	for l, want := range map[i18n.Lang]string{
		i18n.EN:     "214 invoices (12 new, 3 now paid, 1 credit note applied); overdue now €4,230.50 (was €5,100.00)",
		i18n.FR:     "214 factures (12 nouvelles, 3 désormais payées, 1 avoir imputé) ; désormais 4\u00a0230,50\u00a0€ en retard (contre 5\u00a0100,00\u00a0€)",
		i18n.SRCyrl: "214 фактура (12 нових, 3 сада плаћене, 1 књижно одобрење примењено); у кашњењу сада 4.230,50\u00a0EUR (пре 5.100,00\u00a0EUR)",
		i18n.SRLatn: "214 faktura (12 novih, 3 sada plaćene, 1 knjižno odobrenje primenjeno); u kašnjenju sada 4.230,50\u00a0EUR (pre 5.100,00\u00a0EUR)",
	} {
		r := ImportSummary(l, res)
		if r.Sentence != want {
			t.Errorf("%s:\n got %q\nwant %q", l, r.Sentence, want)
		}
		if len(r.Notes)+len(r.Reading) != 0 {
			t.Errorf("%s: lines for nothing: %q", l, r.Lines())
		}
	}

	res.DryRun = true
	for l, want := range map[i18n.Lang]string{
		i18n.EN:     "214 invoices would be imported (12 new, 3 now paid, 1 credit note applied); overdue would be €4,230.50 (now €5,100.00)",
		i18n.FR:     "214 factures seraient importées (12 nouvelles, 3 désormais payées, 1 avoir imputé) ; il y aurait 4\u00a0230,50\u00a0€ en retard (contre 5\u00a0100,00\u00a0€ aujourd’hui)",
		i18n.SRCyrl: "Увезло би се 214 фактура (12 нових, 3 сада плаћене, 1 књижно одобрење примењено); у кашњењу било би 4.230,50\u00a0EUR (сада 5.100,00\u00a0EUR)",
	} {
		if got := ImportSummary(l, res).Sentence; got != want {
			t.Errorf("%s dry run:\n got %q\nwant %q", l, got, want)
		}
	}
}

// Plural forms follow the count: one, few (Serbian), other, and French's
// singular zero.
func TestImportSentencePlurals(t *testing.T) {
	for _, c := range []struct {
		l    i18n.Lang
		s    importer.Summary
		want string
	}{
		{i18n.EN, importer.Summary{Invoices: 1, NewInvoices: 1}, "1 invoice (1 new); nothing overdue"},
		{i18n.FR, importer.Summary{Invoices: 1, NewInvoices: 1}, "1 facture (1 nouvelle) ; rien en retard"},
		{i18n.FR, importer.Summary{Invoices: 0, Skipped: []importer.SkippedRow{{Number: "B1"}}}, "0 facture ; rien en retard"},
		{i18n.SRCyrl, importer.Summary{Invoices: 21, NewInvoices: 21}, "21 фактура (21 нова); ништа није у кашњењу"},
		{i18n.SRCyrl, importer.Summary{Invoices: 22, NewInvoices: 2, NowPaid: 4, BalancesMoved: 4}, "22 фактуре (2 нове, 4 сада плаћене); ништа није у кашњењу"},
		{i18n.SRCyrl, importer.Summary{Invoices: 12, NowPaid: 12, BalancesMoved: 14}, "12 фактура (12 сада плаћених, 2 стања преузета из извоза); ништа није у кашњењу"},
		{i18n.EN, importer.Summary{Invoices: 5, BalancesMoved: 1, CreditNotes: 3, CreditNotesApplied: 1},
			"5 invoices (1 balance set from the export, 3 credit notes, 1 applied); nothing overdue"},
		{i18n.FR, importer.Summary{Invoices: 5, CreditNotes: 2, CreditNotesApplied: 2}, "5 factures (2 avoirs imputés) ; rien en retard"},
		{i18n.SRCyrl, importer.Summary{Invoices: 5, CreditNotes: 5, CreditNotesApplied: 3},
			"5 фактура (5 књижних одобрења, 3 примењена); ништа није у кашњењу"},
	} {
		if got := ImportSummary(c.l, ImportResult{Summary: c.s}).Sentence; got != c.want {
			t.Errorf("%s %+v:\n got %q\nwant %q", c.l, c.s, got, c.want)
		}
	}
}

// Overdue in several currencies is joined; a side that is nothing, and
// an overdue that did not move, are said as such.
func TestImportSentenceOverdue(t *testing.T) {
	usd := ledger.Money{Minor: 120000, Currency: "USD"}
	for _, c := range []struct {
		before, after []ledger.Money
		dry           bool
		want          string
	}{
		{[]ledger.Money{eur(100)}, []ledger.Money{eur(250), usd}, false, "2 invoices; overdue now €2.50 + $1,200.00 (was €1.00)"},
		{nil, []ledger.Money{eur(250)}, false, "2 invoices; overdue now €2.50 (nothing before)"},
		{nil, []ledger.Money{eur(250)}, true, "2 invoices would be imported; overdue would be €2.50 (nothing now)"},
		{[]ledger.Money{eur(250)}, nil, false, "2 invoices; nothing overdue now (was €2.50)"},
		{[]ledger.Money{eur(250)}, nil, true, "2 invoices would be imported; nothing would be overdue (now €2.50)"},
		{[]ledger.Money{eur(250)}, []ledger.Money{eur(250)}, false, "2 invoices; overdue still €2.50"},
		{[]ledger.Money{eur(250)}, []ledger.Money{eur(250)}, true, "2 invoices would be imported; overdue would stay €2.50"},
	} {
		res := ImportResult{DryRun: c.dry, Summary: importer.Summary{Invoices: 2, OverdueBefore: c.before, OverdueAfter: c.after}}
		if got := ImportSummary(i18n.EN, res).Sentence; got != c.want {
			t.Errorf("%v → %v:\n got %q\nwant %q", c.before, c.after, got, c.want)
		}
	}
}

// The follow-up lines: customers, negative adjustments named, payments on
// no date, open credit, drafts and voids (the first five, then a count),
// total lines, line rows, title lines and the date order.
func TestImportSummaryNotes(t *testing.T) {
	var skipped []importer.SkippedRow
	for _, n := range []string{"D1", "D2", "D3", "D4", "D5", "D6", "D7"} {
		skipped = append(skipped, importer.SkippedRow{Number: n, Status: "Draft"})
	}
	res := ImportResult{Rows: 30, HeaderLine: 3, TitleLines: 2, FooterLines: []int{33, 34},
		DateOrder: importer.MonthFirst, DateOrderWhy: importer.DateOrderProved,
		Summary: importer.Summary{Invoices: 20, NewInvoices: 20, BalancesMoved: 2,
			NegativeAdjusted: []string{"F-7", "F-9"}, UndatedPayments: 1, CreditHeld: []ledger.Money{eur(14285)},
			Skipped: skipped, CustomersCreated: 3, CustomersMatched: 1}}
	want := []string{
		"20 invoices (20 new, 2 balances set from the export); nothing overdue",
		"3 customers created, 1 matched.",
		"Negative adjustments on 2 invoices (the export says more is owed than their recorded payments leave): F-7, F-9.",
		"1 invoice is paid, in part or in full according to the export, on a date it does not give: no interest will ever be claimed on that payment, and letters say interest runs only on what is still due.",
		"Customers’ open credit, held until an open invoice can take it: €142.85.",
		"7 draft or void invoices skipped: D1 (Draft), D2 (Draft), D3 (Draft), D4 (Draft), D5 (Draft) and 2 more.",
		"2 trailing total lines skipped (lines 33, 34).",
		"30 rows read (the lines of one invoice counted once).",
		"2 lines above the header skipped (header on line 3).",
		"Dates read month first (MM/DD/YYYY): the file's dates prove it.",
	}
	if got := ImportSummary(i18n.EN, res).Lines(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	res.DryRun = true
	res.Rows = 21 // 20 invoices and a draft: no line rows
	res.Summary.CustomersCreated, res.Summary.CustomersMatched = 1, 0
	res.Summary.NegativeAdjusted = res.Summary.NegativeAdjusted[:1]
	res.Summary.Skipped = skipped[:1]
	got := ImportSummary(i18n.EN, res).Notes
	wantDry := []string{
		"1 customer would be created.",
		"A negative adjustment would be made on 1 invoice (the export says more is owed than its recorded payments leave): F-7.",
		"1 invoice would be recorded as paid, in part or in full according to the export, on a date it does not give: no interest would ever be claimed on that payment.",
		"Customers’ open credit would be €142.85, held until an open invoice can take it.",
		"1 draft or void invoice would be skipped: D1 (Draft).",
		"2 trailing total lines skipped (lines 33, 34).",
	}
	if strings.Join(got, "\n") != strings.Join(wantDry, "\n") {
		t.Errorf("dry run, got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantDry, "\n"))
	}

	// Serbian: the few form of each note, and the list's "and 2 more".
	res = ImportResult{Rows: 9, Summary: importer.Summary{Invoices: 2, CustomersCreated: 2, CustomersMatched: 3,
		NegativeAdjusted: []string{"A", "B", "C"}, UndatedPayments: 2, Skipped: skipped}}
	wantSR := []string{
		"2 купца додата, 3 препозната.",
		"Негативне исправке на 3 фактуре (према извозу дугује се више него што остаје после евидентираних уплата): A, B, C.",
		"2 фактуре су према извозу плаћене, делом или у целости, на дане које извоз не наводи: камата на те уплате никада се неће тражити, а писма кажу да камата тече само на оно што је још дуговано.",
		"Прескочено 7 фактура (нацрти или поништене): D1 (Draft), D2 (Draft), D3 (Draft), D4 (Draft), D5 (Draft) и још 2.",
	}
	if got := ImportSummary(i18n.SRCyrl, res).Notes; strings.Join(got, "\n") != strings.Join(wantSR, "\n") {
		t.Errorf("Serbian, got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantSR, "\n"))
	}
}

// A customer or payment import has no sentence in money (its own line
// says what it did), and every language renders every note without a raw
// key or a bad directive.
func TestImportSummaryEveryLanguage(t *testing.T) {
	if r := ImportSummary(i18n.EN, ImportResult{Rows: 4, Summary: importer.Summary{CustomersCreated: 4}}); r.Sentence != "" {
		t.Errorf("a customer import has a sentence in money: %q", r.Sentence)
	}
	full := importer.Summary{Invoices: 1_000_000, NewInvoices: 2, NowPaid: 1, BalancesMoved: 5, CreditNotes: 3, CreditNotesApplied: 2,
		NegativeAdjusted: []string{"X"}, UndatedPayments: 11, CreditHeld: []ledger.Money{eur(1)}, CustomersCreated: 1, CustomersMatched: 22,
		Skipped: []importer.SkippedRow{{Number: "S"}}, OverdueBefore: []ledger.Money{eur(1)}, OverdueAfter: []ledger.Money{eur(2)}}
	for _, l := range i18n.Langs {
		for _, dry := range []bool{false, true} {
			res := ImportResult{DryRun: dry, Rows: 2_000_000, TitleLines: 1, HeaderLine: 2, FooterLines: []int{9},
				DateOrder: importer.DayFirst, DateOrderWhy: importer.DateOrderConvention, Summary: full}
			lines := ImportSummary(l, res).Lines()
			if len(lines) != 10 {
				t.Errorf("%s dry=%v: %d lines:\n%s", l, dry, len(lines), strings.Join(lines, "\n"))
			}
			for _, line := range lines {
				if strings.Contains(line, "import.") || strings.Contains(line, "%!") || strings.Contains(line, "#") {
					t.Errorf("%s dry=%v: %q", l, dry, line)
				}
			}
		}
	}
	if got := ImportSummary(i18n.FR, ImportResult{Summary: importer.Summary{Invoices: 1_000_000}}).Sentence; got != "1000000 de factures ; rien en retard" {
		t.Errorf("French many: %q", got)
	}
}

// The warnings the report says again are left out once it is shown.
func TestImportNotices(t *testing.T) {
	res := ImportResult{Warnings: []importer.Problem{
		{Reason: i18n.M("import.footer_skipped", 1)},
		{Reason: i18n.M("import.utf8_local_part")},
		{Reason: i18n.M("import.undated_export_payments", 2)},
	}}
	if got := ImportNotices(res, true); len(got) != 1 || got[0].Reason.Key != "import.utf8_local_part" {
		t.Errorf("reported: %v", got)
	}
	if got := ImportNotices(res, false); len(got) != 3 {
		t.Errorf("not reported (a rejected file): %v", got)
	}
}
