package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// The figures test: one ledger with a customer per jurisdiction and
// debtor kind, a letter history built by the ladder itself (the plan of
// every day, recorded), and on every day a letter is due the figures
// printed in the letter (read back with pdftotext) compared with the
// plan's and with `relancectl interest --json`, to the cent. Then, after
// the final demands, every letter kind for every invoice. The lawful-
// letters issue extends this table; keep it table-driven.

// figureCustomer is one row of the table.
type figureCustomer struct {
	code, jurisdiction, kind, lang, currency string
	address                                  string // address1,postcode,city,country
	amountA, amountB, paidA                  string // invoice totals and a part payment of A
}

var figureCustomers = []figureCustomer{
	{"FRB", "FR", "business", "fr", "EUR", "1 rue de la Paix,69002,Lyon,FR", "1000.00", "250.00", "300.00"},
	{"FRC", "FR", "consumer", "fr", "EUR", "2 rue de la Paix,69002,Lyon,FR", "1000.00", "250.00", "300.00"},
	{"EUB", "EU", "business", "en", "EUR", "Rue Neuve 1,1000,Bruxelles,BE", "1234.56", "99.99", "234.56"},
	{"EUC", "EU", "consumer", "en", "EUR", "Rue Neuve 2,1000,Bruxelles,BE", "1234.56", "99.99", "234.56"},
	{"UKB", "UK", "business", "en", "GBP", "1 King Street,EC2V 8AU,London,GB", "999.00", "12000.00", "100.00"},
	{"UKC", "UK", "consumer", "en", "GBP", "2 King Street,EC2V 8AU,London,GB", "999.00", "12000.00", "100.00"},
	{"DEB", "DE", "business", "de", "EUR", "Hauptstraße 1,10115,Berlin,DE", "5000.00", "750.50", "1000.00"},
	{"DEC", "DE", "consumer", "de", "EUR", "Hauptstraße 2,10115,Berlin,DE", "5000.00", "750.50", "1000.00"},
	{"RSB", "RS", "business", "sr-Cyrl", "RSD", "Кнез Михаилова 1,11000,Београд,RS", "120000.00", "36000.00", "20000.00"},
	{"RSC", "RS", "consumer", "sr-Cyrl", "RSD", "Кнез Михаилова 2,11000,Београд,RS", "120000.00", "36000.00", "20000.00"},
}

// charging are the kinds that claim interest and fixed compensation.
var charging = map[string]bool{"reminder-2": true, "final-demand": true, "payment-demand": true}

type figuresPlanJSON struct {
	Actions []struct {
		CustomerCode string `json:"customer_code"`
		Level        int    `json:"level"`
		Kind         string `json:"kind"`
		Details      []struct {
			Number       string `json:"number"`
			Principal    string `json:"principal"`
			Interest     string `json:"interest"`
			Compensation string `json:"compensation"`
		} `json:"details"`
	} `json:"actions"`
}

type interestJSON struct {
	Principal            string `json:"principal"`
	Interest             string `json:"interest"`
	Compensation         string `json:"compensation"`
	CompensationCurrency string `json:"compensation_currency"`
	Currency             string `json:"currency"`
}

// printed are the totals a letter prints, as decimal strings ("1000.00"),
// "" for a line the letter does not print.
type printed struct{ principal, interest, compensation, total string }

func figuresLedger(t *testing.T) (db, payments string) {
	t.Helper()
	db = tempDB(t)
	var cust, inv, pay strings.Builder
	cust.WriteString("code,name,email,kind,address1,postcode,city,country,language\n")
	inv.WriteString("number,customer_code,issue_date,due_date,currency,total\n")
	pay.WriteString("invoice_number,date,amount\n")
	for _, c := range figureCustomers {
		fmt.Fprintf(&cust, "%s,Client %s,%s@example.org,%s,%s,%s\n", c.code, c.code, strings.ToLower(c.code), c.kind, c.address, c.lang)
		fmt.Fprintf(&inv, "%s-A,%s,2025-02-08,2025-03-10,%s,%s\n", c.code, c.code, c.currency, c.amountA)
		fmt.Fprintf(&inv, "%s-B,%s,2025-02-23,2025-03-25,%s,%s\n", c.code, c.code, c.currency, c.amountB)
		fmt.Fprintf(&pay, "%s-A,2025-05-02,%s\n", c.code, c.paidA)
	}
	day := ledger.MustDate("2025-03-01")
	cmds := [][]string{
		{"init"},
		{"company", "set", "jurisdiction=FR", "legal_name=Atelier Relance SARL", "address1=3 place Bellecour", "postcode=69002", "city=Lyon", "country=FR", "email=compta@atelier.example"},
		{"import", "customers", write(t, "c.csv", cust.String())},
		{"import", "invoices", write(t, "i.csv", inv.String())},
	}
	for _, c := range figureCustomers {
		cmds = append(cmds, []string{"customer", "set", c.code, "jurisdiction=" + c.jurisdiction})
	}
	for _, args := range cmds {
		if r := runAt(t, day, append([]string{"--db", db}, args...)...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	return db, write(t, "p.csv", pay.String())
}

// amountRe is an amount with two decimals at the end of a line.
var amountRe = regexp.MustCompile(`([0-9][0-9.,\s\x{00a0}\x{202f}]*[.,][0-9]{2})\D*$`)

// decimal turns a printed amount ("1 234,56 €", "€1,234.56",
// "1.234,56 RSD") into "1234.56".
func decimal(s string) string {
	m := amountRe.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	var digits []rune
	for _, r := range m[1] {
		if unicode.IsDigit(r) {
			digits = append(digits, r)
		}
	}
	d := string(digits)
	return d[:len(d)-2] + "." + d[len(d)-2:]
}

// letterTotals reads the totals block of a letter's text: the last line
// that starts with each label.
func letterTotals(text string, lang i18n.Lang) printed {
	var p printed
	labels := []struct {
		key string
		to  *string
	}{
		// The interest line is named as the debtor's law names it (French
		// business: pénalités de retard; consumer: intérêts au taux légal).
		{"letter.total_principal", &p.principal}, {"letter.total_interest", &p.interest},
		{"letter.total_penalties", &p.interest}, {"letter.total_legal_interest", &p.interest},
		{"letter.total_compensation", &p.compensation}, {"letter.total_due", &p.total},
	}
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		for _, l := range labels {
			// A sentence's line may start with the label's word too
			// ("Verzugszinsen laufen bis…"): only a line whose rest is an
			// amount is a total.
			if label := i18n.T(lang, l.key); strings.HasPrefix(line, label) {
				if v := decimal(strings.TrimPrefix(line, label)); v != "" {
					*l.to = v
				}
			}
		}
	}
	return p
}

func (c figureCustomer) lettersAt(t *testing.T, db string, day ledger.Date, kind, number string) printed {
	t.Helper()
	pdf := filepath.Join(t.TempDir(), kind+"-"+number+".pdf")
	if r := runAt(t, day, "--db", db, "letter", "--kind", kind, "--invoice", number, "--as-of", day.String(), "-o", pdf); r.code != 0 {
		t.Fatalf("%s %s on %s: %+v", kind, number, day, r)
	}
	return letterTotals(pdfText(t, pdf), i18n.Lang(c.lang))
}

func interestAt(t *testing.T, db string, day ledger.Date, number string) interestJSON {
	t.Helper()
	r := runAt(t, day, "--db", db, "interest", "--invoice", number, "--as-of", day.String(), "--json")
	if r.code != 0 {
		t.Fatalf("interest %s on %s: %+v", number, day, r)
	}
	var out interestJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// expected is what a letter of kind must print for one invoice.
func expected(kind, principal, interest, compensation, compCurrency, currency string) printed {
	if !charging[kind] {
		return printed{principal: principal} // no interest, no total line
	}
	want := printed{principal: principal}
	minor := func(s string) int64 {
		m, err := ledger.ParseAmount(s, ledger.Currency(currency))
		if err != nil {
			panic(err)
		}
		return m
	}
	total := minor(principal) + minor(interest)
	if minor(interest) > 0 {
		want.interest = interest
	}
	if compCurrency == currency && minor(compensation) > 0 {
		want.compensation = compensation
		total += minor(compensation)
	}
	want.total = ledger.Money{Minor: total, Currency: ledger.Currency(currency)}.Decimal()
	return want
}

func TestLetterFiguresMatchPlanAndInterest(t *testing.T) {
	db, payments := figuresLedger(t)
	paidOn := ledger.MustDate("2025-05-02")
	byCode := map[string]figureCustomer{}
	for _, c := range figureCustomers {
		byCode[c.code] = c
	}
	seen := map[string]bool{} // "kind jurisdiction debtor-kind" compared
	nonZero := map[string]bool{}
	for day := ledger.MustDate("2025-03-11"); day <= ledger.MustDate("2025-07-31"); day = day.AddDays(1) {
		if day == paidOn { // a part payment of every A invoice: interest in two segments
			if r := runAt(t, day, "--db", db, "import", "payments", payments); r.code != 0 {
				t.Fatalf("payments: %+v", r)
			}
		}
		r := runAt(t, day, "--db", db, "plan", "--as-of", day.String(), "--json")
		if r.code != 0 {
			t.Fatalf("plan %s: %+v", day, r)
		}
		var plan figuresPlanJSON
		if err := json.Unmarshal([]byte(r.stdout), &plan); err != nil {
			t.Fatal(err)
		}
		for _, a := range plan.Actions {
			c := byCode[a.CustomerCode]
			for _, d := range a.Details {
				fromPlan := expected(a.Kind, d.Principal, d.Interest, d.Compensation, c.currency, c.currency)
				got := c.lettersAt(t, db, day, a.Kind, d.Number)
				if got != fromPlan {
					t.Errorf("%s %s on %s (%s %s): letter prints %+v, the plan says %+v", a.Kind, d.Number, day, c.jurisdiction, c.kind, got, fromPlan)
				}
				it := interestAt(t, db, day, d.Number)
				if charging[a.Kind] && (it.Principal != d.Principal || it.Interest != d.Interest ||
					(it.CompensationCurrency == c.currency && it.Compensation != d.Compensation)) {
					t.Errorf("%s %s on %s (%s %s): interest --json %+v, the plan %+v", a.Kind, d.Number, day, c.jurisdiction, c.kind, it, d)
				}
				seen[a.Kind+" "+c.jurisdiction+" "+c.kind] = true
				if fromPlan.interest != "" || fromPlan.compensation != "" {
					nonZero[a.Kind+" "+c.jurisdiction+" "+c.kind] = true
				}
			}
		}
		if len(plan.Actions) > 0 {
			if r := runAt(t, day, "--db", db, "plan", "--as-of", day.String(), "--record"); r.code != 0 {
				t.Fatalf("record %s: %+v", day, r)
			}
		}
	}
	// The ladder went through its three letters for everyone.
	for _, c := range figureCustomers {
		for _, k := range []string{"reminder-1", "reminder-2", "final-demand"} {
			if !seen[k+" "+c.jurisdiction+" "+c.kind] {
				t.Errorf("the plan never proposed %s to %s", k, c.code)
			}
		}
	}
	// After the final demands: every kind, every invoice, against
	// `interest --json` (the plan proposes only the hand-over by then; a
	// payment demand is a level-3 letter like the final demand, and prints
	// the same figures).
	day := ledger.MustDate("2025-09-30")
	for _, c := range figureCustomers {
		for _, n := range []string{c.code + "-A", c.code + "-B"} {
			it := interestAt(t, db, day, n)
			var fd printed
			for _, kind := range []string{"reminder-1", "reminder-2", "final-demand", "payment-demand", "statement"} {
				want := expected(kind, it.Principal, it.Interest, it.Compensation, it.CompensationCurrency, it.Currency)
				got := c.lettersAt(t, db, day, kind, n)
				if got != want {
					t.Errorf("%s %s on %s (%s %s): letter prints %+v, interest --json says %+v", kind, n, day, c.jurisdiction, c.kind, got, want)
				}
				if kind == "final-demand" {
					fd = got
				}
				if kind == "payment-demand" && got != fd {
					t.Errorf("%s on %s: payment demand %+v, final demand %+v", n, day, got, fd)
				}
				if want.interest != "" {
					nonZero[kind+" "+c.jurisdiction+" "+c.kind] = true
				}
			}
		}
	}
	// The table must exercise interest, not only zeros: every jurisdiction
	// charges a business debtor, and France charges a consumer after the
	// formal notice.
	for _, k := range []string{"FR business", "FR consumer", "EU business", "UK business", "DE business", "DE consumer", "RS business", "RS consumer"} {
		if !nonZero["payment-demand "+k] {
			t.Errorf("no interest or compensation claimed in a payment demand to a %s debtor: the test exercises nothing there", k)
		}
	}
	t.Logf("compared: %d kind × jurisdiction × debtor cases on the ladder, %d with a non-zero claim", len(seen), len(nonZero))
}

// TestLetterSaysWhyItClaimsNoInterest: an invoice older than the rate
// tables claims no interest, and the letter command says so (before,
// the letter silently claimed none).
func TestLetterSaysWhyItClaimsNoInterest(t *testing.T) {
	db := tempDB(t)
	day := ledger.MustDate("2025-07-20")
	for _, args := range [][]string{
		{"init"},
		{"company", "set", "jurisdiction=FR", "legal_name=Atelier", "address1=3 place Bellecour", "postcode=69002", "city=Lyon", "country=FR"},
		{"import", "customers", write(t, "c.csv", "code,name,email,kind,address1,postcode,city,country,language\nOLD,Client Ancien,o@example.fr,business,1 rue A,69002,Lyon,FR,en\n")},
		{"import", "invoices", write(t, "i.csv", "number,customer_code,issue_date,due_date,currency,total\nF1990,OLD,1990-01-02,1990-02-01,EUR,100.00\n")},
	} {
		if r := runAt(t, day, append([]string{"--db", db}, args...)...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	pdf := filepath.Join(t.TempDir(), "l.pdf")
	r := runAt(t, day, "--db", db, "letter", "--kind", "reminder-2", "--invoice", "F1990", "-o", pdf)
	if r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if !strings.Contains(r.stderr, "Invoice F1990: no interest claimed") {
		t.Errorf("no warning that F1990 claims no interest: %q", r.stderr)
	}
}
