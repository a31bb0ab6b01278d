package importer

import (
	"context"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/store"
)

// balanceOf is what is left to pay on an invoice, from its payments.
func balanceOf(t *testing.T, st *store.Store, number string) int64 {
	t.Helper()
	ctx := context.Background()
	inv, err := st.InvoiceByNumber(ctx, number)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := st.PaymentsOf(ctx, inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	left := inv.Total.Minor
	for _, p := range ps {
		left -= p.Amount
	}
	return left
}

// xeroLines is laid out as Xero's invoice export writes it (one row per
// invoice line, the invoice's own cells repeated on each), keeping the
// columns this test needs in Xero's order: ContactName, EmailAddress,
// InvoiceNumber, InvoiceDate, DueDate, Total, Description, Quantity,
// UnitAmount, LineAmount, TaxAmount, Currency. LineAmount is before tax
// (Xero's "tax exclusive" amounts), Total includes it.
const xeroLines = `ContactName,EmailAddress,InvoiceNumber,InvoiceDate,DueDate,Total,Description,Quantity,UnitAmount,LineAmount,TaxAmount,Currency
Ridgeway University,accounts@ridgeway.example.com,INV-0001,14/06/2025,28/07/2025,180.00,Consulting,2.0000,50.00,100.00,20.00,EUR
Ridgeway University,accounts@ridgeway.example.com,INV-0001,14/06/2025,28/07/2025,180.00,Travel,1.0000,50.00,50.00,10.00,EUR
City Limousines,,INV-0002,15/06/2025,29/07/2025,240.00,Transport,1.0000,200.00,200.00,40.00,EUR
Ridgeway University,accounts@ridgeway.example.com,INV-0003,16/06/2025,30/07/2025,180.00,Books (tax included),1.0000,120.00,120.00,20.00,EUR
Ridgeway University,accounts@ridgeway.example.com,INV-0003,16/06/2025,30/07/2025,180.00,Binding (tax included),1.0000,60.00,60.00,10.00,EUR
`

func TestLineItemExportGroupsLines(t *testing.T) {
	st := newStore(t)
	res := mustImport(t, st, Invoices, "xero.csv", xeroLines)
	if res.Rows != 5 || res.Created != 3 || res.Summary.Invoices != 3 || res.Summary.CustomersCreated != 2 {
		t.Fatalf("rows %d, created %d, invoices %d, customers %d; want 5, 3, 3, 2",
			res.Rows, res.Created, res.Summary.Invoices, res.Summary.CustomersCreated)
	}
	ctx := context.Background()
	for number, want := range map[string]int64{"INV-0001": 18000, "INV-0002": 24000, "INV-0003": 18000} {
		inv, err := st.InvoiceByNumber(ctx, number)
		if err != nil {
			t.Fatal(err)
		}
		// The invoice-level Total, not the sum of the lines.
		if inv.Total.Minor != want || inv.Total.Currency != "EUR" {
			t.Errorf("%s total %v, want %d EUR", number, inv.Total, want)
		}
	}
	if inv, _ := st.InvoiceByNumber(ctx, "INV-0001"); inv.Description != "Consulting" || inv.DueDate.String() != "2025-07-28" {
		t.Errorf("INV-0001 %+v", inv)
	}
	if got := customerOf(t, st, "INV-0003"); got != "RIDGEWAYUNIV" {
		t.Errorf("INV-0003's customer %s", got)
	}
	// The same export again: the same three invoices, updated.
	res = mustImport(t, st, Invoices, "xero.csv", xeroLines)
	if res.Created != 0 || res.Updated != 3 || res.Summary.CustomersMatched != 2 {
		t.Errorf("again: created %d, updated %d, matched %d", res.Created, res.Updated, res.Summary.CustomersMatched)
	}
}

func TestLineItemExportDisagreements(t *testing.T) {
	st := newStore(t)
	text := `ContactName,EmailAddress,InvoiceNumber,InvoiceDate,DueDate,Total,Description,Quantity,UnitAmount,LineAmount,TaxAmount,Currency
Ridgeway University,,INV-0004,14/06/2025,28/07/2025,190.00,Consulting,2.0000,50.00,100.00,20.00,EUR
Ridgeway University,,INV-0004,14/06/2025,28/07/2025,190.00,Travel,1.0000,50.00,50.00,10.00,EUR
Ridgeway University,,INV-0005,14/06/2025,28/07/2025,100.00,Consulting,1.0000,100.00,100.00,0.00,EUR
Ridgeway University,,INV-0005,14/06/2025,28/07/2025,120.00,Other invoice under the same number,1.0000,20.00,20.00,0.00,EUR
City Limousines,,INV-0006,15/06/2025,29/07/2025,240.00,Transport,1.0000,200.00,200.00,0.00,EUR
`
	res, err := importText(t, st, Invoices, "xero.csv", text)
	wantProblems(t, res, err,
		`xero.csv:2: column line_total: value "INV-0004": the lines add up to 150.00 EUR (180.00 EUR with their tax), but the invoice total is 190.00 EUR`,
		`xero.csv:5: column number: value "INV-0005": appears twice in the file (first on line 4)`,
		`xero.csv:6: column line_total: value "INV-0006": the lines add up to 200.00 EUR (200.00 EUR with their tax), but the invoice total is 240.00 EUR`,
	)
	// Without a tax column, the lines must make the total.
	res, err = importText(t, st, Invoices, "lines.csv", `InvoiceNumber,ContactName,InvoiceDate,DueDate,Total,LineAmount
A1,Acme,14/06/2025,28/07/2025,30.00,10.00
A1,Acme,14/06/2025,28/07/2025,30.00,20.00
A2,Acme,14/06/2025,28/07/2025,30.00,10.00
A2,Acme,14/06/2025,28/07/2025,30.00,10.00
`)
	wantProblems(t, res, err, `lines.csv:4: column line_total: value "A2": the lines add up to 20.00 EUR, but the invoice total is 30.00 EUR`)
	// Without any line column, equal rows are a duplicate, not lines.
	res, err = importText(t, st, Invoices, "dup.csv", `InvoiceNumber,ContactName,InvoiceDate,DueDate,Total
A1,Acme,14/06/2025,28/07/2025,30.00
A1,Acme,14/06/2025,28/07/2025,30.00
`)
	wantProblems(t, res, err, `dup.csv:3: column number: value "A1": appears twice in the file (first on line 2)`)
	if n, _ := st.CountInvoices(context.Background()); n != 0 {
		t.Errorf("%d invoices written from rejected files", n)
	}
}

func TestLineItemDraftSkippedOnce(t *testing.T) {
	st := newStore(t)
	res := mustImport(t, st, Invoices, "xero.csv", `ContactName,InvoiceNumber,InvoiceDate,DueDate,Total,Quantity,Status
Acme,D1,14/06/2025,28/07/2025,30.00,1,DRAFT
Acme,D1,14/06/2025,28/07/2025,30.00,2,DRAFT
Acme,A1,14/06/2025,28/07/2025,30.00,1,AUTHORISED
`)
	if len(res.Summary.Skipped) != 1 || res.Summary.Skipped[0].Number != "D1" || res.Summary.Skipped[0].Line != 2 || res.Created != 1 {
		t.Errorf("skipped %+v, created %d", res.Summary.Skipped, res.Created)
	}
}

// freshbooksLines is laid out as FreshBooks' Invoice Details report writes
// it (testdata/exports/freshbooks/SOURCES.md): no invoice total, the lines'
// "Line Total" with their taxes. Here 0000201's lines are not together, as
// a sorted report can leave them.
const freshbooksLines = `Client Name,Invoice #,Date Issued,Date Due,Invoice Status,Date Paid,Item Name,Item Description,Rate,Quantity,Discount Percentage,Line Subtotal,Tax 1 Type,Tax 1 Amount,Tax 2 Type,Tax 2 Amount,Line Total,Currency
Maple Street Bakery,0000201,06/12/2025,07/12/2025,paid,07/10/2025,Photography,Shoot,600.00,1,0,600.00,,0,,0,600.00,USD
Riverside Yoga,0000202,06/20/2025,07/20/2025,sent,,Video,Trailer,1200.00,1,0,1200.00,Sales tax,96.00,,0,1296.00,USD
Maple Street Bakery,0000201,06/12/2025,07/12/2025,paid,07/10/2025,Retouching,Images,25.00,10,0,250.00,,0,,0,250.00,USD
`

func TestLineTotalsMakeTheTotal(t *testing.T) {
	st := newStore(t)
	res := mustImport(t, st, Invoices, "invoice_details.csv", freshbooksLines)
	if res.Created != 2 || res.Summary.Invoices != 2 {
		t.Fatalf("created %d, invoices %d; want 2, 2", res.Created, res.Summary.Invoices)
	}
	ctx := context.Background()
	// 600.00 + 250.00, and 1,296.00 with its tax: worked out by hand.
	for number, want := range map[string]int64{"0000201": 85000, "0000202": 129600} {
		inv, err := st.InvoiceByNumber(ctx, number)
		if err != nil {
			t.Fatal(err)
		}
		if inv.Total.Minor != want || inv.Total.Currency != "USD" {
			t.Errorf("%s total %v, want %d USD", number, inv.Total, want)
		}
		if bal := balanceOf(t, st, number); number == "0000201" && bal != 0 {
			t.Errorf("0000201 paid in full, %d left", bal)
		}
	}
	// A line total that cannot be read is said on its line.
	bad := strings.Replace(freshbooksLines, ",250.00,USD", ",2S0.00,USD", 1)
	res2, _ := importText(t, st, Invoices, "invoice_details.csv", bad)
	if len(res2.Problems) == 0 || res2.Problems[0].Line != 4 || res2.Problems[0].Column != "line_total" {
		t.Errorf("bad line total: %+v", res2.Problems)
	}
}
