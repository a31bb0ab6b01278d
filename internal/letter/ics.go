package letter

import (
	"strconv"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// Event is one calendar entry: an appointment, or the pay-by date of a
// demand (an all-day event).
type Event struct {
	UID         string // stable across resends, so calendars update rather than duplicate
	Summary     string
	Description string
	Location    string
	// Start and End of a timed event. In a named zone (time.LoadLocation:
	// "Europe/Belgrade") they are written in local time with TZID and the
	// zone's VTIMEZONE, so the calendar keeps the wall-clock time across a
	// daylight-saving change; in UTC or the process's Local zone, in UTC.
	Start, End time.Time
	AllDay     ledger.Date // an all-day event when set (Start and End are then ignored)
	Stamp      time.Time   // when the entry was made (DTSTAMP); injected, never read from a clock here
	Organizer  string      // an email address, optional
	// RemindBefore adds an alarm that long before the start (0: none).
	RemindBefore time.Duration
}

// ICS writes events as an RFC 5545 calendar: CRLF line ends, lines folded
// at 75 octets without splitting a UTF-8 sequence, TEXT values escaped.
func ICS(events ...Event) []byte {
	var b strings.Builder
	line := func(s string) { b.WriteString(fold(s)) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Relance//Relance//EN")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	for _, z := range timeZones(events) {
		for _, l := range z {
			line(l)
		}
	}
	for _, e := range events {
		line("BEGIN:VEVENT")
		line("UID:" + escapeText(e.UID))
		line("DTSTAMP:" + e.Stamp.UTC().Format("20060102T150405Z"))
		if !e.AllDay.IsZero() {
			line("DTSTART;VALUE=DATE:" + icsDate(e.AllDay))
			line("DTEND;VALUE=DATE:" + icsDate(e.AllDay.AddDays(1)))
		} else {
			line("DTSTART" + icsDateTime(e.Start))
			line("DTEND" + icsDateTime(e.End))
		}
		line("SUMMARY:" + escapeText(e.Summary))
		if e.Description != "" {
			line("DESCRIPTION:" + escapeText(e.Description))
		}
		if e.Location != "" {
			line("LOCATION:" + escapeText(e.Location))
		}
		if e.Organizer != "" {
			line("ORGANIZER:mailto:" + e.Organizer)
		}
		if e.RemindBefore > 0 {
			line("BEGIN:VALARM")
			line("ACTION:DISPLAY")
			line("DESCRIPTION:" + escapeText(e.Summary))
			line("TRIGGER:-" + icsDuration(e.RemindBefore))
			line("END:VALARM")
		}
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return []byte(b.String())
}

// zoneName is the IANA name events in t's zone are written with, or ""
// for UTC (the process's Local zone has no name a calendar would know).
func zoneName(t time.Time) string {
	switch n := t.Location().String(); n {
	case "UTC", "Local", "":
		return ""
	default:
		return n
	}
}

// icsDateTime is a DTSTART or DTEND value with its parameters, after the
// property name: ";TZID=Europe/Paris:20261203T140000" or ":20261203T130000Z".
func icsDateTime(t time.Time) string {
	if z := zoneName(t); z != "" && !repeatedWallClock(t) {
		return ";TZID=" + z + ":" + t.Format("20060102T150405")
	}
	return ":" + t.UTC().Format("20060102T150405Z")
}

// repeatedWallClock tells whether t's local time happens twice (the hour
// before clocks go back): a calendar reads such a time as the first
// occurrence, so one in the second is written in UTC instead.
func repeatedWallClock(t time.Time) bool {
	_, off := t.Zone()
	for _, d := range []time.Duration{-3 * time.Hour, 3 * time.Hour} {
		if _, o := t.Add(d).Zone(); o != off {
			alt := t.Add(time.Duration(off-o) * time.Second)
			if alt.Format("20060102T150405") == t.Format("20060102T150405") && !alt.Equal(t) {
				return true
			}
		}
	}
	return false
}

// timeZones writes a VTIMEZONE for each named zone the events use, its
// observances being the zone's actual offset changes (from Go's time zone
// database) from a year before the first event to a year after the last:
// listed one by one rather than as RRULEs, which RFC 5545 allows and
// Outlook and Google Calendar read. The first observance starts at the
// start of that span, so every event falls after one.
func timeZones(events []Event) [][]string {
	type span struct{ from, to time.Time }
	spans := map[string]*span{}
	var order []string
	for _, e := range events {
		if !e.AllDay.IsZero() {
			continue
		}
		for _, t := range []time.Time{e.Start, e.End} {
			z := zoneName(t)
			if z == "" {
				continue
			}
			sp, ok := spans[z]
			if !ok {
				sp = &span{t, t}
				spans[z] = sp
				order = append(order, z)
			}
			if t.Before(sp.from) {
				sp.from = t
			}
			if t.After(sp.to) {
				sp.to = t
			}
		}
	}
	var out [][]string
	for _, z := range order {
		loc, err := time.LoadLocation(z)
		if err != nil {
			continue // a zone we cannot load was written as its own name
		}
		sp := spans[z]
		from := sp.from.In(loc).AddDate(-1, 0, 0).Truncate(time.Hour)
		to := sp.to.In(loc).AddDate(1, 0, 0)
		lines := []string{"BEGIN:VTIMEZONE", "TZID:" + z}
		observance := func(at time.Time, fromOff int) {
			kind := "STANDARD"
			if at.IsDST() {
				kind = "DAYLIGHT"
			}
			name, off := at.Zone()
			lines = append(lines, "BEGIN:"+kind,
				// The onset in the local time in force before it.
				"DTSTART:"+at.UTC().Add(time.Duration(fromOff)*time.Second).Format("20060102T150405"),
				"TZOFFSETFROM:"+icsOffset(fromOff), "TZOFFSETTO:"+icsOffset(off))
			if name != "" && name[0] != '+' && name[0] != '-' {
				lines = append(lines, "TZNAME:"+name)
			}
			lines = append(lines, "END:"+kind)
		}
		_, off := from.Zone()
		observance(from, off)
		for t := from; t.Before(to); {
			next := t.Add(24 * time.Hour)
			if _, o := next.Zone(); o != off {
				// The change lies in (t, next]: find its second.
				lo, hi := t, next
				for hi.Sub(lo) > time.Second {
					mid := lo.Add(hi.Sub(lo) / 2)
					if _, o := mid.Zone(); o == off {
						lo = mid
					} else {
						hi = mid
					}
				}
				observance(hi.Truncate(time.Second), off)
				_, off = hi.Zone()
			}
			t = next
		}
		out = append(out, append(lines, "END:VTIMEZONE"))
	}
	return out
}

// icsOffset is a UTC offset in seconds as RFC 5545 writes it: "+0100".
func icsOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	s := sign + twoDigits(sec/3600) + twoDigits(sec%3600/60)
	if sec%60 != 0 {
		s += twoDigits(sec % 60)
	}
	return s
}

func twoDigits(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }

// icsDuration writes an RFC 5545 duration: "P1D", "PT2H30M".
func icsDuration(d time.Duration) string {
	m := int(d.Round(time.Minute) / time.Minute)
	if m%(24*60) == 0 {
		return "P" + strconv.Itoa(m/(24*60)) + "D"
	}
	out := "PT"
	if h := m / 60; h > 0 {
		out += strconv.Itoa(h) + "H"
	}
	if m%60 > 0 {
		out += strconv.Itoa(m%60) + "M"
	}
	return out
}

func icsDate(d ledger.Date) string { return strings.ReplaceAll(d.String(), "-", "") }

// escapeText escapes an RFC 5545 TEXT value.
func escapeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// fold breaks a content line into CRLF-terminated lines of at most 75
// octets, continuation lines starting with a space.
func fold(s string) string {
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && s[cut]&0xC0 == 0x80 { // never inside a UTF-8 sequence
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	return b.String()
}

// PayByEvent is the calendar entry of a demand's last date to pay: an
// all-day event, its UID stable for the same invoices and date so that a
// resent letter updates the entry instead of adding one.
func PayByEvent(req Request, stamp time.Time) (Event, bool) {
	date := req.PayBy
	if req.Kind == ledger.KindFinalDemand {
		date = req.Deadline
	}
	if date.IsZero() || len(req.Invoices) == 0 {
		return Event{}, false
	}
	d := buildData(req)
	var nums []string
	for _, inv := range req.Invoices {
		nums = append(nums, inv.Invoice.Number)
	}
	domain := "relance.invalid"
	if at := strings.LastIndexByte(req.Company.Email, '@'); at >= 0 {
		domain = req.Company.Email[at+1:]
	}
	l := lang(req.Language)
	return Event{
		UID:         "payby-" + strings.Join(nums, "-") + "-" + strings.ReplaceAll(date.String(), "-", "") + "@" + domain,
		Summary:     i18n.T(l, "letter.ics_summary", strings.Join(nums, ", "), d.Company.Name),
		Description: i18n.T(l, "letter.ics_description", d.Totals.Total, d.Company.Name, d.Company.Phone, d.Company.Email),
		AllDay:      date,
		Stamp:       stamp,
		Organizer:   req.Company.Email,
	}, true
}
