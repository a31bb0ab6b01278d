package app

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/mail/mailtest"
	"github.com/relance-app/relance/internal/render"
	"github.com/relance-app/relance/internal/store"
)

// postalLedger: customers C001…C00n by post, C00i owing invoices F-00i-1…
// (i of them: C002 has two), each 100.00 € + i cents, 50 days overdue.
func postalLedger(t *testing.T, n int) (*Service, ledger.Date) {
	t.Helper()
	ctx := context.Background()
	day := ledger.MustDate("2025-07-20")
	svc, _, err := Create(ctx, filepath.Join(t.TempDir(), "p.db"), Options{Today: func() ledger.Date { return day }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	co := ledger.DefaultCompany()
	co.LegalName, co.Address1, co.Postcode, co.City = "Ateliers Bellecour SAS", "12 rue de la République", "69002", "Lyon"
	if err := svc.Store().SetCompany(ctx, co); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		cid, err := svc.Store().SaveCustomer(ctx, ledger.Customer{Code: fmt.Sprintf("C%03d", i), Name: fmt.Sprintf("Client %d", i), Language: ledger.French,
			Kind: ledger.Business, Address1: "1 rue A", Postcode: fmt.Sprintf("7500%d", i), City: "Paris", Country: "FR", Delivery: ledger.DeliveryPostal})
		if err != nil {
			t.Fatal(err)
		}
		for j := 1; j <= min(i, 2); j++ {
			err = svc.Store().InBatch(ctx, false, func(b *store.Batch) error {
				inv := ledger.Invoice{Number: fmt.Sprintf("F-%03d-%d", i, j), CustomerID: cid, IssueDate: ledger.MustDate("2025-05-01"),
					DueDate: ledger.MustDate("2025-06-01"), Total: ledger.Money{Minor: 10000 + int64(i), Currency: "EUR"}}
				return b.InsertInvoice(ctx, &inv)
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	return svc, day
}

func proposed(t *testing.T, svc *Service, day ledger.Date) map[string]string {
	t.Helper()
	plan, err := svc.Plan(context.Background(), day)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, a := range plan.Actions {
		var nos []string
		for _, inv := range a.Invoices {
			nos = append(nos, inv.Number)
		}
		out[a.CustomerCode] = string(a.Kind) + " " + strings.Join(nos, ",")
	}
	return out
}

// TestMarkPostedRecordsOnlyWhatWasPrinted: a batch made without recording
// leaves the plan as it was (printed but not marked: still proposed).
// Between printing and Mark as posted, C001's invoice is paid and one of
// C002's is paid in part: their letters are not recorded, each said with
// its reason, and stay proposed (C002 with its new figures); C003's,
// unchanged, is recorded and no longer proposed. A batch is marked once.
func TestMarkPostedRecordsOnlyWhatWasPrinted(t *testing.T) {
	ctx := context.Background()
	svc, day := postalLedger(t, 3)
	before := proposed(t, svc, day)
	if len(before) != 3 || before["C002"] != "reminder-1 F-002-1,F-002-2" {
		t.Fatalf("plan %v", before)
	}
	batch, err := svc.PrintBatch(ctx, PrintOptions{AsOf: day}, nil)
	if err != nil || len(batch.Letters) != 3 || batch.Recorded {
		t.Fatalf("batch %+v %v", batch, err)
	}
	if got := proposed(t, svc, day); fmt.Sprint(got) != fmt.Sprint(before) {
		t.Fatalf("printing without marking changed the plan: %v", got)
	}
	// The cover sheet names the kind in words, in the company's language.
	var cover strings.Builder
	for _, it := range batch.Parts[0].Pages[0].Items {
		cover.WriteString(it.Text + " ")
	}
	if c := cover.String(); strings.Contains(c, "reminder-1") || !strings.Contains(c, "Premier rappel") {
		t.Errorf("the cover says: %s", c)
	}
	if _, err := svc.AddPayment(ctx, PaymentInput{Invoice: "F-001-1", Date: day, Amount: "100.01"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddPayment(ctx, PaymentInput{Invoice: "F-002-2", Date: day, Amount: "50.00"}); err != nil {
		t.Fatal(err)
	}
	posted, err := svc.MarkPosted(ctx, batch)
	if err != nil {
		t.Fatal(err)
	}
	if len(posted.Recorded) != 1 || posted.Recorded[0].CustomerCode != "C003" {
		t.Errorf("recorded %+v", posted.Recorded)
	}
	reasons := map[string]string{}
	for _, d := range posted.Dropped {
		reasons[d.CustomerCode] = d.Reason.Key + ": " + d.Reason.In(i18n.FR)
	}
	if len(reasons) != 2 || !strings.HasPrefix(reasons["C001"], "printing.posted_paid") || !strings.Contains(reasons["C001"], "F-001-1") ||
		!strings.HasPrefix(reasons["C002"], "printing.posted_changed") {
		t.Errorf("dropped %v", reasons)
	}
	after := proposed(t, svc, day)
	if _, ok := after["C003"]; ok {
		t.Errorf("C003 marked posted, still proposed: %v", after)
	}
	if _, ok := after["C001"]; ok {
		t.Errorf("C001 paid, still proposed: %v", after)
	}
	if after["C002"] != "reminder-1 F-002-1,F-002-2" {
		t.Errorf("C002 not recorded, should stay proposed: %v", after)
	}
	// C003 is in the history as sent by post that day.
	inv, err := svc.Store().InvoiceByNumber(ctx, "F-003-1")
	if err != nil {
		t.Fatal(err)
	}
	hist, err := svc.Store().LetterHistory(ctx, []int64{inv.ID}, day)
	if err != nil || len(hist) != 1 || hist[0].Kind != ledger.KindReminder1 || hist[0].Date != day {
		t.Errorf("history %+v %v", hist, err)
	}
	_, err = svc.MarkPosted(ctx, batch)
	var ue *core.UserError
	if !errors.As(err, &ue) || ue.Msg.Key != "printing.already_posted" {
		t.Errorf("second mark: %v", err)
	}
}

// TestMarkLetterPosted: the Send reminder dialog's letter printed is
// recorded only when marked, and not when it changed meanwhile.
func TestMarkLetterPosted(t *testing.T) {
	ctx := context.Background()
	svc, day := postalLedger(t, 2)
	m := ManualLetter{Kind: ledger.KindReminder1, InvoiceNos: []string{"F-001-1"}, AsOf: day}
	p, err := svc.PrintLetter(ctx, m, false)
	if err != nil || len(p.PDF) < 1000 || p.Customer != "C001" {
		t.Fatalf("%+v %v", p, err)
	}
	if proposed(t, svc, day)["C001"] == "" {
		t.Fatal("printing recorded the letter")
	}
	posted, err := svc.MarkLetterPosted(ctx, p)
	if err != nil || len(posted.Recorded) != 1 || len(posted.Dropped) != 0 {
		t.Fatalf("%+v %v", posted, err)
	}
	if got := proposed(t, svc, day)["C001"]; got != "" {
		t.Errorf("marked posted, still proposed: %s", got)
	}
	// C002's letter on its first invoice; a part of it is paid before
	// the owner marks it: not recorded, said, still proposed.
	p, err = svc.PrintLetter(ctx, ManualLetter{Kind: ledger.KindReminder1, InvoiceNos: []string{"F-002-1"}, AsOf: day}, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddPayment(ctx, PaymentInput{Invoice: "F-002-1", Date: day, Amount: "10.00"}); err != nil {
		t.Fatal(err)
	}
	posted, err = svc.MarkLetterPosted(ctx, p)
	if err != nil || len(posted.Recorded) != 0 || len(posted.Dropped) != 1 || posted.Dropped[0].Reason.Key != "printing.posted_changed" {
		t.Fatalf("%+v %v", posted, err)
	}
	if got := proposed(t, svc, day)["C002"]; got == "" {
		t.Error("a letter not recorded is no longer proposed")
	}
}

// TestMarkPostedPrintsAnEmailRefusedForGood: an email refused for good
// (550) is offered for print; the batch carries it, and only Mark as
// posted marks it printed, after which it is not offered again.
func TestMarkPostedPrintsAnEmailRefusedForGood(t *testing.T) {
	ctx := context.Background()
	l := newSendLedger(t, 2)
	l.srv.SetFaults(mailtest.Faults{RcptErr: map[string]*smtp.SMTPError{"c001@customers.test": {Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"}}})
	l.send(t)
	if l.outbox(t)["C001"].Postal != "offered" {
		t.Fatalf("outbox %+v", l.outbox(t))
	}
	batch, err := l.svc.PrintBatch(ctx, PrintOptions{AsOf: l.day}, nil)
	if err != nil || len(batch.Letters) != 1 || !batch.Letters[0].FromEmail {
		t.Fatalf("batch %+v %v", batch, err)
	}
	if l.outbox(t)["C001"].Postal != "offered" {
		t.Fatal("making the batch marked the offer printed")
	}
	posted, err := l.svc.MarkPosted(ctx, batch)
	if err != nil || len(posted.Recorded) != 1 || posted.Recorded[0].CustomerCode != "C001" || len(posted.Dropped) != 0 {
		t.Fatalf("posted %+v %v", posted, err)
	}
	if l.outbox(t)["C001"].Postal != "printed" {
		t.Errorf("postal %q after Mark as posted", l.outbox(t)["C001"].Postal)
	}
	if b, _ := l.svc.PrintBatch(ctx, PrintOptions{AsOf: l.day}, nil); len(b.Letters) != 0 {
		t.Errorf("offered again: %+v", b.Letters)
	}
}

// pagesText is a layout's words, each item's text followed by a space.
func pagesText(pages []render.Page) string {
	var b strings.Builder
	for _, p := range pages {
		for _, it := range p.Items {
			b.WriteString(it.Text + " ")
		}
	}
	return b.String()
}

// TestBouncedThenPrintedLetterHasItsIDAndTracking (issue 18): an email
// refused for good and printed instead gives, on the batch's cover, the ID
// of the letter in the history (the one `letter tracking` and Mark as
// posted take), recorded or not; Mark as posted hands the same ID back;
// a tracking number entered against it is kept, and the next letter to
// that customer cites it. A letter recorded by Mark as posted from the
// plan has its new ID too.
func TestBouncedThenPrintedLetterHasItsIDAndTracking(t *testing.T) {
	ctx := context.Background()
	l := newSendLedger(t, 2)
	l.srv.SetFaults(mailtest.Faults{RcptErr: map[string]*smtp.SMTPError{"c001@customers.test": {Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"}}})
	l.send(t)
	var emailed int64
	for _, r := range mustRecords(t, l.svc, "C001") {
		emailed = r.ID
	}
	if emailed == 0 {
		t.Fatal("no letter recorded for C001's email")
	}
	// Before it is printed, the email's letter takes no tracking number.
	if _, err := l.svc.SetLetterTracking(ctx, emailed, "RR123456785FR"); err == nil {
		t.Fatal("a tracking number taken for an email not printed")
	}
	batch, err := l.svc.PrintBatch(ctx, PrintOptions{AsOf: l.day}, nil)
	if err != nil || len(batch.Letters) != 1 || !batch.Letters[0].FromEmail {
		t.Fatalf("batch %+v %v", batch, err)
	}
	if batch.Letters[0].LetterID != emailed {
		t.Errorf("the batch's letter has ID %d, the email's letter is %d", batch.Letters[0].LetterID, emailed)
	}
	cover := pagesText(batch.Parts[0].Pages)
	head := i18n.T(i18n.FR, "print.col_letter")
	if !strings.Contains(cover, head+" ") || !strings.Contains(cover, fmt.Sprintf("1 %d C001 ", emailed)) {
		t.Errorf("the cover does not give letter %d's ID under %q: %s", emailed, head, cover)
	}
	posted, err := l.svc.MarkPosted(ctx, batch)
	if err != nil || len(posted.Recorded) != 1 || posted.Recorded[0].LetterID != emailed {
		t.Fatalf("posted %+v %v", posted, err)
	}
	r, err := l.svc.SetLetterTracking(ctx, emailed, "rr 123456785 fr")
	if err != nil || r.Tracking != "RR 123456785 FR" || !r.Registered || r.TrackingOn != l.day {
		t.Fatalf("tracking %+v %v", r, err)
	}
	// The next letter about the invoice cites the registered letter.
	later := l.day.AddDays(15)
	doc, err := l.svc.Letter(ctx, LetterOptions{Kind: ledger.KindReminder2, InvoiceNo: "F-001", AsOf: later})
	if err != nil {
		t.Fatal(err)
	}
	if text := strings.Join(strings.Fields(pagesText(doc.Layout.Pages)), " "); !strings.Contains(text, "lettre recommandée n° RR 123456785 FR") {
		t.Errorf("the next letter does not cite the registered letter:\n%s", text)
	}
}

// TestMarkPostedGivesTheRecordedIDs: a batch from the plan marked posted
// hands back each letter with the ID it was recorded under.
func TestMarkPostedGivesTheRecordedIDs(t *testing.T) {
	ctx := context.Background()
	svc, day := postalLedger(t, 2)
	batch, err := svc.PrintBatch(ctx, PrintOptions{AsOf: day}, nil)
	if err != nil {
		t.Fatal(err)
	}
	posted, err := svc.MarkPosted(ctx, batch)
	if err != nil || len(posted.Recorded) != 2 {
		t.Fatalf("posted %+v %v", posted, err)
	}
	for _, b := range posted.Recorded {
		recs := mustRecords(t, svc, b.CustomerCode)
		if len(recs) != 1 || b.LetterID != recs[0].ID || b.LetterID == 0 {
			t.Errorf("%s: Mark as posted says letter %d, the history %+v", b.CustomerCode, b.LetterID, recs)
		}
	}
	p, err := svc.PrintLetter(ctx, ManualLetter{Kind: ledger.KindReminder2, InvoiceNos: []string{"F-001-1"}, AsOf: day.AddDays(15)}, false)
	if err != nil {
		t.Fatal(err)
	}
	one, err := svc.MarkLetterPosted(ctx, p)
	if err != nil || len(one.Recorded) != 1 {
		t.Fatalf("%+v %v", one, err)
	}
	if one.Recorded[0].Name != "Client 1" {
		t.Errorf("the letter printed alone is named %q", one.Recorded[0].Name)
	}
	if recs := mustRecords(t, svc, "C001"); one.Recorded[0].LetterID != recs[0].ID || recs[0].Kind != ledger.KindReminder2 {
		t.Errorf("the letter printed alone says ID %d, the history %+v", one.Recorded[0].LetterID, recs)
	}
}

func mustRecords(t *testing.T, svc *Service, code string) []LetterRecord {
	t.Helper()
	recs, err := svc.LetterRecords(context.Background(), LetterFilter{CustomerCode: code})
	if err != nil {
		t.Fatal(err)
	}
	return recs
}
