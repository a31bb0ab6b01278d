package replies

import (
	"regexp"
	"strings"
)

// Attribution lines, matched on folded text (see fold): "On … wrote:",
// "Le … a écrit :", "Am … schrieb …:", "Дана … је написао/ла:", and the
// few other languages the test corpora carry.
var (
	// attrVerb ends an attribution; "/la" is Gmail's Serbian "написао/ла";
	// German puts the sender after the verb ("schrieb Max <max@…>:").
	attrVerb = regexp.MustCompile(`(?:\b(?:wrote|writes|a ecrit|ecrit|napisao|napisala|napisali|napisal|escribio|ha scritto|scrisse|escreveu|skrev|schreef|kirjoitti|napsal)(?:/la|/a)?\s*:|\bschrieb\b.{0,160}:|\bgeschrieben\s*:)$`)
	// attrStart opens one: "On", "Le", "Am", "Dana"/"Дана", Yahoo's
	// "--- On", a date or a weekday.
	attrStart = regexp.MustCompile(`^(-+\s*)?(on|le|am|dana|el|il|em|op|den|w dniu|\d+|mon|tue|wed|thu|fri|sat|sun|lun|mar|mer|jeu|ven|sam|dim|pon|uto|sre|cet|pet|sub|ned)\b`)
	// attrClock is the time of day every client writes in an attribution.
	attrClock = regexp.MustCompile(`\d{1,2}[:h.]\d{2}`)
)

// isAttribution reports whether the folded, joined lines s introduce a
// quote. With a verb ("wrote:") it is certain; without one (Yandex,
// Mail.ru: `26.06.2014, 14:41, "Alexander L" <abc@example.com>:`) it
// needs an address and a time, and callers only ask when a quote follows.
func isAttribution(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) > 400 || !strings.HasSuffix(s, ":") {
		return false
	}
	if attrVerb.MatchString(s) {
		return true
	}
	return strings.Contains(s, "@") && attrClock.MatchString(s)
}

// attributionAbove returns how many non-blank lines directly above end
// (exclusive, skipping blank lines) form an attribution, up to three as
// clients wrap it ("On Dec 16, 2011, at 12:47 PM, Corey Donohoe /
// <reply@reply.github.com> / wrote:"). It returns the index of the first
// such line and the count; 0 when there is none.
func attributionAbove(lines []line, end int) (int, int) {
	i := end - 1
	for i >= 0 && lines[i].blank && !lines[i].gone {
		i--
	}
	best, bestStart := 0, -1
	joined := ""
	for k := 1; k <= 3; k++ {
		j := i - k + 1
		if j < 0 || lines[j].blank || lines[j].quoted || lines[j].gone {
			break
		}
		if joined == "" {
			joined = lines[j].f
		} else {
			joined = lines[j].f + " " + joined
		}
		if !isAttribution(joined) {
			continue
		}
		// A longer block only counts when its first line opens an
		// attribution, so that "Thanks, see below." above "On … wrote:"
		// stays.
		if k == 1 || attrStart.MatchString(lines[j].f) || strings.Contains(lines[j].f, "@") {
			best, bestStart = k, j
		}
	}
	return bestStart, best
}

// dropQuotes removes every run of ">" lines (blank lines inside a run
// belong to it) together with the attribution above it.
func dropQuotes(lines []line) {
	for i := 0; i < len(lines); {
		if lines[i].gone || !lines[i].quoted {
			i++
			continue
		}
		start := i
		last := i
		j := i
		for j < len(lines) && !lines[j].gone && (lines[j].quoted || lines[j].blank) {
			if lines[j].quoted {
				last = j
			}
			j++
		}
		for k := start; k <= last; k++ {
			lines[k].gone = true
		}
		if a, n := attributionAbove(lines, start); n > 0 {
			for k := a; k < start; k++ {
				lines[k].gone = true
			}
		}
		i = last + 1
	}
}
