package ui

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// trackingOf is the tracking number the ledger holds for a customer's
// newest letter.
func trackingOf(t *testing.T, svc *app.Service, code string) (id int64, tracking string) {
	t.Helper()
	recs, err := svc.LetterRecords(context.Background(), app.LetterFilter{CustomerCode: code})
	if err != nil || len(recs) == 0 {
		t.Fatalf("%s's letters: %+v %v", code, recs, err)
	}
	return recs[0].ID, recs[0].Tracking
}

// TestMarkPostedTakesTrackingNumbers (issue 18's decision: the tracking
// number is entered at Mark as posted): once the run's batch is marked
// posted, the dialog lists each letter recorded with its ID and an entry.
// A number with a wrong check digit is refused under its letter, in
// French, and nothing is stored for it; the right one is stored against
// the letter, shows in the customer's timeline, and the next letter cites
// it. Later, the customer's page's Tracking number… corrects the one
// refused, and the timeline shows it.
func TestMarkPostedTakesTrackingNumbers(t *testing.T) {
	fakePATH(t, nil)
	svc := postalUILedger(t)
	u := newTestUI(t, svc, i18n.FR, nil)
	u.Show(ScreenRun)
	u.Wait()
	test.Tap(u.run.PrintAll)
	u.Wait()
	p := u.lastPrintDialog
	u.savePath = func(_ string, then func(string)) { then(filepath.Join(t.TempDir(), "l.pdf")) }
	test.Tap(p.SavePDF)
	u.Wait()
	test.Tap(p.MarkPosted)
	u.Wait()
	d := u.lastTracking
	if d == nil || len(d.Rows) != 2 {
		t.Fatalf("after Mark as posted: tracking dialog %+v", d)
	}
	id1, _ := trackingOf(t, svc, "P1")
	id2, _ := trackingOf(t, svc, "P2")
	rows := map[int64]*TrackingRow{}
	for _, r := range d.Rows {
		rows[r.LetterID] = r
	}
	if rows[id1] == nil || rows[id2] == nil {
		t.Fatalf("rows for letters %v, the ledger recorded %d and %d", keys(rows), id1, id2)
	}
	shown := texts(u.Win.Canvas().Overlays().Top())
	for _, want := range []string{i18n.T(i18n.FR, "ui.posted", 2, u.date(testDay)), "Courrier " + itoa(id1) + " · P1 Client 1 · Premier rappel du "} {
		if !strings.Contains(shown, want) {
			t.Errorf("the dialog does not say %q:\n%s", want, shown)
		}
	}
	test.Type(rows[id1].Number, "RR123456784FR") // check digit 5, not 4
	test.Type(rows[id2].Number, "rr 123456785 fr")
	test.Tap(d.Save)
	u.Wait()
	wantErr := i18n.T(i18n.FR, "letter.bad_tracking", "RR123456784FR")
	if r := rows[id1].Result; !r.Visible() || r.Text != wantErr {
		t.Errorf("wrong check digit: the row says %q, want %q", r.Text, wantErr)
	}
	if r := rows[id2].Result; r.Text != i18n.T(i18n.FR, "ui.tracking_saved", "RR 123456785 FR") {
		t.Errorf("saved: the row says %q", r.Text)
	}
	if _, got := trackingOf(t, svc, "P1"); got != "" {
		t.Errorf("a refused number was stored: %q", got)
	}
	if _, got := trackingOf(t, svc, "P2"); got != "RR 123456785 FR" {
		t.Errorf("P2's letter holds %q", got)
	}
	// The timeline says it, and the next letter cites it.
	u.Show(ScreenCustomers)
	u.Wait()
	u.showCustomer(u.customers, "P2")
	u.Wait()
	if tl := texts(u.customers.Detail); !strings.Contains(tl, "n° de suivi RR 123456785 FR (courrier "+itoa(id2)+")") {
		t.Errorf("P2's timeline:\n%s", tl)
	}
	doc, err := svc.Letter(context.Background(), app.LetterOptions{Kind: ledger.KindReminder2, InvoiceNo: "F-2", AsOf: testDay.AddDays(15)})
	if err != nil {
		t.Fatal(err)
	}
	var words []string
	for _, pg := range doc.Layout.Pages {
		for _, it := range pg.Items {
			words = append(words, it.Text)
		}
	}
	if text := strings.Join(strings.Fields(strings.Join(words, " ")), " "); !strings.Contains(text, "(lettre recommandée n° RR 123456785 FR)") {
		t.Errorf("the next letter does not cite the registered letter:\n%s", text)
	}
	// Later, from P1's page: the number corrected.
	u.showCustomer(u.customers, "P1")
	u.Wait()
	if u.customers.Tracking == nil {
		t.Fatal("P1's page has no Tracking number… button")
	}
	test.Tap(u.customers.Tracking)
	u.Wait()
	d = u.lastTracking
	if len(d.Rows) != 1 || d.Rows[0].LetterID != id1 {
		t.Fatalf("P1's posted letters: %+v", d.Rows)
	}
	test.Type(d.Rows[0].Number, "RR123456785FR")
	test.Tap(d.Save)
	u.Wait()
	if _, got := trackingOf(t, svc, "P1"); got != "RR123456785FR" {
		t.Errorf("P1's letter holds %q", got)
	}
	test.Tap(d.Close)
	u.Wait()
	if tl := texts(u.customers.Detail); !strings.Contains(tl, "n° de suivi RR123456785FR") {
		t.Errorf("P1's timeline after the number was entered:\n%s", tl)
	}
}

func keys(m map[int64]*TrackingRow) []int64 {
	var out []int64
	for k := range m {
		out = append(out, k)
	}
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
