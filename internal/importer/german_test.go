package importer

import (
	"context"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// TestImportGermanHeaders: a customer list and an invoice list as a German
// owner writes them (German column names, ";" and decimal commas), with the
// salutation's new columns: the academic title and the gender.
func TestImportGermanHeaders(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	customers := "Kundennummer;Firma;Ansprechpartner;Titel;Geschlecht;Straße;PLZ;Ort;Land;Sprache;Kundenart;Versandart;E-Mail\n" +
		"D-100;Schäfer Logistik GmbH;Anna Schäfer;Dr.;w;Hauptstraße 5;50667;Köln;DE;Deutsch;Unternehmen;E-Mail;buchhaltung@schaefer.example\n" +
		"D-101;Jürgen Weiß;;;männlich;Gartenweg 2;80331;München;DE;de;Verbraucher;Brief;\n" +
		"D-102;Meier & Co. KG;;;;Ringstraße 9;10115;Berlin;DE;German;Unternehmen;Post;\n"
	mustImport(t, st, Customers, "kunden.csv", customers)
	for _, want := range []ledger.Customer{
		{Code: "D-100", Name: "Schäfer Logistik GmbH", Contact: "Anna Schäfer", Title: "Dr.", Gender: ledger.Female, Address1: "Hauptstraße 5",
			Postcode: "50667", City: "Köln", Country: "DE", Language: ledger.German, Kind: ledger.Business, Delivery: ledger.DeliveryEmail},
		{Code: "D-101", Name: "Jürgen Weiß", Gender: ledger.Male, Address1: "Gartenweg 2", Postcode: "80331", City: "München", Country: "DE",
			Language: ledger.German, Kind: ledger.Consumer, Delivery: ledger.DeliveryPostal},
		{Code: "D-102", Name: "Meier & Co. KG", Gender: ledger.GenderUnknown, Address1: "Ringstraße 9", Postcode: "10115", City: "Berlin",
			Country: "DE", Language: ledger.German, Kind: ledger.Business, Delivery: ledger.DeliveryPostal},
	} {
		got, err := st.CustomerByCode(ctx, want.Code)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != want.Name || got.Contact != want.Contact || got.Title != want.Title || got.Gender != want.Gender ||
			got.Address1 != want.Address1 || got.Postcode != want.Postcode || got.City != want.City || got.Country != want.Country ||
			got.Language != want.Language || got.Kind != want.Kind || got.Delivery != want.Delivery {
			t.Errorf("%s: got %+v\nwant %+v", want.Code, got, want)
		}
	}
	invoices := "Rechnungsnummer;Kundennummer;Rechnungsdatum;Fällig am;Betrag;Offen;Währung\n" +
		"RE-2025-001;D-100;01.07.2025;31.07.2025;1.190,00;1.190,00;EUR\n" +
		"RE-2025-002;D-101;15.07.2025;14.08.2025;238,00;100,00;EUR\n"
	mustImport(t, st, Invoices, "rechnungen.csv", invoices)
	lines, err := st.ListInvoices(ctx, store.InvoiceFilter{AsOf: today})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]store.InvoiceLine{}
	for _, l := range lines {
		got[l.Number] = l
	}
	for _, w := range []struct {
		number, due   string
		total, remain int64
	}{{"RE-2025-001", "2025-07-31", 119000, 119000}, {"RE-2025-002", "2025-08-14", 23800, 10000}} {
		l, ok := got[w.number]
		if !ok {
			t.Errorf("%s not imported", w.number)
			continue
		}
		if l.DueDate != ledger.MustDate(w.due) || l.Total.Minor != w.total || l.Balance != w.remain {
			t.Errorf("%s: due %s, total %d, balance %d; want %s, %d, %d", w.number, l.DueDate, l.Total.Minor, l.Balance, w.due, w.total, w.remain)
		}
	}
}

// TestImportGenderRefused: a gender the program cannot read is a problem
// with its line and value, and nothing is imported.
func TestImportGenderRefused(t *testing.T) {
	st := newStore(t)
	res, err := importText(t, st, Customers, "g.csv", "code,name,gender\nG1,Ok,f\nG2,Odd,zebra\n")
	wantProblems(t, res, err, `g.csv:3: column gender: value "zebra": unknown gender (expected f, m or empty)`)
	if n, _ := st.CountCustomers(context.Background()); n != 0 {
		t.Fatalf("%d customers written from a rejected file", n)
	}
}
