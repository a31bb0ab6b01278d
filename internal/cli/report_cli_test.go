package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// relancectl report letters|aging over a ledger made by the commands
// themselves: two reminders recorded by the plan on 17 June, the emailed
// one paid in full 3 days later, the posted one paid in part; the report
// on 20 July (33 days on, so in every rate), figures worked out by hand.
func TestReportLettersAndAging(t *testing.T) {
	db := tempDB(t)
	day := ledger.MustDate("2025-06-17")
	for _, step := range []struct {
		on   ledger.Date
		args []string
	}{
		{day, []string{"init"}},
		{day, []string{"company", "set", "jurisdiction=FR", "legal_name=Atelier Rhône SARL", "address1=3 quai Rambaud", "postcode=69002", "city=Lyon", "country=FR"}},
		{day, []string{"import", "customers", write(t, "c.csv", "code,name,email,kind,address1,postcode,city,country,language\n"+
			"FRP,Boulangerie Martin,,business,1 rue A,69003,Lyon,FR,fr\nFRE,Atelier Durand,d@example.fr,business,2 rue B,69003,Lyon,FR,fr\n")}},
		{day, []string{"import", "invoices", write(t, "i.csv", "number,customer_code,issue_date,due_date,currency,total\n"+
			"P1,FRP,2025-05-11,2025-06-10,EUR,1000.00\nE1,FRE,2025-05-11,2025-06-10,EUR,500.00\n")}},
		{day, []string{"plan", "--record"}},
		{ledger.MustDate("2025-06-20"), []string{"payment", "add", "--invoice", "E1", "--date", "2025-06-20", "--amount", "500.00"}},
		{ledger.MustDate("2025-06-25"), []string{"payment", "add", "--invoice", "P1", "--date", "2025-06-25", "--amount", "200.00"}},
	} {
		if r := runAt(t, step.on, append([]string{"--db", db}, step.args...)...); r.code != 0 {
			t.Fatalf("%v: %+v", step.args, r)
		}
	}
	on := ledger.MustDate("2025-07-20")
	r := runAt(t, on, "--db", db, "report", "letters", "--since", "2025-06-01", "--by", "channel", "--json")
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	type rate struct{ Letters, Count int }
	var rep struct {
		By     string
		Groups []struct {
			Key, Label      string
			Sent            int
			Replied         rate
			Paid7           rate `json:"paid_within_7_days"`
			Paid30          rate `json:"paid_within_30_days"`
			MedianDaysToPay *int `json:"median_days_to_pay"`
			PaidInPart      int  `json:"paid_in_part"`
		}
		Comparisons int
		Verdicts    []any
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if rep.By != "channel" || len(rep.Groups) != 2 || rep.Comparisons != 0 || len(rep.Verdicts) != 0 {
		t.Fatalf("%+v", rep)
	}
	// email: paid in full 3 days after its letter: within 7 and 30 days,
	// median 3 (one letter, paid). postal: 200.00 of 1000.00: in part.
	e, p := rep.Groups[0], rep.Groups[1]
	if e.Key != "email" || e.Sent != 1 || e.Replied != (rate{1, 0}) || e.Paid7 != (rate{1, 1}) || e.Paid30 != (rate{1, 1}) ||
		e.MedianDaysToPay == nil || *e.MedianDaysToPay != 3 || e.PaidInPart != 0 {
		t.Errorf("email: %+v", e)
	}
	if p.Key != "postal" || p.Sent != 1 || p.Paid30 != (rate{1, 0}) || p.MedianDaysToPay != nil || p.PaidInPart != 1 {
		t.Errorf("postal: %+v", p)
	}
	// In French: the rates and the reason no sentence is drawn.
	r = runAt(t, on, "--db", db, "--lang", "fr", "report", "letters", "--since", "2025-06-01", "--by", "channel")
	if r.code != 0 || !strings.Contains(r.stdout, "100 % (") || !strings.Contains(r.stdout, "Trop peu de lettres") || !strings.Contains(r.stdout, "par canal") {
		t.Errorf("French report:\n%s", r.stdout)
	}
	if r := runAt(t, on, "--db", db, "report", "letters", "--by", "colour"); r.code != ExitUsage {
		t.Errorf("--by colour: %+v", r)
	}
	// Aging: on 30 June P1 owes 800.00, 20 days late; on 20 July 40 days
	// late. Invoiced in the 90 days before either day: 1500.00, so DSO =
	// (800×90 + 750)/1500 = 48.
	r = runAt(t, on, "--db", db, "report", "aging", "--since", "2025-06-01", "--json")
	var aging []struct {
		Date       string
		Currencies []struct {
			Currency, Outstanding string
			Aging                 map[string]string
			DSO                   *int
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &aging); err != nil || r.code != 0 {
		t.Fatalf("%v: %+v", err, r)
	}
	if len(aging) != 2 || aging[0].Date != "2025-06-30" || aging[1].Date != "2025-07-20" {
		t.Fatalf("%+v", aging)
	}
	for i, bucket := range []string{"1_30", "31_60"} {
		c := aging[i].Currencies
		if len(c) != 1 || c[0].Outstanding != "800.00" || c[0].Aging[bucket] != "800.00" || c[0].DSO == nil || *c[0].DSO != 48 {
			t.Errorf("%s: %+v", aging[i].Date, c)
		}
	}
}
