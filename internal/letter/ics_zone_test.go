package letter

import (
	"bytes"
	"testing"
	"time"

	"github.com/emersion/go-ical"
)

// The calendar parses with a calendar library (go-ical), each timed
// event's start and end come back as the same instants in the zone they
// were made in, and the VTIMEZONE written for the zone gives, read on its
// own (the latest observance begun before the local time), the offset Go's
// time zone database gives, on both sides of daylight-saving changes and in
// zones with none.
func TestICSTimeZonesParse(t *testing.T) {
	stamp := time.Date(2026, 11, 22, 9, 30, 0, 0, time.UTC)
	var events []Event
	for i, c := range []struct {
		zone string
		at   string
	}{
		{"Europe/Belgrade", "2026-12-03 14:00"},  // winter, CET
		{"Europe/Belgrade", "2027-04-02 09:30"},  // after the March change, CEST
		{"Europe/Paris", "2027-03-28 03:30"},     // the morning clocks go forward
		{"Europe/London", "2027-07-01 10:00"},    // BST
		{"America/New_York", "2026-11-01 00:30"}, // just before the November change
		{"America/New_York", "2026-11-02 09:00"}, // EST
		{"Asia/Tokyo", "2026-12-24 18:00"},       // no daylight saving
		{"UTC", "2026-12-10 08:00"},              // written in UTC, no zone
	} {
		loc, err := time.LoadLocation(c.zone)
		if err != nil {
			t.Fatal(err)
		}
		start, err := time.ParseInLocation("2006-01-02 15:04", c.at, loc)
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, Event{UID: c.zone + c.at, Summary: "RDV " + string(rune('A'+i)), Start: start,
			End: start.Add(90 * time.Minute), Stamp: stamp})
	}
	cal, err := ical.NewDecoder(bytes.NewReader(ICS(events...))).Decode()
	if err != nil {
		t.Fatalf("go-ical: %v", err)
	}
	zones := map[string]*ical.Component{}
	for _, c := range cal.Children {
		if c.Name == ical.CompTimezone {
			zones[c.Props.Get(ical.PropTimezoneID).Value] = c
		}
	}
	if len(zones) != 5 {
		t.Errorf("%d VTIMEZONEs, want 5 (UTC needs none)", len(zones))
	}
	got := cal.Events()
	if len(got) != len(events) {
		t.Fatalf("%d events parsed, %d written", len(got), len(events))
	}
	for i, ev := range got {
		want := events[i]
		for name, w := range map[string]time.Time{ical.PropDateTimeStart: want.Start, ical.PropDateTimeEnd: want.End} {
			p := ev.Props.Get(name)
			at, err := p.DateTime(nil)
			if err != nil {
				t.Fatalf("%s %s: %v", want.UID, name, err)
			}
			if !at.Equal(w) {
				t.Errorf("%s %s: %v, want %v", want.UID, name, at, w)
			}
			zone := w.Location().String()
			tzid := p.Params.Get(ical.PropTimezoneID)
			// UTC, and a local time that happens twice (01:00 on 1
			// November 2026 in New York: a calendar would take the
			// first, EDT), are written in UTC.
			if zone == "UTC" || (want.UID == "America/New_York2026-11-01 00:30" && name == ical.PropDateTimeEnd) {
				if tzid != "" || p.Value[len(p.Value)-1] != 'Z' {
					t.Errorf("%s: a UTC time written as %q TZID %q", want.UID, p.Value, tzid)
				}
				continue
			}
			if tzid != zone {
				t.Errorf("%s %s: TZID %q", want.UID, name, tzid)
			}
			_, goOff := w.Zone()
			if off, ok := observedOffset(t, zones[tzid], p.Value); !ok || off != goOff {
				t.Errorf("%s %s: the VTIMEZONE gives %+d s at %s, Go %+d s", want.UID, name, off, p.Value, goOff)
			}
		}
	}
}

// observedOffset reads a VTIMEZONE as a calendar would: the observance
// with the latest onset at or before the local time gives the offset.
func observedOffset(t *testing.T, z *ical.Component, local string) (int, bool) {
	t.Helper()
	if z == nil {
		return 0, false
	}
	at, err := time.Parse("20060102T150405", local)
	if err != nil {
		t.Fatal(err)
	}
	var best time.Time
	off, found := 0, false
	for _, o := range z.Children {
		onset, err := time.Parse("20060102T150405", o.Props.Get(ical.PropDateTimeStart).Value)
		if err != nil {
			t.Fatal(err)
		}
		if onset.After(at) || (found && !onset.After(best)) {
			continue
		}
		to := o.Props.Get(ical.PropTimezoneOffsetTo).Value
		h, m := int(to[1]-'0')*10+int(to[2]-'0'), int(to[3]-'0')*10+int(to[4]-'0')
		off = (h*60 + m) * 60
		if to[0] == '-' {
			off = -off
		}
		best, found = onset, true
	}
	return off, found
}
