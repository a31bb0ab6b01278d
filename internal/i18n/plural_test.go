package i18n

import "testing"

// The forms are CLDR's for integers, checked here against the examples
// CLDR gives (plurals.xml): English 1 / 0, 2, 5; French 0, 1 / 2, 5 and
// many for 1000000; Serbian 1, 21, 101 / 2-4, 22-24, 102 / 0, 5-20, 25,
// 111-114.
func TestPluralForm(t *testing.T) {
	for _, c := range []struct {
		l    Lang
		n    int
		want string
	}{
		{EN, 0, PluralOther}, {EN, 1, PluralOne}, {EN, 2, PluralOther}, {EN, 21, PluralOther}, {EN, -1, PluralOne},
		{FR, 0, PluralOne}, {FR, 1, PluralOne}, {FR, 2, PluralOther}, {FR, 214, PluralOther},
		{FR, 1_000_000, PluralMany}, {FR, 2_000_000, PluralMany}, {FR, 1_000_001, PluralOther},
		{SRCyrl, 1, PluralOne}, {SRCyrl, 21, PluralOne}, {SRCyrl, 101, PluralOne}, {SRCyrl, 11, PluralOther},
		{SRCyrl, 2, PluralFew}, {SRCyrl, 4, PluralFew}, {SRCyrl, 22, PluralFew}, {SRCyrl, 104, PluralFew},
		{SRCyrl, 12, PluralOther}, {SRCyrl, 14, PluralOther}, {SRCyrl, 112, PluralOther},
		{SRCyrl, 0, PluralOther}, {SRCyrl, 5, PluralOther}, {SRCyrl, 20, PluralOther}, {SRCyrl, 25, PluralOther},
		{SRLatn, 3, PluralFew}, {SRLatn, 111, PluralOther},
	} {
		if got := PluralForm(c.l, c.n); got != c.want {
			t.Errorf("%s %d: %s, want %s", c.l, c.n, got, c.want)
		}
	}
}

// TN says the count with the form its language wants, from the catalogs
// (the import summary's invoice count), and falls back to "other" when a
// language leaves out an optional form.
func TestTN(t *testing.T) {
	for _, c := range []struct {
		l    Lang
		n    int
		want string
	}{
		{EN, 1, "1 invoice"}, {EN, 0, "0 invoices"}, {EN, 214, "214 invoices"},
		{FR, 0, "0 facture"}, {FR, 1, "1 facture"}, {FR, 2, "2 factures"}, {FR, 1_000_000, "1000000 de factures"},
		{SRCyrl, 1, "1 фактура"}, {SRCyrl, 3, "3 фактуре"}, {SRCyrl, 12, "12 фактура"}, {SRCyrl, 23, "23 фактуре"},
		{SRLatn, 3, "3 fakture"},
	} {
		if got := TN(c.l, "import.sum_invoices", c.n); got != c.want {
			t.Errorf("%s %d: %q, want %q", c.l, c.n, got, c.want)
		}
	}
	// French new invoices have no "many": "1000000 nouvelles", from other.
	if got := TN(FR, "import.sum_new", 1_000_000); got != "1000000 nouvelles" {
		t.Errorf("French many without its form: %q", got)
	}
	if got := TN(FR, "no.such", 2); got != "no.such#other 2" {
		t.Errorf("unknown plural: %q", got)
	}
}
