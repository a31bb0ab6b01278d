package dunning

import (
	"slices"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// JurisdictionTables names every table the interest rules read: for each
// jurisdiction, kind of debtor and currency, interest computed past every
// shipped table's end warns of stale tables among those named only.
func TestJurisdictionTablesAreTheOnesInterestReads(t *testing.T) {
	tabs, err := LoadTables(nil)
	if err != nil {
		t.Fatal(err)
	}
	far := ledger.MustDate("2030-01-15")
	for _, j := range []ledger.Jurisdiction{ledger.JurisdictionFR, ledger.JurisdictionEU, ledger.JurisdictionDE, ledger.JurisdictionUK, ledger.JurisdictionRS} {
		named := JurisdictionTables(j)
		if len(named) == 0 {
			t.Errorf("%s names no table", j)
		}
		warned := 0
		for _, kind := range []ledger.CustomerKind{ledger.Business, ledger.Consumer} {
			for _, cur := range []ledger.Currency{"EUR", "GBP", "RSD"} {
				inv := ledger.Invoice{Number: "X", DueDate: ledger.MustDate("2029-06-01"), Total: ledger.Money{Minor: 100000, Currency: cur}}
				// A notice, so the French consumer's interest runs.
				in, err := ComputeInterest(InterestInput{Invoice: inv, Debtor: Debtor{Kind: kind, Jurisdiction: j}, AsOf: far,
					Notice: ledger.MustDate("2029-07-01")}, tabs)
				if err != nil {
					continue // not a combination the law covers (RS in pounds)
				}
				for _, w := range in.Warnings {
					if w.Key != "interest.stale_rate" {
						continue
					}
					warned++
					if id := RateID(w.Args[0].(string)); !slices.Contains(named, id) {
						t.Errorf("%s %s %s reads %s, not named", j, kind, cur, id)
					}
				}
			}
		}
		if warned == 0 {
			t.Errorf("%s: no stale table read in 2030: the check checked nothing", j)
		}
	}
}

// A table is stale the day after its Checked day; an owner's entry
// extends it (a by-change table through its date, a half-yearly one
// through its half-year).
func TestStaleTables(t *testing.T) {
	tabs, err := LoadTables(nil)
	if err != nil {
		t.Fatal(err)
	}
	ecb := tabs.Table(ECBMainRefinancing)
	if got := tabs.Stale(ecb.Checked, ECBMainRefinancing); len(got) != 0 {
		t.Errorf("stale on its last day: %v", got)
	}
	if got := tabs.Stale(ecb.Checked.AddDays(1), ECBMainRefinancing, BoEBankRate); len(got) == 0 || got[0].ID != ECBMainRefinancing {
		t.Errorf("the day after: %v", got)
	}
	later := ecb.Checked.AddDays(40)
	tabs, err = LoadTables([]RateEntry{
		{Table: ECBMainRefinancing, From: later, Rate: MustRate("2.00"), Source: "owner"},
		{Table: FRLegalOther, From: ledger.MustDate("2030-01-01"), Rate: MustRate("3.00"), Source: "owner"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := tabs.Stale(later, ECBMainRefinancing); len(got) != 0 {
		t.Errorf("stale on the owner's entry's day: %v", got)
	}
	if got := tabs.Stale(later.AddDays(1), ECBMainRefinancing); len(got) != 1 || got[0].Last().Rate != MustRate("2.00") {
		t.Errorf("the day after the owner's entry: %v", got)
	}
	if got := tabs.Stale(ledger.MustDate("2030-06-30"), FRLegalOther); len(got) != 0 {
		t.Errorf("a half-year's entry covers its half-year: %v", got)
	}
	if got := tabs.Stale(ledger.MustDate("2030-07-01"), FRLegalOther); len(got) != 1 {
		t.Errorf("and not the next: %v", got)
	}
}
