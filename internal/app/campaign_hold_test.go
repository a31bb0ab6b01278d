package app

import (
	"context"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// An appointment reminder by post, sent with HoldPostal (the GUI's way):
// its letter comes back as a print file, the appointment is not reminded
// until the owner marks it posted, a second send makes the same letter
// again (nobody lost), and once marked it is reminded once, by post, and
// never made again.
func TestAppointmentReminderHeldUntilPosted(t *testing.T) {
	ctx := context.Background()
	svc, day := postalLedger(t, 1)
	if _, err := svc.CreateCampaign(ctx, CampaignSpec{Name: "Visits", Kind: ledger.CampaignAppointments,
		Fields: map[string]string{"remind_days": "3"}, Audience: store.Audience{All: true}}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddAppointment(ctx, AppointmentInput{Campaign: "Visits", CustomerCode: "C001",
		At: day.AddDays(2).String() + " 09:15", Zone: "Europe/Paris", Place: "12 rue de la République, Lyon"}); err != nil {
		t.Fatal(err)
	}
	send := func() *CampaignReport {
		t.Helper()
		rep, err := svc.SendCampaign(ctx, "Visits", CampaignSendOptions{AsOf: day, HoldPostal: true})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	reminded := func() ledger.Date {
		t.Helper()
		c, err := svc.Campaign(ctx, "Visits")
		if err != nil {
			t.Fatal(err)
		}
		list, err := svc.Store().AppointmentsOf(ctx, c.ID)
		if err != nil || len(list) != 1 {
			t.Fatalf("%d appointments, %v", len(list), err)
		}
		return list[0].RemindedOn
	}
	rep := send()
	if len(rep.Held) != 1 || rep.Held[0].CustomerCode != "C001" || rep.Held[0].AppointmentID == 0 || len(rep.PostalPDF) == 0 || rep.PrintTo != "" {
		t.Fatalf("held %+v, %d PDF bytes, file %q", rep.Held, len(rep.PostalPDF), rep.PrintTo)
	}
	if !reminded().IsZero() {
		t.Fatal("reminded before the letter was posted")
	}
	if again := send(); len(again.Held) != 1 {
		t.Fatalf("a second send before posting made %d letters, want the same one again", len(again.Held))
	}
	posted, err := svc.MarkCampaignPosted(ctx, "Visits", rep.Held, day)
	if err != nil || len(posted.Recorded) != 1 || len(posted.Dropped) != 0 {
		t.Fatalf("marked: %+v, %v", posted, err)
	}
	if reminded() != day {
		t.Errorf("reminded on %v, want %v", reminded(), day)
	}
	if twice, err := svc.MarkCampaignPosted(ctx, "Visits", rep.Held, day); err != nil || len(twice.Recorded) != 0 || len(twice.Dropped) != 1 {
		t.Errorf("marked twice: %+v, %v", twice, err)
	}
	if after := send(); len(after.Held) != 0 || after.PostalPDF != nil {
		t.Errorf("after posting, a send made %d letters", len(after.Held))
	}
}
