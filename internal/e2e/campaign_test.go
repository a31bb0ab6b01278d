package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestPaperlessCampaignOverTheRealStack is the announcements issue's
// acceptance: a paperless campaign to 20 customers, 14 by email and 6 by
// post; three answer "oui", "yes" and "да"; after a sync and the owner's
// confirmation, exactly those three go email-only from the switch date,
// with the reply kept as evidence, and the 17 who have not answered get
// the postcard.
func TestPaperlessCampaignOverTheRealStack(t *testing.T) {
	s := mailStack(t)
	const first, n = 281, 20 // mailboxes of their own
	db := ledgerWith(t, s, first, n, 600)
	owner := s.get("MAIL_USER")
	domain := s.get("CUSTOMER_DOMAIN")
	code := func(i int) string { return fmt.Sprintf("K%03d", i) }
	// 14 who take email as well as paper, 6 on paper only.
	var upd strings.Builder
	upd.WriteString("code,name,delivery\n")
	for i := first; i < first+n; i++ {
		delivery := "both"
		if i >= first+14 {
			delivery = "postal"
		}
		fmt.Fprintf(&upd, "%s,Client %s,%s\n", code(i), code(i), delivery)
	}
	dir := t.TempDir()
	updFile := filepath.Join(dir, "delivery.csv")
	if err := os.WriteFile(updFile, []byte(upd.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := ctl(t, s, db, nil, "import", "customers", updFile); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	switchDate := time.Now().AddDate(0, 0, 40).Format("2006-01-02")
	if r := ctl(t, s, db, nil, "campaign", "create", "paperless", "--kind", "paperless", "--all", "effective_date="+switchDate,
		"consent_email="+owner, "consent_phone=04 78 00 00 00", "timeline=notice now, paper ends in 40 days",
		"terms=Invoices are sent by email, as PDF."); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	postal := filepath.Join(dir, "postal.pdf")
	r := ctl(t, s, db, nil, "campaign", "send", "paperless", "-o", postal)
	if r.code != 0 || !strings.Contains(r.out, "14 notice(s) by email, 6 by post") || !strings.Contains(r.out, "14 delivered") {
		t.Fatalf("%+v", r)
	}
	if pages := npages(t, postal); pages < 6 {
		t.Errorf("the postal file has %d pages for 6 notices", pages)
	}
	// Each email customer has their notice in their mailbox, once.
	notices := map[string]outboxRow{}
	for _, row := range outbox(t, s, db) {
		notices[row.Customer] = row
	}
	for i := first; i < first+14; i++ {
		row, ok := notices[code(i)]
		if !ok || row.State != "sent" {
			t.Fatalf("%s: notice %+v", code(i), row)
		}
		user := fmt.Sprintf("c%03d", i)
		got := waitDelivered(t, func() []string { return maildirFiles(s, domain, user, "") }, []string{row.MessageID})
		if got[row.MessageID] != 1 {
			t.Errorf("%s: the notice is in the mailbox %d times", code(i), got[row.MessageID])
		}
	}
	// Sending again reaches nobody twice.
	if r := ctl(t, s, db, nil, "campaign", "send", "paperless", "-o", filepath.Join(dir, "again.pdf")); r.code != 0 ||
		!strings.Contains(r.out, "0 notice(s) by email, 0 by post, 20 customer(s) skipped") {
		t.Fatalf("second send: %+v", r)
	}

	// Three answers, each to its notice.
	run := strconv.FormatInt(time.Now().UnixNano(), 36)
	answers := map[int]string{first: "Oui.\n\nCordialement,\nÉlodie", first + 1: "Да\n\nПоздрав", first + 2: "Yes\n\nThanks"}
	ours := map[string]string{}
	for i, text := range answers {
		from := fmt.Sprintf("c%03d@%s", i, domain)
		mid := fmt.Sprintf("e2e-consent-%d.%s@%s", i, run, domain)
		ours[mid] = code(i)
		row := notices[code(i)]
		deliver(t, s, from, from, owner, "From: "+from+"\nTo: "+owner+"\nSubject: Re: "+row.Subject+"\nDate: "+time.Now().Format(time.RFC1123Z)+
			"\nMessage-ID: <"+mid+">\nIn-Reply-To: <"+row.MessageID+">\nReferences: <"+row.MessageID+">"+
			"\nContent-Type: text/plain; charset=utf-8\n\n"+text+"\n\n> "+row.Subject+"\n")
	}
	applied := map[string]bool{}
	deadline := time.Now().Add(30 * time.Second)
	for len(applied) < 3 && time.Now().Before(deadline) {
		if r := ctl(t, s, db, nil, "inbox", "sync", "--json"); r.code != 0 {
			t.Fatalf("%+v", r)
		}
		var list []responseRow
		r := ctl(t, s, db, nil, "responses", "--json")
		if err := json.Unmarshal([]byte(r.out), &list); err != nil {
			t.Fatalf("%v: %s", err, r.out)
		}
		for _, m := range list {
			c, mine := ours[m.MessageID]
			if !mine || applied[c] {
				continue
			}
			if m.Customer == nil || *m.Customer != c || m.Class != "reply" {
				t.Fatalf("%s: recorded as %+v", m.MessageID, m)
			}
			var sg []struct{ Kind string }
			json.Unmarshal(m.Suggestions, &sg)
			n := 0
			for i, x := range sg {
				if x.Kind == "consent" {
					n = i + 1
				}
			}
			if n == 0 {
				t.Fatalf("%s: no consent suggested: %s", c, m.Suggestions)
			}
			// The owner confirms it.
			if r := ctl(t, s, db, nil, "responses", "apply", fmt.Sprint(m.ID), fmt.Sprint(n)); r.code != 0 || !strings.Contains(r.out, switchDate) {
				t.Fatalf("apply: %+v", r)
			}
			applied[c] = true
		}
		time.Sleep(300 * time.Millisecond)
	}
	if len(applied) != 3 {
		t.Fatalf("consents applied: %v", applied)
	}

	// Exactly those three are email-only from the switch date, with the
	// reply as evidence.
	r = ctl(t, s, db, nil, "campaign", "status", "paperless", "--json")
	var st struct {
		Recipients []struct {
			Code          string `json:"customer_code"`
			Channel       string `json:"channel"`
			State         string `json:"state"`
			EmailOnlyFrom string `json:"email_only_from"`
			Consent       *struct {
				State, Channel, Evidence string
			} `json:"consent"`
		} `json:"recipients"`
	}
	if err := json.Unmarshal([]byte(r.out), &st); err != nil {
		t.Fatalf("%v: %s", err, r.out)
	}
	if len(st.Recipients) != n {
		t.Fatalf("%d recipients", len(st.Recipients))
	}
	emailOnly := 0
	for _, x := range st.Recipients {
		if applied[x.Code] {
			emailOnly++
			if x.State != "granted" || x.EmailOnlyFrom != switchDate || x.Consent == nil || x.Consent.Channel != "email" {
				t.Errorf("%s: %+v", x.Code, x)
				continue
			}
			mid, file, _ := strings.Cut(strings.TrimPrefix(x.Consent.Evidence, "Message-ID <"), ">, ")
			if ours[mid] != x.Code {
				t.Errorf("%s: evidence %q", x.Code, x.Consent.Evidence)
			}
			if data, err := os.ReadFile(file); err != nil || !strings.Contains(string(data), mid) {
				t.Errorf("%s: the reply kept as %q: %v", x.Code, file, err)
			}
			continue
		}
		if x.State != "sent" || x.EmailOnlyFrom != "" || x.Consent != nil {
			t.Errorf("%s did not answer and is %+v", x.Code, x)
		}
	}
	if emailOnly != 3 {
		t.Errorf("%d customers email-only", emailOnly)
	}
	// The 17 who have not answered get the postcard, two to a sheet.
	cards := filepath.Join(dir, "cards.pdf")
	r = ctl(t, s, db, nil, "campaign", "postcards", "paperless", "-o", cards)
	if r.code != 0 || !strings.Contains(r.out, "17 postcard(s)") {
		t.Fatalf("%+v", r)
	}
	for c := range applied {
		if strings.Contains(r.out, c) {
			t.Errorf("%s answered and gets a postcard", c)
		}
	}
	// Duplex: each sheet is a page of two message sides and a page of
	// their two address sides.
	if pages := npages(t, cards); pages != 18 {
		t.Errorf("17 postcards on %d pages, want 18 (9 sheets, both sides)", pages)
	}
}

// npages counts a PDF's pages with qpdf (and checks the file on the way).
func npages(t *testing.T, path string) int {
	t.Helper()
	if _, err := exec.LookPath("qpdf"); err != nil {
		t.Skip("qpdf not installed")
	}
	out, err := exec.Command("qpdf", "--show-npages", path).Output()
	if err != nil {
		t.Fatalf("qpdf %s: %v", path, err)
	}
	k, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatal(err)
	}
	return k
}
