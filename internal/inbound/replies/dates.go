package replies

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/ledger"
)

// Dates are read from folded text (see fold), so "décembre", "децембра" and
// "decembra" are one spelling each.

// months maps every month name and abbreviation read, in French, English,
// Serbian (nominative and the genitive used after a day: "15. decembra")
// and German, to its number.
var months = map[string]int{
	"janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
	"aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
	"janv": 1, "fevr": 2, "avr": 4, "juil": 7,
	"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
	"august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
	"sept": 9, "oct": 10, "nov": 11, "dec": 12,
	"januar": 1, "januara": 1, "februar": 2, "februara": 2, "mart": 3, "marta": 3,
	"aprila": 4, "maj": 5, "maja": 5, "juna": 6, "jula": 7, "avgust": 8, "avgusta": 8,
	"septembar": 9, "septembra": 9, "oktobar": 10, "oktobra": 10, "novembar": 11,
	"novembra": 11, "decembar": 12, "decembra": 12,
	"marz": 3, "juni": 6, "juli": 7, "oktober": 10, "dezember": 12, "okt": 10, "dez": 12,
}

// weekdays maps weekday names, Serbian in the cases used after "u"/"do"
// ("u petak", "do petka"), to time.Weekday. The Serbian genitive
// "nedelje" is left out: "sledeće nedelje" means "next week".
var weekdays = map[string]time.Weekday{
	"lundi": time.Monday, "mardi": time.Tuesday, "mercredi": time.Wednesday, "jeudi": time.Thursday,
	"vendredi": time.Friday, "samedi": time.Saturday, "dimanche": time.Sunday,
	"monday": time.Monday, "tuesday": time.Tuesday, "wednesday": time.Wednesday, "thursday": time.Thursday,
	"friday": time.Friday, "saturday": time.Saturday, "sunday": time.Sunday,
	"ponedeljak": time.Monday, "ponedeljka": time.Monday, "ponedjeljak": time.Monday, "ponedjeljka": time.Monday,
	"utorak": time.Tuesday, "utorka": time.Tuesday,
	"sreda": time.Wednesday, "sredu": time.Wednesday, "srede": time.Wednesday,
	"srijeda": time.Wednesday, "srijedu": time.Wednesday, "srijede": time.Wednesday,
	"cetvrtak": time.Thursday, "cetvrtka": time.Thursday, "petak": time.Friday, "petka": time.Friday,
	"subota": time.Saturday, "subotu": time.Saturday, "subote": time.Saturday,
	"nedelja": time.Sunday, "nedelju": time.Sunday, "nedjelja": time.Sunday, "nedjelju": time.Sunday,
	"montag": time.Monday, "dienstag": time.Tuesday, "mittwoch": time.Wednesday, "donnerstag": time.Thursday,
	"freitag": time.Friday, "samstag": time.Saturday, "sonntag": time.Sunday,
}

func alternation(m any) string {
	var names []string
	switch t := m.(type) {
	case map[string]int:
		for k := range t {
			names = append(names, k)
		}
	case map[string]time.Weekday:
		for k := range t {
			names = append(names, k)
		}
	}
	// Longest first, so "septembre" is tried before "sept".
	sort.Slice(names, func(i, j int) bool {
		if len(names[i]) != len(names[j]) {
			return len(names[i]) > len(names[j])
		}
		return names[i] < names[j]
	})
	return "(" + strings.Join(names, "|") + ")"
}

var (
	monthAlt = alternation(months)

	isoDate = regexp.MustCompile(`\b(\d{4})-(\d{1,2})-(\d{1,2})\b`)
	// numDate: "15/12/2026", "15/12", "15.12.2026.", "15. 12. 2026.", "15-12-26".
	numDate = regexp.MustCompile(`\b(\d{1,2}) ?([./-]) ?(\d{1,2})(?: ?([./-]) ?(\d{4}|\d{2}))?\b\.?`)
	// dayMonth: "15 décembre 2026", "le 1er décembre", "15th of December",
	// "15. децембра".
	dayMonth = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th|er|eme)?\.? ?(?:of |de )?` + monthAlt + `\b\.?(?:,? ?(\d{4})\b)?`)
	// monthDay: "December 15", "Dec 15th", "December 15, 2026".
	monthDay = regexp.MustCompile(`\b` + monthAlt + `\.? (\d{1,2})(?:st|nd|rd|th)?\b(?:,? (\d{4})\b)?`)
	// endOfNamed: "fin décembre", "end of December", "krajem decembra".
	endOfNamed = regexp.MustCompile(`\b(?:fin|end of|by the end of|krajem|do kraja|ende) ` + monthAlt + `\b`)
	endOfMonth = regexp.MustCompile(`\b(?:fin du mois|fin de mois|fin de ce mois|end of (?:the |this )?month|month[- ]end|krajem (?:ovog |tekuceg )?m(?:j)?eseca|do kraja (?:ovog |tekuceg )?m(?:j)?eseca|kraj (?:ovog )?m(?:j)?eseca|ende (?:des|dieses) monats|monatsende)\b`)
	nextWeek   = regexp.MustCompile(`\b(?:la semaine prochaine|semaine prochaine|next week|sledece (?:nedelje|sedmice)|iduce (?:nedelje|nedjelje|sedmice)|naredne (?:nedelje|sedmice)|nachste woche|nachster woche)\b`)
	relDay     = regexp.MustCompile(`\b(?:(apres-demain|apres demain|the day after tomorrow|day after tomorrow|prekosutra|ubermorgen)|(demain|tomorrow|sutra|morgen)|(aujourd'hui|ce jour|today|danas|heute)|(avant-hier|prekjuce|vorgestern)|(hier|yesterday|juce|jucer|gestern))\b`)
	inDays     = regexp.MustCompile(`\b(?:dans|sous|in|within|za|u roku od|innerhalb von|binnen) (\d{1,3}|une|un|a|one|two|deux|jednu|dve|dva) (jours?|days?|dana|tagen?|semaines?|weeks?|nedelje|nedelja|sedmice|sedmica|wochen?)\b`)
	weekdayRe  = regexp.MustCompile(`\b` + alternation(weekdays) + `\b`)
	// endOfWeek is the coming Friday, today included.
	endOfWeek = regexp.MustCompile(`\b(?:(?:en )?fin de (?:la |cette )?semaine|end of (?:the |this )?week|krajem (?:ove |tekuce )?(?:nedelje|sedmice|nedjelje)|do kraja (?:ove )?(?:nedelje|sedmice|nedjelje)|ende (?:der|dieser) woche)\b`)
)

// dateHit is a date expression found in a folded sentence, not yet
// resolved: the same words mean a past day for a payment and a future one
// for a promise.
type dateHit struct {
	start, end int
	y, m, d    int  // a calendar date; y is 0 when not written
	monthEnd   bool // the last day of month m (or of today's month when m is 0)
	weekday    time.Weekday
	isWeekday  bool
	orToday    bool // the weekday may be today ("fin de semaine" said on a Friday)
	offset     int  // today + offset
	isOffset   bool
}

// findDates lists the date expressions of a folded sentence in reading
// order, overlaps removed (the longer one wins: "15 décembre 2026" is not
// also "15").
func findDates(f string) []dateHit {
	// One space between words makes every pattern simpler; positions are
	// mapped back through idx.
	norm, idx := squeezeSpaces(f)
	var hits []dateHit
	add := func(h dateHit) {
		h.start, h.end = idx[h.start], idx[h.end]
		hits = append(hits, h)
	}
	for _, m := range isoDate.FindAllStringSubmatchIndex(norm, -1) {
		add(dateHit{start: m[0], end: m[1], y: atoi(norm, m, 1), m: atoi(norm, m, 2), d: atoi(norm, m, 3)})
	}
	for _, m := range numDate.FindAllStringSubmatchIndex(norm, -1) {
		if h, ok := numericDate(norm, m); ok {
			add(h)
		}
	}
	for _, m := range dayMonth.FindAllStringSubmatchIndex(norm, -1) {
		add(dateHit{start: m[0], end: m[1], d: atoi(norm, m, 1), m: months[norm[m[4]:m[5]]], y: atoi(norm, m, 3)})
	}
	for _, m := range monthDay.FindAllStringSubmatchIndex(norm, -1) {
		add(dateHit{start: m[0], end: m[1], m: months[norm[m[2]:m[3]]], d: atoi(norm, m, 2), y: atoi(norm, m, 3)})
	}
	for _, m := range endOfNamed.FindAllStringSubmatchIndex(norm, -1) {
		add(dateHit{start: m[0], end: m[1], m: months[norm[m[2]:m[3]]], monthEnd: true})
	}
	for _, m := range endOfMonth.FindAllStringIndex(norm, -1) {
		add(dateHit{start: m[0], end: m[1], monthEnd: true})
	}
	for _, m := range nextWeek.FindAllStringIndex(norm, -1) {
		add(dateHit{start: m[0], end: m[1], offset: 7, isOffset: true})
	}
	for _, m := range relDay.FindAllStringSubmatchIndex(norm, -1) {
		off := 0
		switch {
		case m[2] >= 0:
			off = 2
		case m[4] >= 0:
			off = 1
		case m[6] >= 0:
			off = 0
		case m[8] >= 0:
			off = -2
		default:
			off = -1
		}
		add(dateHit{start: m[0], end: m[1], offset: off, isOffset: true})
	}
	for _, m := range inDays.FindAllStringSubmatchIndex(norm, -1) {
		n := countWord(norm[m[2]:m[3]])
		if strings.HasPrefix(norm[m[4]:m[5]], "sem") || strings.HasPrefix(norm[m[4]:m[5]], "we") ||
			strings.HasPrefix(norm[m[4]:m[5]], "ned") || strings.HasPrefix(norm[m[4]:m[5]], "sed") ||
			strings.HasPrefix(norm[m[4]:m[5]], "wo") {
			n *= 7
		}
		add(dateHit{start: m[0], end: m[1], offset: n, isOffset: true})
	}
	for _, m := range endOfWeek.FindAllStringIndex(norm, -1) {
		add(dateHit{start: m[0], end: m[1], weekday: time.Friday, isWeekday: true, orToday: true})
	}
	for _, m := range weekdayRe.FindAllStringSubmatchIndex(norm, -1) {
		add(dateHit{start: m[0], end: m[1], weekday: weekdays[norm[m[2]:m[3]]], isWeekday: true})
	}
	return dropOverlaps(hits)
}

// numericDate reads "15/12/2026" day first, as Europe writes it; when the
// second number cannot be a month but the first can ("12/15/2026"), it is
// the American month/day order. A date without a year written with dots
// needs a two-digit part, so "1.5" (a version, a decimal) is not the 1st
// of May; numbers glued to more digits or dots (phone numbers, IP
// addresses, amounts) are not dates.
func numericDate(s string, m []int) (dateHit, bool) {
	if m[8] >= 0 && s[m[4]:m[5]] != s[m[8]:m[9]] {
		return dateHit{}, false
	}
	end := m[1]
	digitsEnd := m[7]
	if m[10] >= 0 {
		digitsEnd = m[11]
	}
	if rest := s[digitsEnd:]; len(rest) >= 2 && strings.ContainsRune("./-,", rune(rest[0])) && isDigit(rest[1]) {
		return dateHit{}, false
	}
	if m[0] > 0 && (isDigit(s[m[0]-1]) || (m[0] >= 2 && strings.ContainsRune("./-,", rune(s[m[0]-1])) && isDigit(s[m[0]-2]))) {
		return dateHit{}, false
	}
	d, mo := atoi(s, m, 1), atoi(s, m, 3)
	sep := s[m[4]:m[5]]
	if m[10] < 0 {
		if sep == "." && m[3]-m[2] < 2 && m[7]-m[6] < 2 {
			return dateHit{}, false
		}
		// "15.12 €", "14.30 h": an amount or a time of day.
		rest := strings.TrimLeft(s[end:], " ")
		for _, unit := range []string{"€", "eur", "$", "%", "h ", "h,", "h.", "uhr", "am", "pm", "din", "rsd", "chf", "kg", "km"} {
			if strings.HasPrefix(rest, unit) || rest == strings.TrimSpace(unit) {
				return dateHit{}, false
			}
		}
	}
	if mo > 12 && d <= 12 {
		d, mo = mo, d
	}
	y := atoi(s, m, 5)
	if y > 0 && y < 100 {
		y += 2000
	}
	return dateHit{start: m[0], end: m[1], d: d, m: mo, y: y}, true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// atoi reads submatch g of m in s, 0 when absent.
func atoi(s string, m []int, g int) int {
	if 2*g+1 >= len(m) || m[2*g] < 0 {
		return 0
	}
	n, err := strconv.Atoi(s[m[2*g]:m[2*g+1]])
	if err != nil {
		return 0
	}
	return n
}

func countWord(w string) int {
	switch w {
	case "une", "un", "a", "one", "jednu":
		return 1
	case "two", "deux", "dve", "dva":
		return 2
	}
	n, _ := strconv.Atoi(w)
	return n
}

// squeezeSpaces turns every run of white space into one space and returns
// the byte index in s of every byte of the result, plus len(s) at the end.
func squeezeSpaces(s string) (string, []int) {
	var b strings.Builder
	idx := make([]int, 0, len(s)+1)
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			if space {
				continue
			}
			space = true
			c = ' '
		} else {
			space = false
		}
		b.WriteByte(c)
		idx = append(idx, i)
	}
	idx = append(idx, len(s))
	return b.String(), idx
}

func dropOverlaps(hits []dateHit) []dateHit {
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].start != hits[j].start {
			return hits[i].start < hits[j].start
		}
		return hits[i].end > hits[j].end
	})
	var out []dateHit
	for _, h := range hits {
		if n := len(out); n > 0 && h.start < out[n-1].end {
			// Keep the longer of two overlapping expressions.
			if h.end-h.start > out[n-1].end-out[n-1].start {
				out[n-1] = h
			}
			continue
		}
		out = append(out, h)
	}
	return out
}

// resolve turns a hit into a date. past is true for a payment already
// made: a weekday is then the last such day (today included) and a date
// without a year is the most recent one if it is at most 30 days old;
// otherwise (and for promises) weekdays are the next such day after
// today and dates without a year the next such date on or after today.
func (h dateHit) resolve(today ledger.Date, past bool) ledger.Date {
	switch {
	case h.isOffset:
		return today.AddDays(h.offset)
	case h.isWeekday:
		if past {
			return today.AddDays(-((int(today.Weekday()) - int(h.weekday) + 7) % 7))
		}
		diff := int(h.weekday) - int(today.Weekday())
		if diff < 0 || diff == 0 && !h.orToday {
			diff += 7
		}
		return today.AddDays(diff)
	case h.monthEnd && h.m == 0:
		y, m, _ := today.Civil()
		return lastOfMonth(y, m)
	case h.monthEnd:
		y, _, _ := today.Civil()
		d := lastOfMonth(y, h.m)
		if d.Before(today) {
			d = lastOfMonth(y+1, h.m)
		}
		return d
	}
	if h.y > 0 {
		d, err := ledger.NewDate(h.y, h.m, h.d)
		if err != nil {
			return 0
		}
		return d
	}
	ty, _, _ := today.Civil()
	if past {
		for _, y := range []int{ty, ty - 1} {
			if d, err := ledger.NewDate(y, h.m, h.d); err == nil && !d.After(today) && today.DaysSince(d) <= 30 {
				return d
			}
		}
	}
	// The next such date on or after today; 29 February waits for a leap year.
	for y := ty; y <= ty+8; y++ {
		if d, err := ledger.NewDate(y, h.m, h.d); err == nil && !d.Before(today) {
			return d
		}
	}
	return 0
}

func lastOfMonth(y, m int) ledger.Date {
	d, err := ledger.NewDate(y, m, 1)
	if err != nil {
		return 0
	}
	return d.AddMonths(1).AddDays(-1)
}
