package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// TestProofFromTheScreens: Send proof… on a campaign that requires one
// (its Send refused until then) and on the templates screen; the proof
// reaches the in-process SMTP server marked, the campaign's screen lists
// it, and Send then goes.
func TestProofFromTheScreens(t *testing.T) {
	svc, srv, pw := sendLedger(t)
	ctx := context.Background()
	if _, err := svc.CreateCampaign(ctx, app.CampaignSpec{Name: "Tarifs", Kind: ledger.CampaignBillingChange, Audience: store.Audience{Codes: []string{"C1"}},
		Fields: map[string]string{"effective_date": testDay.AddDays(40).String(), "new_rule": "payment within 30 days", "require_proof": "yes"}}); err != nil {
		t.Fatal(err)
	}
	u := newTestUI(t, svc, i18n.EN, pw)
	u.Show(ScreenAnnouncements)
	u.Wait()
	v := u.announcements
	if v.Campaign.Selected != "Tarifs" || v.Proof.Disabled() || !strings.Contains(v.Proofs.Text, "No proof sent yet") {
		t.Fatalf("campaign %q, proof enabled %v, proofs %q", v.Campaign.Selected, !v.Proof.Disabled(), v.Proofs.Text)
	}
	test.Tap(v.Send)
	u.Wait()
	if n := len(srv.Delivered()); n != 0 {
		t.Fatalf("%d sent before the proof", n)
	}
	test.Tap(v.Proof)
	p := v.ProofForm
	if p.OnCustomer.Hidden || p.OnCustomer.Checked {
		t.Errorf("the customer's data is offered, unticked: hidden %v, ticked %v", p.OnCustomer.Hidden, p.OnCustomer.Checked)
	}
	test.Tap(p.Send)
	u.Wait()
	if !strings.Contains(p.Error.Text, "at least one email address") {
		t.Fatalf("no address: %q", p.Error.Text)
	}
	test.Type(p.To, "colleague@office.test, other@office.test")
	test.Tap(p.Send)
	u.Wait()
	if p.Error.Text != "" {
		t.Fatalf("proof: %q", p.Error.Text)
	}
	d := srv.Delivered()
	if len(d) != 1 || len(d[0].To) != 2 || !strings.Contains(string(d[0].Data), "proof.") {
		t.Fatalf("delivered %+v", d)
	}
	if !strings.Contains(v.Proofs.Text, "to colleague@office.test, other@office.test — replies: 0") {
		t.Errorf("proofs listed %q", v.Proofs.Text)
	}
	test.Tap(v.Send)
	u.Wait()
	if n := len(srv.Delivered()); n != 2 {
		t.Errorf("%d delivered after the proof, want the proof and C1's notice", n)
	}
	u.Show(ScreenTemplates)
	u.Wait()
	tv := u.templates
	if tv.Proof.Disabled() {
		t.Fatal("Send proof… disabled on a reminder")
	}
	test.Tap(tv.Proof)
	test.Type(tv.ProofForm.To, "colleague@office.test")
	test.Tap(tv.ProofForm.Send)
	u.Wait()
	if tv.ProofForm.Error.Text != "" || len(srv.Delivered()) != 3 {
		t.Fatalf("template proof: %q, %d delivered", tv.ProofForm.Error.Text, len(srv.Delivered()))
	}
	if !strings.Contains(tv.Proofs.Text, "to colleague@office.test — replies: 0") {
		t.Errorf("the template's proofs: %q", tv.Proofs.Text)
	}
	list, err := svc.TemplateProofs(ctx, ledger.KindReminder1, "")
	if err != nil || len(list) != 1 || list[0].CustomerID != 0 {
		t.Errorf("template proofs %+v, %v", list, err)
	}
}
