package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// runAt runs relancectl as if today were day.
func runAt(t *testing.T, day ledger.Date, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, Env{
		Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(""),
		Getenv: func(k string) string {
			if k == "RELANCE_LANG" {
				return "en"
			}
			return ""
		},
		Today: func() ledger.Date { return day },
	})
	return result{code, out.String(), errb.String()}
}

type sentLetter struct {
	date     string
	level    int
	kind     string
	currency string
	invoices string
}

type planJSON struct {
	Actions []struct {
		CustomerCode string   `json:"customer_code"`
		Level        int      `json:"level"`
		Kind         string   `json:"kind"`
		Currency     string   `json:"currency"`
		Invoices     []string `json:"invoices"`
		Principal    string   `json:"principal"`
		Interest     string   `json:"interest"`
		TotalDue     string   `json:"total_due"`
		Reason       string   `json:"reason"`
	} `json:"actions"`
	Tasks []struct {
		CustomerCode string   `json:"customer_code"`
		Invoices     []string `json:"invoices"`
	} `json:"tasks"`
	Skipped []struct {
		Invoice string `json:"invoice"`
		Reason  string `json:"reason"`
	} `json:"skipped"`
}

// TestLadderThroughAYear walks customers day by day through 2025, running
// `plan --as-of DAY --record` every day and acting on the ledger on the
// days the story says, then checks every letter each customer received.
func TestLadderThroughAYear(t *testing.T) {
	db := tempDB(t)
	start := ledger.MustDate("2025-01-01")
	must := func(day ledger.Date, args ...string) result {
		t.Helper()
		r := runAt(t, day, append([]string{"--db", db}, args...)...)
		if r.code != 0 {
			t.Fatalf("%s %v: exit %d\n%s%s", day, args, r.code, r.stdout, r.stderr)
		}
		return r
	}
	must(start, "init")
	must(start, "company", "set", "legal_name=Atelier Test", "jurisdiction=FR")
	must(start, "import", "customers", write(t, "c.csv", `code,name,email,delivery
A,Never Pays SARL,a@example.fr,email
B,Broken Promise SARL,b@example.fr,email
C,Disputes SARL,c@example.fr,email
D,Pays Late SARL,,postal
E,Two Invoices SARL,e@example.fr,email
F,Paid Meanwhile SARL,f@example.fr,email
G,Two Currencies Ltd,g@example.fr,email
`))
	must(start, "import", "invoices", write(t, "i.csv", `number,customer_code,issue_date,due_date,currency,total
IA,A,2025-01-01,2025-01-31,EUR,1000.00
IB,B,2025-01-01,2025-01-31,EUR,1000.00
IC,C,2025-01-01,2025-01-31,EUR,1000.00
ID,D,2025-01-01,2025-01-31,EUR,1000.00
IE1,E,2025-01-01,2025-01-31,EUR,100.00
IE2,E,2025-01-04,2025-02-03,EUR,200.00
IF,F,2025-01-01,2025-03-31,EUR,500.00
IG1,G,2025-01-01,2025-01-31,EUR,100.00
IG2,G,2025-01-04,2025-02-03,GBP,200.00
`))
	letters := map[string][]sentLetter{}
	tasks := map[string][]string{}
	var paidMeanwhileChecked bool
	for day := start; day <= ledger.MustDate("2025-12-31"); day = day.AddDays(1) {
		switch day.String() {
		case "2025-02-03":
			must(day, "dispute", "open", "--invoice", "IC", "--reason", "goods damaged")
		case "2025-02-10":
			must(day, "promise", "add", "--invoice", "IB", "--date", "2025-02-14", "--source", "phone")
		case "2025-02-15":
			must(day, "import", "payments", write(t, "pd.csv", "invoice_number,date,amount,reference\nID,2025-02-15,1000.00,VIR-D\n"))
		case "2025-03-01":
			must(day, "dispute", "close", "--invoice", "IC", "--reason", "credit note refused")
		case "2025-04-07":
			// The plan of the morning proposes F's first letter...
			var p planJSON
			json.Unmarshal([]byte(must(day, "plan", "--as-of", day.String(), "--json").stdout), &p)
			proposed := false
			for _, a := range p.Actions {
				proposed = proposed || a.CustomerCode == "F"
			}
			if !proposed {
				t.Fatalf("F not proposed on %s: %+v", day, p.Actions)
			}
			// ...then F pays before the letters go out.
			must(day, "import", "payments", write(t, "pf.csv", "invoice_number,date,amount,reference\nIF,2025-04-07,500.00,VIR-F\n"))
			paidMeanwhileChecked = true
		}
		var p planJSON
		r := must(day, "plan", "--as-of", day.String(), "--record", "--json")
		if err := json.Unmarshal([]byte(r.stdout), &p); err != nil {
			t.Fatalf("%s: %v", day, err)
		}
		for _, a := range p.Actions {
			letters[a.CustomerCode] = append(letters[a.CustomerCode],
				sentLetter{day.String(), a.Level, a.Kind, a.Currency, strings.Join(a.Invoices, " ")})
		}
		for _, tk := range p.Tasks {
			tasks[tk.CustomerCode] = append(tasks[tk.CustomerCode], day.String())
		}
	}
	if !paidMeanwhileChecked {
		t.Fatal("the paid-meanwhile step did not run")
	}
	want := map[string][]sentLetter{
		// Due 01-31: friendly reminder 7 days later, firmer 14 days after
		// it, final demand 14 days after that (deadline 03-15).
		"A": {{"2025-02-07", 1, "reminder-1", "EUR", "IA"}, {"2025-02-21", 2, "reminder-2", "EUR", "IA"}, {"2025-03-07", 3, "final-demand", "EUR", "IA"}},
		// The promise for 02-14 is broken: the firmer letter comes 2 days
		// later (02-16), before the normal 02-21; the final demand 14 days
		// after it.
		"B": {{"2025-02-07", 1, "reminder-1", "EUR", "IB"}, {"2025-02-16", 2, "reminder-2", "EUR", "IB"}, {"2025-03-02", 3, "final-demand", "EUR", "IB"}},
		// Disputed from 02-03 to 03-01: nothing until the dispute closes.
		"C": {{"2025-03-01", 1, "reminder-1", "EUR", "IC"}, {"2025-03-15", 2, "reminder-2", "EUR", "IC"}, {"2025-03-29", 3, "final-demand", "EUR", "IC"}},
		// Paid in full on 02-15: the friendly reminder only.
		"D": {{"2025-02-07", 1, "reminder-1", "EUR", "ID"}},
		// IE2 (due 02-03) is not due its own reminder until 02-10, but a
		// letter goes to E on 02-07: it rides along at its next level, and
		// from then on both invoices climb the ladder together.
		"E": {{"2025-02-07", 1, "reminder-1", "EUR", "IE1 IE2"}, {"2025-02-21", 2, "reminder-2", "EUR", "IE1 IE2"},
			{"2025-03-07", 3, "final-demand", "EUR", "IE1 IE2"}},
		// G owes in two currencies: two letters. The GBP invoice is due a
		// reminder on 02-10, but G had one (in EUR) on 02-07: the 5-day
		// gap holds it until 02-12, and the two ladders stay 5 days apart.
		"G": {{"2025-02-07", 1, "reminder-1", "EUR", "IG1"}, {"2025-02-12", 1, "reminder-1", "GBP", "IG2"},
			{"2025-02-21", 2, "reminder-2", "EUR", "IG1"}, {"2025-02-26", 2, "reminder-2", "GBP", "IG2"},
			{"2025-03-07", 3, "final-demand", "EUR", "IG1"}, {"2025-03-12", 3, "final-demand", "GBP", "IG2"}},
		// Proposed on the morning of 04-07, paid before the run: never sent.
		"F": nil,
	}
	for code, w := range want {
		got := letters[code]
		if fmt.Sprint(got) != fmt.Sprint(w) {
			t.Errorf("customer %s letters:\n got %v\nwant %v", code, got, w)
		}
	}
	// The owner's task comes the day after the final demand's deadline
	// (sent + 8 days), once.
	wantTasks := map[string][]string{"A": {"2025-03-16"}, "B": {"2025-03-11"}, "C": {"2025-04-07"}, "E": {"2025-03-16"},
		"G": {"2025-03-16", "2025-03-21"}}
	for code, w := range wantTasks {
		if fmt.Sprint(tasks[code]) != fmt.Sprint(w) {
			t.Errorf("customer %s tasks: got %v, want %v", code, tasks[code], w)
		}
	}
	if len(tasks["D"])+len(tasks["F"]) != 0 {
		t.Errorf("tasks for paid customers: %v", tasks)
	}
}
