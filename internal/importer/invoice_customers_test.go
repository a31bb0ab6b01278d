package importer

import (
	"context"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// customerOf returns the code of the customer invoice number belongs to.
func customerOf(t *testing.T, st *store.Store, number string) string {
	t.Helper()
	ctx := context.Background()
	inv, err := st.InvoiceByNumber(ctx, number)
	if err != nil {
		t.Fatalf("invoice %s: %v", number, err)
	}
	cs, err := st.ListCustomers(ctx, store.CustomerFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.ID == inv.CustomerID {
			return c.Code
		}
	}
	t.Fatalf("invoice %s: no customer %d", number, inv.CustomerID)
	return ""
}

func TestInvoiceCustomersMatchedByNameEmailOrCreated(t *testing.T) {
	st := newStore(t)
	seedCustomers(t, st)
	ctx := context.Background()
	// Name folded for case and spaces; email when the name is unknown;
	// the code when given; else created, and matched by the later rows.
	text := `Invoice Number,Customer Name,Customer Email,Invoice Date,Due Date,Total
N1,  boulangerie   MARTIN sarl ,,2025-06-01,2025-07-01,100.00
N2,Harper and Cole,JAMES@harper.example.co.uk,2025-06-01,2025-07-01,200.00
N3,Boulangerie Dupont SARL,contact@dupont.example.fr,2025-06-02,2025-07-02,300.00
N4,BOULANGERIE DUPONT SARL,,2025-06-03,2025-07-03,400.00
N5,Boulangerie Dupontel,,2025-06-03,2025-07-03,500.00
N6,Штампарија Ђорђевић,,2025-06-03,2025-07-03,600.00
N7,,compta@martin.example.fr,2025-06-04,2025-07-04,700.00
N8,,new@solo.example.com,2025-06-04,2025-07-04,800.00
N9,Someone Else,contact@dupont.example.fr,2025-06-04,2025-07-04,900.00
`
	res := mustImport(t, st, Invoices, "inv.csv", text)
	if res.Created != 9 {
		t.Fatalf("created %d invoices, want 9: %+v", res.Created, res)
	}
	want := map[string]string{"N1": "C001", "N2": "C002", "N3": "BOULANGERIED", "N4": "BOULANGERIED",
		"N5": "BOULANGERIED-2", "N6": "STAMPARIJADJ", "N7": "C001", "N8": "NEWSOLOEXAMP", "N9": "BOULANGERIED"}
	for number, code := range want {
		if got := customerOf(t, st, number); got != code {
			t.Errorf("%s: customer %s, want %s", number, got, code)
		}
	}
	// Created: Dupont, Dupontel, Đorđević, new@solo; matched: C001, C002
	// (each counted once however many rows name it).
	if s := res.Summary; s.CustomersCreated != 4 || s.CustomersMatched != 2 {
		t.Errorf("customers created %d, matched %d; want 4 and 2", s.CustomersCreated, s.CustomersMatched)
	}
	c, err := st.CustomerByCode(ctx, "BOULANGERIED")
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Boulangerie Dupont SARL" || len(c.Emails) != 1 || c.Emails[0] != "contact@dupont.example.fr" ||
		c.Delivery != ledger.DeliveryEmail || c.Country != "FR" {
		t.Errorf("created customer %+v", c)
	}
	if c, _ := st.CustomerByCode(ctx, "NEWSOLOEXAMP"); c.Name != "new@solo.example.com" {
		t.Errorf("a customer known only by email is named by it: %+v", c)
	}
	if n, _ := st.CountCustomers(ctx); n != 8 {
		t.Errorf("%d customers, want 4 + 4", n)
	}

	// The generated code is kept: a later export that renames the customer
	// but keeps the email matches it, and so does the code.
	res = mustImport(t, st, Invoices, "later.csv", `Invoice Number,Customer Name,Customer Email,Customer Code,Invoice Date,Due Date,Total
N3,Dupont & Fils,contact@dupont.example.fr,,2025-06-02,2025-07-02,300.00
N10,Whatever Name,,BOULANGERIED-2,2025-06-05,2025-07-05,50.00
`)
	if s := res.Summary; s.CustomersCreated != 0 || s.CustomersMatched != 2 {
		t.Errorf("later export: created %d, matched %d; want 0 and 2", s.CustomersCreated, s.CustomersMatched)
	}
	if got := customerOf(t, st, "N10"); got != "BOULANGERIED-2" {
		t.Errorf("N10 by code: %s", got)
	}
	if n, _ := st.CountCustomers(ctx); n != 8 {
		t.Errorf("%d customers after the later export, want 8", n)
	}
}

func TestInvoiceCustomersAmbiguous(t *testing.T) {
	st := newStore(t)
	mustImport(t, st, Customers, "c.csv", `code,name,email
D1,Dupont,a@dupont.example.fr
D2,DUPONT,shared@example.com
D3,Martin,shared@example.com
`)
	res, err := importText(t, st, Invoices, "inv.csv", `Invoice Number,Customer Name,Customer Email,Invoice Date,Due Date,Total
A1,dupont,,2025-06-01,2025-07-01,10
A2,,shared@example.com,2025-06-01,2025-07-01,10
A3,Martin,shared@example.com,2025-06-01,2025-07-01,10
`)
	// The name decides before the email: A3 is Martin's.
	wantProblems(t, res, err,
		`inv.csv:2: column customer_name: value "dupont": two customers match: D1 and D2; give the customer's code`,
		`inv.csv:3: column customer_email: value "shared@example.com": two customers match: D2 and D3; give the customer's code`,
	)
	if n, _ := st.CountInvoices(context.Background()); n != 0 {
		t.Errorf("%d invoices written from a rejected file", n)
	}
}

func TestInvoiceCustomerColumnRequired(t *testing.T) {
	st := newStore(t)
	res, err := importText(t, st, Invoices, "inv.csv", "number,date,due date,total\nF1,2025-01-01,2025-02-01,12\n")
	wantProblems(t, res, err,
		`inv.csv:1: the file has no customer_code or customer_name column (headers are matched case-insensitively; see README for the accepted names)`)
	// An unknown code with no name is still an unknown customer, not a
	// new one: a code alone says nothing to create it from.
	seedCustomers(t, st)
	res, err = importText(t, st, Invoices, "inv.csv", "number,customer code,date,due date,total\nF1,NOPE,2025-01-01,2025-02-01,12\n")
	wantProblems(t, res, err, `inv.csv:2: column customer_code: value "NOPE": unknown customer (import the customers first)`)
	// An unknown code with a name creates the customer under that code.
	res = mustImport(t, st, Invoices, "inv.csv", "number,customer code,customer name,date,due date,total\nF1,NEW1,New One,2025-01-01,2025-02-01,12\n")
	if res.Summary.CustomersCreated != 1 || customerOf(t, st, "F1") != "NEW1" {
		t.Errorf("created %d, customer %s", res.Summary.CustomersCreated, customerOf(t, st, "F1"))
	}
}

func TestGeneratedCode(t *testing.T) {
	ci := &customerIndex{byCode: map[string]*customerRef{"ACME": {code: "ACME"}, "ACME-2": {code: "ACME-2"}}}
	for name, want := range map[string]string{
		"Boulangerie Dupont SARL": "BOULANGERIED",
		"Café Crème":              "CAFECREME",
		"Acme":                    "ACME-3",
		"Столарија Петровић":      "STOLARIJAPET",
		"O'Neil & Sons, Ltd.":     "ONEILSONSLTD",
		"株式会社":                    "CUSTOMER",
		"Straße 2":                "STRASSE2",
	} {
		if got := ci.generatedCode(name); got != want {
			t.Errorf("generatedCode(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestCombinedCustomersAndInvoicesFile(t *testing.T) {
	st := newStore(t)
	seedCustomers(t, st)
	ctx := context.Background()
	// An invoice list that also carries each customer's address: the
	// customers are created or updated from it, in the same import.
	text := `Invoice Number,Customer Name,Customer Email,Address,Postcode,City,Country,Phone,Type,Invoice Date,Due Date,Total,Notes
K1,Boulangerie Martin SARL,,3 place Bellecour,69002,Lyon,FR,04 78 99 99 99,Invoice,2025-06-01,2025-07-01,100.00,first
K2,Boulangerie Martin SARL,,ignored: only the first row of a customer counts,69002,Lyon,FR,,Invoice,2025-06-02,2025-07-02,50.00,
K3,Harper & Cole Ltd,,1 King Street,EC2V 8AU,London,GB,+44 20 7946 0000,Invoice,2025-06-01,2025-07-01,200.00,
K4,Tischlerei Huber GmbH,buero@huber.example.de,Hauptstraße 5,80331,München,DE,+49 89 123456,Invoice,2025-06-03,2025-07-03,300.00,pay by transfer
K5,,solo@example.be,Rue Neuve 1,1000,Bruxelles,BE,,Invoice,2025-06-03,2025-07-03,10.00,
`
	res := mustImport(t, st, Invoices, "combined.csv", text)
	if res.Created != 5 || res.Summary.CustomersCreated != 2 || res.Summary.CustomersMatched != 2 {
		t.Fatalf("created %d invoices, %d customers created, %d matched; want 5, 2, 2",
			res.Created, res.Summary.CustomersCreated, res.Summary.CustomersMatched)
	}
	c, _ := st.CustomerByCode(ctx, "C001")
	// Updated from its first row; the rest (contact, emails, delivery)
	// kept, as a customers file without those columns keeps them.
	if c.Address1 != "3 place Bellecour" || c.Phone != "04 78 99 99 99" || c.Contact != "Claire Martin" ||
		len(c.Emails) != 1 || c.Delivery != ledger.DeliveryEmail || c.Kind != ledger.Business {
		t.Errorf("C001 after the combined file: %+v", c)
	}
	c, err := st.CustomerByCode(ctx, "TISCHLEREIHU")
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Tischlerei Huber GmbH" || c.Address1 != "Hauptstraße 5" || c.Postcode != "80331" || c.City != "München" ||
		c.Country != "DE" || c.Phone != "+49 89 123456" || len(c.Emails) != 1 || c.Delivery != ledger.DeliveryEmail || c.Notes != "" {
		t.Errorf("created customer: %+v", c)
	}
	c, err = st.CustomerByCode(ctx, "SOLOEXAMPLEB")
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "solo@example.be" || c.City != "Bruxelles" || c.Country != "BE" {
		t.Errorf("customer known by email: %+v", c)
	}

	// A bad customer cell fails the file, naming the row and column, and
	// writes nothing: not the invoices, not the customers.
	bad := `Invoice Number,Customer Name,Country,Invoice Date,Due Date,Total
K9,Nouveau Client,Francia,2025-06-01,2025-07-01,100.00
`
	res, err = importText(t, st, Invoices, "bad.csv", bad)
	wantProblems(t, res, err, `bad.csv:2: column country: value "Francia": unknown country (use an ISO code such as FR, GB or RS)`)
	if _, err := st.CustomerByCode(ctx, "NOUVEAUCLIEN"); err == nil {
		t.Error("a customer written from a rejected file")
	}
}

func TestInvoiceFileWithoutCustomerDetailsIsNotCombined(t *testing.T) {
	st := newStore(t)
	seedCustomers(t, st)
	// Type, Notes and the customer's email alone are the invoice's:
	// nothing of C001 changes.
	mustImport(t, st, Invoices, "inv.csv", `Invoice Number,Customer Code,Customer Email,Type,Invoice Date,Due Date,Total,Notes
L1,C001,other@martin.example.fr,Invoice,2025-06-01,2025-07-01,100.00,call first
`)
	if m := combinedMapping([]string{"Invoice Number", "Customer Code", "Customer Email", "Type", "Notes"},
		Mapping{"number": 0, "customer_code": 1, "customer_email": 2, "doc_type": 3}); m != nil {
		t.Errorf("combined mapping %v, want none", m)
	}
	c, _ := st.CustomerByCode(context.Background(), "C001")
	if c.Kind != ledger.Business || c.Notes != "" || len(c.Emails) != 1 || c.Emails[0] != "compta@martin.example.fr" {
		t.Errorf("C001 changed by a plain invoice file: %+v", c)
	}
}
