package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
)

// TestProofCommands: template proof and campaign proof over the
// in-process SMTP server; a campaign made with require_proof=yes is
// refused by campaign send until its proof went; the proofs are listed;
// no letter is recorded.
func TestProofCommands(t *testing.T) {
	keyring.MockInit()
	db, srv, day := mailLedger(t)
	env := map[string]string{"RELANCE_SMTP_PASSWORD": srv.Password}
	run := func(args ...string) result { return runWith(t, day, "", env, append([]string{"--db", db}, args...)...) }
	if r := run("template", "proof", "reminder-1", "en"); r.code == 0 || !strings.Contains(r.stderr, "template proof KIND LANG --to") {
		t.Errorf("no --to: %+v", r)
	}
	r := run("template", "proof", "reminder-1", "en", "--to", "a@office.test,b@office.test", "--customer", "FR1")
	if r.code != 0 || !strings.Contains(r.stdout, "proof sent to a@office.test, b@office.test: [PROOF] ") ||
		!strings.Contains(r.stderr, "the proof carries the data of customer FR1") {
		t.Fatalf("template proof: %+v", r)
	}
	if d := srv.Delivered(); len(d) != 1 || len(d[0].To) != 2 {
		t.Fatalf("delivered %+v", d)
	}
	for _, args := range [][]string{
		{"company", "set", "legal_name=Atelier Dupont SARL"},
		{"campaign", "create", "lockbox", "--kind", "billing-change", "--customers", "FR1", "effective_date=2025-08-01",
			"new_rule=cheques to the lockbox", "require_proof=yes"},
	} {
		if r := run(args...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	if r := run("campaign", "send", "lockbox", "--no-deliver"); r.code == 0 || !strings.Contains(r.stderr, "requires a proof before it is sent: relancectl campaign proof lockbox") {
		t.Errorf("send before the proof: %+v", r)
	}
	if r := run("campaign", "proof", "lockbox", "--to", "a@office.test"); r.code != 0 || !strings.Contains(r.stdout, "proof sent to a@office.test") {
		t.Fatalf("campaign proof: %+v", r)
	}
	r = run("campaign", "proofs", "lockbox", "--json")
	var list []struct {
		Kind     string `json:"kind"`
		Campaign string `json:"campaign"`
		Customer string `json:"customer"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || len(list) != 1 || list[0].Kind != "billing-change" || list[0].Campaign != "lockbox" || list[0].Customer != "" {
		t.Errorf("campaign proofs %v: %s", err, r.stdout)
	}
	r = run("template", "proofs")
	if r.code != 0 || !strings.Contains(r.stdout, "reminder-1 en variant A  on FR1  to a@office.test, b@office.test  replies: 0") || strings.Contains(r.stdout, "billing-change") {
		t.Errorf("template proofs: %+v", r)
	}
	if r := run("campaign", "send", "lockbox", "--no-deliver"); r.code != 0 {
		t.Errorf("send after the proof: %+v", r)
	}
	if r := run("letters", "list", "--json"); r.code != 0 || strings.TrimSpace(r.stdout) != "[]" {
		t.Errorf("letters recorded: %+v", r)
	}
}
