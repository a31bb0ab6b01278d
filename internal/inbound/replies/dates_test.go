package replies

import (
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// today is a Sunday.
var today = ledger.MustDate("2026-11-22")

// firstDate resolves the first date expression of s.
func firstDate(s string, today ledger.Date, past bool) ledger.Date {
	hits := findDates(foldString(s))
	if len(hits) == 0 {
		return 0
	}
	return hits[0].resolve(today, past)
}

func TestDateForms(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"15/12/2026", "2026-12-15"},
		{"le 15/12", "2026-12-15"},
		{"15.12.2026.", "2026-12-15"},
		{"15. 12. 2026.", "2026-12-15"},
		{"15-12-26", "2026-12-15"},
		{"2026-12-15", "2026-12-15"},
		{"15 décembre 2026", "2026-12-15"},
		{"le 15 décembre", "2026-12-15"},
		{"le 1er décembre", "2026-12-01"},
		{"December 15", "2026-12-15"},
		{"December 15, 2026", "2026-12-15"},
		{"15th of December", "2026-12-15"},
		{"Dec 15th", "2026-12-15"},
		{"Dec. 15", "2026-12-15"},
		{"15. децембра", "2026-12-15"},
		{"15. децембра 2026. године", "2026-12-15"},
		{"15. decembra", "2026-12-15"},
		{"15. Dezember", "2026-12-15"},
		{"15 janvier", "2027-01-15"}, // the next such date
		{"29 février", "2028-02-29"}, // waits for a leap year
		// American order only when day first is impossible.
		{"12/15/2026", "2026-12-15"},
		{"12/31", "2026-12-31"},
		{"05/12/2026", "2026-12-05"},
		// Weekdays: the next such day after today (a Sunday).
		{"vendredi", "2026-11-27"},
		{"vendredi prochain", "2026-11-27"},
		{"next Friday", "2026-11-27"},
		{"у петак", "2026-11-27"},
		{"до петка", "2026-11-27"},
		{"u petak", "2026-11-27"},
		{"do petka", "2026-11-27"},
		{"am Freitag", "2026-11-27"},
		{"lundi", "2026-11-23"},
		{"Monday", "2026-11-23"},
		{"понедељак", "2026-11-23"},
		{"dimanche", "2026-11-29"},
		{"u nedelju", "2026-11-29"},
		{"sreda", "2026-11-25"},
		{"четвртак", "2026-11-26"},
		{"subotu", "2026-11-28"},
		// Relative days.
		{"demain", "2026-11-23"},
		{"tomorrow", "2026-11-23"},
		{"сутра", "2026-11-23"},
		{"sutra", "2026-11-23"},
		{"après-demain", "2026-11-24"},
		{"prekosutra", "2026-11-24"},
		{"aujourd'hui", "2026-11-22"},
		{"today", "2026-11-22"},
		{"la semaine prochaine", "2026-11-29"},
		{"next week", "2026-11-29"},
		{"следеће недеље", "2026-11-29"},
		{"sledeće nedelje", "2026-11-29"},
		{"nächste Woche", "2026-11-29"},
		{"dans 10 jours", "2026-12-02"},
		{"in 10 days", "2026-12-02"},
		{"за 10 дана", "2026-12-02"},
		{"within two weeks", "2026-12-06"},
		{"fin du mois", "2026-11-30"},
		{"end of the month", "2026-11-30"},
		{"крајем месеца", "2026-11-30"},
		{"krajem meseca", "2026-11-30"},
		{"do kraja meseca", "2026-11-30"},
		{"Ende des Monats", "2026-11-30"},
		{"fin décembre", "2026-12-31"},
		{"end of February", "2027-02-28"},
	}
	for _, tt := range tests {
		if got := firstDate(tt.in, today, false); got.String() != tt.want {
			t.Errorf("%q: got %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestPastDates: for a payment made, a weekday is the last such day and a
// date without a year the most recent one within 30 days.
func TestPastDates(t *testing.T) {
	tests := []struct {
		in, today, want string
	}{
		{"lundi", "2026-11-22", "2026-11-16"},
		{"dimanche", "2026-11-22", "2026-11-22"},
		{"hier", "2026-11-22", "2026-11-21"},
		{"yesterday", "2026-11-22", "2026-11-21"},
		{"јуче", "2026-11-22", "2026-11-21"},
		{"juče", "2026-11-22", "2026-11-21"},
		{"le 12/11", "2026-11-22", "2026-11-12"},
		{"28/12", "2027-01-05", "2026-12-28"}, // across New Year
		{"15/12", "2026-11-22", "2026-12-15"}, // not in the last 30 days: the next one
		{"15/10", "2026-11-22", "2027-10-15"},
		{"12.11.2026", "2026-11-22", "2026-11-12"},
	}
	for _, tt := range tests {
		if got := firstDate(tt.in, ledger.MustDate(tt.today), true); got.String() != tt.want {
			t.Errorf("%q on %s: got %s, want %s", tt.in, tt.today, got, tt.want)
		}
	}
}

func TestNotDates(t *testing.T) {
	for _, in := range []string{
		"version 1.5", "à 14.30 h", "15.12 €", "01.23.45.67.89", "192.168.1.1", "31/02/2026", "13/13",
		"facture 2026-114", "ticket 12345", "1,5", "",
	} {
		if got := firstDate(in, today, false); got != 0 {
			t.Errorf("%q: got date %s", in, got)
		}
	}
}
