package dunning

import "github.com/relance-app/relance/internal/ledger"

// A rate table is stale on a day past the last one its entries are known
// to cover (Table.Checked): interest for that day uses the last entry and
// warns (interest.stale_rate), the rule relancectl interest and letter
// warn with. The owner brings it up to date by adding the newer rate.

// JurisdictionTables are the reference rate tables the law of j reads
// (ruleFor): France the ECB's rate (between businesses) and the legal rate
// (consumers), the EU directive the ECB's, Germany the Basiszinssatz, the
// UK the Bank Rate, Serbia the NBS key rate (dinars) and the ECB's (euros).
func JurisdictionTables(j ledger.Jurisdiction) []RateID {
	switch j {
	case ledger.JurisdictionFR:
		return []RateID{ECBMainRefinancing, FRLegalOther}
	case ledger.JurisdictionEU:
		return []RateID{ECBMainRefinancing}
	case ledger.JurisdictionDE:
		return []RateID{DEBasiszins}
	case ledger.JurisdictionUK:
		return []RateID{BoEBankRate}
	case ledger.JurisdictionRS:
		return []RateID{NBSKeyRate, ECBMainRefinancing}
	}
	return nil
}

// Stale returns, of the tables named, those stale on d, in the order
// named.
func (t *Tables) Stale(d ledger.Date, ids ...RateID) []*Table {
	var out []*Table
	for _, id := range ids {
		if tb := t.byID[id]; tb != nil && d > tb.Checked {
			out = append(out, tb)
		}
	}
	return out
}

// Last is the table's newest entry (zero when it has none).
func (tb *Table) Last() RateEntry {
	if n := len(tb.Entries); n > 0 {
		return tb.Entries[n-1]
	}
	return RateEntry{}
}
