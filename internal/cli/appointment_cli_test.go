package cli

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/relance-app/relance/internal/app"
)

// Appointment reminders: added with their time zone (a time the clocks
// skip is refused), reminded remind_days before by email with a calendar
// entry that a calendar library reads in the right zone, once; an SMS
// text for the customer with a mobile.
func TestAppointmentReminders(t *testing.T) {
	db, srv, day := mailLedger(t)
	run := func(args ...string) result { return runAt(t, day, append([]string{"--db", db}, args...)...) }
	for _, args := range [][]string{
		{"company", "set", "legal_name=Atelier Dupont SARL", "phone=04 78 00 00 00", "country=FR"},
		{"import", "customers", write(t, "rs.csv", "code,name,email,mobile,language,address1,postcode,city,country\n"+
			"RS1,Петровић доо,r@example.rs,+381641234567,sr-Cyrl,Кнеза Милоша 1,11000,Београд,RS\n")},
		{"campaign", "create", "visits", "--kind", "appointments", "remind_days=2", "bring=the boiler's logbook"},
		{"campaign", "appointment", "visits", "RS1", "--at", "2025-07-23 10:30", "--tz", "Europe/Belgrade", "--place", "Кнеза Милоша 1", "--subject", "Сервис котла"},
		{"campaign", "appointment", "visits", "FR1", "--at", "2025-07-30 14:00", "--place", "12 rue de la République, Lyon"},
	} {
		if r := run(args...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	if r := run("campaign", "appointment", "visits", "FR1", "--at", "2026-03-29 02:30", "--tz", "Europe/Paris"); r.code == 0 || !strings.Contains(r.stderr, "clocks go forward") {
		t.Fatalf("a skipped time was accepted: %+v", r)
	}
	if r := run("campaign", "appointment", "visits", "FR1", "--at", "2025-07-30 14:00", "--tz", "Mars/Olympus"); r.code == 0 || !strings.Contains(r.stderr, "Mars/Olympus") {
		t.Fatalf("an unknown zone was accepted: %+v", r)
	}
	send := func(asOf string) result {
		return runWith(t, day, srv.Password+"\n", nil, "--db", db, "campaign", "send", "visits", "--as-of", asOf, "--password-stdin")
	}
	if r := send("2025-07-20"); r.code != 0 || len(srv.Delivered()) != 0 {
		t.Fatalf("three days before: %+v, %d delivered", r, len(srv.Delivered()))
	}
	r := send("2025-07-21")
	if r.code != 0 || !strings.Contains(r.stdout, "1 notice(s) by email") || len(srv.Delivered()) != 1 {
		t.Fatalf("two days before: %+v, %d delivered", r, len(srv.Delivered()))
	}
	if !strings.Contains(r.stdout, "SMS for RS1 (+381641234567): ") || !strings.Contains(r.stdout, "10:30") {
		t.Errorf("no SMS text: %s", r.stdout)
	}
	msg := srv.Delivered()[0]
	if msg.To[0] != "r@example.rs" {
		t.Errorf("sent to %v", msg.To)
	}
	cal := calendarPart(t, msg.Data)
	parsed, err := ical.NewDecoder(bytes.NewReader(cal)).Decode()
	if err != nil {
		t.Fatalf("go-ical: %v\n%s", err, cal)
	}
	evs := parsed.Events()
	if len(evs) != 1 {
		t.Fatalf("%d events", len(evs))
	}
	p := evs[0].Props.Get(ical.PropDateTimeStart)
	at, err := p.DateTime(nil)
	if err != nil {
		t.Fatal(err)
	}
	// 10:30 in Belgrade in July (CEST, UTC+2) is 08:30 UTC.
	if p.Params.Get(ical.PropTimezoneID) != "Europe/Belgrade" || !at.Equal(time.Date(2025, 7, 23, 8, 30, 0, 0, time.UTC)) {
		t.Errorf("DTSTART %s %v = %v", p.Value, p.Params, at)
	}
	if loc := evs[0].Props.Get(ical.PropLocation); loc == nil || loc.Value != "Кнеза Милоша 1" {
		t.Errorf("location %+v", loc)
	}
	// Once only.
	if r := send("2025-07-22"); r.code != 0 || len(srv.Delivered()) != 1 {
		t.Fatalf("second send: %+v, %d delivered", r, len(srv.Delivered()))
	}
	r = run("campaign", "status", "visits", "--json")
	var list []struct {
		Code       string `json:"customer_code"`
		RemindedOn string `json:"reminded_on"`
		Channel    string `json:"channel"`
		SMS        string `json:"sms"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatalf("%v: %+v", err, r)
	}
	if len(list) != 2 || list[0].Code != "RS1" || list[0].RemindedOn != "2025-07-21" || list[0].Channel != "email" || list[1].RemindedOn != "" {
		t.Fatalf("status %+v", list)
	}
	// The Serbian text is Cyrillic: UCS-2, and it fits two segments.
	if info := app.AnalyzeSMS(list[0].SMS); info.Encoding != app.SMSUCS2 || info.Segments > 2 {
		t.Errorf("SMS %q: %s, %d segments", list[0].SMS, info.Encoding, info.Segments)
	}
}

// calendarPart finds the text/calendar attachment of a raw message.
func calendarPart(t *testing.T, raw []byte) []byte {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(ct string, h func(string) string, body io.Reader) []byte
	walk = func(ct string, h func(string) string, body io.Reader) []byte {
		mt, params, _ := mime.ParseMediaType(ct)
		if strings.HasPrefix(mt, "multipart/") {
			mr := multipart.NewReader(body, params["boundary"])
			for {
				part, err := mr.NextRawPart()
				if err != nil {
					return nil
				}
				if got := walk(part.Header.Get("Content-Type"), part.Header.Get, part); got != nil {
					return got
				}
			}
		}
		if mt != "text/calendar" {
			return nil
		}
		var r io.Reader = body
		switch strings.ToLower(h("Content-Transfer-Encoding")) {
		case "base64":
			r = base64.NewDecoder(base64.StdEncoding, body)
		case "quoted-printable":
			r = quotedprintable.NewReader(body)
		}
		b, _ := io.ReadAll(r)
		return b
	}
	cal := walk(m.Header.Get("Content-Type"), m.Header.Get, m.Body)
	if cal == nil {
		t.Fatal("no text/calendar part")
	}
	return cal
}
