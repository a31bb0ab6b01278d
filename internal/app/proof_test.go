package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/mail/mailtest"
	"github.com/relance-app/relance/internal/store"
)

// Proofs (issue 19) on the in-process SMTP server: the marks, the
// record, the faults, and that the ladder and the letters never see them.

// proofMail is a delivered proof taken apart.
type proofMail struct {
	subject, messageID, text string
	pdfs                     map[string][]byte
}

func readProofMail(t *testing.T, raw []byte) proofMail {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var dec mime.WordDecoder
	subj, err := dec.DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	pm := proofMail{subject: subj, messageID: strings.Trim(m.Header.Get("Message-Id"), "<>"), pdfs: map[string][]byte{}}
	var walk func(ct string, enc string, r io.Reader, disp string)
	walk = func(ct, enc string, r io.Reader, disp string) {
		mt, params, err := mime.ParseMediaType(ct)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(mt, "multipart/") {
			mr := multipart.NewReader(r, params["boundary"])
			for {
				p, err := mr.NextRawPart()
				if err == io.EOF {
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				walk(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p, p.Header.Get("Content-Disposition"))
			}
		}
		data, _ := io.ReadAll(r)
		if strings.EqualFold(enc, "base64") {
			data, err = base64.StdEncoding.DecodeString(strings.NewReplacer("\r", "", "\n", "").Replace(string(data)))
			if err != nil {
				t.Fatal(err)
			}
		}
		switch {
		case mt == "application/pdf":
			_, dp, _ := mime.ParseMediaType(disp)
			pm.pdfs[dp["filename"]] = data
		case mt == "text/plain" && pm.text == "":
			if strings.EqualFold(enc, "quoted-printable") {
				data, _ = io.ReadAll(quotedprintable.NewReader(bytes.NewReader(data)))
			}
			pm.text = string(data)
		}
	}
	walk(m.Header.Get("Content-Type"), m.Header.Get("Content-Transfer-Encoding"), m.Body, "")
	return pm
}

// pdfPages is each page's text, by pdftotext.
func pdfPages(t *testing.T, pdf []byte) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	p := filepath.Join(t.TempDir(), "p.pdf")
	if err := os.WriteFile(p, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", p, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(string(out), "\f")
	if len(pages) > 0 && strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	return pages
}

// ledgerRows counts what the ladder and the report read: letters, their
// invoices, the outbox.
func ledgerRows(t *testing.T, svc *Service) [3]int {
	t.Helper()
	var n [3]int
	for i, table := range []string{"letters", "letter_invoices", "outbox"} {
		if err := svc.Store().DB().QueryRow(`SELECT count(*) FROM ` + table).Scan(&n[i]); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

func userErrKey(err error) string {
	var ue *UserError
	if errors.As(err, &ue) {
		return ue.Msg.Key
	}
	return ""
}

// TestTemplateProofOnTheSample: the proof of a first reminder on the
// sample customer arrives with the subject and every PDF page marked, a
// proof.… Message-ID, and is recorded; the plan and the letters' rows are
// the same before and after.
func TestTemplateProofOnTheSample(t *testing.T) {
	ctx := context.Background()
	l := newSendLedger(t, 2)
	planBefore, err := l.svc.Plan(ctx, l.day)
	if err != nil {
		t.Fatal(err)
	}
	rowsBefore := ledgerRows(t, l.svc)
	rep, err := l.svc.SendTemplateProof(ctx, ProofOptions{Kind: ledger.KindReminder1, Language: ledger.French,
		To: []string{"collegue@office.test", "owner@fault.test"}, AsOf: l.day, Passwords: l.pw})
	if err != nil {
		t.Fatal(err)
	}
	got := l.srv.Delivered()
	if len(got) != 1 || !reflect.DeepEqual(got[0].To, []string{"collegue@office.test", "owner@fault.test"}) {
		t.Fatalf("delivered %+v", got)
	}
	pm := readProofMail(t, got[0].Data)
	if !strings.HasPrefix(pm.subject, "[ÉPREUVE] ") || pm.subject != rep.Subject {
		t.Errorf("subject %q (report %q)", pm.subject, rep.Subject)
	}
	if !strings.HasPrefix(pm.messageID, "proof.") || !strings.HasSuffix(pm.messageID, "@fault.test") || pm.messageID != rep.Proof.MessageID {
		t.Errorf("Message-ID %q, recorded %q", pm.messageID, rep.Proof.MessageID)
	}
	if !strings.Contains(pm.text, "ÉPREUVE — non envoyée au client") {
		t.Errorf("text without the mark:\n%s", pm.text)
	}
	if len(pm.pdfs) != 2 { // the letter and the sample invoice's copy
		t.Fatalf("%d PDFs: %v", len(pm.pdfs), keys(pm.pdfs))
	}
	pages := 0
	for name, pdf := range pm.pdfs {
		for i, p := range pdfPages(t, pdf) {
			pages++
			if !strings.Contains(p, "ÉPREUVE — non envoyée au client") {
				t.Errorf("%s page %d without the mark:\n%s", name, i+1, p)
			}
			if strings.Contains(p, "Boulangerie") {
				t.Errorf("%s page %d carries a real customer:\n%s", name, i+1, p)
			}
		}
	}
	if pages < 2 {
		t.Errorf("%d pages", pages)
	}
	all := ""
	for _, pdf := range pm.pdfs {
		all += strings.Join(pdfPages(t, pdf), "\n")
	}
	if !strings.Contains(all, "Client Exemple SARL") || !strings.Contains(all, "F-0001") {
		t.Errorf("the sample customer is not in the proof:\n%s", all)
	}
	list, err := l.svc.TemplateProofs(ctx, ledger.KindReminder1, ledger.French)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].MessageID != pm.messageID || list[0].CustomerID != 0 || list[0].Variant != "" ||
		!reflect.DeepEqual(list[0].Recipients, []string{"collegue@office.test", "owner@fault.test"}) {
		t.Errorf("recorded %+v", list)
	}
	if rows := ledgerRows(t, l.svc); rows != rowsBefore {
		t.Errorf("letters, letter_invoices, outbox: %v before, %v after", rowsBefore, rows)
	}
	planAfter, err := l.svc.Plan(ctx, l.day)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(planBefore, planAfter) {
		t.Errorf("the plan changed:\n%+v\n%+v", planBefore, planAfter)
	}
	if len(planAfter.Actions) != 2 {
		t.Errorf("plan of %d letters, want the 2 customers'", len(planAfter.Actions))
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestTemplateProofOnACustomer: on a customer's data the proof is that
// customer's letter in their language (Serbian), marked in it, recorded
// with the customer; still no letter.
func TestTemplateProofOnACustomer(t *testing.T) {
	ctx := context.Background()
	l := newSendLedger(t, 2)
	rowsBefore := ledgerRows(t, l.svc)
	rep, err := l.svc.SendTemplateProof(ctx, ProofOptions{Kind: ledger.KindReminder1, CustomerCode: "C002", To: []string{"collegue@office.test"},
		AsOf: l.day, Passwords: l.pw})
	if err != nil {
		t.Fatal(err)
	}
	pm := readProofMail(t, l.srv.Delivered()[0].Data)
	if !strings.HasPrefix(pm.subject, "[ПРОБА] ") {
		t.Errorf("subject %q", pm.subject)
	}
	all := ""
	for name, pdf := range pm.pdfs {
		for i, p := range pdfPages(t, pdf) {
			if !strings.Contains(p, "ПРОБА — није послато купцу") {
				t.Errorf("%s page %d without the mark:\n%s", name, i+1, p)
			}
			all += p
		}
	}
	if !strings.Contains(all, "F-002") || !strings.Contains(all, "Пекара број 2") {
		t.Errorf("not C002's letter:\n%s", all)
	}
	if rep.Proof.Language != "sr-Cyrl" || rep.Proof.CustomerID == 0 {
		t.Errorf("recorded %+v", rep.Proof)
	}
	list, _ := l.svc.TemplateProofs(ctx, ledger.KindReminder1, "")
	if len(list) != 1 || list[0].CustomerCode != "C002" {
		t.Errorf("listed %+v", list)
	}
	if rows := ledgerRows(t, l.svc); rows != rowsBefore {
		t.Errorf("rows %v before, %v after", rowsBefore, rows)
	}
}

// TestProofFaults: what the server refuses is said and nothing recorded;
// a partial refusal records the addresses that took it; bad input is
// refused before anything is sent.
func TestProofFaults(t *testing.T) {
	ctx := context.Background()
	l := newSendLedger(t, 1)
	o := ProofOptions{Kind: ledger.KindReminder2, Language: ledger.English, AsOf: l.day, Passwords: l.pw}
	count := func() int {
		list, err := l.svc.TemplateProofs(ctx, "", "")
		if err != nil {
			t.Fatal(err)
		}
		return len(list)
	}
	for _, c := range []struct {
		name string
		edit func(*ProofOptions)
		key  string
	}{
		{"no address", func(o *ProofOptions) { o.To = nil }, "proof.no_address"},
		{"bad address", func(o *ProofOptions) { o.To = []string{"not an address"} }, "proof.bad_address"},
		{"campaign kind", func(o *ProofOptions) { o.Kind = ledger.KindBillingChange }, "proof.bad_kind"},
		{"bad variant", func(o *ProofOptions) { o.Variant = "b2" }, "proof.bad_variant"},
		{"missing variant", func(o *ProofOptions) { o.Variant = "C" }, "proof.no_variant"},
		{"unknown customer", func(o *ProofOptions) { o.CustomerCode = "NOPE" }, "cli.unknown_customer"},
	} {
		oo := o
		oo.To = []string{"collegue@office.test"}
		c.edit(&oo)
		if _, err := l.svc.SendTemplateProof(ctx, oo); userErrKey(err) != c.key {
			t.Errorf("%s: %v, want %s", c.name, err, c.key)
		}
	}
	if n := len(l.srv.Delivered()); n != 0 {
		t.Fatalf("%d sent on bad input", n)
	}
	o.To = []string{"a@office.test", "b@office.test"}
	l.srv.SetFaults(mailtest.Faults{RcptErr: map[string]*smtp.SMTPError{
		"a@office.test": {Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"},
		"b@office.test": {Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}}})
	rep, err := l.svc.SendTemplateProof(ctx, o)
	if userErrKey(err) != "proof.not_sent" || rep == nil || len(rep.Refused) != 2 || count() != 0 {
		t.Errorf("all refused: %v, %+v, %d recorded", err, rep, count())
	}
	l.srv.SetFaults(mailtest.Faults{DataErr: &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "spam"}})
	if _, err := l.svc.SendTemplateProof(ctx, o); userErrKey(err) != "proof.not_sent" || !strings.Contains(err.Error(), "") || count() != 0 {
		t.Errorf("data refused: %v, %d recorded", err, count())
	}
	l.srv.SetFaults(mailtest.Faults{GreetReject: true})
	if _, err := l.svc.SendTemplateProof(ctx, o); err == nil || count() != 0 {
		t.Errorf("greeting refused: %v, %d recorded", err, count())
	}
	l.srv.SetFaults(mailtest.Faults{RcptErr: map[string]*smtp.SMTPError{
		"a@office.test": {Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}}})
	rep, err = l.svc.SendTemplateProof(ctx, o)
	if err != nil || !reflect.DeepEqual(rep.Refused, []string{"a@office.test"}) || !reflect.DeepEqual(rep.Proof.Recipients, []string{"b@office.test"}) || count() != 1 {
		t.Errorf("one refused: %v, %+v, %d recorded", err, rep, count())
	}
	if rows := ledgerRows(t, l.svc); rows != [3]int{} {
		t.Errorf("letters, letter_invoices, outbox: %v", rows)
	}
}

// TestProofOfAVariant: --variant B proofs the owner's variant file and
// records the variant.
func TestProofOfAVariant(t *testing.T) {
	ctx := context.Background()
	l := newSendLedger(t, 1)
	name, src, err := l.svc.TemplateSource("reminder-1", "en")
	if err != nil {
		t.Fatal(err)
	}
	_ = name
	if err := os.MkdirAll(l.svc.TemplateDir(), 0o755); err != nil {
		t.Fatal(err)
	}
	// The variant: the default with one more paragraph the proof must show.
	text := strings.Replace(string(src), "\n\n", "\n\nPlease reply to this letter, even with a question.\n\n", 1)
	if text == string(src) {
		t.Fatal("no paragraph break in the template")
	}
	if err := os.WriteFile(filepath.Join(l.svc.TemplateDir(), "reminder-1.en.B.tmpl"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := l.svc.SendTemplateProof(ctx, ProofOptions{Kind: ledger.KindReminder1, Language: ledger.English, Variant: "b",
		To: []string{"collegue@office.test"}, AsOf: l.day, Passwords: l.pw})
	if err != nil {
		t.Fatal(err)
	}
	pm := readProofMail(t, l.srv.Delivered()[0].Data)
	if !strings.Contains(pm.text, "Please reply to this letter") || !strings.HasPrefix(pm.subject, "[PROOF] ") || rep.Proof.Variant != "B" {
		t.Errorf("variant B not proofed: %q, %+v\n%s", pm.subject, rep.Proof, pm.text)
	}
	list, _ := l.svc.TemplateProofs(ctx, ledger.KindReminder1, ledger.English)
	if len(list) != 1 || list[0].Variant != "B" {
		t.Errorf("recorded %+v", list)
	}
}

// TestCampaignRequiresAProof: a campaign made with require_proof=yes is
// not sent before its proof; the proof is its notice, marked; then it
// goes.
func TestCampaignRequiresAProof(t *testing.T) {
	ctx := context.Background()
	l := newSendLedger(t, 2)
	spec := CampaignSpec{Name: "Tarifs 2026", Kind: ledger.CampaignBillingChange, Audience: store.Audience{All: true},
		Fields: map[string]string{"effective_date": "2025-09-01", "new_rule": "payment within 30 days", "require_proof": "maybe"}}
	if _, err := l.svc.CreateCampaign(ctx, spec); userErrKey(err) != "campaign.bad_require_proof" {
		t.Fatalf("require_proof=maybe: %v", err)
	}
	spec.Fields["require_proof"] = "yes"
	if _, err := l.svc.CreateCampaign(ctx, spec); err != nil {
		t.Fatal(err)
	}
	if _, err := l.svc.SendCampaign(ctx, spec.Name, CampaignSendOptions{AsOf: l.day, Passwords: l.pw}); userErrKey(err) != "campaign.needs_proof" {
		t.Fatalf("send before the proof: %v", err)
	}
	if n := len(l.srv.Delivered()); n != 0 {
		t.Fatalf("%d sent", n)
	}
	// A dry run still says who would get what.
	if _, err := l.svc.SendCampaign(ctx, spec.Name, CampaignSendOptions{AsOf: l.day, DryRun: true}); err != nil {
		t.Fatal(err)
	}
	rep, err := l.svc.SendCampaignProof(ctx, spec.Name, CampaignProofOptions{To: []string{"collegue@office.test"}, AsOf: l.day, Passwords: l.pw})
	if err != nil {
		t.Fatal(err)
	}
	pm := readProofMail(t, l.srv.Delivered()[0].Data)
	if !strings.HasPrefix(pm.subject, "[ÉPREUVE] ") || len(pm.pdfs) != 1 {
		t.Errorf("subject %q, %d PDFs", pm.subject, len(pm.pdfs))
	}
	for _, pdf := range pm.pdfs {
		for i, p := range pdfPages(t, pdf) {
			if !strings.Contains(p, "ÉPREUVE — non envoyée au client") || !strings.Contains(p, "30") && i == 0 {
				t.Errorf("page %d:\n%s", i+1, p)
			}
		}
	}
	proofs, err := l.svc.CampaignProofs(ctx, spec.Name)
	if err != nil || len(proofs) != 1 || proofs[0].ID != rep.Proof.ID || proofs[0].CampaignName != spec.Name || proofs[0].Kind != "billing-change" {
		t.Fatalf("campaign proofs %+v, %v", proofs, err)
	}
	if _, rs, _ := l.svc.CampaignStatus(ctx, spec.Name); len(rs) != 0 {
		t.Errorf("the proof made recipients: %+v", rs)
	}
	sent, err := l.svc.SendCampaign(ctx, spec.Name, CampaignSendOptions{AsOf: l.day, Passwords: l.pw})
	if err != nil || len(sent.Emailed) != 2 {
		t.Fatalf("send after the proof: %v %+v", err, sent)
	}
	if _, err := l.svc.SendCampaignProof(ctx, "nope", CampaignProofOptions{To: []string{"a@b.test"}, Passwords: l.pw}); userErrKey(err) != "campaign.not_found" {
		t.Errorf("unknown campaign: %v", err)
	}
}

// TestReplyToAProofIsTheProofs: a colleague's answer to a proof (quoting
// a real invoice number, from an address that is no customer's) is
// recorded with the proof, not among the customers' replies, and pauses
// no one.
func TestReplyToAProofIsTheProofs(t *testing.T) {
	ctx := context.Background()
	l, srv, ob := inboxLedger(t, 2)
	rep, err := l.svc.SendTemplateProof(ctx, ProofOptions{Kind: ledger.KindReminder2, CustomerCode: "C001", To: []string{"collegue@office.test"},
		AsOf: l.day, Passwords: l.pw})
	if err != nil {
		t.Fatal(err)
	}
	l.day = l.day.AddDays(20) // the second reminder is due: a pause would hold it
	planBefore, err := l.svc.Plan(ctx, l.day)
	if err != nil {
		t.Fatal(err)
	}
	date := "Tue, 22 Jul 2025 09:00:00 +0200"
	mid := rep.Proof.MessageID
	if err := srv.Append("INBOX",
		msg(map[string]string{"From": "collegue@office.test", "To": "owner@fault.test", "Subject": "Re: " + rep.Subject, "Date": date,
			"Message-ID": "<p1@office.test>", "In-Reply-To": "<" + mid + ">"}, "Trop sec à mon goût ; la facture F-001 est bien citée.\n"),
		// A client that keeps only References.
		msg(map[string]string{"From": "c001@customers.test", "To": "owner@fault.test", "Subject": "Re: " + rep.Subject, "Date": date,
			"Message-ID": "<p2@customers.test>", "References": "<x@y.test> <" + mid + ">"}, "Je paierai demain."),
		// An answer to a proof of another ledger: no customer's either,
		// though it quotes an invoice number of this one.
		msg(map[string]string{"From": "autre@office.test", "To": "owner@fault.test", "Subject": "Re: [ÉPREUVE] facture F-001", "Date": date,
			"Message-ID": "<p3@office.test>", "In-Reply-To": "<proof.0123456789abcdef@elsewhere.test>"}, "Vu, la facture F-001.\n"),
		// A real customer reply beside them, still a customer's.
		msg(map[string]string{"From": "c002@customers.test", "To": "owner@fault.test", "Subject": "Re: " + ob["C002"].Subject, "Date": date,
			"Message-ID": "<r2@customers.test>", "In-Reply-To": "<" + ob["C002"].MessageID + ">"}, "Bien reçu."),
	); err != nil {
		t.Fatal(err)
	}
	sync, err := l.svc.SyncInbox(ctx, l.pw, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sync.ProofReplies != 2 || sync.Replies != 2 || sync.Unmatched != 1 {
		t.Errorf("sync %+v", sync)
	}
	list, err := l.svc.Responses(ctx, store.ResponseFilter{All: true})
	if err != nil {
		t.Fatal(err)
	}
	byMsg := map[string]store.Inbound{}
	for _, m := range list {
		byMsg[m.MessageID] = m
	}
	if len(list) != 2 || byMsg["r2@customers.test"].CustomerCode != "C002" || byMsg["p3@office.test"].CustomerID != 0 {
		t.Errorf("responses %+v", list)
	}
	replies, err := l.svc.ProofReplies(ctx, rep.Proof.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(replies) != 2 {
		t.Fatalf("proof replies %+v", replies)
	}
	for _, r := range replies {
		if r.CustomerID != 0 || r.OutboxID != 0 || r.Suggestions != "[]" || r.ProofID != rep.Proof.ID {
			t.Errorf("proof reply %+v", r)
		}
	}
	byID := map[string]store.Inbound{}
	for _, r := range replies {
		byID[r.MessageID] = r
	}
	if !strings.Contains(byID["p1@office.test"].Summary, "Trop sec") {
		t.Errorf("summary %q", byID["p1@office.test"].Summary)
	}
	proofs, _ := l.svc.TemplateProofs(ctx, ledger.KindReminder2, "")
	if len(proofs) != 1 || proofs[0].Replies != 2 {
		t.Errorf("proofs %+v", proofs)
	}
	// C002 replied and is paused; C001 (whose data the proof carried) is not.
	planAfter, err := l.svc.Plan(ctx, l.day)
	if err != nil {
		t.Fatal(err)
	}
	has := func(p []string, code string) bool {
		for _, c := range p {
			if c == code {
				return true
			}
		}
		return false
	}
	codes := func(pl dunning.Plan) []string {
		var out []string
		for _, a := range pl.Actions {
			out = append(out, a.CustomerCode)
		}
		return out
	}
	if !has(codes(planBefore), "C001") || !has(codes(planAfter), "C001") || has(codes(planAfter), "C002") {
		t.Errorf("plan before %v, after %v: C001 kept, C002 paused by its reply", codes(planBefore), codes(planAfter))
	}
}

// TestProofOfEveryKindAndLanguage: every letter of the ladder and the
// statement, in every language, proofs on the sample with the marks in
// that language (Serbian Latin transliterated).
func TestProofOfEveryKindAndLanguage(t *testing.T) {
	ctx := context.Background()
	l := newSendLedger(t, 1)
	prefix := map[ledger.Language]string{ledger.French: "[ÉPREUVE] ", ledger.English: "[PROOF] ", ledger.German: "[PROBEDRUCK] ",
		ledger.SerbianCyrillic: "[ПРОБА] ", ledger.SerbianLatin: "[PROBA] "}
	mark := map[ledger.Language]string{ledger.French: "ÉPREUVE — non envoyée au client", ledger.English: "PROOF — not sent to the customer",
		ledger.German: "PROBEDRUCK — nicht an den Kunden versandt", ledger.SerbianCyrillic: "ПРОБА — није послато купцу",
		ledger.SerbianLatin: "PROBA — nije poslato kupcu"}
	n := 0
	for _, kind := range []ledger.LetterKind{ledger.KindReminder1, ledger.KindReminder2, ledger.KindFinalDemand, ledger.KindPaymentDemand, ledger.KindStatement} {
		for lang, p := range prefix {
			rep, err := l.svc.SendTemplateProof(ctx, ProofOptions{Kind: kind, Language: lang, To: []string{"collegue@office.test"}, AsOf: l.day, Passwords: l.pw})
			if err != nil {
				t.Errorf("%s %s: %v", kind, lang, err)
				continue
			}
			n++
			d := l.srv.Delivered()
			pm := readProofMail(t, d[len(d)-1].Data)
			if !strings.HasPrefix(pm.subject, p) || !strings.HasPrefix(pm.text, mark[lang]) || rep.Proof.Language != string(lang) {
				t.Errorf("%s %s: subject %q, text %.60q, recorded %q", kind, lang, pm.subject, pm.text, rep.Proof.Language)
			}
		}
	}
	if rows := ledgerRows(t, l.svc); rows != [3]int{} || n != 25 {
		t.Errorf("%d proofs; letters, letter_invoices, outbox: %v", n, rows)
	}
}
