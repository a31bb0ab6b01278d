// Package demo fills an empty ledger with a realistic, deterministic demo
// ledger: a French company whose customers are French, British and Serbian
// (in both scripts), with invoices at every stage of lateness, payments,
// promises to pay and disputes. The same seed and the same date always give
// the same ledger, so screenshots, tests and bug reports can be reproduced.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// Options sizes the demo ledger.
type Options struct {
	Customers int         // default 60 when 0
	Invoices  int         // default 400 when 0
	Seed      int64       // default 1 when 0
	Today     ledger.Date // required: the ledger is built relative to this date
	// Progress, when set, is called every 10000 invoices and at the end,
	// with total = Invoices.
	Progress func(done, total int)
	// Letters, when set, adds a simulated year of letters and their
	// outcomes (letters.go), after the invoices above.
	Letters *LetterYear
}

// Summary counts what was written.
type Summary struct {
	Customers, Invoices, Payments, Promises, Disputes int
	Letters, Inbound                                  int // the simulated year's
}

// ErrNotEmpty is returned when the ledger already has customers or invoices:
// the demo never mixes made-up data with real data.
var ErrNotEmpty = errors.New("the ledger is not empty: a demo ledger can only be generated into an empty one")

const (
	historyDays = 548    // invoices are issued over the ~18 months before Today
	checkEvery  = 10_000 // rows between cancellation checks and progress calls
	pcgStream   = 0x52656c616e636531
)

// Invoice fates, decided when the invoice is planned.
const (
	fateUnpaid uint8 = iota
	fatePartial
	fatePaid
)

// Forced extras of the scenario invoices.
const (
	forceNone uint8 = iota
	forcePromiseBroken
	forcePromiseFuture
	forceDisputeOpen
	forceDisputeClosed
)

// Generate writes the demo ledger into st, which must have no customer and
// no invoice, in one transaction: on error or cancellation nothing is kept.
// When the company profile has no legal name, a demo company (in Lyon) is
// set too, once the ledger is committed.
func Generate(ctx context.Context, st *store.Store, o Options) (Summary, error) {
	if o.Customers == 0 {
		o.Customers = 60
	}
	if o.Invoices == 0 {
		o.Invoices = 400
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	switch {
	case o.Customers < 0 || o.Invoices < 0:
		return Summary{}, fmt.Errorf("demo: negative size (%d customers, %d invoices)", o.Customers, o.Invoices)
	case o.Today.IsZero():
		return Summary{}, errors.New("demo: no date for today")
	case int(o.Today) <= historyDays+400:
		return Summary{}, fmt.Errorf("demo: today (%s) is too early", o.Today)
	}
	nc, err := st.CountCustomers(ctx)
	if err != nil {
		return Summary{}, fmt.Errorf("demo: %w", err)
	}
	ni, err := st.CountInvoices(ctx)
	if err != nil {
		return Summary{}, fmt.Errorf("demo: %w", err)
	}
	if nc > 0 || ni > 0 {
		return Summary{}, ErrNotEmpty
	}
	company, err := st.Company(ctx)
	if err != nil {
		return Summary{}, fmt.Errorf("demo: %w", err)
	}
	var sum Summary
	err = st.InBatch(ctx, false, func(b *store.Batch) error {
		// Check again inside the transaction: nothing can slip in between.
		if ids, err := b.CustomerIDs(ctx); err != nil {
			return err
		} else if len(ids) > 0 {
			return ErrNotEmpty
		}
		if invs, err := b.ExistingInvoices(ctx); err != nil {
			return err
		} else if len(invs) > 0 {
			return ErrNotEmpty
		}
		g := newGenerator(o, b)
		if err := g.customers(ctx); err != nil {
			return err
		}
		if err := g.invoices(ctx); err != nil {
			return err
		}
		if err := g.letterYear(ctx); err != nil {
			return err
		}
		sum = g.sum
		return nil
	})
	if err != nil {
		return Summary{}, err
	}
	if strings.TrimSpace(company.LegalName) == "" {
		if err := st.SetCompany(ctx, demoCompany(company)); err != nil {
			return sum, fmt.Errorf("demo: %w", err)
		}
	}
	return sum, nil
}

// customer is what the invoice generator needs to know of a customer.
type customer struct {
	id       int64
	lang     uint8
	consumer bool
	service  uint8 // the service this customer usually buys
	cur      ledger.Currency
	postal   bool // letters go by post (delivery postal)
}

type generator struct {
	o     Options
	r     *rand.Rand
	b     *store.Batch
	today ledger.Date
	custs []customer
	cum   []int64             // cumulative invoice weights of custs
	used  map[string]struct{} // email addresses given
	names map[string]struct{} // customer names given
	buf   []byte
	sum   Summary
}

func newGenerator(o Options, b *store.Batch) *generator {
	return &generator{
		o: o, b: b, today: o.Today,
		r:     rand.New(rand.NewPCG(uint64(o.Seed), pcgStream)),
		used:  make(map[string]struct{}, o.Customers*3/2),
		names: make(map[string]struct{}, o.Customers),
		buf:   make([]byte, 0, 64),
	}
}

// pct returns true with probability n per cent.
func (g *generator) pct(n int) bool { return g.r.IntN(100) < n }

// permille returns true with probability n per thousand.
func (g *generator) permille(n int) bool { return g.r.IntN(1000) < n }

// between returns a date in [lo, hi] (lo when hi < lo).
func (g *generator) between(lo, hi ledger.Date) ledger.Date {
	if hi <= lo {
		return lo
	}
	return lo.AddDays(g.r.IntN(hi.DaysSince(lo) + 1))
}

// customers writes o.Customers customers: 45% French, 25% British, 15%
// Serbian in Cyrillic, 15% Serbian in Latin script, in shuffled blocks of 20
// so that even a small ledger has every language.
func (g *generator) customers(ctx context.Context) error {
	n := g.o.Customers
	g.custs = make([]customer, n)
	g.cum = make([]int64, n)
	width := max(6, len(strconv.Itoa(n)))
	var block [20]uint8
	var total int64
	for i := 0; i < n; i++ {
		if i%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if i%20 == 0 {
			for j := range block {
				switch {
				case j < 9:
					block[j] = langFR
				case j < 14:
					block[j] = langEN
				case j < 17:
					block[j] = langSRCyrl
				default:
					block[j] = langSRLatn
				}
			}
			g.r.Shuffle(len(block), func(a, b int) { block[a], block[b] = block[b], block[a] })
		}
		lang := block[i%20]
		c, info := g.makeCustomer(i, lang, code('C', i+1, width))
		if err := c.Validate(); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		id, err := g.b.SaveCustomer(ctx, c)
		if err != nil {
			return err
		}
		info.id = id
		info.postal = c.Delivery == ledger.DeliveryPostal
		g.custs[i] = info
		// Invoice weight: a few big customers get many invoices, consumers few.
		var w int64
		switch u := g.r.IntN(100); {
		case info.consumer:
			w = 1 + int64(g.r.IntN(3))
		case u < 45:
			w = 2 + int64(g.r.IntN(4))
		case u < 80:
			w = 5 + int64(g.r.IntN(10))
		case u < 95:
			w = 15 + int64(g.r.IntN(20))
		default:
			w = 40 + int64(g.r.IntN(80))
		}
		total += w
		g.cum[i] = total
	}
	g.sum.Customers = n
	return nil
}

// code formats prefix and n zero-padded to width digits: "C000042".
func code(prefix byte, n, width int) string {
	var b [24]byte
	out := append(b[:0], prefix)
	return string(appendPadded(out, n, width))
}

func appendPadded(b []byte, n, width int) []byte {
	var d [20]byte
	s := strconv.AppendInt(d[:0], int64(n), 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// person picks a first and last name (and their ASCII forms).
func (g *generator) person(L *langData) (first, firstA, last, lastA string, female bool) {
	female = g.r.IntN(2) == 0
	if female {
		i := g.r.IntN(len(L.FirstF))
		first, firstA = L.FirstF[i], L.asciiFirstF[i]
	} else {
		i := g.r.IntN(len(L.FirstM))
		first, firstA = L.FirstM[i], L.asciiFirstM[i]
	}
	j := g.r.IntN(len(L.Last))
	return first, firstA, L.Last[j], L.asciiLast[j], female
}

func (g *generator) makeCustomer(i int, lang uint8, code string) (ledger.Customer, customer) {
	L := langs[lang]
	r := g.r
	c := ledger.Customer{Code: code, Language: L.Lang, Country: L.Country, Paperless: ledger.Consent{State: ledger.ConsentNone}}
	info := customer{lang: lang, service: uint8(r.IntN(len(L.Services)))}
	switch lang {
	case langFR:
		info.cur = "EUR"
	case langEN:
		info.cur = "GBP"
		if g.pct(15) {
			info.cur = "EUR"
		}
	default:
		info.cur = "RSD"
		if g.pct(20) {
			info.cur = "EUR"
		}
	}
	ct := L.Cities[r.IntN(len(L.Cities))]
	info.consumer = g.pct(30)
	var first, firstA, last, lastA string
	var female bool
	// Redraw a name already given to another customer a few times, then
	// widen the choice with double-barrelled surnames; after that a
	// duplicate is accepted (real ledgers have namesakes too).
	for try := 0; ; try++ {
		first, firstA, last, lastA, female = g.person(L)
		if try >= 2 {
			j := r.IntN(len(L.Last))
			if L.Last[j] != last {
				last, lastA = last+"-"+L.Last[j], lastA+"-"+L.asciiLast[j]
			}
		}
		if info.consumer {
			c.Name = first + " " + last
		} else {
			tpl := L.Business[r.IntN(len(L.Business))]
			other := L.Last[r.IntN(len(L.Last))]
			for strings.Contains(last, other) {
				other = L.Last[r.IntN(len(L.Last))]
			}
			owner := L.FirstM[r.IntN(len(L.FirstM))]
			if g.pct(50) {
				owner = L.FirstF[r.IntN(len(L.FirstF))]
			}
			c.Name = expand(tpl, last, other, owner, ct.Name)
		}
		if _, dup := g.names[c.Name]; !dup || try == 5 {
			break
		}
	}
	g.names[c.Name] = struct{}{}
	sal := L.SalM
	if female {
		sal = L.SalF
	}
	var emailBase string
	if info.consumer {
		c.Kind = ledger.Consumer
		c.Salutation = sal
		emailBase = firstA + "." + lastA
	} else {
		c.Kind = ledger.Business
		if g.pct(85) {
			// The contact is often family of the owner, else an employee.
			if g.pct(50) {
				_, _, last, _, _ = g.person(L)
			}
			c.Contact = first + " " + last
			c.Salutation = sal
		} else {
			c.Salutation = L.SalNone
		}
		emailBase = slug(c.Name, '-', true)
		if emailBase == "" {
			emailBase = lastA
		}
	}
	c.Address1 = g.street(L)
	if g.pct(20) {
		if info.consumer {
			c.Address2 = L.Addr2Home[r.IntN(len(L.Addr2Home))]
		} else {
			c.Address2 = L.Addr2Biz[r.IntN(len(L.Addr2Biz))]
		}
	}
	c.Postcode, c.City = ct.Postcode, ct.Name
	if !info.consumer && g.pct(95) || info.consumer && g.pct(40) {
		c.Phone = g.landline(lang, ct)
	}
	if info.consumer && g.pct(90) || !info.consumer && g.pct(50) {
		c.Mobile = g.mobile(lang)
	}
	switch u := r.IntN(100); {
	case u < 60:
		c.Delivery = ledger.DeliveryEmail
	case u < 85:
		c.Delivery = ledger.DeliveryPostal
	default:
		c.Delivery = ledger.DeliveryBoth
	}
	nEmails := 0
	switch {
	case c.Delivery != ledger.DeliveryPostal:
		nEmails = 1
		if g.pct(30) {
			nEmails = 2
		}
	case g.pct(40):
		nEmails = 1
	}
	if nEmails > 0 {
		c.Emails = append(c.Emails, g.email(emailBase, L.Domain, i))
		if nEmails > 1 {
			second := L.Accounts + "." + emailBase
			if info.consumer {
				second = firstA[:1] + "." + lastA
			}
			c.Emails = append(c.Emails, g.email(second, L.Domain, i))
		}
	}
	g.consent(&c, L)
	if g.permille(15) {
		c.Excluded = true
	}
	if g.permille(25) {
		c.PausedUntil = g.today.AddDays(7 + r.IntN(60))
	}
	if g.pct(5) {
		c.Notes = L.Notes[r.IntN(len(L.Notes))]
	}
	return c, info
}

// expand fills a business name template.
func expand(tpl, last, other, first, town string) string {
	if !strings.Contains(tpl, "{") {
		return tpl
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(tpl, '{')
		if i < 0 || i+2 >= len(tpl) {
			b.WriteString(tpl)
			return b.String()
		}
		b.WriteString(tpl[:i])
		switch tpl[i+1] {
		case 'L':
			b.WriteString(last)
		case 'M':
			b.WriteString(other)
		case 'F':
			b.WriteString(first)
		case 'C':
			b.WriteString(town)
		}
		tpl = tpl[i+3:]
	}
}

// street makes a first address line in the country's usual order.
func (g *generator) street(L *langData) string {
	r := g.r
	n := 1 + min(r.IntN(150), r.IntN(150))
	name := L.Streets[r.IntN(len(L.Streets))]
	num := strconv.Itoa(n)
	switch L.Country {
	case "FR":
		if g.pct(5) {
			num += " bis"
		}
		return num + " " + L.StreetTypes[r.IntN(len(L.StreetTypes))] + " " + name
	case "GB":
		return num + " " + name + " " + L.StreetTypes[r.IntN(len(L.StreetTypes))]
	default:
		if g.pct(12) {
			num += "/" + strconv.Itoa(1+r.IntN(20))
		}
		return name + " " + num
	}
}

// frFiction are the French landline ranges ARCEP reserves for fiction, by
// region digit; 06 39 98 is the mobile one.
var frFiction = map[string]string{"1": "01 99 00 ", "2": "02 61 91 ", "3": "03 53 01 ", "4": "04 65 71 ", "5": "05 36 49 "}

// digits appends n random digits.
func (g *generator) digits(b []byte, n int) []byte {
	for ; n > 0; n-- {
		b = append(b, byte('0'+g.r.IntN(10)))
	}
	return b
}

// landline returns a fixed phone number in the national format: fictional
// ranges for France and the UK ("04 65 71 23 45", "0161 496 0123"), the
// town's area code in Serbia ("011 324 5678", "021 452 345").
func (g *generator) landline(lang uint8, ct city) string {
	b := g.buf[:0]
	switch lang {
	case langFR:
		b = append(b, frFiction[ct.Phone]...)
		b = g.digits(b, 2)
		b = append(b, ' ')
		b = g.digits(b, 2)
	case langEN:
		b = append(b, ct.Phone...)
		b = g.digits(b, 3)
	default:
		b = append(b, ct.Phone...)
		b = append(b, ' ', byte('2'+g.r.IntN(5)))
		b = g.digits(b, 2)
		b = append(b, ' ')
		if ct.Phone == "011" {
			b = g.digits(b, 4)
		} else {
			b = g.digits(b, 3)
		}
	}
	g.buf = b
	return string(b)
}

// mobile returns a mobile number: "06 39 98 12 34", "07700 900123",
// "064 123 4567".
func (g *generator) mobile(lang uint8) string {
	b := g.buf[:0]
	switch lang {
	case langFR:
		b = append(b, "06 39 98 "...)
		b = g.digits(b, 2)
		b = append(b, ' ')
		b = g.digits(b, 2)
	case langEN:
		b = append(b, "07700 900"...)
		b = g.digits(b, 3)
	default:
		b = append(b, "06"...)
		b = append(b, "0123456"[g.r.IntN(7)], ' ')
		b = g.digits(b, 3)
		b = append(b, ' ')
		b = g.digits(b, 3+g.r.IntN(2))
	}
	g.buf = b
	return string(b)
}

// email returns local@domain, made unique across the ledger with the
// customer's number when already taken (local parts never end in a digit,
// so local+number cannot collide with another base).
func (g *generator) email(local, domain string, i int) string {
	a := local + "@" + domain
	if _, dup := g.used[a]; dup {
		a = local + strconv.Itoa(i+1) + "@" + domain
	}
	g.used[a] = struct{}{}
	return a
}

// consent gives a few customers a paperless consent record consistent with
// their delivery preference.
func (g *generator) consent(c *ledger.Customer, L *langData) {
	u := g.r.IntN(100)
	var state ledger.ConsentState
	switch c.Delivery {
	case ledger.DeliveryEmail:
		switch {
		case u < 20:
			state = ledger.ConsentGranted
		case u < 23:
			state = ledger.ConsentWithdraw
		}
	case ledger.DeliveryPostal:
		switch {
		case u < 8:
			state = ledger.ConsentAsked
		case u < 13:
			state = ledger.ConsentRefused
		}
	default:
		if u < 10 {
			state = ledger.ConsentAsked
		}
	}
	if state == "" {
		return
	}
	c.Paperless.State = state
	if state == ledger.ConsentAsked {
		c.Paperless.Date = g.today.AddDays(-1 - g.r.IntN(60))
		c.Paperless.Channel = "paper"
		if len(c.Emails) > 0 {
			c.Paperless.Channel = "email"
		}
		return
	}
	c.Paperless.Date = g.today.AddDays(-30 - g.r.IntN(500))
	switch k := g.r.IntN(4); {
	case k < 2 && len(c.Emails) > 0:
		c.Paperless.Channel = "email"
		c.Paperless.Evidence = "<consent." + strings.ToLower(c.Code) + "." + strconv.Itoa(int(c.Paperless.Date)) + "@" + L.Domain + ">"
	case k == 2:
		c.Paperless.Channel = "web"
		c.Paperless.Evidence = L.Consent[1]
	case k == 3:
		c.Paperless.Channel = "paper"
		c.Paperless.Evidence = L.Consent[2]
	default:
		c.Paperless.Channel = "phone"
		c.Paperless.Evidence = L.Consent[0]
	}
}

// plan is an invoice decided before any is written, so that invoices can
// be numbered in issue date order.
type plan struct {
	age   int32 // issue date = Today - age
	cust  int32
	term  uint8 // days from issue to due date
	fate  uint8
	late  bool // fully paid after the due date
	force uint8
}

// scenarios are invoices every demo ledger has, whatever its size or seed,
// so that each lateness bucket, promise and dispute case can be shown.
// overdue is days past due as of Today (negative: not yet due) with 30-day
// terms, before a weekend issue date moves a few days back; the values sit
// well inside their lateness bucket so that the move never changes it.
var scenarios = []struct {
	overdue int
	fate    uint8
	late    bool
	force   uint8
}{
	{-20, fateUnpaid, false, forceNone},
	{12, fateUnpaid, false, forceNone},
	{45, fateUnpaid, false, forceNone},
	{75, fateUnpaid, false, forceNone},
	{150, fateUnpaid, false, forceNone},
	{30, fatePaid, false, forceNone},
	{70, fatePaid, true, forceNone},
	{40, fatePartial, false, forceNone},
	{50, fateUnpaid, false, forcePromiseBroken},
	{20, fateUnpaid, false, forcePromiseFuture},
	{35, fateUnpaid, false, forceDisputeOpen},
	{100, fateUnpaid, false, forceDisputeClosed},
	{-8, fatePartial, false, forceNone},
	{200, fatePartial, false, forceNone},
	{-15, fatePaid, false, forceNone},
	{5, fateUnpaid, false, forceNone},
}

// pickCustomer draws a customer by invoice weight.
func (g *generator) pickCustomer() int32 {
	x := g.r.Int64N(g.cum[len(g.cum)-1])
	return int32(sort.Search(len(g.cum), func(i int) bool { return g.cum[i] > x }))
}

// plans decides every invoice, sorted by issue date (oldest first).
func (g *generator) plans() []plan {
	n := g.o.Invoices
	ps := make([]plan, n)
	maxAge := historyDays + 6
	for i := range ps {
		p := &ps[i]
		p.cust = g.pickCustomer()
		if i < len(scenarios) {
			s := scenarios[i]
			p.term, p.fate, p.late, p.force = 30, s.fate, s.late, s.force
			p.age = int32(30 + s.overdue)
			continue
		}
		p.age = int32(g.r.IntN(historyDays))
		switch u := g.r.IntN(100); {
		case u < 70:
			p.term = 30
		case u < 78:
			p.term = 15
		case u < 90:
			p.term = 45
		default:
			p.term = 60
		}
		// Old invoices are more often settled than recent ones: a small
		// business collects most of its debts within three months, and what
		// is still unpaid after six is a few per cent (aged receivables).
		paid, partial := 950, 25
		switch od := int(p.age) - int(p.term); {
		case od <= 0:
			paid, partial = 200, 50
		case od <= 30:
			paid, partial = 400, 120
		case od <= 60:
			paid, partial = 550, 140
		case od <= 90:
			paid, partial = 600, 140
		case od <= 180:
			paid, partial = 880, 50
		}
		switch u := g.r.IntN(1000); {
		case u < paid:
			p.fate = fatePaid
			p.late = int(p.age) > int(p.term) && g.pct(35)
		case u < paid+partial:
			p.fate = fatePartial
		}
	}
	// Nobody invoices at the weekend: move those to a weekday of the week
	// before, so that every weekday gets its share.
	for i := range ps {
		switch g.today.AddDays(-int(ps[i].age)).Weekday() {
		case 6: // Saturday: Monday to Friday
			ps[i].age += int32(1 + g.r.IntN(5))
		case 0: // Sunday
			ps[i].age += int32(2 + g.r.IntN(5))
		}
	}
	// Counting sort by issue date, stable within a day.
	counts := make([]int, maxAge+2)
	for _, p := range ps {
		counts[maxAge-int(p.age)+1]++
	}
	for i := 1; i < len(counts); i++ {
		counts[i] += counts[i-1]
	}
	sorted := make([]plan, n)
	for _, p := range ps {
		k := maxAge - int(p.age)
		sorted[counts[k]] = p
		counts[k]++
	}
	return sorted
}

// pow16 is 2^(i/16) × 10000: amounts are drawn on a log scale with integer
// arithmetic only, so the ledger is the same on every platform.
var pow16 = [16]int64{10000, 10443, 10905, 11388, 11892, 12419, 12968, 13543, 14142, 14768, 15422, 16105, 16818, 17563, 18340, 19152}

// amount draws an invoice total in minor units: 50.00 to about 15,000.00
// (consumers up to about 2,000.00), in dinars about a hundred times more.
// A good share are round net prices plus 20% VAT, the rest have cents.
func (g *generator) amount(c *customer) int64 {
	steps := 132 // 8.25 octaves above 50.00
	if c.consumer {
		steps = 86
	}
	e := g.r.IntN(steps)
	v := int64(5000) << (e / 16) * pow16[e%16] / 10000
	v += g.r.Int64N(v*44/1000 + 1)
	unit := int64(1000) // net prices rounded to 10.00
	if c.cur == "RSD" {
		v *= 117
		unit = 100_000 // to 1,000.00 dinars
	}
	if g.pct(40) {
		net := max(v*10/12/unit*unit, 5*unit)
		return net * 12 / 10
	}
	return v
}

// invoices writes o.Invoices invoices with their payments, promises and
// disputes, numbered per year of issue in date order: F2025-0000001.
func (g *generator) invoices(ctx context.Context) error {
	n := g.o.Invoices
	if n == 0 || len(g.custs) == 0 {
		g.progress(0)
		return nil
	}
	ps := g.plans()
	width := max(7, len(strconv.Itoa(n)))
	year, seq := 0, 0
	var inv ledger.Invoice
	for k := range ps {
		if k%checkEvery == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		p := &ps[k]
		c := &g.custs[p.cust]
		L := langs[c.lang]
		issue := g.today.AddDays(-int(p.age))
		y, m, _ := issue.Civil()
		if y != year {
			year, seq = y, 0
		}
		seq++
		b := append(g.buf[:0], 'F')
		b = strconv.AppendInt(b, int64(y), 10)
		b = append(b, '-')
		b = appendPadded(b, seq, width)
		g.buf = b

		svc := int(c.service)
		if !g.pct(70) {
			svc = g.r.IntN(len(L.Services))
		}
		inv = ledger.Invoice{
			Number:     string(b),
			CustomerID: c.id,
			IssueDate:  issue,
			DueDate:    issue.AddDays(int(p.term)),
			Total:      ledger.Money{Minor: g.amount(c), Currency: c.cur},
			Excluded:   g.permille(3),
		}
		if L.Services[svc].Periodic {
			// Billed at the start of the month for the month before.
			pm, py := m-1, y
			if pm == 0 {
				pm, py = 12, y-1
			}
			start, _ := ledger.NewDate(py, pm, 1)
			inv.ServiceDate, inv.ServiceEnd = start, start.AddMonths(1).AddDays(-1)
			inv.Description = L.desc[svc][pm]
		} else {
			inv.ServiceDate = issue.AddDays(-g.r.IntN(15))
			inv.Description = L.desc[svc][0]
		}
		if err := inv.Validate(); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		if err := g.b.InsertInvoice(ctx, &inv); err != nil {
			return err
		}
		paid, err := g.payments(ctx, &inv, p, c)
		if err != nil {
			return err
		}
		if balance := inv.Total.Minor - paid; balance > 0 {
			if err := g.promiseAndDispute(ctx, &inv, p, L, balance); err != nil {
				return err
			}
		}
		g.sum.Invoices++
		if (k+1)%checkEvery == 0 && k+1 < n {
			g.progress(k + 1)
		}
	}
	g.progress(n)
	return nil
}

func (g *generator) progress(done int) {
	if g.o.Progress != nil {
		g.o.Progress(done, g.o.Invoices)
	}
}

// methods lists payment methods by language with their reference prefixes
// and weights in per cent.
var methods = [4][]struct {
	name, prefix string
	weight       int
}{
	langFR:     {{"virement", "VIR-", 70}, {"cheque", "CHQ-", 15}, {"card", "CB-", 15}},
	langEN:     {{"transfer", "TRF-", 75}, {"card", "CARD-", 20}, {"cheque", "CHQ-", 5}},
	langSRCyrl: {{"prenos", "PRN-", 85}, {"card", "CARD-", 15}},
	langSRLatn: {{"prenos", "PRN-", 85}, {"card", "CARD-", 15}},
}

// pay writes one payment; prevRef is the invoice's other payment reference,
// which this one must differ from.
func (g *generator) pay(ctx context.Context, inv *ledger.Invoice, c *customer, date ledger.Date, amount int64, prevRef string) (string, error) {
	ms := methods[c.lang]
	u := g.r.IntN(100)
	m := ms[len(ms)-1]
	for _, x := range ms {
		if u < x.weight {
			m = x
			break
		}
		u -= x.weight
	}
	ref := ""
	if !g.pct(8) {
		for {
			b := append(g.buf[:0], m.prefix...)
			b = appendPadded(b, g.r.IntN(1_000_000), 6)
			g.buf = b
			if string(b) != prevRef {
				ref = string(b)
				break
			}
		}
	}
	p := ledger.Payment{InvoiceID: inv.ID, InvoiceNumber: inv.Number, Date: date, Amount: amount, Method: m.name, Reference: ref}
	if err := g.b.SavePayment(ctx, &p); err != nil {
		return "", err
	}
	g.sum.Payments++
	return ref, nil
}

// payments writes the invoice's payments according to its fate and returns
// the amount paid. Every payment is dated between the issue date and Today.
func (g *generator) payments(ctx context.Context, inv *ledger.Invoice, p *plan, c *customer) (int64, error) {
	total, issue, due, today := inv.Total.Minor, inv.IssueDate, inv.DueDate, g.today
	switch p.fate {
	case fatePaid:
		var final ledger.Date
		if p.late && due < today {
			late := today.DaysSince(due)
			final = due.AddDays(1 + g.r.IntN(min(late, 1+g.r.IntN(120))))
		} else {
			hi := min(due, today)
			span := hi.DaysSince(issue) + 1
			// Payers on time tend to pay near the due date.
			final = issue.AddDays(max(g.r.IntN(span), g.r.IntN(span)))
		}
		if total >= 2 && g.pct(15) {
			first := total * int64(20+g.r.IntN(51)) / 100
			if first > 0 && first < total {
				ref, err := g.pay(ctx, inv, c, g.between(issue, final), first, "")
				if err != nil {
					return 0, err
				}
				if _, err := g.pay(ctx, inv, c, final, total-first, ref); err != nil {
					return 0, err
				}
				return total, nil
			}
		}
		if _, err := g.pay(ctx, inv, c, final, total, ""); err != nil {
			return 0, err
		}
		return total, nil
	case fatePartial:
		paid := total * int64(10+g.r.IntN(71)) / 100
		if paid <= 0 || paid >= total {
			return 0, nil
		}
		d1 := g.between(issue, today)
		if paid >= 2 && d1 < today && g.pct(25) {
			first := paid / 2
			ref, err := g.pay(ctx, inv, c, d1, first, "")
			if err != nil {
				return 0, err
			}
			if _, err := g.pay(ctx, inv, c, g.between(d1, today), paid-first, ref); err != nil {
				return 0, err
			}
			return paid, nil
		}
		if _, err := g.pay(ctx, inv, c, d1, paid, ""); err != nil {
			return 0, err
		}
		return paid, nil
	}
	return 0, nil
}

var promiseSources = [3]string{"phone", "email", "letter"}

// promiseAndDispute gives some invoices with a balance a promise to pay
// (~2% of the overdue ones) or a dispute (~1%).
func (g *generator) promiseAndDispute(ctx context.Context, inv *ledger.Invoice, p *plan, L *langData, balance int64) error {
	today := g.today
	overdue := inv.DueDate < today
	promise := p.force == forcePromiseBroken || p.force == forcePromiseFuture || (overdue && g.permille(20))
	if promise && overdue {
		broken := p.force == forcePromiseBroken
		if p.force == forceNone {
			broken = g.r.IntN(2) == 0
		}
		if today.DaysSince(inv.DueDate) < 3 {
			broken = false
		}
		pr := ledger.Promise{InvoiceID: inv.ID, Amount: balance}
		if broken {
			pr.RecordedOn = g.between(inv.DueDate.AddDays(1), today.AddDays(-2))
			pr.Date = g.between(pr.RecordedOn.AddDays(1), today.AddDays(-1))
		} else {
			pr.RecordedOn = g.between(max(inv.DueDate.AddDays(1), today.AddDays(-14)), today)
			pr.Date = today.AddDays(1 + g.r.IntN(30))
		}
		if balance > 1 && g.pct(30) {
			pr.Amount = balance / 2
		}
		src := 0
		switch u := g.r.IntN(100); {
		case u >= 85:
			src = 2
		case u >= 50:
			src = 1
		}
		pr.Source, pr.Note = promiseSources[src], L.Promise[src]
		if err := g.b.AddPromise(ctx, &pr); err != nil {
			return err
		}
		g.sum.Promises++
	}
	if p.force == forceDisputeOpen || p.force == forceDisputeClosed || g.permille(10) {
		d := ledger.Dispute{InvoiceID: inv.ID, Reason: L.Reasons[g.r.IntN(len(L.Reasons))]}
		d.Opened = g.between(inv.IssueDate, min(today, inv.IssueDate.AddDays(90)))
		if p.force == forceDisputeClosed || p.force == forceNone && g.pct(30) {
			d.Closed = g.between(d.Opened, min(today, d.Opened.AddDays(60)))
			d.Outcome = L.Outcomes[g.r.IntN(len(L.Outcomes))]
		}
		if err := g.b.AddDispute(ctx, &d); err != nil {
			return err
		}
		g.sum.Disputes++
	}
	return nil
}
