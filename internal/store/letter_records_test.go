package store

import (
	"context"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
)

// The letters as the owner looks them up: their invoices, a registered
// letter's number and its day, and an emailed letter that was printed
// instead (refused for good) known as one that went by post.
func TestLetterRecordsAndTracking(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	c := addCustomer(t, s, "C1")
	i1 := addInvoice(t, s, c, "F-2", "2025-02-01", "2025-03-01", 10000)
	i2 := addInvoice(t, s, c, "F-10", "2025-02-01", "2025-03-01", 5000)
	post := dunning.Action{CustomerID: c, CustomerCode: "C1", Currency: "EUR", Level: 1, Kind: dunning.KindReminder1, Channel: "postal",
		Invoices: []dunning.ActionInvoice{{ID: i1, Level: 1}, {ID: i2, Level: 1}}}
	mail := post
	mail.Level, mail.Kind, mail.Channel = 2, dunning.KindReminder2, "email"
	p, err := s.RecordLetter(ctx, post, ledger.MustDate("2025-03-08"), "plan")
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.RecordLetter(ctx, mail, ledger.MustDate("2025-03-22"), "email")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetLetterTracking(ctx, p, "RR123456785FR", ledger.MustDate("2025-03-09")); err != nil {
		t.Fatal(err)
	}
	if err := s.SetLetterTracking(ctx, 999, "RR123456785FR", ledger.MustDate("2025-03-09")); err == nil {
		t.Error("a number recorded for a letter that does not exist")
	}
	rs, err := s.LetterRecords(ctx, LetterFilter{CustomerCode: "C1"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 2 || rs[0].ID != m || rs[1].ID != p {
		t.Fatalf("newest first: %+v", rs)
	}
	r := rs[1]
	if !r.Registered || r.Tracking != "RR123456785FR" || r.TrackingOn != ledger.MustDate("2025-03-09") || r.Channel != "postal" ||
		len(r.Invoices) != 2 || r.Invoices[0] != "F-10" || r.Invoices[1] != "F-2" || r.Printed {
		t.Errorf("the registered letter: %+v", r)
	}
	if rs[0].Registered || rs[0].Printed {
		t.Errorf("the emailed letter: %+v", rs[0])
	}
	// The history the letters cite from carries the number.
	hist, err := s.LetterHistory(ctx, []int64{i1}, ledger.MustDate("2025-03-31"))
	if err != nil || len(hist) != 2 || hist[0].Tracking != "RR123456785FR" || !hist[0].Registered || hist[1].Tracking != "" {
		t.Errorf("history %+v, %v", hist, err)
	}
	// Refused for good, printed instead: it went by post.
	ob, err := s.Enqueue(ctx, OutboxItem{LetterID: m, CustomerID: c, CustomerCode: "C1", Kind: "reminder-2", MessageID: "<x@example.fr>", Message: []byte("x")}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.OfferForPrint(ctx, ob, "refused"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPostal(ctx, ob, "printed"); err != nil {
		t.Fatal(err)
	}
	if r, err := s.LetterRecordByID(ctx, m); err != nil || !r.Printed {
		t.Errorf("printed instead: %+v, %v", r, err)
	}
	if rs, err := s.LetterRecords(ctx, LetterFilter{Date: ledger.MustDate("2025-03-08")}); err != nil || len(rs) != 1 || rs[0].ID != p {
		t.Errorf("by day: %+v, %v", rs, err)
	}
}
