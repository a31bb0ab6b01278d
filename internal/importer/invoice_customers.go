package importer

import (
	"context"
	"reflect"
	"strconv"
	"strings"
	"unicode"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// Most invoice exports name the customer instead of giving a code: an
// invoice row's customer is matched by code, then by exact name (case and
// spaces folded), then by email; else it is created, with a code made from
// its name (generatedCode) that is kept, so a later export that renames
// the customer is matched by email or by the code the owner gives.

// customerRef is a customer an invoice row points at. A customer created by
// this file has id 0 until the writer has inserted it.
type customerRef struct {
	id   int64
	code string
	name string
	new  *ledger.Customer // to insert before the invoice that needs it
}

type customerIndex struct {
	byCode  map[string]*customerRef
	byName  map[string][]*customerRef
	byEmail map[string][]*customerRef
	// stored holds the ledger's customers in full, by code, for a combined
	// file: the first row naming one updates it from its cells.
	stored map[string]ledger.Customer
}

func loadCustomerIndex(ctx context.Context, b *store.Batch, needKeys, combined bool) (*customerIndex, error) {
	ci := &customerIndex{byCode: map[string]*customerRef{}, byName: map[string][]*customerRef{}, byEmail: map[string][]*customerRef{}}
	if combined {
		// Read before the writer starts: only it touches the batch then.
		cs, err := b.ListCustomers(ctx, store.CustomerFilter{})
		if err != nil {
			return nil, err
		}
		ci.stored = make(map[string]ledger.Customer, len(cs))
		for _, c := range cs {
			ci.stored[c.Code] = c
		}
	}
	if !needKeys {
		ids, err := b.CustomerIDs(ctx)
		if err != nil {
			return nil, err
		}
		for code, id := range ids {
			ci.byCode[code] = &customerRef{id: id, code: code}
		}
		return ci, nil
	}
	keys, err := b.CustomerKeys(ctx)
	if err != nil {
		return nil, err
	}
	for _, k := range keys {
		ci.add(&customerRef{id: k.ID, code: k.Code, name: k.Name}, k.Emails)
	}
	return ci, nil
}

func (ci *customerIndex) add(c *customerRef, emails []string) {
	ci.byCode[c.code] = c
	if n := foldName(c.name); n != "" {
		ci.byName[n] = append(ci.byName[n], c)
	}
	for _, e := range emails {
		e = strings.ToLower(e)
		ci.byEmail[e] = append(ci.byEmail[e], c)
	}
}

func foldName(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }

// resolveCustomer finds or creates the row's customer. ok is false when
// the row has a problem (reported).
func (r *run) resolveCustomer(ci *customerIndex) (*customerRef, bool) {
	code, ok := r.text("customer_code", 64)
	if !ok {
		return nil, false
	}
	name, ok := r.text("customer_name", 200)
	if !ok {
		return nil, false
	}
	emailText, _ := r.cell("customer_email")
	var emails []string
	if emailText != "" {
		es, err := ledger.ParseEmails(emailText)
		if err == nil {
			es, err = asciiDomains(es)
		}
		if err != nil {
			r.problem("customer_email", emailText, i18n.M("import.bad_email"))
			return nil, false
		}
		emails = es
	}
	if code != "" {
		if c, found := ci.byCode[code]; found {
			return r.matched(ci, c, name)
		}
		if _, named := r.m["customer_name"]; !named || name == "" {
			r.problem("customer_code", code, i18n.M("import.unknown_customer"))
			return nil, false
		}
	}
	if name == "" && len(emails) == 0 {
		col := "customer_name"
		if _, named := r.m[col]; !named {
			col = "customer_code"
		}
		r.problem(col, "", i18n.M("import.empty"))
		return nil, false
	}
	if name != "" {
		if cs := ci.byName[foldName(name)]; len(cs) > 0 {
			if len(cs) > 1 {
				r.problem("customer_name", name, i18n.M("import.ambiguous_customer", cs[0].code, cs[1].code))
				return nil, false
			}
			return r.matched(ci, cs[0], name)
		}
	}
	for _, e := range emails {
		if cs := ci.byEmail[strings.ToLower(e)]; len(cs) > 0 {
			if len(cs) > 1 {
				r.problem("customer_email", e, i18n.M("import.ambiguous_customer", cs[0].code, cs[1].code))
				return nil, false
			}
			return r.matched(ci, cs[0], name)
		}
	}
	if name == "" {
		name = emails[0]
	}
	if code == "" {
		code = ci.generatedCode(name)
	}
	c := ledger.Customer{Code: code, Name: name, Emails: emails, Country: r.company.Country, Language: r.company.Language,
		Kind: ledger.Business, Delivery: ledger.DeliveryPostal}
	if len(emails) > 0 {
		c.Delivery = ledger.DeliveryEmail
	}
	if !r.customerDetails(&c, false) {
		return nil, false
	}
	ref := &customerRef{code: code, name: name, new: &c}
	ci.add(ref, emails)
	r.res.Summary.CustomersCreated++
	r.used[ref] = true
	return ref, true
}

// matched counts a customer of the ledger once per file, the first time a
// row names it; in a combined file, that row also updates the customer
// from its cells (name included), as a customer file would.
func (r *run) matched(ci *customerIndex, c *customerRef, name string) (*customerRef, bool) {
	if r.used[c] || c.new != nil {
		return c, true
	}
	r.used[c] = true
	r.res.Summary.CustomersMatched++
	if r.custM == nil {
		return c, true
	}
	old, ok := ci.stored[c.code]
	if !ok {
		return c, true
	}
	upd := old
	upd.Emails = append([]string(nil), old.Emails...)
	if name != "" {
		upd.Name = name
	}
	if !r.customerDetails(&upd, true) {
		return nil, false
	}
	if !reflect.DeepEqual(upd, old) {
		r.updates = append(r.updates, customerUpdate{ref: c, cust: upd})
	}
	return c, true
}

// customerUpdate is a ledger customer a combined file changes, written
// before the next invoice.
type customerUpdate struct {
	ref  *customerRef
	cust ledger.Customer
}

// customerDetails reads the customer columns of a combined file into c
// with the customers import's own checks (customerRecord); without
// customer columns, it only validates c.
func (r *run) customerDetails(c *ledger.Customer, exists bool) bool {
	if r.custM == nil {
		if err := c.Validate(); err != nil {
			r.problemLine(r.row.Line, i18n.M("import.invalid_record", err.Error()))
			return false
		}
		return true
	}
	saved := r.m
	r.m = r.custM
	defer func() { r.m = saved }()
	return r.customerRecord(c, exists)
}

// generatedCode makes a customer code from a name: its ASCII letters and
// digits in capitals (accents folded, Cyrillic transliterated), at most 12,
// then "-2", "-3"… if the code is taken. "Boulangerie Dupont SARL" is
// BOULANGERIED.
func (ci *customerIndex) generatedCode(name string) string {
	s := normalizeHeader(i18n.CyrillicToLatin(name))
	s = letterFolds.Replace(s)
	var b strings.Builder
	for _, c := range strings.ToUpper(s) {
		if c < unicode.MaxASCII && (unicode.IsLetter(c) || unicode.IsDigit(c)) {
			b.WriteRune(c)
			if b.Len() == 12 {
				break
			}
		}
	}
	base := b.String()
	if base == "" {
		base = "CUSTOMER"
	}
	code := base
	for n := 2; ci.byCode[code] != nil; n++ {
		code = base + "-" + strconv.Itoa(n)
	}
	return code
}

// letterFolds spells the Latin letters that have no decomposition (and so
// keep no accent to fold) in ASCII: "Straße" is STRASSE, not STRAE.
var letterFolds = strings.NewReplacer("ß", "ss", "æ", "ae", "œ", "oe", "ø", "o", "ł", "l", "þ", "th", "ı", "i")

// customerDetailColumns are the Customers kind's columns that make an
// invoice file a combined customers-and-invoices file when its header has
// one.
var customerDetailColumns = []string{"contact", "salutation", "title", "gender", "email", "phone", "mobile", "address1", "address2", "postcode",
	"city", "country", "language", "kind", "delivery"}

// combinedMapping maps an invoice file's header as a customer file too,
// when it carries customer details beyond the customer's code, name and
// email; nil otherwise. The code and name come from the invoice columns
// (resolveCustomer); notes are the invoice's, not the customer's.
func combinedMapping(header []string, invoiceMap Mapping) Mapping {
	m, _, _ := MapHeader(Customers, header)
	delete(m, "code")
	delete(m, "name")
	delete(m, "notes")
	// A column the invoice side reads for something else ("Type" is the
	// document's type, not the customer's kind; "Contact name" may be the
	// customer's name) is not a customer detail.
	for col, i := range m {
		for inv, j := range invoiceMap {
			if i == j && !(col == "email" && inv == "customer_email") {
				delete(m, col)
			}
		}
	}
	for _, col := range customerDetailColumns {
		i, ok := m[col]
		if !ok {
			continue
		}
		if j, mailed := invoiceMap["customer_email"]; col == "email" && mailed && i == j {
			continue // the invoice's own customer email: nothing more
		}
		return m
	}
	return nil
}
