package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// A registered letter's tracking number, from the plan's recorded letter
// to the letters that follow it: the owner finds the letter's ID in plan
// --record's output, enters the number the post office gave, sees it in
// letters list and the customer's timeline, and the next letter cites it.
func TestRegisteredLetterTracking(t *testing.T) {
	db := tempDB(t)
	day := ledger.MustDate("2025-06-17")
	for _, args := range [][]string{
		{"init"},
		{"company", "set", "jurisdiction=FR", "legal_name=Atelier Rhône SARL", "address1=3 quai Rambaud", "postcode=69002", "city=Lyon", "country=FR"},
		// FRP has no email: its letters go by post. FRE's go by email.
		{"import", "customers", write(t, "c.csv", "code,name,email,kind,address1,postcode,city,country,language\n"+
			"FRP,Boulangerie Martin,,business,1 rue A,69003,Lyon,FR,fr\nFRE,Atelier Durand,d@example.fr,business,2 rue B,69003,Lyon,FR,fr\n")},
		{"import", "invoices", write(t, "i.csv", "number,customer_code,issue_date,due_date,currency,total\n"+
			"P1,FRP,2025-05-11,2025-06-10,EUR,1000.00\nE1,FRE,2025-05-11,2025-06-10,EUR,500.00\n")},
	} {
		if r := runAt(t, day, append([]string{"--db", db}, args...)...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	r := runAt(t, day, "--db", db, "--lang", "en", "plan", "--record")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	// Each recorded letter is listed with its ID.
	ids := map[string]string{}
	for _, m := range regexp.MustCompile(`letter (\d+): (\w+), reminder-1`).FindAllStringSubmatch(r.stdout, -1) {
		ids[m[2]] = m[1]
	}
	if len(ids) != 2 || ids["FRP"] == "" || ids["FRE"] == "" {
		t.Fatalf("plan --record does not list each letter's ID:\n%s", r.stdout)
	}
	// The JSON of a later recorded run gives them too (reminder-2 on 1 July).
	r = runAt(t, ledger.MustDate("2025-07-01"), "--db", db, "plan", "--record", "--json")
	var recorded struct {
		Actions []struct {
			CustomerCode string `json:"customer_code"`
			Kind         string `json:"kind"`
			LetterID     int64  `json:"letter_id"`
		} `json:"actions"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &recorded); err != nil || r.code != 0 || len(recorded.Actions) != 2 {
		t.Fatalf("%v: %+v", err, r)
	}
	for _, a := range recorded.Actions {
		if a.Kind != "reminder-2" || a.LetterID == 0 || fmt.Sprint(a.LetterID) == ids[a.CustomerCode] {
			t.Errorf("plan --record --json: %+v", a)
		}
	}
	// A number with a wrong S10 check digit (…5FR is right) is refused,
	// an emailed letter has none, an unknown ID is said.
	if r := runAt(t, day, "--db", db, "--lang", "en", "letter", "tracking", ids["FRP"], "RR", "1234", "5678", "4FR"); r.code != ExitUser || !strings.Contains(r.stderr, "check digit") {
		t.Fatalf("wrong check digit: %+v", r)
	}
	if r := runAt(t, day, "--db", db, "--lang", "en", "letter", "tracking", ids["FRE"], "RR123456785FR"); r.code != ExitUser || !strings.Contains(r.stderr, "email") {
		t.Fatalf("emailed letter: %+v", r)
	}
	if r := runAt(t, day, "--db", db, "--lang", "en", "letter", "tracking", "999", "RR123456785FR"); r.code != ExitUser || !strings.Contains(r.stderr, "999") {
		t.Fatalf("unknown letter: %+v", r)
	}
	// After the command, --lang is still the messages' language (letter's
	// own --lang is the letter's; tracking makes none).
	if r := runAt(t, day, "--db", db, "letter", "tracking", "--lang", "fr", ids["FRP"], "RR123456784FR"); r.code != ExitUser || !strings.Contains(r.stderr, "clé de contrôle") {
		t.Fatalf("--lang fr: %+v", r)
	}
	if r := runAt(t, day, "--db", db, "letter", "tracking", ids["FRP"]); r.code != ExitUsage {
		t.Fatalf("no number: %+v", r)
	}
	r = runAt(t, day, "--db", db, "--lang", "en", "letter", "tracking", ids["FRP"], "rr 1234 5678 5fr")
	if r.code != 0 || !strings.Contains(r.stdout, "RR 1234 5678 5FR") {
		t.Fatalf("tracking: %+v", r)
	}
	r = runAt(t, day, "--db", db, "letters", "list", "--customer", "FRP", "--json")
	var list []letterJSON
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || r.code != 0 {
		t.Fatalf("%v: %+v", err, r)
	}
	// Newest first: the reminder-2 of 1 July, not registered, then the
	// reminder-1 with its number.
	if len(list) != 2 || list[0].Kind != "reminder-2" || list[0].Registered || list[0].Tracking != "" ||
		fmt.Sprint(list[1].ID) != ids["FRP"] || !list[1].Registered || list[1].Tracking != "RR 1234 5678 5FR" || list[1].TrackingOn != "2025-06-17" ||
		list[1].Kind != "reminder-1" || list[1].Channel != "postal" || strings.Join(list[1].Invoices, ",") != "P1" {
		t.Fatalf("letters list: %+v", list)
	}
	r = runAt(t, day, "--db", db, "--lang", "fr", "letters", "show", ids["FRP"])
	if r.code != 0 || !strings.Contains(r.stdout, "recommandé n° RR 1234 5678 5FR") {
		t.Fatalf("letters show: %+v", r)
	}

	// The timeline says it.
	svc, err := app.Open(context.Background(), db, app.Options{Today: func() ledger.Date { return ledger.MustDate("2025-07-01") }})
	if err != nil {
		t.Fatal(err)
	}
	_, events, err := svc.CustomerTimeline(context.Background(), "FRP")
	svc.Close()
	if err != nil {
		t.Fatal(err)
	}
	// Every letter with its ID (what letter tracking and Mark as posted
	// take), the registered one with its number.
	found, plain := false, false
	for _, e := range events {
		text := e.Text.In(i18n.EN)
		found = found || e.Kind == "letter" && text == "Letter sent by registered post: reminder-1, tracking no. RR 1234 5678 5FR (letter "+ids["FRP"]+")"
		plain = plain || e.Kind == "letter" && regexp.MustCompile(`^Letter sent: reminder-2 \(letter \d+\)$`).MatchString(text)
	}
	if !found || !plain {
		t.Fatalf("timeline: %+v", events)
	}

	// The next letter cites it (its text read back from the PDF).
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	later := ledger.MustDate("2025-07-01")
	out := filepath.Join(t.TempDir(), "r2.pdf")
	if r := runAt(t, later, "--db", db, "letter", "--kind", "reminder-2", "--invoice", "P1", "-o", out); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	text := strings.Join(strings.Fields(pdfText(t, out)), " ")
	if !strings.Contains(text, "(lettre recommandée n° RR 1234 5678 5FR)") || !strings.Contains(text, "17 juin 2025") {
		t.Fatalf("reminder-2 does not cite the registered letter:\n%s", text)
	}
}

// A recorded print batch with --registered: the final demands say they go
// by registered letter with acknowledgement, are recorded as registered,
// and the output gives their IDs.
func TestPrintRegisteredFinalDemands(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	db := tempDB(t)
	day := ledger.MustDate("2025-06-17")
	for _, args := range [][]string{
		{"init"},
		{"company", "set", "jurisdiction=FR", "legal_name=Atelier Rhône SARL", "address1=3 quai Rambaud", "postcode=69002", "city=Lyon", "country=FR"},
		{"import", "customers", write(t, "c.csv", "code,name,email,kind,address1,postcode,city,country,language\nFRP,Boulangerie Martin,,business,1 rue A,69003,Lyon,FR,fr\n")},
		{"import", "invoices", write(t, "i.csv", "number,customer_code,issue_date,due_date,currency,total\nP1,FRP,2025-05-11,2025-06-10,EUR,1000.00\n")},
	} {
		if r := runAt(t, day, append([]string{"--db", db}, args...)...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	for _, d := range []string{"2025-06-17", "2025-07-01"} {
		if r := runAt(t, ledger.MustDate(d), "--db", db, "print", "--record", "--registered", "final-demand", "-o", filepath.Join(t.TempDir(), "b.pdf")); r.code != 0 {
			t.Fatalf("%s: %+v", d, r)
		}
	}
	if r := runAt(t, day, "--db", db, "print", "--registered", "statement", "-o", filepath.Join(t.TempDir(), "b.pdf")); r.code != ExitUsage {
		t.Fatalf("a statement is not a ladder letter: %+v", r)
	}
	fd := ledger.MustDate("2025-07-15")
	out := filepath.Join(t.TempDir(), "fd.pdf")
	r := runAt(t, fd, "--db", db, "--lang", "en", "print", "--record", "--registered", "final-demand", "-o", out)
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	m := regexp.MustCompile(`letter (\d+): FRP, final-demand, registered \(relancectl letter tracking (\d+) NUMBER\)`).FindStringSubmatch(r.stdout)
	if m == nil || m[1] != m[2] {
		t.Fatalf("print --record does not give the registered letter's ID:\n%s", r.stdout)
	}
	text := strings.Join(strings.Fields(pdfText(t, out)), " ")
	if !strings.Contains(text, "Par la présente lettre recommandée avec demande d'avis de réception, nous vous mettons en demeure") {
		t.Fatalf("the final demand does not say it is registered:\n%s", text)
	}
	// The cover gives the letter's ID, and marks it registered.
	// (The kind's column may name it in words: only the mark is asked.)
	if !strings.Contains(text, m[1]+" FRP Boulangerie Martin") || !strings.Contains(text, " (recommandé AR) ") {
		t.Fatalf("cover:\n%s", text)
	}
	// A single letter made with --registered says so too (it records
	// nothing: letter only writes the file).
	one := filepath.Join(t.TempDir(), "one.pdf")
	if r := runAt(t, fd, "--db", db, "letter", "--kind", "final-demand", "--invoice", "P1", "--lang", "de", "--registered", "-o", one); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if text := strings.Join(strings.Fields(pdfText(t, one)), " "); !strings.Contains(text, "Mit diesem Einschreiben mit Rückschein fordern wir Sie letztmalig auf") {
		t.Errorf("letter --registered:\n%s", text)
	}
	r = runAt(t, fd, "--db", db, "letters", "list", "--on", "2025-07-15", "--json")
	var list []letterJSON
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || !list[0].Registered || list[0].Tracking != "" || list[0].Kind != "final-demand" {
		t.Fatalf("%+v", list)
	}
	// The timeline says it went registered, its number still to come.
	svc, err := app.Open(context.Background(), db, app.Options{Today: func() ledger.Date { return fd }})
	if err != nil {
		t.Fatal(err)
	}
	_, events, err := svc.CustomerTimeline(context.Background(), "FRP")
	svc.Close()
	if err != nil || len(events) == 0 || events[0].Text.In(i18n.EN) != "Letter sent by registered post: final-demand, no tracking number yet (letter "+m[1]+")" {
		t.Errorf("timeline: %+v, %v", events, err)
	}
	// The earlier letters of the batch were not registered.
	r = runAt(t, fd, "--db", db, "letters", "list", "--on", "2025-07-01", "--json")
	list = nil
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || len(list) != 1 || list[0].Registered {
		t.Fatalf("%v %+v", err, list)
	}
}

// The owner's choice of plain-Latin Serbian SMS is kept with the company
// and used by the SMS: "Đorđević" (outside GSM-7) forces UCS-2 until the
// owner allows "Djordjevic".
func TestSMSPlainLatinIsACompanySetting(t *testing.T) {
	db := tempDB(t)
	day := ledger.MustDate("2025-06-17")
	for _, args := range [][]string{
		{"init"},
		{"company", "set", "legal_name=Pekara Đorđević", "trading_name=Pekara Đorđević", "phone=+381 11 123 4567"},
		{"import", "customers", write(t, "c.csv", "code,name,email,kind,address1,postcode,city,country,language,mobile\n"+
			"RS1,Marko Jovanović,,consumer,Knez Mihailova 1,11000,Beograd,RS,sr-Latn,+381 64 123 4567\n")},
		{"import", "invoices", write(t, "i.csv", "number,customer_code,issue_date,due_date,currency,total\nR1,RS1,2025-05-11,2025-06-10,RSD,12000.00\n")},
	} {
		if r := runAt(t, day, append([]string{"--db", db}, args...)...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	sms := func() (text, encoding string) {
		t.Helper()
		r := runAt(t, day, "--db", db, "sms", "--kind", "reminder-1", "--invoice", "R1", "--json")
		var out struct{ Text, Encoding string }
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != 0 {
			t.Fatalf("%v: %+v", err, r)
		}
		return out.Text, out.Encoding
	}
	if text, enc := sms(); enc != "UCS-2" || !strings.Contains(text, "Đorđević") {
		t.Fatalf("by default the name keeps its letters: %s %q", enc, text)
	}
	if r := runAt(t, day, "--db", db, "company", "set", "sms_plain_latin=perhaps"); r.code != ExitUser {
		t.Fatalf("not yes or no: %+v", r)
	}
	if r := runAt(t, day, "--db", db, "company", "set", "sms_plain_latin=yes"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if r := runAt(t, day, "--db", db, "company", "show", "--json"); !strings.Contains(r.stdout, `"sms_plain_latin": "true"`) {
		t.Fatalf("company show: %s", r.stdout)
	}
	if text, enc := sms(); enc != "GSM-7" || !strings.Contains(text, "Djordjevic") {
		t.Fatalf("allowed: %s %q", enc, text)
	}
}

// A posted appointment reminder and its SMS say the time as the language
// writes it ("14 h 30" in French), and the Serbian Latin SMS follows the
// owner's plain-Latin setting like the reminders' SMS.
func TestAppointmentTimesAndPlainLatinSMS(t *testing.T) {
	db := tempDB(t)
	day := ledger.MustDate("2025-07-20")
	run := func(args ...string) result { return runAt(t, day, append([]string{"--db", db}, args...)...) }
	for _, args := range [][]string{
		{"init"},
		{"company", "set", "legal_name=Servis Đorđević", "trading_name=Servis Đorđević", "phone=+381 11 123 4567", "country=RS", "address1=Knez Mihailova 1", "postcode=11000", "city=Beograd"},
		{"import", "customers", write(t, "c.csv", "code,name,delivery,mobile,language,address1,postcode,city,country\n"+
			"FR1,Atelier Martin,postal,+33612345678,fr,1 rue A,69002,Lyon,FR\nRS1,Marko Jovanović,postal,+381641234567,sr-Latn,Knez Mihailova 2,11000,Beograd,RS\n")},
		{"campaign", "create", "visits", "--kind", "appointments", "remind_days=2"},
		{"campaign", "appointment", "visits", "FR1", "--at", "2025-07-22 14:30", "--tz", "Europe/Paris", "--place", "Lyon"},
		{"campaign", "appointment", "visits", "RS1", "--at", "2025-07-22 09:00", "--tz", "Europe/Belgrade", "--place", "Beograd"},
		{"company", "set", "sms_plain_latin=yes"},
	} {
		if r := run(args...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	out := filepath.Join(t.TempDir(), "visits.pdf")
	r := run("campaign", "send", "visits", "--as-of", "2025-07-20", "-o", out)
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	stdout := strings.NewReplacer("\u00a0", " ").Replace(r.stdout)
	if !strings.Contains(stdout, "SMS for FR1 (+33612345678): ") || !strings.Contains(stdout, "à 14 h 30,") || strings.Contains(stdout, "14:30") {
		t.Errorf("French SMS: %s", stdout)
	}
	// Plain Latin is for Serbian Latin only: the French text keeps the
	// company's name as written.
	rs := regexp.MustCompile(`SMS for RS1 [^\n]*`).FindString(stdout)
	if !strings.Contains(rs, "Servis Djordjevic: podsetnik na termin 22. jula 2025. u 09:00") || strings.Contains(rs, "đ") {
		t.Errorf("Serbian Latin SMS: %s", stdout)
	}
	if fr := regexp.MustCompile(`SMS for FR1 [^\n]*`).FindString(stdout); !strings.Contains(fr, "Servis Đorđević") {
		t.Errorf("French SMS: %s", stdout)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	text := strings.Join(strings.Fields(strings.NewReplacer("\u00a0", " ").Replace(pdfText(t, out))), " ")
	if !strings.Contains(text, "Heure : 14 h 30") || !strings.Contains(text, "22. jula 2025.") {
		t.Errorf("the posted reminders:\n%s", text)
	}
}
