package letter

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the time zone database, whatever the machine has
	"unicode/utf8"

	"github.com/relance-app/relance/internal/ledger"
)

func TestFormatDate(t *testing.T) {
	d := ledger.MustDate("2026-11-22")
	for l, want := range map[ledger.Language]string{
		ledger.French: "22 novembre 2026", ledger.English: "22 November 2026",
		ledger.SerbianCyrillic: "22. новембра 2026.", ledger.SerbianLatin: "22. novembra 2026.",
		ledger.German: "22. November 2026",
	} {
		if got := strings.ReplaceAll(FormatDate(l, d), nbsp, " "); got != want {
			t.Errorf("%s: %q, want %q", l, got, want)
		}
	}
	if got := strings.ReplaceAll(FormatDate(ledger.French, ledger.MustDate("2026-08-01")), nbsp, " "); got != "1er août 2026" {
		t.Errorf("French first of the month: %q", got)
	}
	if got := strings.ReplaceAll(FormatMonthYear(ledger.SerbianLatin, d), nbsp, " "); got != "novembar 2026." {
		t.Errorf("month and year: %q", got)
	}
	// German: the first is "1.", no ordinal suffix; März keeps its umlaut.
	if got := strings.ReplaceAll(FormatDate(ledger.German, ledger.MustDate("2026-03-01")), nbsp, " "); got != "1. März 2026" {
		t.Errorf("German first of March: %q", got)
	}
	if got := strings.ReplaceAll(FormatMonthYear(ledger.German, ledger.MustDate("2026-12-03")), nbsp, " "); got != "Dezember 2026" {
		t.Errorf("German month and year: %q", got)
	}
}

func TestFormatMoney(t *testing.T) {
	cases := []struct {
		l    ledger.Language
		m    ledger.Money
		want string
	}{
		{ledger.French, ledger.Money{Minor: 123456, Currency: "EUR"}, "1 234,56 €"},
		{ledger.French, ledger.Money{Minor: 123456789, Currency: "EUR"}, "1 234 567,89 €"},
		{ledger.French, ledger.Money{Minor: 5, Currency: "EUR"}, "0,05 €"},
		{ledger.French, ledger.Money{Minor: 123456, Currency: "USD"}, "1 234,56 USD"},
		{ledger.English, ledger.Money{Minor: 123456, Currency: "GBP"}, "£1,234.56"},
		{ledger.English, ledger.Money{Minor: 123456, Currency: "EUR"}, "€1,234.56"},
		{ledger.English, ledger.Money{Minor: 123456, Currency: "RSD"}, "1,234.56 RSD"},
		{ledger.English, ledger.Money{Minor: 1234, Currency: "JPY"}, "1,234 JPY"},
		{ledger.SerbianCyrillic, ledger.Money{Minor: 123456, Currency: "RSD"}, "1.234,56 RSD"},
		{ledger.SerbianLatin, ledger.Money{Minor: 100000000, Currency: "RSD"}, "1.000.000,00 RSD"},
		{ledger.SerbianLatin, ledger.Money{Minor: 99, Currency: "EUR"}, "0,99 EUR"},
		{ledger.English, ledger.Money{Minor: -4000, Currency: "GBP"}, "-£40.00"},
		{ledger.German, ledger.Money{Minor: 123456, Currency: "EUR"}, "1.234,56 €"},
		{ledger.German, ledger.Money{Minor: 4000, Currency: "EUR"}, "40,00 €"},
		{ledger.German, ledger.Money{Minor: 123456789, Currency: "GBP"}, "1.234.567,89 £"},
		{ledger.German, ledger.Money{Minor: 123456, Currency: "CHF"}, "1.234,56 CHF"},
		{ledger.German, ledger.Money{Minor: -4000, Currency: "EUR"}, "-40,00 €"},
	}
	for _, c := range cases {
		if got := strings.ReplaceAll(FormatMoney(c.l, c.m), nbsp, " "); got != c.want {
			t.Errorf("%s %v: %q, want %q", c.l, c.m, got, c.want)
		}
	}
}

func TestAnalyzeSMS(t *testing.T) {
	cases := []struct {
		text     string
		enc      string
		units    int
		segments int
	}{
		{"", GSM7, 0, 0},
		{"Hello", GSM7, 5, 1},
		{strings.Repeat("a", 160), GSM7, 160, 1},
		{strings.Repeat("a", 161), GSM7, 161, 2}, // 153 + 8
		{strings.Repeat("a", 306), GSM7, 306, 2}, // 2 × 153
		{strings.Repeat("a", 307), GSM7, 307, 3},
		{strings.Repeat("€", 80), GSM7, 160, 1}, // € counts double
		{strings.Repeat("€", 80) + "a", GSM7, 161, 2},
		{"Facture échue à régler", GSM7, 22, 1}, // é, à are in the GSM alphabet
		{"Reçu", UCS2, 4, 1},                    // ç is not (only Ç is)
		{"Поштовани", UCS2, 9, 1},
		{strings.Repeat("ж", 70), UCS2, 70, 1},
		{strings.Repeat("ж", 71), UCS2, 71, 2}, // 67 + 4
		{"emoji 😀", UCS2, 8, 1},                // a surrogate pair is 2 units
		{"{[~]}|^\\", GSM7, 16, 1},
	}
	for _, c := range cases {
		got := AnalyzeSMS(c.text)
		if got.Encoding != c.enc || got.Units != c.units || got.Segments != c.segments {
			t.Errorf("%q: %+v, want %s %d units %d segments", c.text, got, c.enc, c.units, c.segments)
		}
	}
}

func TestICS(t *testing.T) {
	stamp := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	paris, _ := time.LoadLocation("Europe/Paris")
	long := "Rendez-vous pour le contrôle annuel de la chaudière; apportez le carnet d'entretien, la facture précédente et vos questions"
	out := string(ICS(
		Event{UID: "appt-42@atelier.example.fr", Summary: "Contrôle, chaudière", Description: long + "\nà bientôt",
			Location: "12 rue de la République, Lyon", Start: time.Date(2026, 12, 3, 14, 0, 0, 0, paris),
			End: time.Date(2026, 12, 3, 15, 0, 0, 0, paris), Stamp: stamp, RemindBefore: 24 * time.Hour},
		Event{UID: "payby-F1@atelier.example.fr", Summary: "Pay invoice F1", AllDay: ledger.MustDate("2026-12-08"), Stamp: stamp},
	))
	for _, l := range strings.SplitAfter(out, "\r\n") {
		if len(strings.TrimSuffix(l, "\r\n")) > 75 {
			t.Errorf("line longer than 75 octets: %q", l)
		}
	}
	if strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") {
		t.Error("a bare LF in the calendar")
	}
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	for _, want := range []string{
		"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n",
		// Wall-clock time in the named zone, with its VTIMEZONE: the
		// winter observance of 2026 starts at 03:00 summer time on 25
		// October (the last Sunday), when clocks go back to 02:00.
		"DTSTART;TZID=Europe/Paris:20261203T140000\r\n",
		"DTEND;TZID=Europe/Paris:20261203T150000\r\n",
		"BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n",
		"BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n",
		"BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n",
		"SUMMARY:Contrôle\\, chaudière\r\n",
		"DESCRIPTION:" + strings.NewReplacer(";", "\\;", ",", "\\,").Replace(long) + "\\nà bientôt\r\n",
		"LOCATION:12 rue de la République\\, Lyon\r\n",
		"TRIGGER:-P1D\r\n",
		"DTSTART;VALUE=DATE:20261208\r\nDTEND;VALUE=DATE:20261209\r\n",
		"DTSTAMP:20261122T093000Z\r\n",
		"END:VCALENDAR\r\n",
	} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("calendar lacks %q:\n%s", want, unfolded)
		}
	}
	if !utf8.ValidString(out) {
		t.Error("folding split a UTF-8 sequence")
	}
}

func TestICSDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{24 * time.Hour: "P1D", 48 * time.Hour: "P2D", 2*time.Hour + 30*time.Minute: "PT2H30M", 15 * time.Minute: "PT15M", 3 * time.Hour: "PT3H"} {
		if got := icsDuration(d); got != want {
			t.Errorf("%v: %s, want %s", d, got, want)
		}
	}
}

// TestSMSTexts: the reminders fit one GSM-7 message in English and French;
// Serbian in Cyrillic is UCS-2.
func TestSMSTexts(t *testing.T) {
	for _, kind := range []ledger.LetterKind{ledger.KindReminder1, ledger.KindReminder2, ledger.KindFinalDemand} {
		for _, lg := range []ledger.Language{ledger.English, ledger.French, ledger.German, ledger.SerbianCyrillic, ledger.SerbianLatin} {
			req := testRequest(kind, lg, ledger.EnvelopeDLRight)
			s, err := SMSText(req)
			if err != nil {
				t.Fatal(err)
			}
			info := AnalyzeSMS(s)
			switch lg {
			case ledger.English, ledger.French, ledger.German: // ä, ö, ü, ß are GSM-7 letters
				if info.Encoding != GSM7 || info.Segments != 1 {
					t.Errorf("%s %s: %s, %d units, %d segments: %q", kind, lg, info.Encoding, info.Units, info.Segments, s)
				}
			case ledger.SerbianCyrillic:
				if info.Encoding != UCS2 {
					t.Errorf("%s %s: %s", kind, lg, info.Encoding)
				}
			}
			if !strings.Contains(s, "F2026-0107") || !strings.Contains(s, "Ateliers Bellecour") {
				t.Errorf("%s %s: %q", kind, lg, s)
			}
		}
	}
}

// TestSMSSecondReminderOnlyAfterAFirst: the firmer letter's text says
// "2nd reminder" only when the history has an earlier letter (a customer
// started at that level has none).
func TestSMSSecondReminderOnlyAfterAFirst(t *testing.T) {
	for lg, second := range map[ledger.Language]string{ledger.English: "2nd reminder", ledger.French: "2e relance", ledger.German: "2. Mahnung",
		ledger.SerbianCyrillic: "друга опомена"} {
		req := testRequest(ledger.KindReminder2, lg, ledger.EnvelopeDLRight)
		if len(req.Previous) == 0 {
			t.Fatal("the test request has no earlier letter")
		}
		s, err := SMSText(req)
		if err != nil || !strings.Contains(s, second) {
			t.Errorf("%s after a first letter: %q, %v", lg, s, err)
		}
		req.Previous = nil
		s, err = SMSText(req)
		if err != nil || strings.Contains(s, second) || !strings.Contains(s, "F2026-0107") {
			t.Errorf("%s as the first letter: %q, %v", lg, s, err)
		}
		if info := AnalyzeSMS(s); lg != ledger.SerbianCyrillic && (info.Encoding != GSM7 || info.Segments != 1) {
			t.Errorf("%s as the first letter: %s, %d segments", lg, info.Encoding, info.Segments)
		}
	}
}

// Issue 18's typography points: the Serbian month in the genitive after
// its day, the French "1er", the French "14 h".
func TestDatesAndTimesAsTheLanguageWrites(t *testing.T) {
	sp := strings.NewReplacer(nbsp, " ")
	for _, c := range []struct {
		l    ledger.Language
		d    string
		want string
	}{
		{ledger.SerbianCyrillic, "2026-12-04", "4. децембра 2026."},
		{ledger.SerbianLatin, "2026-12-04", "4. decembra 2026."},
		{ledger.SerbianCyrillic, "2026-03-01", "1. марта 2026."},
		{ledger.SerbianLatin, "2026-05-09", "9. maja 2026."},
		{ledger.French, "2027-04-01", "1er avril 2027"},
		{ledger.French, "2027-04-02", "2 avril 2027"},
	} {
		if got := sp.Replace(FormatDate(c.l, ledger.MustDate(c.d))); got != c.want {
			t.Errorf("%s %s: %q, want %q", c.l, c.d, got, c.want)
		}
	}
	for _, c := range []struct {
		l            ledger.Language
		hour, minute int
		want         string
	}{
		{ledger.French, 14, 0, "14 h"}, {ledger.French, 9, 5, "9 h 05"}, {ledger.French, 14, 30, "14 h 30"},
		{ledger.English, 14, 0, "14:00"}, {ledger.German, 9, 5, "09:05"}, {ledger.SerbianCyrillic, 14, 30, "14:30"},
	} {
		got := FormatTime(c.l, c.hour, c.minute)
		if sp.Replace(got) != c.want {
			t.Errorf("%s %d:%d: %q, want %q", c.l, c.hour, c.minute, got, c.want)
		}
		if c.l == ledger.French && !strings.Contains(got, nbsp+"h") {
			t.Errorf("%q: the hour and its h may part at a line end", got)
		}
	}
}
