package importer

import (
	"errors"
	"strings"
	"unicode"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// customers imports customer rows, keyed by code. A column absent from the
// file keeps the stored value; a present but empty optional column clears
// it (or falls back to the default for language, kind and delivery).
//
// A customer export without codes (Invoice Ninja, FreshBooks, Akaunting,
// Odoo) is matched by name, then email, like an invoice file's customers
// (invoice_customers.go), and new customers get a generated code.
func (r *run) customers(b *store.Batch) error {
	keys := seen{}
	_, coded := r.m["code"]
	var ci *customerIndex
	if !coded {
		var err error
		if ci, err = loadCustomerIndex(r.ctx, b, true, false); err != nil {
			return err
		}
	}
	return r.each(func() error {
		var code string
		var ok bool
		if coded {
			code, ok = r.required("code", 64)
		} else {
			code, ok = r.codeByName(ci)
		}
		if !ok {
			return nil
		}
		if r.duplicate(keys, code, "code", code) {
			return nil
		}
		old, err := b.CustomerByCode(r.ctx, code)
		exists := err == nil
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		var c ledger.Customer
		if exists {
			c = old
		} else {
			c = ledger.Customer{Code: code, Country: r.company.Country, Language: r.company.Language, Kind: ledger.Business}
		}
		if !r.customerRecord(&c, exists) {
			return nil
		}
		if len(r.res.Problems) > 0 {
			return nil // the import is lost anyway: check the rest, write nothing
		}
		if _, err := b.SaveCustomer(r.ctx, c); err != nil {
			return err
		}
		if !exists {
			r.res.Created++
		} else {
			r.res.Updated++
		}
		return nil
	})
}

// customerRecord reads a customer's columns into c, as customerFields,
// and checks the customer as a whole: the row's customer is good to save.
// A combined customers-and-invoices file uses it too.
func (r *run) customerRecord(c *ledger.Customer, exists bool) bool {
	if !r.customerFields(c, exists) {
		return false
	}
	if (c.Delivery == ledger.DeliveryEmail || c.Delivery == ledger.DeliveryBoth) && len(c.Emails) == 0 {
		col, val := "delivery", string(c.Delivery)
		if _, present := r.cell("email"); present {
			col, val = "email", ""
		}
		r.problem(col, val, i18n.M("import.delivery_needs_email", c.Delivery))
		return false
	}
	if err := c.Validate(); err != nil {
		r.problemLine(r.row.Line, i18n.M("import.invalid_record", err.Error()))
		return false
	}
	return true
}

// customerFields reads a customer's columns (all but the code) into c, as
// the mapping r.m names them; it reports problems and says whether the
// row was good. An invoice file carrying customer columns uses it too.
func (r *run) customerFields(c *ledger.Customer, exists bool) bool {
	good := true
	setText := func(col string, dst *string, maxLen int) {
		if _, present := r.cell(col); !present {
			return
		}
		v, ok := r.text(col, maxLen)
		if !ok {
			good = false
			return
		}
		*dst = v
	}
	// A new customer needs a name; a combined invoice file has given it
	// already (from the invoice's customer columns).
	if _, present := r.cell("name"); present || c.Name == "" {
		name, ok := r.required("name", 200)
		good = good && ok
		c.Name = name
	}
	setText("contact", &c.Contact, 200)
	setText("salutation", &c.Salutation, 100)
	setText("title", &c.Title, 50)
	if v, present := r.cell("gender"); present {
		g, err := ledger.ParseGender(v)
		if err != nil {
			r.problem("gender", v, i18n.M("import.unknown_gender"))
			good = false
		}
		c.Gender = g
	}
	setText("phone", &c.Phone, 50)
	setText("mobile", &c.Mobile, 50)
	// Spreadsheets often hold a whole address in one cell, on several
	// lines: its first line is address1, the rest address2 (when the
	// file has no address2 of its own).
	if v, present := r.cell("address1"); present && strings.ContainsAny(v, "\r\n") {
		a2, _ := r.cell("address2")
		lines := strings.FieldsFunc(v, func(c rune) bool { return c == '\r' || c == '\n' })
		if len(lines) > 0 && a2 == "" {
			saved := r.row.Cells
			r.row.Cells = append([]string(nil), saved...)
			r.row.Cells[r.m["address1"]] = strings.TrimSpace(lines[0])
			var rest []string
			for _, l := range lines[1:] {
				if l = strings.TrimSpace(l); l != "" {
					rest = append(rest, l)
				}
			}
			setText("address1", &c.Address1, 200)
			c.Address2 = strings.Join(rest, ", ")
			if len(c.Address2) > 200 || strings.ContainsFunc(c.Address2, unicode.IsControl) {
				r.problem("address1", v, i18n.M("import.too_long", 200))
				good = false
			}
			r.row.Cells = saved
		} else {
			setText("address1", &c.Address1, 200)
		}
	} else {
		setText("address1", &c.Address1, 200)
		setText("address2", &c.Address2, 200)
	}
	setText("postcode", &c.Postcode, 20)
	setText("city", &c.City, 100)
	if v, present := r.cell("notes"); present {
		if len(v) > 10000 {
			r.problem("notes", v[:50]+"…", i18n.M("import.too_long", 10000))
			good = false
		}
		c.Notes = v
	}
	if v, present := r.cell("email"); present {
		emails, err := ledger.ParseEmails(v)
		if err == nil {
			emails, err = asciiDomains(emails)
		}
		if err != nil {
			r.problem("email", v, i18n.M("import.bad_email"))
			good = false
		}
		for _, a := range emails {
			if local, _, _ := strings.Cut(a, "@"); !isASCII(local) {
				r.warn("email", a, i18n.M("import.utf8_local_part"))
			}
		}
		c.Emails = emails
	}
	if v, present := r.cell("country"); present && v != "" {
		country, err := ledger.ParseCountry(v)
		if err != nil {
			r.problem("country", v, i18n.M("import.unknown_country"))
			good = false
		}
		c.Country = country
	}
	if v, present := r.cell("language"); present && v != "" {
		lang, err := ledger.ParseLanguage(v)
		if err != nil {
			r.problem("language", v, i18n.M("import.unknown_language"))
			good = false
		}
		c.Language = lang
	}
	if v, present := r.cell("kind"); present && v != "" {
		kind, err := ledger.ParseKind(v)
		if err != nil {
			r.problem("kind", v, i18n.M("import.unknown_kind"))
			good = false
		}
		c.Kind = kind
	}
	v, present := r.cell("delivery")
	switch {
	case present && v != "":
		d, err := ledger.ParseDelivery(v)
		if err != nil {
			r.problem("delivery", v, i18n.M("import.unknown_delivery"))
			good = false
		}
		c.Delivery = d
	case !exists || c.Delivery == "":
		c.Delivery = ledger.DeliveryPostal
		if len(c.Emails) > 0 {
			c.Delivery = ledger.DeliveryEmail
		}
	}
	return good
}

// codeByName finds the code of the customer a codeless row names (by exact
// name, then email), or makes one.
func (r *run) codeByName(ci *customerIndex) (string, bool) {
	name, ok := r.required("name", 200)
	if !ok {
		return "", false
	}
	if cs := ci.byName[foldName(name)]; len(cs) == 1 {
		return cs[0].code, true
	} else if len(cs) > 1 {
		r.problem("name", name, i18n.M("import.ambiguous_customer", cs[0].code, cs[1].code))
		return "", false
	}
	var emails []string // a bad address is reported by the row's own email check
	if v, _ := r.cell("email"); v != "" {
		emails, _ = ledger.ParseEmails(v)
	}
	for _, e := range emails {
		if cs := ci.byEmail[strings.ToLower(e)]; len(cs) == 1 {
			return cs[0].code, true
		} else if len(cs) > 1 {
			r.problem("email", e, i18n.M("import.ambiguous_customer", cs[0].code, cs[1].code))
			return "", false
		}
	}
	code := ci.generatedCode(name)
	// Indexed with its addresses: a later row with another spelling of
	// the name but the same email is this customer, not a new one.
	ci.add(&customerRef{code: code, name: name}, emails)
	return code, true
}
