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
	Start, End  time.Time   // a timed event; written in UTC, which Outlook and Google Calendar import as is
	AllDay      ledger.Date // an all-day event when set (Start and End are then ignored)
	Stamp       time.Time   // when the entry was made (DTSTAMP); injected, never read from a clock here
	Organizer   string      // an email address, optional
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
	for _, e := range events {
		line("BEGIN:VEVENT")
		line("UID:" + escapeText(e.UID))
		line("DTSTAMP:" + e.Stamp.UTC().Format("20060102T150405Z"))
		if !e.AllDay.IsZero() {
			line("DTSTART;VALUE=DATE:" + icsDate(e.AllDay))
			line("DTEND;VALUE=DATE:" + icsDate(e.AllDay.AddDays(1)))
		} else {
			line("DTSTART:" + e.Start.UTC().Format("20060102T150405Z"))
			line("DTEND:" + e.End.UTC().Format("20060102T150405Z"))
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
	if req.Kind == "final-demand" {
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
