package dunning

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

var jurisdictions = []struct {
	j   ledger.Jurisdiction
	cur ledger.Currency
}{
	{ledger.JurisdictionFR, "EUR"}, {ledger.JurisdictionEU, "EUR"}, {ledger.JurisdictionDE, "EUR"},
	{ledger.JurisdictionUK, "GBP"}, {ledger.JurisdictionRS, "RSD"}, {ledger.JurisdictionRS, "EUR"},
}

// maxRate is the highest rate any rule could apply with the shipped tables:
// the highest reference entry + the highest margin (10 points, France).
func maxRate(tabs *Tables) Rate {
	var m Rate
	for _, id := range tabs.IDs() {
		for _, e := range tabs.Table(id).Entries {
			m = max(m, e.Rate)
		}
	}
	return m + Points(10)
}

// TestInterestProperties walks random debts through the shipped tables:
// no interest up to the due date; with nothing paid, interest never
// decreases as the date moves on; it never exceeds what the highest rate
// in the tables would give over the same days.
func TestInterestProperties(t *testing.T) {
	tabs, err := LoadTables(nil)
	if err != nil {
		t.Fatal(err)
	}
	top := maxRate(tabs)
	rng := rand.New(rand.NewPCG(11, 12))
	start := ledger.MustDate("2023-01-01")
	for n := 0; n < 300; n++ {
		jc := jurisdictions[rng.IntN(len(jurisdictions))]
		kind := ledger.Business
		if rng.IntN(4) == 0 {
			kind = ledger.Consumer
		}
		due := start.AddDays(rng.IntN(900))
		total := 100 + rng.Int64N(50_000_000)
		inv := ledger.Invoice{ID: 1, Number: "P", IssueDate: due.AddDays(-30), DueDate: due, Total: ledger.Money{Minor: total, Currency: jc.cur}}
		debtor := Debtor{Kind: kind, Jurisdiction: jc.j}
		notice := due.AddDays(rng.IntN(60))
		prev := int64(-1)
		for asOf := due.AddDays(-5); asOf <= due.AddDays(400); asOf = asOf.AddDays(1 + rng.IntN(9)) {
			got, err := ComputeInterest(InterestInput{Invoice: inv, Debtor: debtor, AsOf: asOf, Notice: notice}, tabs)
			if err != nil {
				t.Fatalf("%s %s due %s as of %s: %v", jc.j, jc.cur, due, asOf, err)
			}
			if asOf <= due && (got.Interest != 0 || got.Compensation.Minor != 0) {
				t.Fatalf("%s due %s as of %s: interest %d, compensation %v before lateness", jc.j, due, asOf, got.Interest, got.Compensation)
			}
			if got.Interest < prev {
				t.Fatalf("%s due %s: interest fell from %d to %d on %s", jc.j, due, prev, got.Interest, asOf)
			}
			prev = got.Interest
			days := max(asOf.DaysSince(due), 0)
			bound := new(big.Int).Mul(big.NewInt(total), big.NewInt(int64(top)))
			bound.Mul(bound, big.NewInt(int64(days)))
			if limit := roundHalfUp(bound); got.Interest > limit {
				t.Fatalf("%s due %s as of %s: interest %d above the bound %d at %s %%", jc.j, due, asOf, got.Interest, limit, top)
			}
		}
	}
}

// TestShippedTablesHoldPublishedFigures checks the shipped data against the
// figures quoted in the dunning issue.
func TestShippedTablesHoldPublishedFigures(t *testing.T) {
	tabs, err := LoadTables(nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		id   RateID
		on   string
		rate string
	}{
		{ECBMainRefinancing, "2023-01-01", "2.50"}, {ECBMainRefinancing, "2023-07-01", "4.00"},
		{ECBMainRefinancing, "2024-01-01", "4.50"}, {ECBMainRefinancing, "2024-07-01", "4.25"},
		{ECBMainRefinancing, "2025-01-01", "3.15"}, {ECBMainRefinancing, "2025-07-01", "2.15"},
		{ECBMainRefinancing, "2026-01-01", "2.15"},
		{FRLegalOther, "2024-01-01", "5.07"}, {FRLegalPrivate, "2024-01-01", "8.01"},
		{FRLegalOther, "2024-07-01", "4.92"}, {FRLegalPrivate, "2024-07-01", "8.16"},
		{FRLegalOther, "2025-01-01", "3.71"}, {FRLegalPrivate, "2025-01-01", "7.21"},
		{FRLegalOther, "2025-07-01", "2.76"}, {FRLegalPrivate, "2025-07-01", "6.65"},
		{FRLegalOther, "2026-01-01", "2.62"}, {FRLegalPrivate, "2026-01-01", "6.67"},
		{BoEBankRate, "2022-12-31", "3.50"}, {BoEBankRate, "2023-06-30", "5.00"}, {BoEBankRate, "2023-12-31", "5.25"},
		{BoEBankRate, "2024-06-30", "5.25"}, {BoEBankRate, "2024-12-31", "4.75"}, {BoEBankRate, "2025-06-30", "4.25"},
		{BoEBankRate, "2025-12-31", "3.75"},
		{DEBasiszins, "2024-01-01", "3.62"}, {DEBasiszins, "2024-07-01", "3.37"}, {DEBasiszins, "2025-01-01", "2.27"},
		{DEBasiszins, "2025-07-01", "1.27"},
		{NBSKeyRate, "2025-09-30", "5.75"}, {NBSKeyRate, "2024-09-12", "5.75"},
	}
	for _, w := range want {
		e, _, ok := tabs.lookup(w.id, ledger.MustDate(w.on))
		if !ok || e.Rate.String() != w.rate || e.Source == "" {
			t.Errorf("%s on %s: %s (%v), want %s", w.id, w.on, e.Rate, ok, w.rate)
		}
	}
}

func TestOwnerEntriesReplaceAndExtend(t *testing.T) {
	owner := []RateEntry{{Table: FRLegalOther, From: ledger.MustDate("2026-07-01"), Rate: MustRate("2.50"), Source: "JO du 25/06/2026"}}
	tabs, err := LoadTables(owner)
	if err != nil {
		t.Fatal(err)
	}
	e, stale, ok := tabs.lookup(FRLegalOther, ledger.MustDate("2026-08-01"))
	if !ok || stale || e.Rate.String() != "2.50" || !e.Owner {
		t.Fatalf("owner entry: %+v stale=%v", e, stale)
	}
	if _, stale, _ := tabs.lookup(FRLegalOther, ledger.MustDate("2027-01-05")); !stale {
		t.Fatal("a date past the owner's half-year is not flagged")
	}
	if _, err := LoadTables([]RateEntry{{Table: "nope", From: ledger.MustDate("2026-01-01")}}); err == nil {
		t.Fatal("unknown table accepted")
	}
}

func TestParseRate(t *testing.T) {
	for in, want := range map[string]string{"2.15": "2.15", "10": "10.00", "-0.88": "-0.88", "4,25": "4.25", "0.375": "0.375", "12.5%": "12.50"} {
		r, err := ParseRate(in)
		if err != nil || r.String() != want {
			t.Errorf("ParseRate(%q) = %s, %v; want %s", in, r, err, want)
		}
	}
	for _, in := range []string{"", "abc", "1.23456", "99999", "."} {
		if _, err := ParseRate(in); err == nil {
			t.Errorf("ParseRate(%q) accepted", in)
		}
	}
}
