package cli

import (
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// The acceptance matrix of issue 18: every ladder letter and the statement
// (5 kinds) × every letter language (fr, en, de, sr-Cyrl, sr-Latn) × the
// customers of the figures test (FR, EU, UK, DE and RS law, each a
// business and a consumer): 250 letters, made by relancectl letter over a
// ledger whose history the ladder itself recorded, each read back with
// pdftotext (and checked by qpdf --check), against
//   - the table of legal points below, each row naming its statute;
//   - the figures of `relancectl interest --json` for its invoices;
//   - what every letter must say or never say (greeting, date, phone
//     numbers, IBAN and structured reference, the earlier registered
//     letter's number).
// The EPC QR code is decoded once (zbarimg): one scheme, one currency
// here. A page of each kind in each language goes to artifacts/letters.

// matrixLang is what the test knows of a language, written by hand.
type matrixLang struct {
	code       string
	greeting   string // the neutral salutation: these customers have no contact, title or gender
	registered string // how a later letter cites a registered letter's number
	date       func(y, m, d int) string
	// The labels a letter that lists several debts' fixed sums must not
	// use (UK s.5A: a sum per debt, by its size).
	perInvoice string
}

var (
	monthsFR = []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	monthsEN = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	monthsDE = []string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}
	// Serbian dates take the month in the genitive.
	monthsSRC = []string{"јануара", "фебруара", "марта", "априла", "маја", "јуна", "јула", "августа", "септембра", "октобра", "новембра", "децембра"}
	monthsSRL = []string{"januara", "februara", "marta", "aprila", "maja", "juna", "jula", "avgusta", "septembra", "oktobra", "novembra", "decembra"}
)

var matrixLangs = []matrixLang{
	{"fr", "Madame, Monsieur,", "lettre recommandée n°", func(y, m, d int) string {
		day := fmt.Sprint(d)
		if d == 1 {
			day = "1er"
		}
		return fmt.Sprintf("%s %s %d", day, monthsFR[m-1], y)
	}, "par facture"},
	{"en", "Dear Sir or Madam,", "recorded delivery no.", func(y, m, d int) string { return fmt.Sprintf("%d %s %d", d, monthsEN[m-1], y) }, "per invoice"},
	{"de", "Sehr geehrte Damen und Herren,", "Einschreiben Nr.", func(y, m, d int) string { return fmt.Sprintf("%d. %s %d", d, monthsDE[m-1], y) }, "je Rechnung"},
	{"sr-Cyrl", "Поштовани,", "препоручена пошиљка бр.", func(y, m, d int) string { return fmt.Sprintf("%d. %s %d.", d, monthsSRC[m-1], y) }, "по фактури"},
	{"sr-Latn", "Poštovani,", "preporučena pošiljka br.", func(y, m, d int) string { return fmt.Sprintf("%d. %s %d.", d, monthsSRL[m-1], y) }, "po fakturi"},
}

func (l matrixLang) day(d ledger.Date) string {
	y, m, day := d.Civil()
	return l.date(y, int(m), day)
}

// matrixCase is one letter of the matrix, as the rows see it.
type matrixCase struct {
	kind string
	lang matrixLang
	cust figureCustomer
	asOf ledger.Date
	it   map[string]interestJSON // per invoice, from interest --json
}

func (c matrixCase) business() bool { return c.cust.kind == "business" }
func (c matrixCase) cyrillic() bool { return c.lang.code == "sr-Cyrl" }
func (c matrixCase) serbian() bool  { return strings.HasPrefix(c.lang.code, "sr") }

// script picks the Cyrillic or the Latin spelling of a Serbian name.
func (c matrixCase) script(cyr, lat string) string {
	if c.cyrillic() {
		return cyr
	}
	return lat
}

// claims: the letter claims interest (a charging kind, a non-zero sum).
func (c matrixCase) claims() bool {
	if !charging[c.kind] {
		return false
	}
	for _, it := range c.it {
		if it.Interest != "0.00" && it.Interest != "0" {
			return true
		}
	}
	return false
}

// matrixRows are the legal points, each from its statute (the words are
// the statute's references, which every language cites as they are, or
// the sentences of one language, written by hand from the text).
var matrixRows = []struct {
	statute string
	applies func(c matrixCase) bool
	want    func(c matrixCase) []string
	wantNot func(c matrixCase) []string
}{
	{
		statute: "C. com. L441-10 (late-payment penalties: ECB rate + 10 points) and D441-5 (€40 recovery compensation): a French business debtor's final demand gives its legal basis",
		applies: func(c matrixCase) bool {
			return c.kind == "final-demand" && c.cust.jurisdiction == "FR" && c.business() && c.claims()
		},
		want: func(c matrixCase) []string { return []string{"L441-10", "D441-5"} },
	},
	{
		statute: "C. civ. 1231-6 al. 1: a consumer owes legal-rate interest from the formal notice",
		applies: func(c matrixCase) bool {
			return c.kind == "final-demand" && c.cust.jurisdiction == "FR" && !c.business() && c.claims()
		},
		want:    func(c matrixCase) []string { return []string{"1231-6"} },
		wantNot: func(c matrixCase) []string { return []string{"L441-10"} },
	},
	{
		statute: "C. civ. 1344 (\"Le débiteur est mis en demeure de payer soit par une sommation ou un acte portant interpellation suffisante\"): the French final demand is a mise en demeure that says so",
		applies: func(c matrixCase) bool {
			return c.kind == "final-demand" && c.cust.jurisdiction == "FR" && c.lang.code == "fr"
		},
		want: func(c matrixCase) []string {
			return []string{"Mise en demeure", "nous vous mettons en demeure, au sens de l'article 1344 du Code civil"}
		},
	},
	{
		statute: "C. com. L441-10 al. 2 (penalties run until payment) / C. civ. 1231-6 (interest runs from the notice): the French notice says what runs until payment",
		applies: func(c matrixCase) bool {
			return c.kind == "final-demand" && c.cust.jurisdiction == "FR" && c.lang.code == "fr"
		},
		want: func(c matrixCase) []string {
			if c.business() {
				return []string{"Les pénalités de retard prévues à l'article L441-10 du Code de commerce continuent de courir sur la somme restant due jusqu'à son complet paiement."}
			}
			return []string{"Conformément à l'article 1231-6 du Code civil, la présente mise en demeure fait courir, sur la somme restant due, des intérêts au taux légal jusqu'à son complet paiement."}
		},
	},
	{
		statute: "C. civ. 1120, C. conso. R212-1: no \"vaudra acceptation\" to anyone in a dunning letter",
		applies: func(c matrixCase) bool { return c.lang.code == "fr" },
		wantNot: func(c matrixCase) []string { return []string{"vaudra acceptation"} },
	},
	{
		statute: "Directive 2011/7/EU art. 3, 4 and 6: the EU business debtor's final demand gives its basis",
		applies: func(c matrixCase) bool {
			return c.kind == "final-demand" && c.cust.jurisdiction == "EU" && c.business() && c.claims()
		},
		want: func(c matrixCase) []string { return []string{"2011/7/"} },
	},
	{
		statute: "Late Payment of Commercial Debts (Interest) Act 1998 s.4, s.6 (rate fixed for the debt) and s.5A (a fixed sum per debt, by its size): the UK business final demand",
		applies: func(c matrixCase) bool {
			return c.kind == "final-demand" && c.cust.jurisdiction == "UK" && c.business() && c.claims()
		},
		want:    func(c matrixCase) []string { return []string{"Late Payment of Commercial Debts (Interest) Act 1998"} },
		wantNot: func(c matrixCase) []string { return []string{c.lang.perInvoice} },
	},
	{
		statute: "Late Payment Act s.5A: the English letter gives each debt its own fixed sum when they differ",
		applies: func(c matrixCase) bool {
			return c.kind == "final-demand" && c.cust.jurisdiction == "UK" && c.business() && c.lang.code == "en" &&
				c.it[c.cust.code+"-A"].Compensation != c.it[c.cust.code+"-B"].Compensation
		},
		want: func(c matrixCase) []string {
			return []string{"a fixed sum for each debt according to its size (£" + c.it[c.cust.code+"-A"].Compensation + " for invoice " + c.cust.code + "-A, £" +
				c.it[c.cust.code+"-B"].Compensation + " for invoice " + c.cust.code + "-B)"}
		},
	},
	{
		statute: "Pre-Action Protocol for Debt Claims para. 3.1 ((c) Information Sheet and Reply Form, Annex 1; (d) Financial Statement, Annex 2) and 3.4 (30 days from the letter's date): a UK consumer's final demand is a Letter of Claim, in every language",
		applies: func(c matrixCase) bool {
			return c.kind == "final-demand" && c.cust.jurisdiction == "UK" && !c.business()
		},
		want: func(c matrixCase) []string {
			return []string{"Letter of Claim", "Pre-Action Protocol for Debt Claims", "Reply Form", "Information Sheet", "Financial Statement",
				c.lang.day(c.asOf.AddDays(30)),
				// The Annex 1 and 2 documents follow, as pages of their own.
				"Information Sheet (Pre-Action Protocol for Debt Claims, Annex 1)", "Financial Statement (Pre-Action Protocol for Debt Claims, Annex 2)"}
		},
		wantNot: func(c matrixCase) []string {
			return map[string][]string{"fr": {"sans nouvel avis"}, "en": {"without further notice"}, "de": {"ohne weitere Ankündigung"},
				"sr-Cyrl": {"без даљег обавештења"}, "sr-Latn": {"bez daljeg obaveštenja"}}[c.lang.code]
		},
	},
	{
		statute: "§ 288 Abs. 2 BGB (business: base rate + 9 points) and Abs. 5 (€40 lump sum): the German business debtor's final demand",
		applies: func(c matrixCase) bool {
			return c.kind == "final-demand" && c.cust.jurisdiction == "DE" && c.business() && c.claims()
		},
		want: func(c matrixCase) []string { return []string{"§ 288 Abs. 2 BGB", "§ 288 Abs. 5 BGB"} },
	},
	{
		statute: "§ 288 Abs. 1 BGB (consumer: base rate + 5 points; no lump sum, Abs. 5 is for debtors who are not consumers)",
		applies: func(c matrixCase) bool {
			return c.kind == "final-demand" && c.cust.jurisdiction == "DE" && !c.business() && c.claims()
		},
		want:    func(c matrixCase) []string { return []string{"§ 288 Abs. 1 BGB"} },
		wantNot: func(c matrixCase) []string { return []string{"§ 288 Abs. 5", "Abs. 2 BGB"} },
	},
	{
		statute: "§ 286 Abs. 1 BGB (Verzug through the Mahnung) and § 288 Abs. 5 Satz 3 BGB (the lump sum counts against legal costs): the German letzte Mahnung",
		applies: func(c matrixCase) bool {
			return c.kind == "final-demand" && c.cust.jurisdiction == "DE" && c.lang.code == "de"
		},
		want: func(c matrixCase) []string {
			w := []string{"Letzte Mahnung", "(§ 286 Abs. 1 BGB)"}
			if c.business() {
				w = append(w, "(§ 288 Abs. 5 Satz 3 BGB)")
			}
			return w
		},
		wantNot: func(c matrixCase) []string { return []string{"BGB, al.", ", al. 2"} },
	},
	{
		statute: "Zakon o rokovima izmirenja novčanih obaveza u komercijalnim transakcijama (Sl. glasnik RS 119/2012…) and Zakon o zateznoj kamati: a Serbian business debtor, both laws",
		applies: func(c matrixCase) bool {
			return c.kind == "final-demand" && c.cust.jurisdiction == "RS" && c.business() && c.claims()
		},
		want: func(c matrixCase) []string {
			return []string{c.script("Закон о роковима измирења новчаних обавеза у комерцијалним трансакцијама", "Zakon o rokovima izmirenja novčanih obaveza u komercijalnim transakcijama"),
				c.script("Закон о затезној камати", "Zakon o zateznoj kamati")}
		},
	},
	{
		statute: "Zakon o zateznoj kamati alone for a consumer (the commercial-transactions law binds businesses and public bodies only, art. 2)",
		applies: func(c matrixCase) bool {
			return c.kind == "final-demand" && c.cust.jurisdiction == "RS" && !c.business() && c.claims()
		},
		want: func(c matrixCase) []string {
			return []string{c.script("Закон о затезној камати", "Zakon o zateznoj kamati")}
		},
		wantNot: func(c matrixCase) []string {
			return []string{"rokovima izmirenja", "роковима измирења"}
		},
	},
	{
		statute: "Serbian letters from a French creditor: a French VAT number is not a ПИБ (Zakon o poreskom postupku i poreskoj administraciji art. 26), and no \"poziv na broj\" on a transfer to a French IBAN",
		applies: func(c matrixCase) bool { return c.serbian() },
		want: func(c matrixCase) []string {
			return []string{c.script("ПДВ/VAT бр. FR44732829320", "PDV/VAT br. FR44732829320")}
		},
		wantNot: func(c matrixCase) []string {
			return []string{"ПИБ", "PIB", "позив на број", "poziv na broj"}
		},
	},
	{
		statute: "C. civ. 1344 and the registered letter's proof: an earlier registered letter is cited with its number (issue 18's decision: \"our registered letter no. … of …\")",
		applies: func(c matrixCase) bool { return c.kind == "reminder-2" || c.kind == "final-demand" },
		want:    func(c matrixCase) []string { return []string{c.lang.registered + " " + matrixTracking} },
	},
}

// matrixTracking is a valid UPU S10 number (check digit 5, worked out by
// hand in ledger's tracking test).
const matrixTracking = "RR123456785FR"

// matrixLedger is the figures test's ledger without email addresses (the
// letters go by post, so a tracking number can be entered), with its
// history made by the ladder: the plan recorded every day.
func matrixLedger(t *testing.T) string {
	t.Helper()
	db := tempDB(t)
	var cust, inv strings.Builder
	cust.WriteString("code,name,email,kind,address1,postcode,city,country,language\n")
	inv.WriteString("number,customer_code,issue_date,due_date,currency,total\n")
	for _, c := range figureCustomers {
		fmt.Fprintf(&cust, "%s,Client %s,,%s,%s,%s\n", c.code, c.code, c.kind, c.address, c.lang)
		fmt.Fprintf(&inv, "%s-A,%s,2025-02-08,2025-03-10,%s,%s\n", c.code, c.code, c.currency, c.amountA)
		fmt.Fprintf(&inv, "%s-B,%s,2025-02-23,2025-03-25,%s,%s\n", c.code, c.code, c.currency, c.amountB)
	}
	day := ledger.MustDate("2025-03-01")
	cmds := [][]string{
		{"init"},
		{"company", "set", "jurisdiction=FR", "legal_name=Atelier Relance SARL", "address1=3 place Bellecour", "postcode=69002", "city=Lyon", "country=FR",
			"email=compta@atelier.example", "phone=04 78 00 00 00", "iban=FR76 3000 6000 0112 3456 7890 189", "bic=AGRIFRPP", "vat=FR44732829320"},
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
	for day := ledger.MustDate("2025-03-11"); day <= ledger.MustDate("2025-07-31"); day = day.AddDays(1) {
		if r := runAt(t, day, "--db", db, "plan", "--as-of", day.String(), "--record"); r.code != 0 {
			t.Fatalf("record %s: %+v", day, r)
		}
	}
	return db
}

// dehyphenate joins the words the layout hyphenated at a line's end
// ("recom-" + "mandée"), then collapses white space: the text searched.
func dehyphenate(text string) string {
	lines := strings.Split(nbspCollapse.Replace(text), "\n")
	var b strings.Builder
	for i, l := range lines {
		l = strings.TrimRight(l, " ")
		if i+1 < len(lines) && hyphenEnd.MatchString(l) {
			next := strings.TrimLeft(lines[i+1], " ")
			if next != "" && next[0] >= 'a' && next[0] <= 'z' || strings.HasPrefix(next, "é") {
				b.WriteString(strings.TrimSuffix(l, "-"))
				continue
			}
		}
		b.WriteString(l + "\n")
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

var (
	nbspCollapse = strings.NewReplacer("\u00a0", " ", "\u202f", " ")
	hyphenEnd    = regexp.MustCompile(`\p{L}-$`)
	rfRe         = regexp.MustCompile(`RF[0-9]{2}(?: [0-9A-Z]{1,4})+`)
)

// rfValid checks an ISO 11649 reference on its own (the test's own
// arithmetic): RF and the check digits moved to the end, letters as
// 10…35, the number modulo 97 is 1.
func rfValid(ref string) bool {
	ref = strings.ReplaceAll(ref, " ", "")
	s := ref[4:] + ref[:4]
	var digits strings.Builder
	for _, r := range s {
		if r >= 'A' && r <= 'Z' {
			fmt.Fprint(&digits, int(r-'A')+10)
		} else {
			digits.WriteRune(r)
		}
	}
	n, ok := new(big.Int).SetString(digits.String(), 10)
	return ok && new(big.Int).Mod(n, big.NewInt(97)).Int64() == 1
}

func TestLetterMatrix(t *testing.T) {
	for _, tool := range []string{"pdftotext", "qpdf"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed (Debian packages poppler-utils, qpdf)", tool)
		}
	}
	start := time.Now()
	db := matrixLedger(t)
	asOf := ledger.MustDate("2025-09-30")
	// Each customer's first letter went by registered post; the owner
	// entered its number.
	for _, c := range figureCustomers {
		r := runAt(t, asOf, "--db", db, "letters", "list", "--customer", c.code, "--json")
		var list []letterJSON
		if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || len(list) < 3 {
			t.Fatalf("%s: the ladder recorded %d letter(s): %v %+v", c.code, len(list), err, r)
		}
		first := list[len(list)-1]
		if r := runAt(t, asOf, "--db", db, "letter", "tracking", fmt.Sprint(first.ID), matrixTracking); r.code != 0 {
			t.Fatalf("%+v", r)
		}
	}
	built := time.Since(start)
	artifacts := artifactsDir(t)
	dir := t.TempDir()
	letters, rowsChecked := 0, map[int]int{}
	var making, reading time.Duration // relancectl letter; qpdf and pdftotext
	var epcDone bool
	for _, c := range figureCustomers {
		its := map[string]interestJSON{}
		for _, n := range []string{c.code + "-A", c.code + "-B"} {
			its[n] = interestAt(t, db, asOf, n)
		}
		for _, kind := range []string{"reminder-1", "reminder-2", "final-demand", "payment-demand", "statement"} {
			// The figures the letter must print: the sum over its invoices
			// of interest --json's.
			var want printed
			var sum [4]int64
			cur := ledger.Currency(c.currency)
			for _, n := range []string{c.code + "-A", c.code + "-B"} {
				it := its[n]
				e := expected(kind, it.Principal, it.Interest, it.Compensation, it.CompensationCurrency, it.Currency)
				for i, v := range []string{e.principal, e.interest, e.compensation, e.total} {
					if v != "" {
						m, err := ledger.ParseAmount(v, cur)
						if err != nil {
							t.Fatal(err)
						}
						sum[i] += m
					}
				}
			}
			for i, to := range []*string{&want.principal, &want.interest, &want.compensation, &want.total} {
				if sum[i] != 0 {
					*to = ledger.Money{Minor: sum[i], Currency: cur}.Decimal()
				}
			}
			for _, lg := range matrixLangs {
				mc := matrixCase{kind: kind, lang: lg, cust: c, asOf: asOf, it: its}
				name := fmt.Sprintf("%s-%s-%s", kind, lg.code, c.code)
				pdf := filepath.Join(dir, name+".pdf")
				args := []string{"--db", db, "letter", "--kind", kind, "--customer", c.code, "--lang", lg.code, "--as-of", asOf.String(), "-o", pdf}
				// A page of each kind in each language, for people to read:
				// the customer whose law the language belongs to.
				if artifacts != "" && artifactCustomer[lg.code] == c.code {
					args = append(args, "--png", filepath.Join(artifacts, name+".png"))
				}
				t0 := time.Now()
				if r := runAt(t, asOf, args...); r.code != 0 {
					t.Errorf("%s: %+v", name, r)
					continue
				}
				t1 := time.Now()
				making += t1.Sub(t0)
				letters++
				if out, err := exec.Command("qpdf", "--check", pdf).CombinedOutput(); err != nil {
					t.Errorf("%s: qpdf --check: %v\n%s", name, err, out)
				}
				raw := pdfText(t, pdf)
				reading += time.Since(t1)
				text := dehyphenate(raw)
				fail := func(format string, args ...any) {
					t.Errorf("%s (%s %s law, %s): %s\n%s", name, c.code, c.jurisdiction, c.kind, fmt.Sprintf(format, args...), text)
				}
				// Figures: interest --json's, to the cent.
				if got := letterTotals(raw, i18n.Lang(lg.code)); got != want {
					fail("prints %+v, interest --json says %+v", got, want)
				}
				// What every letter says, or never says.
				for _, w := range []string{lg.greeting, lg.day(asOf), c.code + "-A", c.code + "-B", "FR76 3000 6000 0112 3456 7890 189"} {
					if !strings.Contains(text, w) {
						fail("%q missing", w)
					}
				}
				for _, w := range []string{"<no value>", "%!", "{{", "Client " + c.code + ","} {
					if strings.Contains(text, w) {
						fail("%q in the letter", w)
					}
				}
				// The company's French number: national to a French
				// customer, international to the others.
				phone, notPhone := "04 78 00 00 00", "+33 4 78 00 00 00"
				if !strings.HasSuffix(c.address, ",FR") {
					phone, notPhone = notPhone, phone
				}
				if !strings.Contains(text, phone) || (phone == "+33 4 78 00 00 00" && strings.Contains(text, notPhone)) {
					fail("phone: want %q, not %q", phone, notPhone)
				}
				// A euro debt's structured reference, checked by our own
				// arithmetic and against the invoice number.
				if c.currency == "EUR" {
					refs := rfRe.FindAllString(text, -1)
					bodies := map[string]bool{}
					for _, ref := range refs {
						if !rfValid(ref) {
							fail("%q: not an ISO 11649 reference", ref)
						}
						bodies[strings.ReplaceAll(ref, " ", "")[4:]] = true
					}
					for _, n := range []string{c.code + "A", c.code + "B"} {
						if !bodies[n] {
							fail("no RF reference for %s (found %v)", n, refs)
						}
					}
				}
				for i, row := range matrixRows {
					if !row.applies(mc) {
						continue
					}
					rowsChecked[i]++
					if row.want != nil {
						for _, w := range row.want(mc) {
							if !strings.Contains(text, w) {
								fail("%s: %q missing", row.statute, w)
							}
						}
					}
					if row.wantNot != nil {
						for _, w := range row.wantNot(mc) {
							if w != "" && strings.Contains(text, w) {
								fail("%s: %q must not be said", row.statute, w)
							}
						}
					}
				}
				// The EPC QR code, once: IBAN, amount and reference.
				if !epcDone && c.code == "FRB" && kind == "reminder-1" && lg.code == "fr" {
					epcDone = true
					checkEPC(t, db, asOf, c)
				}
			}
		}
	}
	for i, row := range matrixRows {
		if rowsChecked[i] == 0 {
			t.Errorf("no letter of the matrix falls under %q: the row checks nothing", row.statute)
		}
	}
	t.Logf("%d letters in %v (ledger and history %v, letters made %v, qpdf and pdftotext %v), %d legal rows over %d checks", letters,
		time.Since(start).Round(time.Millisecond), built.Round(time.Millisecond), making.Round(time.Millisecond), reading.Round(time.Millisecond),
		len(matrixRows), sum(rowsChecked))
}

func sum(m map[int]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// artifactCustomer is the customer whose letters are kept as PNG in each
// language: one of the language's own country.
var artifactCustomer = map[string]string{"fr": "FRB", "en": "UKB", "de": "DEB", "sr-Cyrl": "RSB", "sr-Latn": "RSC"}

// artifactsDir is the repository's artifacts/letters (gitignored; CI
// keeps artifacts/), "" when the module root cannot be found.
func artifactsDir(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for ; dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			out := filepath.Join(dir, "artifacts", "letters")
			if err := os.MkdirAll(out, 0o755); err != nil {
				t.Logf("artifacts: %v", err)
				return ""
			}
			return out
		}
	}
	return ""
}

// checkEPC decodes the EPC QR code of a French customer's reminder
// (zbarimg on the page at 200 dpi) and compares its IBAN, amount and
// reference with the company's IBAN, interest --json's principal (a
// reminder-1 claims no interest) and the RF reference the letter prints (EPC069-12: BCD, 002, 1, SCT, BIC, name,
// IBAN, EUR amount, purpose, reference).
func checkEPC(t *testing.T, db string, asOf ledger.Date, c figureCustomer) {
	t.Helper()
	if _, err := exec.LookPath("zbarimg"); err != nil {
		t.Log("zbarimg (zbar-tools) not installed: the QR code is not decoded")
		return
	}
	png := filepath.Join(t.TempDir(), "qr.png")
	pdf := filepath.Join(t.TempDir(), "qr.pdf")
	if r := runAt(t, asOf, "--db", db, "letter", "--kind", "reminder-1", "--invoice", c.code+"-A", "--lang", "fr", "--as-of", asOf.String(), "-o", pdf); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if out, err := exec.Command("pdftoppm", "-r", "200", "-png", "-singlefile", "-f", "1", "-l", "1", pdf, strings.TrimSuffix(png, ".png")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	out, err := exec.Command("zbarimg", "--raw", "-q", png).Output()
	if err != nil {
		t.Fatalf("zbarimg found no QR code: %v", err)
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	it := interestAt(t, db, asOf, c.code+"-A")
	refs := rfRe.FindAllString(dehyphenate(pdfText(t, pdf)), -1)
	if len(lines) < 10 || lines[0] != "BCD" || lines[3] != "SCT" || lines[6] != "FR7630006000011234567890189" ||
		lines[7] != "EUR"+it.Principal || len(refs) == 0 || lines[9] != strings.ReplaceAll(refs[0], " ", "") || !rfValid(lines[9]) {
		t.Errorf("EPC QR code %q: want IBAN FR7630006000011234567890189, EUR%s, reference %v", lines, it.Principal, refs)
	}
}

// The NBS IPS QR code, once, through the whole pipeline: a Serbian
// company with a dinar account, a dinar debt. Its account, amount and
// model-97 reference are checked against the company's IBAN, interest
// --json and the test's own ISO 7064 MOD 97-10 arithmetic.
func TestIPSCodeThroughThePipeline(t *testing.T) {
	for _, tool := range []string{"pdftotext", "pdftoppm", "zbarimg"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed (Debian packages poppler-utils, zbar-tools)", tool)
		}
	}
	db := tempDB(t)
	day := ledger.MustDate("2025-06-17")
	for _, args := range [][]string{
		{"init"},
		{"company", "set", "jurisdiction=RS", "legal_name=Pekara Jovanović doo", "address1=Knez Mihailova 1", "postcode=11000", "city=Beograd",
			"country=RS", "iban=RS35 2600 0560 1001 6113 79", "currency=RSD"},
		{"import", "customers", write(t, "c.csv", "code,name,kind,address1,postcode,city,country,language\nRS1,Marko Marković,consumer,Knez Mihailova 2,11000,Beograd,RS,sr-Cyrl\n")},
		{"import", "invoices", write(t, "i.csv", "number,customer_code,issue_date,due_date,currency,total\nR-2025-17,RS1,2025-05-11,2025-06-10,RSD,12345.60\n")},
	} {
		if r := runAt(t, day, append([]string{"--db", db}, args...)...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	pdf := filepath.Join(t.TempDir(), "r1.pdf")
	if r := runAt(t, day, "--db", db, "letter", "--kind", "reminder-1", "--invoice", "R-2025-17", "-o", pdf); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	base := filepath.Join(t.TempDir(), "page")
	if out, err := exec.Command("pdftoppm", "-r", "200", "-png", "-singlefile", "-f", "1", "-l", "1", pdf, base).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	out, err := exec.Command("zbarimg", "--raw", "-q", "-Sbinary", base+".png").Output()
	if err != nil {
		t.Fatalf("zbarimg found no QR code: %v", err)
	}
	fields := map[string]string{}
	for _, f := range strings.Split(strings.TrimSpace(string(out)), "|") {
		k, v, _ := strings.Cut(f, ":")
		fields[k] = v
	}
	it := interestAt(t, db, day, "R-2025-17")
	if fields["K"] != "PR" || fields["R"] != "260005601001611379" || fields["I"] != "RSD"+strings.Replace(it.Principal, ".", ",", 1) {
		t.Errorf("IPS code %q: want account 260005601001611379, RSD%s", out, it.Principal)
	}
	// RO: model 97, two check digits, the invoice number's digits (R is
	// 27: letters count A=10 … Z=35).
	ro := fields["RO"]
	if !strings.HasPrefix(ro, "97") || len(ro) < 5 || ro[4:] != "27202517" {
		t.Fatalf("RO %q: want model 97 over 27202517", ro)
	}
	n, _ := new(big.Int).SetString(ro[4:]+ro[2:4], 10)
	if new(big.Int).Mod(n, big.NewInt(97)).Int64() != 1 {
		t.Errorf("RO %q: check digits %s wrong (ISO 7064 MOD 97-10)", ro, ro[2:4])
	}
	if text := dehyphenate(pdfText(t, pdf)); !strings.Contains(text, "97 "+ro[2:]) {
		t.Errorf("the letter does not print the reference the code carries (%s):\n%s", ro, text)
	}
}

// Earlier letters are cited only when the history has them (issue 18:
// "Despite our previous reminders" in a final demand when none was
// recorded): a ledger with no letter yet, its firmer letters in every
// language say none of it.
func TestNoHistoryNoDespite(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	db := tempDB(t)
	day := ledger.MustDate("2025-07-20")
	for _, args := range [][]string{
		{"init"},
		{"company", "set", "jurisdiction=FR", "legal_name=Atelier Relance SARL", "address1=3 place Bellecour", "postcode=69002", "city=Lyon", "country=FR"},
		{"import", "customers", write(t, "c.csv", "code,name,kind,address1,postcode,city,country,language\nFRB,Client FRB,business,1 rue A,69002,Lyon,FR,fr\n")},
		{"import", "invoices", write(t, "i.csv", "number,customer_code,issue_date,due_date,currency,total\nF-1,FRB,2025-04-01,2025-05-01,EUR,1000.00\n")},
	} {
		if r := runAt(t, day, append([]string{"--db", db}, args...)...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}
	never := map[string][]string{
		"fr":      {"Malgré", "Nous vous avons écrit", "précédents rappels", "lettre recommandée n°"},
		"en":      {"Despite", "We wrote to you", "previous reminders", "although we wrote"},
		"de":      {"trotz unser", "mit unserem Schreiben", "mit unseren Schreiben", "unserem ersten Schreiben"},
		"sr-Cyrl": {"Упркос", "претходн"},
		"sr-Latn": {"Uprkos", "prethodn"},
	}
	for _, kind := range []string{"reminder-2", "final-demand", "payment-demand"} {
		for _, lg := range matrixLangs {
			pdf := filepath.Join(t.TempDir(), kind+".pdf")
			if r := runAt(t, day, "--db", db, "letter", "--kind", kind, "--invoice", "F-1", "--lang", lg.code, "-o", pdf); r.code != 0 {
				t.Fatalf("%s %s: %+v", kind, lg.code, r)
			}
			text := dehyphenate(pdfText(t, pdf))
			if !strings.Contains(text, "F-1") {
				t.Fatalf("%s %s: no invoice number in\n%s", kind, lg.code, text)
			}
			for _, w := range never[lg.code] {
				if strings.Contains(text, w) {
					t.Errorf("%s %s cites letters never sent (%q):\n%s", kind, lg.code, w, text)
				}
			}
		}
	}
}
