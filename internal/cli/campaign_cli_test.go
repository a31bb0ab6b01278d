package cli

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

type campaignStatus struct {
	Name       string `json:"name"`
	Recipients []struct {
		Code          string `json:"customer_code"`
		Channel       string `json:"channel"`
		State         string `json:"state"`
		EmailState    string `json:"email_state"`
		PostcardOn    string `json:"postcard_on"`
		EmailOnlyFrom string `json:"email_only_from"`
		Consent       *struct {
			State, Date, Channel, Evidence string
		} `json:"consent"`
	} `json:"recipients"`
}

// A paperless campaign through relancectl: checked fields, a preview by
// channel, a send that needs its print file before it records anything,
// emails delivered once (a second send skips everyone), a phone consent
// that switches delivery from the switch date, and postcards for those
// who have not answered, printed once.
func TestPaperlessCampaignCommands(t *testing.T) {
	db, srv, day := mailLedger(t)
	dir := t.TempDir()
	run := func(args ...string) result { return runAt(t, day, append([]string{"--db", db}, args...)...) }
	if r := run("import", "customers", write(t, "p.csv", "code,name,kind,address1,postcode,city,country,delivery\nPO1,Poste SARL,business,3 rue C,75011,Paris,FR,postal\n")); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	r := run("campaign", "create", "x", "--kind", "paperless", "--all", "effective_date=2027-01-01", "consent_phone=1")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if r = run("campaign", "send", "x", "--dry-run"); r.code == 0 || !strings.Contains(r.stderr, "legal_name") {
		t.Fatalf("a campaign from a company without a name: %+v", r)
	}
	if r = run("company", "set", "legal_name=Atelier Dupont SARL", "phone=04 78 00 00 00", "email=owner@fault.test"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	fields := []string{"effective_date=2027-01-01", "consent_email=owner@fault.test", "timeline=notice in July, paper ends in December",
		"terms=Invoices are sent by email as PDF."}
	r = run(append([]string{"campaign", "create", "paperless-2027", "--kind", "paperless", "--all", "colour=blue"}, fields...)...)
	if r.code == 0 || !strings.Contains(r.stderr, `"colour"`) {
		t.Fatalf("an unknown field was accepted: %+v", r)
	}
	r = run("campaign", "create", "paperless-2027", "--kind", "paperless", "effective_date=2027-01-01", "consent_phone=04 78 00 00 00")
	if r.code == 0 || !strings.Contains(r.stderr, "--all") {
		t.Fatalf("a campaign without an audience was accepted: %+v", r)
	}
	if r = run(append([]string{"campaign", "create", "paperless-2027", "--kind", "paperless", "--all"}, fields...)...); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	r = run("campaign", "preview", "paperless-2027", "--json")
	var preview []struct {
		Code    string `json:"customer_code"`
		Channel string `json:"channel"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &preview); err != nil {
		t.Fatalf("%v: %+v", err, r)
	}
	channels := map[string]string{}
	for _, p := range preview {
		channels[p.Code] = p.Channel
	}
	if channels["FR1"] != "email" || channels["UK1"] != "email" || channels["PO1"] != "postal" || len(channels) != 3 {
		t.Fatalf("preview %v", channels)
	}

	// A postal notice and no print file: refused, nothing recorded or sent.
	r = runWith(t, day, srv.Password+"\n", nil, "--db", db, "campaign", "send", "paperless-2027", "--password-stdin")
	if r.code == 0 || !strings.Contains(r.stderr, "-o") || len(srv.Delivered()) != 0 {
		t.Fatalf("send without a print file: %+v, %d delivered", r, len(srv.Delivered()))
	}
	if st := status(t, run); len(st.Recipients) != 0 {
		t.Fatalf("a refused send recorded %d recipients", len(st.Recipients))
	}
	out := filepath.Join(dir, "postal.pdf")
	r = runWith(t, day, srv.Password+"\n", nil, "--db", db, "campaign", "send", "paperless-2027", "-o", out, "--password-stdin")
	if r.code != 0 || !strings.Contains(r.stdout, "2 notice(s) by email, 1 by post") {
		t.Fatalf("%+v", r)
	}
	if len(srv.Delivered()) != 2 {
		t.Fatalf("%d emails delivered", len(srv.Delivered()))
	}
	if text := pdfText(t, out); !strings.Contains(text, "Poste SARL") || !strings.Contains(text, "owner@fault.test") ||
		!strings.Contains(text, "1er janvier 2027") {
		t.Errorf("the postal notice (French, to PO1, with the switch date and the consent address):\n%s", text)
	}
	for _, d := range srv.Delivered() {
		if !strings.Contains(string(d.Data), "application/pdf") {
			t.Errorf("the email to %v has no PDF", d.To)
		}
	}
	r = runWith(t, day, srv.Password+"\n", nil, "--db", db, "campaign", "send", "paperless-2027", "-o", filepath.Join(dir, "again.pdf"), "--password-stdin")
	if r.code != 0 || !strings.Contains(r.stdout, "0 notice(s) by email, 0 by post, 3 customer(s) skipped") || len(srv.Delivered()) != 2 {
		t.Fatalf("second send: %+v, %d delivered", r, len(srv.Delivered()))
	}
	if _, err := os.Stat(filepath.Join(dir, "again.pdf")); !os.IsNotExist(err) {
		t.Error("an empty second run wrote a print file")
	}

	// Consent: not without an email address; by phone for FR1.
	if r = run("campaign", "consent", "paperless-2027", "PO1", "--channel", "phone"); r.code == 0 || !strings.Contains(r.stderr, "no email address") {
		t.Fatalf("consent without an address: %+v", r)
	}
	if r = run("campaign", "consent", "paperless-2027", "FR1", "--channel", "phone", "--evidence", "call of 20 July, Mme Roux"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	st := status(t, run)
	got := map[string]string{}
	for _, x := range st.Recipients {
		got[x.Code] = x.Channel + "/" + x.State + "/" + x.EmailOnlyFrom
		if x.Channel == "email" && x.EmailState != "sent" {
			t.Errorf("%s: email %q", x.Code, x.EmailState)
		}
	}
	want := map[string]string{"FR1": "email/granted/2027-01-01", "UK1": "email/sent/", "PO1": "postal/sent/"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s, want %s", k, got[k], v)
		}
	}

	// Postcards for the two who have not answered, once.
	cards := filepath.Join(dir, "cards.pdf")
	r = run("campaign", "postcards", "paperless-2027", "--unanswered-by", "2025-07-20", "-o", cards)
	if r.code != 0 || !strings.Contains(r.stdout, "2 postcard(s)") || !strings.Contains(r.stdout, "PO1, UK1") {
		t.Fatalf("%+v", r)
	}
	if text := pdfText(t, cards); !strings.Contains(text, "Harper Ltd") || !strings.Contains(text, "Poste SARL") || strings.Contains(text, "69002") {
		t.Errorf("postcards:\n%s", text)
	}
	if r = run("campaign", "postcards", "paperless-2027", "-o", filepath.Join(dir, "cards2.pdf")); r.code != 0 || !strings.Contains(r.stdout, "No postcard") {
		t.Fatalf("second postcards: %+v", r)
	}
}

func pdfText(t *testing.T, path string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	b, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext %s: %v", path, err)
	}
	return string(b)
}

func status(t *testing.T, run func(...string) result) campaignStatus {
	t.Helper()
	r := run("campaign", "status", "paperless-2027", "--json")
	var st campaignStatus
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatalf("%v: %+v", err, r)
	}
	return st
}

// A billing change's effective date moves the payment address printed on
// reminders: a reminder made the day before does not carry it, one made
// on the day and after do, in the customer's language.
func TestBillingChangeTermsOnReminders(t *testing.T) {
	db := dunningLedger(t)
	day := ledger.MustDate("2025-07-20")
	run := func(args ...string) result { return runAt(t, day, append([]string{"--db", db}, args...)...) }
	if r := run("company", "set", "legal_name=Atelier Dupont SARL"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if r := run("campaign", "create", "lockbox", "--kind", "billing-change", "--all", "effective_date=2025-08-01",
		"old_rule=cheques to our office", "new_rule=cheques to our bank's lockbox", "new_address=BP 4410, 69241 Lyon Cedex 04",
		"minimum_to=50,00 €"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	dir := t.TempDir()
	for _, c := range []struct {
		kind, asOf string
		want       bool
	}{{"reminder-1", "2025-07-31", false}, {"reminder-1", "2025-08-01", true}, {"reminder-2", "2025-09-15", true}, {"final-demand", "2025-07-20", false}} {
		out := filepath.Join(dir, c.kind+c.asOf+".pdf")
		if r := run("letter", "--kind", c.kind, "--invoice", "F1", "--as-of", c.asOf, "-o", out); r.code != 0 {
			t.Fatalf("%+v", r)
		}
		text := strings.Join(strings.Fields(pdfText(t, out)), " ")
		has := strings.Contains(text, "BP 4410, 69241 Lyon Cedex 04") && strings.Contains(text, "1er août 2025") && strings.Contains(text, "50,00 €")
		if has != c.want {
			t.Errorf("%s on %s: carries the new terms %v, want %v:\n%s", c.kind, c.asOf, has, c.want, text)
		}
	}
}

// A customer on paper who consents gets the plan's letters by email from
// the switch date, and by post before it.
func TestConsentSwitchesThePlanFromTheSwitchDate(t *testing.T) {
	db := dunningLedger(t)
	day := ledger.MustDate("2025-07-20")
	run := func(args ...string) result { return runAt(t, day, append([]string{"--db", db}, args...)...) }
	for _, args := range [][]string{
		{"company", "set", "legal_name=Atelier Dupont SARL"},
		{"import", "customers", write(t, "d.csv", "code,name,delivery\nFR1,Atelier,postal\n")},
		{"campaign", "create", "zero-paper", "--kind", "paperless", "--customers", "FR1", "effective_date=2025-08-01", "consent_phone=04 78 00 00 00"},
		{"campaign", "send", "zero-paper", "-o", filepath.Join(t.TempDir(), "notice.pdf")},
		{"campaign", "consent", "zero-paper", "FR1", "--channel", "phone", "--date", "2025-07-20"},
	} {
		if r := run(args...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	channel := func(asOf string) string {
		r := run("plan", "--as-of", asOf, "--json")
		var plan struct {
			Actions []struct {
				Code    string `json:"customer_code"`
				Channel string `json:"channel"`
			} `json:"actions"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &plan); err != nil {
			t.Fatalf("%v: %+v", err, r)
		}
		for _, a := range plan.Actions {
			if a.Code == "FR1" {
				return a.Channel
			}
		}
		return ""
	}
	if c := channel("2025-07-31"); c != "postal" {
		t.Errorf("before the switch date: %q", c)
	}
	if c := channel("2025-08-01"); c != "email" {
		t.Errorf("on the switch date: %q", c)
	}
}

// A paperless notice marked as a change of terms switches everyone with an
// email address to email only from the switch date, without consent; a
// customer with no address stays on paper.
func TestTermsChangeSwitchesWithoutConsent(t *testing.T) {
	db := dunningLedger(t)
	day := ledger.MustDate("2025-07-20")
	run := func(args ...string) result { return runAt(t, day, append([]string{"--db", db}, args...)...) }
	for _, args := range [][]string{
		{"company", "set", "legal_name=Atelier Dupont SARL"},
		{"account", "set", "smtp_host=localhost", "smtp_user=owner", "from_address=owner@fault.test"},
		{"import", "customers", write(t, "p.csv", "code,name,kind,address1,postcode,city,country,delivery\nPO1,Poste SARL,business,3 rue C,75011,Paris,FR,postal\n")},
		{"campaign", "create", "terms", "--kind", "paperless", "--all", "--terms-change", "effective_date=2025-09-01", "consent_phone=04 78 00 00 00"},
		{"campaign", "send", "terms", "--no-deliver", "-o", filepath.Join(t.TempDir(), "p.pdf")},
	} {
		if r := run(args...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	r := run("campaign", "status", "terms", "--json")
	var st campaignStatus
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatalf("%v: %+v", err, r)
	}
	got := map[string]string{}
	for _, x := range st.Recipients {
		ch := ""
		if x.Consent != nil {
			ch = x.Consent.Channel
		}
		got[x.Code] = x.State + "/" + x.EmailOnlyFrom + "/" + ch
	}
	want := map[string]string{"FR1": "granted/2025-09-01/terms", "UK1": "granted/2025-09-01/terms", "PO1": "sent//"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s, want %s", k, got[k], v)
		}
	}
}

// Until the switch date, the paper statements of a customer the paperless
// campaign reached carry its notice; not after it, not for a customer it
// did not reach, not once the customer has agreed.
func TestPaperlessNoticeOnStatements(t *testing.T) {
	db := dunningLedger(t)
	day := ledger.MustDate("2025-07-20")
	run := func(args ...string) result { return runAt(t, day, append([]string{"--db", db}, args...)...) }
	for _, args := range [][]string{
		{"company", "set", "legal_name=Atelier Dupont SARL"},
		{"account", "set", "smtp_host=localhost", "smtp_user=owner", "from_address=owner@fault.test"},
		{"campaign", "create", "zero-paper", "--kind", "paperless", "--customers", "UK1", "effective_date=2025-09-01", "consent_phone=04 99 99 99 99"},
		{"campaign", "send", "zero-paper", "--no-deliver"},
	} {
		if r := run(args...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	dir := t.TempDir()
	notice := func(code, asOf string) bool {
		out := filepath.Join(dir, code+asOf+".pdf")
		if r := run("letter", "--kind", "statement", "--customer", code, "--as-of", asOf, "-o", out); r.code != 0 {
			t.Fatalf("%+v", r)
		}
		return strings.Contains(pdfText(t, out), "04 99 99 99 99")
	}
	if !notice("UK1", "2025-07-25") {
		t.Error("no notice on UK1's statement before the switch date")
	}
	if notice("UK1", "2025-09-01") {
		t.Error("a notice on the switch date")
	}
	if notice("FR1", "2025-07-25") {
		t.Error("a notice for a customer the campaign did not reach")
	}
	if r := run("campaign", "consent", "zero-paper", "UK1", "--channel", "web"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if notice("UK1", "2025-07-26") {
		t.Error("a notice after the customer agreed")
	}
}

// A billing change's recipients who have not acknowledged it are listed;
// an acknowledgement is recorded for a recipient only.
func TestBillingChangeAcknowledgements(t *testing.T) {
	db := dunningLedger(t)
	day := ledger.MustDate("2025-07-20")
	run := func(args ...string) result { return runAt(t, day, append([]string{"--db", db}, args...)...) }
	for _, args := range [][]string{
		{"company", "set", "legal_name=Atelier Dupont SARL"},
		{"account", "set", "smtp_host=localhost", "smtp_user=owner", "from_address=owner@fault.test"},
		{"campaign", "create", "lockbox", "--kind", "billing-change", "--customers", "FR1,UK1", "effective_date=2025-08-01", "new_rule=cheques to the lockbox"},
		{"campaign", "send", "lockbox", "--no-deliver"},
		{"campaign", "ack", "lockbox", "UK1"},
	} {
		if r := run(args...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	r := run("campaign", "status", "lockbox")
	if !strings.Contains(r.stdout, "2 recipient(s): 1 agreed, 0 refused, 1 not answered.") {
		t.Errorf("status:\n%s", r.stdout)
	}
	for _, line := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(line, "FR1") && !strings.Contains(line, "no answer yet") || strings.HasPrefix(line, "UK1") && !strings.Contains(line, "acknowledged") {
			t.Errorf("line %q", line)
		}
	}
	if r := run("import", "customers", write(t, "x.csv", "code,name,kind,address1,postcode,city,country,delivery\nX1,Autre,business,1 rue B,75011,Paris,FR,postal\n")); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if r := run("campaign", "ack", "lockbox", "X1"); r.code == 0 || !strings.Contains(r.stderr, "was not reached") {
		t.Errorf("an acknowledgement from someone not reached: %+v", r)
	}
}
