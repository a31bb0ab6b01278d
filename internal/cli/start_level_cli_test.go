package cli

import (
	"encoding/json"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// customer set CODE start_level=… starts that customer's ladder for the
// debts already due at the level named, scriptably: F1 (due 2025-06-10)
// gets the firmer letter with its interest (the FR hand case: 138.63 € to
// 2025-07-20), the other customer keeps the friendly reminder; a level
// that is not one is refused; empty goes back to the first step.
func TestCustomerStartLevel(t *testing.T) {
	db := dunningLedger(t)
	day := ledger.MustDate("2025-07-20")
	plan := func() map[string]string {
		t.Helper()
		r := runAt(t, day, "--db", db, "plan", "--json")
		var p planJSON
		if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
			t.Fatalf("%v: %s", err, r.stdout)
		}
		out := map[string]string{}
		for _, a := range p.Actions {
			out[a.CustomerCode] = a.Kind + " " + a.Interest
		}
		return out
	}
	if got := plan(); got["FR1"] != "reminder-1 0.00" {
		t.Fatalf("before: %v", got)
	}
	if r := runAt(t, day, "--db", db, "customer", "set", "FR1", "start_level=reminder-2"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	got := plan()
	if got["FR1"] != "reminder-2 138.63" || got["UK1"] == "" || got["UK1"][:10] != "reminder-1" {
		t.Fatalf("after: %v", got)
	}
	for _, bad := range []string{"start_level=4", "start_level=collections"} {
		if r := runAt(t, day, "--db", db, "customer", "set", "FR1", bad); r.code != ExitUser {
			t.Errorf("%s: %+v", bad, r)
		}
	}
	if r := runAt(t, day, "--db", db, "customer", "set", "FR1", "start_level="); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if got := plan(); got["FR1"] != "reminder-1 0.00" {
		t.Fatalf("cleared: %v", got)
	}
}
