package ui

import (
	"errors"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// TestParseAmountByLanguage: amounts as each language writes them, the
// minor units worked out by hand; what the language cannot mean is
// refused with the message key said.
func TestParseAmountByLanguage(t *testing.T) {
	u := &UI{}
	for _, c := range []struct {
		lang i18n.Lang
		in   string
		cur  ledger.Currency
		want int64
		key  string // the refusal's key, "" when read
	}{
		{i18n.FR, "1 250,50", "EUR", 125050, ""},
		{i18n.FR, "1\u00a0250,50", "EUR", 125050, ""},
		{i18n.FR, "1\u202f250,50 €", "EUR", 125050, ""},
		{i18n.FR, "1.250,50", "EUR", 125050, ""},
		{i18n.FR, "1250,5", "EUR", 125050, ""},
		{i18n.FR, "1250.50", "EUR", 125050, ""}, // a keypad's point
		{i18n.FR, "1.250", "EUR", 125000, ""},   // a group of thousands
		{i18n.FR, "12,345", "EUR", 0, "ui.edit_amount_decimals"},
		{i18n.FR, "1 25,00", "EUR", 0, "ui.edit_bad_amount"},
		{i18n.FR, "1,250,00", "EUR", 0, "ui.edit_bad_amount"},
		{i18n.FR, "12 €", "EUR", 1200, ""},
		{i18n.FR, "12 £", "EUR", 0, "ui.edit_amount_currency"},
		{i18n.FR, "-12", "EUR", 0, "ui.edit_amount_positive"},
		{i18n.FR, "0", "EUR", 0, "ui.edit_amount_positive"},
		{i18n.FR, "", "EUR", 0, "ui.edit_amount_needed"},
		{i18n.FR, "douze", "EUR", 0, "ui.edit_bad_amount"},
		{i18n.DE, "1.250,50", "EUR", 125050, ""},
		{i18n.DE, "1,5", "EUR", 150, ""},
		{i18n.SRCyrl, "12.500,00 RSD", "RSD", 1250000, ""},
		{i18n.SRCyrl, "12.500", "RSD", 1250000, ""},
		{i18n.EN, "1,250.50", "EUR", 125050, ""},
		{i18n.EN, "£1,250.50", "GBP", 125050, ""},
		{i18n.EN, "1,250", "EUR", 125000, ""},
		{i18n.EN, "12,5", "EUR", 1250, ""},
		{i18n.EN, "1.250,50", "EUR", 0, "ui.edit_bad_amount"},
		{i18n.EN, "1.005", "EUR", 0, "ui.edit_amount_decimals"},
		{i18n.EN, "1.500", "EUR", 150, ""}, // English decimals: the trailing zero says nothing
		{i18n.EN, "100.00", "JPY", 100, ""},
		{i18n.EN, "100.5", "JPY", 0, "ui.edit_amount_decimals"},
	} {
		u.lang = c.lang
		got, err := u.parseAmount(c.in, c.cur)
		switch {
		case c.key == "" && (err != nil || got != c.want):
			t.Errorf("%s %q: %d, %v; want %d", c.lang, c.in, got, err, c.want)
		case c.key != "" && (err == nil || msgKey(err) != c.key):
			t.Errorf("%s %q: %d, %v; want the refusal %s", c.lang, c.in, got, err, c.key)
		}
	}
}

// msgKey is the message key of a refusal ("" when err is none).
func msgKey(err error) string {
	var ue *app.UserError
	if errors.As(err, &ue) {
		return ue.Msg.Key
	}
	return ""
}

// TestParseEntryDate: dates as each language writes them (the date entry reads them whatever the language).
func TestParseEntryDate(t *testing.T) {
	sep28 := ledger.MustDate("2026-09-28")
	for _, c := range []struct {
		lang i18n.Lang
		in   string
		want ledger.Date // 0: refused
	}{
		{i18n.FR, "28/09/2026", sep28},
		{i18n.FR, "28.09.2026", sep28},
		{i18n.FR, "28 sept. 2026", sep28},
		{i18n.FR, "28 septembre 2026", sep28},
		{i18n.FR, "2026-09-28", sep28},
		{i18n.DE, "28.09.2026", sep28},
		{i18n.DE, "28. September 2026", sep28},
		{i18n.SRCyrl, "28.09.2026.", sep28},
		{i18n.SRCyrl, "28. септембар 2026.", sep28},
		{i18n.SRLatn, "28. septembar 2026.", sep28},
		{i18n.EN, "28 Sep 2026", sep28},
		{i18n.EN, "28/09/2026", sep28},
		{i18n.EN, "09/28/2026", 0}, // month first is not read
		{i18n.FR, "31/02/2026", 0},
		{i18n.FR, "28/09", 0},
		{i18n.FR, "hier", 0},
		{i18n.FR, "28 se 2026", 0},
		{i18n.FR, "280/09/2026", 0},
	} {
		got, ok := parseDate(c.in)
		if got != c.want || ok != (c.want != 0) {
			t.Errorf("%s %q: %s %v, want %s", c.lang, c.in, got, ok, c.want)
		}
	}
}

// TestFollowingNumber: the number offered after the highest.
func TestFollowingNumber(t *testing.T) {
	for in, want := range map[string]string{"F2026-0000123": "F2026-0000124", "F-099": "F-100", "A9": "A10", "2026/17": "2026/18",
		"F-12-B": "F-13-B", "AVOIR": "", "": ""} {
		if got := followingNumber(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
