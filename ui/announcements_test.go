package ui

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// pdfText is a PDF file's text through poppler's pdftotext (Debian
// poppler-utils, installed by .ci/run); the check is skipped without it.
func pdfText(t *testing.T, path string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (Debian poppler-utils)")
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(out)
}

// The Announcements screen: a paperless campaign made in the form (a
// missing consent channel refused inline), sent (3 emails through the
// in-process SMTP server, the postal notice printed), its recipients
// listed with their channel, then the postcards printed for those who
// have not answered.
func TestAnnouncementsPaperlessCampaign(t *testing.T) {
	svc, srv, pw := sendLedger(t)
	ctx := context.Background()
	if err := svc.SaveCustomer(ctx, ledger.Customer{Code: "P1", Name: "Poste SARL", Language: ledger.French, Kind: ledger.Business,
		Address1: "3 rue C", Postcode: "75011", City: "Paris", Country: "FR", Delivery: ledger.DeliveryPostal}); err != nil {
		t.Fatal(err)
	}
	u := newTestUI(t, svc, i18n.EN, pw)
	u.Show(ScreenAnnouncements)
	u.Wait()
	v := u.announcements
	if !strings.Contains(v.Summary.Text, "No campaign yet") || !v.Send.Disabled() {
		t.Fatalf("empty screen: %q", v.Summary.Text)
	}
	test.Tap(v.New)
	f := v.Form
	test.Type(f.Name, "Paperless 2027")
	f.Fields["effective_date"].SetText(testDay.AddDays(40).String())
	f.All.SetChecked(true)
	test.Tap(f.Create)
	u.Wait()
	if !strings.Contains(f.Error.Text, "consent_email") {
		t.Fatalf("no consent channel: %q", f.Error.Text)
	}
	f.Fields["consent_email"].SetText("owner@fault.test")
	test.Tap(f.Create)
	u.Wait() // the campaign is read in the background
	if f.Error.Text != "" || v.Campaign.Selected != "Paperless 2027" {
		t.Fatalf("create: %q, selected %q", f.Error.Text, v.Campaign.Selected)
	}
	test.Tap(v.Send)
	u.Wait()
	if n := len(srv.Delivered()); n != 3 {
		t.Fatalf("%d emails delivered", n)
	}
	// The postal notice waits in the print dialog: nobody is recorded as
	// reached by post until it is marked posted.
	p := u.lastPrintDialog
	if p == nil || !strings.Contains(p.What.Text, "1 letter") {
		t.Fatalf("no print dialog for the postal notice: %+v", p)
	}
	if len(v.rows) != 3 {
		t.Fatalf("%d recipients before the notice is posted, want the 3 emailed", len(v.rows))
	}
	saved := filepath.Join(t.TempDir(), "notices.pdf")
	u.savePath = func(name string, then func(string)) {
		if !strings.Contains(name, "campaign-Paperless-2027") {
			t.Errorf("file name proposed: %q", name)
		}
		then(saved)
	}
	test.Tap(p.SavePDF)
	u.Wait()
	if text := pdfText(t, saved); !strings.Contains(text, "Poste SARL") {
		t.Errorf("the saved notices do not name P1:\n%s", text)
	}
	test.Tap(p.MarkPosted)
	u.Wait()
	if p.Posted == nil || len(p.Posted.Recorded) != 1 || p.Posted.Recorded[0].CustomerCode != "P1" {
		t.Fatalf("marked posted: %+v", p.Posted)
	}
	// Marked twice (the same notices): nobody recorded twice.
	if again, err := svc.MarkCampaignPosted(ctx, "Paperless 2027", []app.HeldNotice{{CustomerCode: "P1"}}, testDay); err != nil || len(again.Recorded) != 0 || len(again.Dropped) != 1 {
		t.Errorf("marked again: %+v, %v", again, err)
	}
	if len(v.rows) != 4 || v.Postcards.Disabled() {
		t.Fatalf("%d recipients; postcards enabled %v", len(v.rows), !v.Postcards.Disabled())
	}
	channels := map[string]string{}
	for _, r := range v.rows {
		channels[r.CustomerCode] = r.Channel
	}
	if channels["P1"] != "postal" || channels["C1"] != "email" {
		t.Errorf("channels %v", channels)
	}
	test.Tap(v.Postcards)
	u.Wait()
	if !strings.HasSuffix(u.lastPrint, "-cards-"+testDay.String()+".pdf") {
		t.Errorf("postcards printed as %q", u.lastPrint)
	}
	// Sending again reaches nobody twice.
	test.Tap(v.Send)
	u.Wait()
	if n := len(srv.Delivered()); n != 3 {
		t.Errorf("%d emails after a second send", n)
	}
}

// An appointments campaign made in the form; an appointment the clocks
// skip is refused inline; one added in time is listed and reminded by
// email, once.
func TestAnnouncementsAppointments(t *testing.T) {
	svc, srv, pw := sendLedger(t)
	u := newTestUI(t, svc, i18n.EN, pw)
	u.Show(ScreenAnnouncements)
	u.Wait()
	v := u.announcements
	test.Tap(v.New)
	f := v.Form
	test.Type(f.Name, "Boiler visits")
	f.Kind.SetCode("appointments")
	f.Fields["remind_days"].SetText("3")
	test.Tap(f.Create)
	u.Wait()
	if f.Error.Text != "" || v.Campaign.Selected != "Boiler visits" || v.AddAppt.Hidden {
		t.Fatalf("create: %q, selected %q", f.Error.Text, v.Campaign.Selected)
	}
	test.Tap(v.AddAppt)
	a := v.ApptForm
	a.Customer.SetText("C1")
	a.Day.SetText("28/03/2027")
	a.Time.SetText("02:30")
	a.Zone.SetText("Europe/Paris")
	test.Tap(a.Add)
	u.Wait()
	if !strings.Contains(a.Error.Text, "clocks go forward") {
		t.Fatalf("a skipped time: %q", a.Error.Text)
	}
	a.Day.SetDate(testDay.AddDays(2))
	a.Time.SetText("09:15")
	a.Place.SetText("12 rue de la République, Lyon")
	test.Tap(a.Add)
	u.Wait()
	if a.Error.Text != "" || len(v.appts) != 1 {
		t.Fatalf("add: %q, %d appointments", a.Error.Text, len(v.appts))
	}
	test.Tap(v.Send)
	u.Wait()
	if n := len(srv.Delivered()); n != 1 || !strings.Contains(string(srv.Delivered()[0].Data), "text/calendar") {
		t.Fatalf("%d reminders delivered", n)
	}
	if v.appts[0].RemindedOn != testDay {
		t.Errorf("reminded on %v", v.appts[0].RemindedOn)
	}
	test.Tap(v.Send)
	u.Wait()
	if n := len(srv.Delivered()); n != 1 {
		t.Errorf("%d reminders after a second send", n)
	}
}
