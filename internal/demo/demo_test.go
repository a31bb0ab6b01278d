package demo

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

var testToday = ledger.MustDate("2025-06-18")

func newStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Create(context.Background(), filepath.Join(t.TempDir(), "x.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func generate(t testing.TB, o Options) (*store.Store, Summary) {
	t.Helper()
	st := newStore(t)
	sum, err := Generate(context.Background(), st, o)
	if err != nil {
		t.Fatal(err)
	}
	return st, sum
}

func TestGenerate(t *testing.T) {
	ctx := context.Background()
	var calls [][2]int
	st, sum := generate(t, Options{Customers: 300, Invoices: 3000, Seed: 7, Today: testToday,
		Progress: func(done, total int) { calls = append(calls, [2]int{done, total}) }})

	t.Run("counts", func(t *testing.T) {
		if sum.Customers != 300 || sum.Invoices != 3000 {
			t.Fatalf("summary %+v", sum)
		}
		nc, _ := st.CountCustomers(ctx)
		ni, _ := st.CountInvoices(ctx)
		if nc != 300 || ni != 3000 {
			t.Fatalf("stored %d customers, %d invoices", nc, ni)
		}
		rep, err := st.Check(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK() {
			t.Fatalf("check: %v", rep.Problems)
		}
		if rep.Payments != sum.Payments {
			t.Errorf("check counts %d payments, summary %d", rep.Payments, sum.Payments)
		}
		if sum.Promises == 0 || sum.Disputes == 0 {
			t.Errorf("no promise or no dispute: %+v", sum)
		}
		var np, nd int
		st.DB().QueryRowContext(ctx, `SELECT count(*) FROM promises`).Scan(&np)
		st.DB().QueryRowContext(ctx, `SELECT count(*) FROM disputes`).Scan(&nd)
		if np != sum.Promises || nd != sum.Disputes {
			t.Errorf("stored %d promises, %d disputes; summary %+v", np, nd, sum)
		}
		if len(calls) == 0 || calls[len(calls)-1] != [2]int{3000, 3000} {
			t.Errorf("progress calls %v", calls)
		}
	})

	lines, err := st.ListInvoices(ctx, store.InvoiceFilter{AsOf: testToday})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("invoices", func(t *testing.T) {
		if len(lines) != 3000 {
			t.Fatalf("listing as of today has %d invoices (issued after today?)", len(lines))
		}
		buckets := map[string]int{}
		paid, partial, paidLate := 0, 0, 0
		for _, l := range lines {
			if l.IssueDate.After(testToday) {
				t.Errorf("%s issued in the future", l.Number)
			}
			if wd := l.IssueDate.Weekday(); wd == 0 || wd == 6 {
				t.Errorf("%s issued on a %s", l.Number, wd)
			}
			if l.Paid > l.Total.Minor {
				t.Errorf("%s: paid %d > total %d", l.Number, l.Paid, l.Total.Minor)
			}
			if y, _, _ := l.IssueDate.Civil(); !strings.HasPrefix(l.Number, "F"+itoa(y)+"-") || len(l.Number) != 13 {
				t.Errorf("invoice number %s issued %s", l.Number, l.IssueDate)
			}
			if l.Total.Minor < 5000 {
				t.Errorf("%s: total %s", l.Number, l.Total)
			}
			if l.Description == "" {
				t.Errorf("%s: no description", l.Number)
			}
			switch {
			case l.Status == ledger.StatusPaid:
				paid++
			case l.Status == ledger.StatusOpen:
				buckets["not due"]++
			case l.DaysOverdue <= 30:
				buckets["1-30"]++
			case l.DaysOverdue <= 60:
				buckets["31-60"]++
			case l.DaysOverdue <= 90:
				buckets["61-90"]++
			default:
				buckets["90+"]++
			}
			if l.Paid > 0 && l.Balance > 0 {
				partial++
			}
		}
		for _, b := range []string{"not due", "1-30", "31-60", "61-90", "90+"} {
			if buckets[b] == 0 {
				t.Errorf("no unpaid invoice %s days overdue: %v", b, buckets)
			}
		}
		// Aged receivables: most invoices are eventually paid in full.
		if paid < 2100 || paid > 2700 {
			t.Errorf("%d of 3000 invoices paid, want about 80%%", paid)
		}
		if partial < 60 || partial > 400 {
			t.Errorf("%d of 3000 invoices partially paid, want about 5%%", partial)
		}
		err := st.DB().QueryRowContext(ctx, `SELECT count(*) FROM invoices i
			WHERE (SELECT max(date) FROM payments p WHERE p.invoice_id = i.id) > i.due_date
			AND (SELECT sum(amount) FROM payments p WHERE p.invoice_id = i.id) = i.total`).Scan(&paidLate)
		if err != nil {
			t.Fatal(err)
		}
		if paidLate == 0 {
			t.Error("no invoice paid late")
		}
		t.Logf("buckets %v, paid %d (late %d), partial %d, summary %+v", buckets, paid, paidLate, partial, sum)
	})

	t.Run("dates", func(t *testing.T) {
		day := testToday.String()
		for q, what := range map[string]string{
			`SELECT count(*) FROM payments WHERE date > ?1`:                                                      "payments after today",
			`SELECT count(*) FROM payments p JOIN invoices i ON i.id = p.invoice_id WHERE p.date < i.issue_date`: "payments before the issue date",
			`SELECT count(*) FROM payments WHERE amount <= 0`:                                                    "payments without an amount",
			`SELECT count(*) FROM invoices WHERE issue_date > ?1`:                                                "invoices issued after today",
			`SELECT count(*) FROM promises WHERE recorded_on > ?1 OR recorded_on > date OR amount <= 0`:          "bad promises",
			`SELECT count(*) FROM promises WHERE source NOT IN ('phone', 'email', 'letter')`:                     "promise sources",
			`SELECT count(*) FROM disputes WHERE opened > ?1 OR closed > ?1 OR closed < opened`:                  "bad disputes",
			`SELECT count(*) FROM (SELECT invoice_id, reference FROM payments WHERE reference <> ''
				GROUP BY invoice_id, reference HAVING count(*) > 1)`: "duplicate references",
		} {
			var n int
			if err := st.DB().QueryRowContext(ctx, q, day).Scan(&n); err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			if n > 0 {
				t.Errorf("%d %s", n, what)
			}
		}
		var broken, future, open, closed int
		st.DB().QueryRowContext(ctx, `SELECT count(*) FROM promises WHERE date < ?`, day).Scan(&broken)
		st.DB().QueryRowContext(ctx, `SELECT count(*) FROM promises WHERE date > ?`, day).Scan(&future)
		st.DB().QueryRowContext(ctx, `SELECT count(*) FROM disputes WHERE closed IS NULL`).Scan(&open)
		st.DB().QueryRowContext(ctx, `SELECT count(*) FROM disputes WHERE closed IS NOT NULL`).Scan(&closed)
		if broken == 0 || future == 0 || open == 0 || closed == 0 {
			t.Errorf("promises broken %d, future %d; disputes open %d, closed %d", broken, future, open, closed)
		}
	})

	t.Run("customers", func(t *testing.T) {
		cs, err := st.ListCustomers(ctx, store.CustomerFilter{})
		if err != nil {
			t.Fatal(err)
		}
		byLang := map[ledger.Language]int{}
		kinds := map[ledger.CustomerKind]int{}
		delivery := map[ledger.Delivery]int{}
		countries := map[ledger.Country]int{}
		cyrillic, excluded, paused, consent := 0, 0, 0, 0
		emails := map[string]string{}
		for _, c := range cs {
			if err := c.Validate(); err != nil {
				t.Error(err)
			}
			byLang[c.Language]++
			kinds[c.Kind]++
			delivery[c.Delivery]++
			countries[c.Country]++
			if c.Excluded {
				excluded++
			}
			if c.PausedUntil.After(testToday) {
				paused++
			}
			if c.Paperless.State != ledger.ConsentNone {
				consent++
				if c.Paperless.Date.IsZero() || c.Paperless.Date.After(testToday) {
					t.Errorf("%s: consent date %s", c.Code, c.Paperless.Date)
				}
			}
			if c.Name == "" || c.Address1 == "" || c.Postcode == "" || c.City == "" || c.Salutation == "" {
				t.Errorf("incomplete customer %+v", c)
			}
			if len(c.Code) != 7 || c.Code[0] != 'C' {
				t.Errorf("customer code %q", c.Code)
			}
			hasCyr := strings.IndexFunc(c.Name+c.City+c.Address1, func(r rune) bool { return unicode.In(r, unicode.Cyrillic) }) >= 0
			switch c.Language {
			case ledger.SerbianCyrillic:
				if !hasCyr {
					t.Errorf("%s: sr-Cyrl customer %q in %q is not in Cyrillic", c.Code, c.Name, c.City)
				}
				cyrillic++
			default:
				if hasCyr {
					t.Errorf("%s: %s customer %q has Cyrillic", c.Code, c.Language, c.Name)
				}
			}
			for _, e := range c.Emails {
				for _, r := range e {
					if r > unicode.MaxASCII {
						t.Errorf("%s: email %q is not ASCII", c.Code, e)
					}
				}
				if !strings.Contains(e, "@example.") {
					t.Errorf("%s: email %q not at an example domain", c.Code, e)
				}
				if other, dup := emails[e]; dup {
					t.Errorf("email %q of both %s and %s", e, other, c.Code)
				}
				emails[e] = c.Code
			}
		}
		if cyrillic == 0 || byLang[ledger.SerbianLatin] == 0 || byLang[ledger.French] == 0 || byLang[ledger.English] == 0 {
			t.Errorf("languages %v", byLang)
		}
		if byLang[ledger.French] != 135 || byLang[ledger.English] != 75 || byLang[ledger.SerbianCyrillic] != 45 {
			t.Errorf("language mix %v, want 45/25/15/15%%", byLang)
		}
		if kinds[ledger.Business] < 150 || kinds[ledger.Consumer] < 50 {
			t.Errorf("kinds %v", kinds)
		}
		if delivery[ledger.DeliveryEmail] == 0 || delivery[ledger.DeliveryPostal] == 0 || delivery[ledger.DeliveryBoth] == 0 {
			t.Errorf("delivery %v", delivery)
		}
		if countries["FR"] == 0 || countries["GB"] == 0 || countries["RS"] == 0 || len(countries) != 3 {
			t.Errorf("countries %v", countries)
		}
		if excluded == 0 || paused == 0 || consent == 0 {
			t.Errorf("excluded %d, paused %d, paperless consent %d", excluded, paused, consent)
		}
	})

	t.Run("currencies", func(t *testing.T) {
		rows, err := st.DB().QueryContext(ctx, `SELECT c.country, i.currency, count(*) FROM invoices i JOIN customers c ON c.id = i.customer_id GROUP BY 1, 2`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		got := map[string]int{}
		for rows.Next() {
			var country, cur string
			var n int
			rows.Scan(&country, &cur, &n)
			got[country+" "+cur] = n
		}
		for k := range got {
			switch k {
			case "FR EUR", "GB GBP", "GB EUR", "RS RSD", "RS EUR":
			default:
				t.Errorf("unexpected country/currency %s", k)
			}
		}
		if got["GB GBP"] == 0 || got["RS RSD"] == 0 || got["FR EUR"] == 0 {
			t.Errorf("currencies %v", got)
		}
	})

	t.Run("company", func(t *testing.T) {
		c, err := st.Company(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ledger.NormalizeIBAN(c.IBAN); err != nil {
			t.Error(err)
		}
		if _, err := ledger.NormalizeBIC(c.BIC); err != nil {
			t.Error(err)
		}
		if !luhn(c.SIRET) || len(c.SIRET) != 14 || !luhn(c.SIRET[:9]) {
			t.Errorf("SIRET %q fails the Luhn check", c.SIRET)
		}
		siren := c.SIRET[:9]
		n := 0
		for _, r := range siren {
			n = (n*10 + int(r-'0')) % 97
		}
		if want := "FR" + pad2((12+3*n)%97) + siren; c.VAT != want {
			t.Errorf("VAT %q, want %q", c.VAT, want)
		}
		if c.RCS != "RCS Lyon 832 651 475" || strings.ReplaceAll(c.RCS[9:], " ", "") != siren {
			t.Errorf("RCS %q", c.RCS)
		}
		for name, v := range map[string]string{"legal name": c.LegalName, "trading name": c.TradingName, "address": c.Address1,
			"postcode": c.Postcode, "city": c.City, "phone": c.Phone, "extension": c.PhoneExt, "fax": c.Fax, "email": c.Email,
			"website": c.Website, "bank": c.BankName, "signatory": c.SignatoryName, "title": c.SignatoryTitle} {
			if v == "" {
				t.Errorf("company %s is empty", name)
			}
		}
		if c.City != "Lyon" || c.Country != "FR" || c.Language != ledger.French || c.Currency != "EUR" ||
			c.Jurisdiction != ledger.JurisdictionFR || c.Envelope != ledger.EnvelopeDLRight || c.PaperSize != ledger.PaperA4 {
			t.Errorf("company %+v", c)
		}
		if c.ShareCapital != (ledger.Money{Minor: 5_000_000, Currency: "EUR"}) {
			t.Errorf("share capital %v", c.ShareCapital)
		}
	})
}

func itoa(n int) string { return code('x', n, 0)[1:] }

func pad2(n int) string { return code('x', n, 2)[1:] }

func luhn(s string) bool {
	sum := 0
	for i := range s {
		d := int(s[len(s)-1-i] - '0')
		if d < 0 || d > 9 {
			return false
		}
		if i%2 == 1 {
			if d *= 2; d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

func TestDeterministic(t *testing.T) {
	ctx := context.Background()
	o := Options{Customers: 200, Invoices: 1500, Seed: 42, Today: testToday}
	a, sa := generate(t, o)
	b, sb := generate(t, o)
	if sa != sb {
		t.Fatalf("summaries differ: %+v / %+v", sa, sb)
	}
	la, err := a.ListInvoices(ctx, store.InvoiceFilter{AsOf: testToday})
	if err != nil {
		t.Fatal(err)
	}
	lb, err := b.ListInvoices(ctx, store.InvoiceFilter{AsOf: testToday})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(la, lb) {
		t.Fatal("same seed, different invoices")
	}
	ca, _ := a.ListCustomers(ctx, store.CustomerFilter{})
	cb, _ := b.ListCustomers(ctx, store.CustomerFilter{})
	if !reflect.DeepEqual(ca, cb) {
		t.Fatal("same seed, different customers")
	}
	o.Seed = 43
	c, _ := generate(t, o)
	lc, _ := c.ListInvoices(ctx, store.InvoiceFilter{AsOf: testToday})
	if reflect.DeepEqual(la, lc) {
		t.Fatal("different seeds, same invoices")
	}
}

func TestDefaults(t *testing.T) {
	st, sum := generate(t, Options{Today: testToday})
	if sum.Customers != 60 || sum.Invoices != 400 {
		t.Fatalf("defaults gave %+v", sum)
	}
	lines, err := st.ListInvoices(context.Background(), store.InvoiceFilter{AsOf: testToday})
	if err != nil {
		t.Fatal(err)
	}
	late := map[int]bool{}
	for _, l := range lines {
		if l.Status == ledger.StatusOverdue {
			late[min((l.DaysOverdue-1)/30, 3)] = true
		}
	}
	if len(late) != 4 {
		t.Errorf("default ledger lacks a lateness bucket: %v", late)
	}
}

func TestTiny(t *testing.T) {
	for _, o := range []Options{{Customers: 1, Invoices: 1}, {Customers: 1, Invoices: 5}, {Customers: 3, Invoices: 16}} {
		o.Today = ledger.MustDate("2024-01-01")
		st, sum := generate(t, o)
		if sum.Customers != o.Customers || sum.Invoices != o.Invoices {
			t.Errorf("%+v gave %+v", o, sum)
		}
		rep, err := st.Check(context.Background())
		if err != nil || !rep.OK() {
			t.Errorf("%+v: check %v %v", o, err, rep.Problems)
		}
	}
}

func TestNotEmpty(t *testing.T) {
	ctx := context.Background()
	st, _ := generate(t, Options{Customers: 10, Invoices: 20, Today: testToday})
	if _, err := Generate(ctx, st, Options{Today: testToday}); !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("second demo: %v, want ErrNotEmpty", err)
	}

	// One customer and no invoice is not empty either; the company set by
	// the owner is left alone.
	st = newStore(t)
	if _, err := st.SaveCustomer(ctx, ledger.Customer{Code: "X1", Name: "Real customer", Language: ledger.French,
		Kind: ledger.Business, Delivery: ledger.DeliveryPostal}); err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(ctx, st, Options{Today: testToday}); !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("demo over a customer: %v, want ErrNotEmpty", err)
	}
	if n, _ := st.CountInvoices(ctx); n != 0 {
		t.Fatalf("%d invoices written", n)
	}
}

func TestKeepsCompany(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	mine := ledger.DefaultCompany()
	mine.LegalName = "Ma Société SARL"
	if err := st.SetCompany(ctx, mine); err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(ctx, st, Options{Customers: 5, Invoices: 30, Today: testToday}); err != nil {
		t.Fatal(err)
	}
	c, _ := st.Company(ctx)
	if c.LegalName != "Ma Société SARL" || c.IBAN != "" {
		t.Fatalf("company profile overwritten: %+v", c)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	st := newStore(t)
	_, err := Generate(ctx, st, Options{Customers: 100, Invoices: 25_000, Today: testToday,
		Progress: func(done, total int) { cancel() }})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled demo: %v", err)
	}
	bg := context.Background()
	if n, _ := st.CountCustomers(bg); n != 0 {
		t.Fatalf("%d customers kept after cancel", n)
	}
	if n, _ := st.CountInvoices(bg); n != 0 {
		t.Fatalf("%d invoices kept after cancel", n)
	}
	if c, _ := st.Company(bg); c.LegalName != "" {
		t.Fatalf("company set after cancel")
	}
}

func TestBadOptions(t *testing.T) {
	st := newStore(t)
	for _, o := range []Options{{}, {Customers: -1, Today: testToday}, {Invoices: -5, Today: testToday}} {
		if _, err := Generate(context.Background(), st, o); err == nil {
			t.Errorf("%+v accepted", o)
		}
	}
}

func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"Љубисављевић": "Ljubisavljević", "Ђорђе Џаковић": "Đorđe Džaković", "Београд": "Beograd", "ЉУБА": "LJUBA",
		"Столарија Петровић д.о.о.": "Stolarija Petrović d.o.o.", "Нови Сад": "Novi Sad",
	} {
		if got := i18n.CyrillicToLatin(in); got != want {
			t.Errorf("CyrillicToLatin(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"Столарија Петровић д.о.о.": "stolarija-petrovic", "Pekara Jovanović": "pekara-jovanovic",
		"Boulangerie Martin SARL": "boulangerie-martin", "Harper & Cole Ltd": "harper-cole",
		"Cabinet d'architecture Lefèvre": "cabinet-architecture-lefevre", "O'Brien's Bakery": "obriens-bakery",
		"Đurđica Šljivić": "djurdjica-sljivic", "Œuvre Ménard": "oeuvre-menard",
	} {
		if got := slug(in, '-', true); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
	// The Cyrillic tables must not hide Latin look-alikes ("о" vs "o").
	src := srSource
	var all []string
	all = append(all, src.FirstM...)
	all = append(all, src.FirstF...)
	all = append(all, src.Last...)
	all = append(all, src.Business...)
	all = append(all, src.Streets...)
	all = append(all, src.Addr2Biz...)
	all = append(all, src.Addr2Home...)
	all = append(all, src.Months[:]...)
	all = append(all, src.Notes...)
	all = append(all, src.Reasons...)
	all = append(all, src.Outcomes...)
	all = append(all, src.Promise[:]...)
	all = append(all, src.Consent[:]...)
	all = append(all, src.SalM, src.SalF, src.SalNone)
	for _, c := range src.Cities {
		all = append(all, c.Name)
	}
	for _, s := range src.Services {
		all = append(all, s.Text)
	}
	for _, s := range all {
		s = strings.NewReplacer("{L}", "", "{M}", "", "{F}", "", "{C}", "").Replace(s)
		if i := strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) && !unicode.In(r, unicode.Cyrillic) }); i >= 0 {
			t.Errorf("Serbian Cyrillic text %q has a non-Cyrillic letter at %d", s, i)
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st := newStore(b)
		b.StartTimer()
		if _, err := Generate(context.Background(), st, Options{Customers: 1000, Invoices: 10_000, Today: testToday}); err != nil {
			b.Fatal(err)
		}
	}
}
