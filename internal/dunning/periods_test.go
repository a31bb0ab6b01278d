package dunning

import (
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

func periodsOf(t *testing.T, d Debtor, asOf string, invs ...ledger.Invoice) []RatePeriod {
	t.Helper()
	in := FiguresInput{AsOf: ledger.MustDate(asOf), Level: 2, Charges: true, Currency: invs[0].Total.Currency, Debtor: d}
	for _, inv := range invs {
		in.Invoices = append(in.Invoices, FigureInvoice{Invoice: inv})
	}
	return RatePeriods(LetterFigures(in, testTables(t)))
}

func samePeriods(t *testing.T, got []RatePeriod, want ...RatePeriod) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("periods %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("period %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

func period(from, to, rate, invoice string) RatePeriod {
	return RatePeriod{From: ledger.MustDate(from), To: ledger.MustDate(to), Rate: MustRate(rate), Invoice: invoice}
}

// Code de commerce L441-10: the ECB rate in force on 1 January (3.15 %,
// since 2024-12-18) holds for the first half of 2025, the one in force on
// 1 July (2.15 %, since 2025-06-11) for the second, each plus 10 points.
// Two debts share the timeline: one list, the days of both.
func TestRatePeriodsFrenchHalfYears(t *testing.T) {
	fr := Debtor{Kind: ledger.Business, Jurisdiction: ledger.JurisdictionFR}
	got := periodsOf(t, fr, "2025-08-31",
		invoice("A", "2025-05-31", 100000, "EUR"),
		ledger.Invoice{ID: 2, Number: "B", DueDate: ledger.MustDate("2025-07-15"), Total: ledger.Money{Minor: 50000, Currency: "EUR"}})
	samePeriods(t, got, period("2025-06-01", "2025-06-30", "13.15", ""), period("2025-07-01", "2025-08-31", "12.15", ""))

	// A single rate over the whole time: one period.
	got = periodsOf(t, fr, "2025-08-31", invoice("C", "2025-07-15", 100000, "EUR"))
	samePeriods(t, got, period("2025-07-16", "2025-08-31", "12.15", ""))
}

// Late Payment of Commercial Debts (Interest) Act 1998 s.6: the Bank Rate
// on 31 December (a debt late in January–June: 4.75 %) or 30 June
// (July–December: 4.25 %) holds for the debt's life, so two debts are at
// different rates on the same days: each is stated with its number.
func TestRatePeriodsUKPerDebt(t *testing.T) {
	uk := Debtor{Kind: ledger.Business, Jurisdiction: ledger.JurisdictionUK}
	got := periodsOf(t, uk, "2025-08-31",
		invoice("U-1", "2025-05-31", 100000, "GBP"),
		ledger.Invoice{ID: 2, Number: "U-2", DueDate: ledger.MustDate("2025-07-15"), Total: ledger.Money{Minor: 50000, Currency: "GBP"}})
	samePeriods(t, got, period("2025-06-01", "2025-08-31", "12.75", "U-1"), period("2025-07-16", "2025-08-31", "12.25", "U-2"))
}

// A French consumer owes nothing before the formal notice: no rate to state.
func TestRatePeriodsNone(t *testing.T) {
	got := periodsOf(t, Debtor{Kind: ledger.Consumer, Jurisdiction: ledger.JurisdictionFR}, "2025-08-31", invoice("A", "2025-05-31", 100000, "EUR"))
	if len(got) != 0 {
		t.Fatalf("%+v", got)
	}
}

// Pre-Action Protocol for Debt Claims: an individual has 30 days to answer
// a Letter of Claim, so the final demand to a UK consumer gives 30 days
// (the policy's 8 elsewhere) and the collections task waits for them.
func TestLetterOfClaimGivesThirtyDays(t *testing.T) {
	p := DefaultPolicy()
	sent := ledger.MustDate("2025-07-01")
	ukc := Debtor{Kind: ledger.Consumer, Jurisdiction: ledger.JurisdictionUK}
	if got := p.Deadline(ukc, sent); got != ledger.MustDate("2025-07-31") {
		t.Errorf("UK consumer deadline %s", got)
	}
	if got := p.Deadline(Debtor{Kind: ledger.Business, Jurisdiction: ledger.JurisdictionUK}, sent); got != ledger.MustDate("2025-07-09") {
		t.Errorf("UK business deadline %s", got)
	}
	if got := p.Deadline(Debtor{Kind: ledger.Consumer, Jurisdiction: ledger.JurisdictionFR}, sent); got != ledger.MustDate("2025-07-09") {
		t.Errorf("FR consumer deadline %s", got)
	}
	// A policy giving more than 30 days keeps its own.
	p.Levels[3].DeadlineDays = 45
	if got := p.Deadline(ukc, sent); got != ledger.MustDate("2025-08-15") {
		t.Errorf("45-day policy %s", got)
	}

	plan := func(asOf string, d Debtor) Plan {
		c := customer(1, "C1", false)
		c.Debtor = d
		in := Input{AsOf: ledger.MustDate(asOf), Policy: DefaultPolicy(), Tables: testTables(t),
			Customers: map[int64]*Customer{1: c},
			Invoices:  []OpenInvoice{openInv(1, 1, "U-9", "2025-05-01", 50000, "GBP")},
			Letters: []SentLetter{
				{ID: 1, CustomerID: 1, Currency: "GBP", Level: 1, Kind: KindReminder1, Date: ledger.MustDate("2025-05-08"), Invoices: map[int64]int{1: 1}},
				{ID: 2, CustomerID: 1, Currency: "GBP", Level: 2, Kind: KindReminder2, Date: ledger.MustDate("2025-05-22"), Invoices: map[int64]int{1: 2}},
				{ID: 3, CustomerID: 1, Currency: "GBP", Level: 3, Kind: KindFinalDemand, Date: sent, Invoices: map[int64]int{1: 3}},
			}}
		pl, err := MakePlan(in)
		if err != nil {
			t.Fatal(err)
		}
		return pl
	}
	// Deadline 2025-07-31, task the day after (level 4's delay of 1 day).
	if pl := plan("2025-07-31", ukc); len(pl.Tasks) != 0 {
		t.Errorf("collections before the 30 days end: %+v", pl.Tasks)
	}
	if pl := plan("2025-08-01", ukc); len(pl.Tasks) != 1 {
		t.Errorf("no collections task after the 30 days: %+v", pl)
	}
	// A business: 8 days, task on 2025-07-10.
	if pl := plan("2025-07-10", Debtor{Kind: ledger.Business, Jurisdiction: ledger.JurisdictionUK}); len(pl.Tasks) != 1 {
		t.Errorf("business collections task: %+v", pl)
	}
}

// A Serbian business debtor falls under the Zakon o rokovima izmirenja
// novčanih obaveza u komercijalnim transakcijama as well as the Zakon o
// zateznoj kamati: its basis names both; a consumer's only the second.
func TestSerbianBusinessBasisCitesBothLaws(t *testing.T) {
	for _, kind := range []ledger.CustomerKind{ledger.Business, ledger.Consumer} {
		for _, cur := range []ledger.Currency{"RSD", "EUR"} {
			it, err := ComputeInterest(InterestInput{Invoice: invoice("R1", "2025-05-31", 100000, cur),
				Debtor: Debtor{Kind: kind, Jurisdiction: ledger.JurisdictionRS}, AsOf: ledger.MustDate("2025-07-31")}, testTables(t))
			if err != nil {
				t.Fatal(err)
			}
			basis := it.Basis.In("sr-Cyrl")
			both := strings.Contains(basis, "Закон о роковима измирења новчаних обавеза у комерцијалним трансакцијама") && strings.Contains(basis, "Закон о затезној камати")
			if both != (kind == ledger.Business) || !strings.Contains(basis, "Закон о затезној камати") {
				t.Errorf("%s %s: %s", kind, cur, basis)
			}
		}
	}
}
