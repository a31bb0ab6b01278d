package letter

import (
	"strings"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/render"
)

// CopyPages lays out a "copy of invoice" page for each invoice of the
// request, to append to a printed letter when the original PDF is not on
// file: who invoiced whom, for what, when, how much, and what is left.
func CopyPages(req Request) (*render.Layout, error) {
	l := lang(req.Language)
	d := buildData(req)
	w, h := 210.0, 297.0
	if req.Company.PaperSize == ledger.PaperLetter {
		w, h = 215.9, 279.4
	}
	out := &render.Layout{}
	for i, il := range req.Invoices {
		inv := d.Invoices[i]
		cust := req.Customer
		doc := &render.Letter{
			PageW: w, PageH: h,
			CompanyName:  d.Company.Name,
			CompanyLines: companyLines(req.Company, l, req.Customer.Country),
			Logo:         req.Company.Logo,
			Window:       render.Rect(WindowFor(req.Envelope).Address),
			Subject:      i18n.T(l, "letter.copy_title", inv.Number),
			Footer:       footer(req.Company, l),
		}
		// The recipient block repeats the customer, in the window's place
		// (the copy may travel in the same envelope, behind the letter).
		if lines, err := AddressLines(cust, req.Company.Country, WindowFor(req.Envelope)); err == nil {
			doc.Recipient = lines
		}
		rows := [][]string{
			{i18n.T(l, "letter.copy_number"), inv.Number},
			{i18n.T(l, "letter.copy_issued"), inv.IssueDate},
			{i18n.T(l, "letter.copy_service"), inv.ServiceDate},
			{i18n.T(l, "letter.copy_due"), inv.DueDate},
			{i18n.T(l, "letter.copy_customer"), strings.TrimSpace(cust.Name + " (" + cust.Code + ")")},
		}
		if inv.Description != "" {
			rows = append(rows, []string{i18n.T(l, "letter.copy_description"), inv.Description})
		}
		doc.Body = []render.Block{{Kind: render.Para, Text: i18n.T(l, "letter.copy_note")}, {Kind: render.Table}}
		doc.Table = &render.TableData{Header: []string{i18n.T(l, "letter.copy_field"), ""}, Rows: rows, Right: []bool{false, true},
			Totals: [][2]string{{i18n.T(l, "letter.col_total"), inv.Total}, {i18n.T(l, "letter.copy_paid"), inv.Paid},
				{i18n.T(l, "letter.col_balance"), m(req, il.Balance)}}}
		lay, err := render.LayOut(doc)
		if err != nil {
			return nil, err
		}
		out.Pages = append(out.Pages, lay.Pages...)
	}
	return out, nil
}

func m(req Request, minor int64) string {
	return FormatMoney(req.Language, ledger.Money{Minor: minor, Currency: req.Currency})
}
