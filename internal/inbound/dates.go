package inbound

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Return dates are read in English, French, German and Serbian (Latin and
// Cyrillic). A date counts only when words next to it say it is a return
// ("back on", "de retour le", "wieder", "vraćam se"...) or the end of an
// absence ("until", "jusqu'au", "bis zum", "do", "до"...). A return beats
// an end of absence wherever it stands, so "absent jusqu'au 5 décembre,
// de retour le 8" gives the 8th. The date is kept as stated: "until 3
// December" gives the 3rd, since writers differ on whether it is included.
// Numeric dates are read day first (03.12, 3/12), as written in the
// owners' countries, unless only month first makes sense (12/31).

var monthNames = map[string]int{}

func init() {
	for i, forms := range [12]string{
		"january jan janvier janv januar jänner jaenner januara јануар јануара",
		"february feb febr février fevrier févr fevr februar februara фебруар фебруара",
		"march mar mars märz maerz mart marta март марта",
		"april apr avril avr aprila април априла",
		"may mai maj maja мај маја",
		"june jun juin juni juna јун јуна",
		"july jul juillet juil juli jula јул јула",
		"august aug août aout avgust avgusta август августа",
		"september sep sept septembre septembar septembra септембар септембра",
		"october oct octobre oktober okt oktobar oktobra октобар октобра",
		"november nov novembre novembar novembra новембар новембра",
		"december dec décembre decembre déc dezember dez decembar decembra децембар децембра",
	} {
		for _, f := range strings.Fields(forms) {
			monthNames[f] = i + 1
		}
	}
}

var (
	isoDateRe   = regexp.MustCompile(`(?:^|[^\d.])(\d{4})-(\d{1,2})-(\d{1,2})(?:[^\d]|$)`)
	numDateRe   = regexp.MustCompile(`(?:^|[^\d.:/])(\d{1,2})[./](\d{1,2})(?:[./](\d{4}|\d{2}))?\.?(?:[^\d./:]|$)`)
	dayMonthRe  = regexp.MustCompile(`(?:^|[^\p{L}\d])(\d{1,2})(?:er|re|st|nd|rd|th|\.)?[ \t]*(?:de[ \t]+|of[ \t]+)?(\p{L}+)\.?(?:,?[ \t]+(\d{4}))?`)
	monthDayRe  = regexp.MustCompile(`(?:^|[^\p{L}])(\p{L}+)\.?[ \t]+(\d{1,2})(?:st|nd|rd|th)?(?:,?[ \t]+(\d{4}))?(?:[^\d]|$)`)
	afterTimeRe = regexp.MustCompile(`^[ \t]*(?:uhr|h\b|heures?|sati?\b|часова|am\b|pm\b)`)
)

// dateCand is a date found in the text, with where it stands.
type dateCand struct {
	start, end int
	y, m, d    int // y is 0 when the text gives no year
}

// triggers before a date, and whether they announce a return (rather than
// the end of an absence). Short ones must stand right before the date.
var beforeTriggers = []struct {
	text   string
	ret    bool
	direct bool
}{
	{"back", true, false}, {"return", true, false}, {"returning", true, false},
	{"de retour", true, false}, {"retour", true, false}, {"reprise", true, false}, {"reprendrai", true, false},
	{"zurück", true, false}, {"wieder", true, false},
	{"vraćam se", true, false}, {"vracam se", true, false}, {"враћам се", true, false},
	{"povratak", true, false}, {"повратак", true, false}, {"ponovo", true, false}, {"поново", true, false},
	{"until", false, false}, {"till", false, true}, {"through", false, true}, {"thru", false, true},
	{"jusqu'au", false, false}, {"jusqu'à", false, false}, {"jusqu au", false, false}, {"jusqu a", false, false},
	{"bis einschließlich", false, false}, {"bis einschl.", false, false}, {"bis zum", false, false}, {"bis", false, true},
	{"zaključno sa", false, false}, {"закључно са", false, false}, {"do", false, true}, {"до", false, true},
	{"au", false, true}, {"to", false, true}, {"-", false, true}, {"–", false, true},
}

// afterTriggers follow the date: "ab 4.12. wieder im Büro", "od 4. decembra
// ponovo radim".
var afterTriggers = []string{"wieder", "zurück", "de retour", "back", "ponovo", "поново"}

// fillers may stand between a short trigger and its date.
var fillers = map[string]bool{"le": true, "den": true, "dem": true, "zum": true, "the": true, "on": true, "u": true, "у": true}

var weekdays = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun
		lundi mardi mercredi jeudi vendredi samedi dimanche lun mar mer jeu ven sam dim
		montag dienstag mittwoch donnerstag freitag samstag sonntag mo di mi do fr sa so
		ponedeljak ponedeljka ponedeljku utorak utorka utorku sreda srede sredu četvrtak četvrtka četvrtku petak petka petku subota subote subotu nedelja nedelje nedelju
		понедељак понедељка понедељку уторак уторка уторку среда среде среду четвртак четвртка четвртку петак петка петку субота суботе суботу недеља недеље недељу`) {
		weekdays[w] = true
	}
}

// returnDate finds a stated return date in text, "YYYY-MM-DD" or "".
// A date without a year takes the year of sent, or the next one when the
// date would lie more than a month before the message; without a year and
// without a Date header there is no answer.
func returnDate(text string, sent time.Time) string {
	low := strings.ToLower(normQuotes(capString(text, 16<<10)))
	cands := findDates(low)
	best, bestRank := dateCand{}, 0
	prevEnd := 0
	for _, c := range cands {
		rank := triggerRank(low, prevEnd, c)
		prevEnd = c.end
		if rank == 0 {
			continue
		}
		if bestRank == 0 || rank < bestRank {
			best, bestRank = c, rank
		}
		if rank == 1 {
			break
		}
	}
	if bestRank == 0 {
		return ""
	}
	y := best.y
	if y == 0 {
		if sent.IsZero() {
			return ""
		}
		y = sent.Year()
		t := time.Date(y, time.Month(best.m), best.d, 0, 0, 0, 0, time.UTC)
		if t.Before(sent.AddDate(0, -1, 0)) {
			y++
		}
	}
	if !validDate(y, best.m, best.d) {
		return ""
	}
	return time.Date(y, time.Month(best.m), best.d, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
}

// findDates returns the dates of low in text order, overlaps removed.
func findDates(low string) []dateCand {
	var out []dateCand
	for _, m := range isoDateRe.FindAllStringSubmatchIndex(low, 100) {
		out = append(out, dateCand{m[2], m[7], atoi(low[m[2]:m[3]]), atoi(low[m[4]:m[5]]), atoi(low[m[6]:m[7]])})
	}
	for _, m := range numDateRe.FindAllStringSubmatchIndex(low, 100) {
		end := m[5]
		if m[6] >= 0 {
			end = m[7]
		}
		if afterTimeRe.MatchString(low[end:]) {
			continue
		}
		d, mo := atoi(low[m[2]:m[3]]), atoi(low[m[4]:m[5]])
		if d <= 12 && mo > 12 {
			d, mo = mo, d
		}
		y := 0
		if m[6] >= 0 {
			y = atoi(low[m[6]:m[7]])
			if y < 100 {
				y += 2000
			}
		}
		out = append(out, dateCand{m[2], end, y, mo, d})
	}
	for _, m := range dayMonthRe.FindAllStringSubmatchIndex(low, 100) {
		mo, ok := monthNames[low[m[4]:m[5]]]
		if !ok {
			continue
		}
		c := dateCand{start: m[2], end: m[5], m: mo, d: atoi(low[m[2]:m[3]])}
		if m[6] >= 0 {
			c.y, c.end = atoi(low[m[6]:m[7]]), m[7]
		}
		out = append(out, c)
	}
	for _, m := range monthDayRe.FindAllStringSubmatchIndex(low, 100) {
		mo, ok := monthNames[low[m[2]:m[3]]]
		if !ok {
			continue
		}
		c := dateCand{start: m[2], end: m[5], m: mo, d: atoi(low[m[4]:m[5]])}
		if m[6] >= 0 {
			c.y, c.end = atoi(low[m[6]:m[7]]), m[7]
		}
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].start < out[j].start })
	kept := out[:0]
	for _, c := range out {
		if c.m < 1 || c.m > 12 || c.d < 1 || c.d > 31 {
			continue
		}
		if len(kept) > 0 && c.start < kept[len(kept)-1].end {
			continue
		}
		kept = append(kept, c)
	}
	return kept
}

// triggerRank is 1 when words around c announce a return, 2 when they
// announce the end of an absence, 0 otherwise.
func triggerRank(low string, prevEnd int, c dateCand) int {
	from := c.start - 60
	if from < prevEnd {
		from = prevEnd
	}
	if from < 0 {
		from = 0
	}
	for from < c.start && !isRuneStart(low, from) {
		from++
	}
	window := low[from:c.start]
	after := low[c.end:]
	if len(after) > 40 {
		after = capString(after, 40)
	}
	for _, t := range afterTriggers {
		if i := strings.Index(after, t); i >= 0 && !strings.ContainsAny(after[:i], ".,;:!?\n") {
			return 1
		}
	}
	rank := 0
	bestAt := -1
	for _, t := range beforeTriggers {
		i := lastWordIndex(window, t.text)
		if i < 0 || !gapOK(window[i+len(t.text):], t.direct) {
			continue
		}
		if i > bestAt || (i == bestAt && t.ret) {
			bestAt = i
			rank = 2
			if t.ret {
				rank = 1
			}
		}
	}
	return rank
}

// lastWordIndex finds the last occurrence of w in s that starts a word.
func lastWordIndex(s, w string) int {
	for end := len(s); end > 0; {
		i := strings.LastIndex(s[:end], w)
		if i < 0 {
			return -1
		}
		if i == 0 || !isLetter(s[:i]) {
			return i
		}
		end = i
	}
	return -1
}

// isLetter reports whether the rune ending s is a letter.
func isLetter(s string) bool {
	r := []rune(s[max(0, len(s)-4):])
	if len(r) == 0 {
		return false
	}
	last := r[len(r)-1]
	return last == '\'' || strings.ContainsRune("abcdefghijklmnopqrstuvwxyz", last) || last > 0x7f && last != 0xa0
}

// gapOK checks what stands between a trigger and its date: for a short
// trigger only weekdays and fillers ("jusqu'au lundi 3", "bis zum 3."),
// for a long one a few words of the same sentence ("back in the office
// on").
func gapOK(gap string, direct bool) bool {
	if !direct {
		return len(gap) <= 40 && !strings.Contains(gap, "\n\n") && !strings.ContainsAny(gap, "0123456789")
	}
	for _, w := range strings.FieldsFunc(gap, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' || r == '.' }) {
		if !weekdays[w] && !fillers[w] {
			return false
		}
	}
	return true
}

func isRuneStart(s string, i int) bool { return i >= len(s) || s[i]&0xC0 != 0x80 }

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}

func validDate(y, m, d int) bool {
	if y < 1990 || y > 2199 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
