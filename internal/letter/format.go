// Package letter turns a template and the ledger's data into a letter: the
// merge fields, their formatting per language (dates, money), and the
// other channels' texts (SMS, calendar entries).
package letter

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/ledger"
)

// nbsp keeps a number and its unit, or the groups of a number, on one line.
const nbsp = "\u00a0"

var months = map[ledger.Language][12]string{
	ledger.French:          {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	ledger.German:          {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
	ledger.English:         {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	ledger.SerbianCyrillic: {"јануар", "фебруар", "март", "април", "мај", "јун", "јул", "август", "септембар", "октобар", "новембар", "децембар"},
	ledger.SerbianLatin:    {"januar", "februar", "mart", "april", "maj", "jun", "jul", "avgust", "septembar", "oktobar", "novembar", "decembar"},
}

// genitiveMonths are the Serbian months after a day: "4. децембра 2026."
// (the fourth [day] of December; Pravopis srpskoga jezika, Matica srpska,
// writes dates so: "9. маја 1945."). A month alone stays nominative
// ("децембар 2026."): FormatMonthYear.
var genitiveMonths = map[ledger.Language][12]string{
	ledger.SerbianCyrillic: {"јануара", "фебруара", "марта", "априла", "маја", "јуна", "јула", "августа", "септембра", "октобра", "новембра", "децембра"},
	ledger.SerbianLatin:    {"januara", "februara", "marta", "aprila", "maja", "juna", "jula", "avgusta", "septembra", "oktobra", "novembra", "decembra"},
}

// FormatDate writes a date as a letter in that language does:
// "22 novembre 2026" ("1er novembre 2026": the first of the month is an
// ordinal in French, Lexique des règles typographiques de l'Imprimerie
// nationale), "22 November 2026", "22. November 2026" (German: the day an
// ordinal, DIN 5008's long form), "22. новембра 2026.", "22. novembra
// 2026." (Serbian: the month in the genitive after its day).
func FormatDate(l ledger.Language, d ledger.Date) string {
	if d.IsZero() {
		return ""
	}
	y, m, day := d.Civil()
	ms, ok := months[l]
	if !ok {
		ms = months[ledger.English]
	}
	switch l {
	case ledger.French:
		ds := strconv.Itoa(day)
		if day == 1 {
			ds = "1er"
		}
		return ds + nbsp + ms[m-1] + nbsp + strconv.Itoa(y)
	case ledger.SerbianCyrillic, ledger.SerbianLatin:
		return strconv.Itoa(day) + "." + nbsp + genitiveMonths[l][m-1] + nbsp + strconv.Itoa(y) + "."
	case ledger.German:
		return strconv.Itoa(day) + "." + nbsp + ms[m-1] + nbsp + strconv.Itoa(y)
	}
	return strconv.Itoa(day) + nbsp + ms[m-1] + nbsp + strconv.Itoa(y)
}

// FormatMonthYear writes "novembre 2026", "November 2026", "новембар
// 2026." for effective dates ("starting with your November 2026 payment").
func FormatMonthYear(l ledger.Language, d ledger.Date) string {
	y, m, _ := d.Civil()
	ms, ok := months[l]
	if !ok {
		ms = months[ledger.English]
	}
	s := ms[m-1] + nbsp + strconv.Itoa(y)
	if l == ledger.SerbianCyrillic || l == ledger.SerbianLatin {
		s += "."
	}
	return s
}

// FormatMoney writes an amount as a letter in that language does:
// "1 234,56 €" (French: no-break spaces), "£1,234.56" (English: the
// symbol first), "1.234,56 €" (German: points between thousands, the
// symbol after), "1.234,56 RSD" (Serbian: the code after). Currencies
// without a familiar symbol are written with their ISO code after.
func FormatMoney(l ledger.Language, m ledger.Money) string {
	dec := m.Currency.MinorUnits()
	neg := m.Minor < 0
	v := m.Minor
	if neg {
		v = -v
	}
	digits := ledger.FormatMinor(v, dec)
	intPart, frac, _ := strings.Cut(digits, ".")
	var group, point string
	switch l {
	case ledger.French:
		group, point = nbsp, ","
	case ledger.SerbianCyrillic, ledger.SerbianLatin, ledger.German:
		group, point = ".", ","
	default:
		group, point = ",", "."
	}
	var b strings.Builder
	if neg {
		b.WriteString("-")
	}
	num := groupThousands(intPart, group)
	if frac != "" {
		num += point + frac
	}
	sym := string(m.Currency)
	switch l {
	case ledger.French, ledger.German:
		switch m.Currency {
		case "EUR":
			sym = "€"
		case "GBP":
			sym = "£"
		}
		b.WriteString(num + nbsp + sym)
	case ledger.SerbianCyrillic, ledger.SerbianLatin:
		b.WriteString(num + nbsp + sym)
	default:
		prefix := map[ledger.Currency]string{"GBP": "£", "EUR": "€", "USD": "$"}[m.Currency]
		if prefix != "" {
			b.WriteString(prefix + num)
		} else {
			b.WriteString(num + nbsp + sym)
		}
	}
	return b.String()
}

func groupThousands(s, sep string) string {
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	first := len(s) % 3
	if first > 0 {
		b.WriteString(s[:first])
	}
	for i := first; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// FormatRate writes an annual percentage: "12,15 %" in French, German
// (DIN 5008: a space before the sign) and Serbian, "12.15%" in English.
func FormatRate(l ledger.Language, percent string) string {
	switch l {
	case ledger.English:
		return percent + "%"
	}
	return strings.Replace(percent, ".", ",", 1) + nbsp + "%"
}

// FormatTime writes a time of day as a letter in that language does.
// French writes the hour with "h" between spaces, the minutes after it
// and none for a full hour ("14 h", "14 h 30": Lexique des règles
// typographiques en usage à l'Imprimerie nationale, "heure"); the other
// languages keep the 24-hour clock with a colon ("14:30"; the German
// template adds "Uhr", DIN 5008). The space is a no-break one: "14" and
// "h" never part at a line end.
func FormatTime(l ledger.Language, hour, minute int) string {
	if l == ledger.French {
		s := strconv.Itoa(hour) + nbsp + "h"
		if minute != 0 {
			s += nbsp + fmt.Sprintf("%02d", minute)
		}
		return s
	}
	return fmt.Sprintf("%02d:%02d", hour, minute)
}
