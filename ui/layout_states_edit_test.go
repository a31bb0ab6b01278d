package ui

import "testing"

// The ledger's editing dialogs, from an overdue invoice's row (issue 17),
// and the invoice's page.
func init() {
	overdue := func(t *testing.T, u *UI) string {
		<-u.invoices.Opened()
		u.Wait()
		row, ok := u.invoices.Row(0)
		if !ok {
			t.Fatal("no overdue invoice in the demo ledger")
		}
		return row[0]
	}
	for _, kind := range []string{EditPayment, EditInvoice, EditVoid, EditWriteOff, EditCreditNote} {
		layoutStates = append(layoutStates, layoutState{name: "edit-" + kind, screen: ScreenInvoices, open: func(t *testing.T, u *UI) func() {
			before := len(u.Win.Canvas().Overlays().List())
			u.invoiceAction(kind, overdue(t, u))
			u.Wait()
			if len(u.Win.Canvas().Overlays().List()) == before {
				t.Fatalf("%s: no dialog opened", kind)
			}
			return func() { closeDialogs(u, before) }
		}})
	}
	layoutStates = append(layoutStates,
		layoutState{name: "new-invoice", screen: ScreenInvoices, open: func(t *testing.T, u *UI) func() {
			before := len(u.Win.Canvas().Overlays().List())
			u.newInvoice("")
			u.Wait()
			if len(u.Win.Canvas().Overlays().List()) == before {
				t.Fatal("New invoice: no dialog opened")
			}
			return func() { closeDialogs(u, before) }
		}},
		layoutState{name: "invoice-page", screen: ScreenInvoices, open: func(t *testing.T, u *UI) func() {
			v := u.openInvoice(overdue(t, u))
			return func() { v.d.Hide() }
		}})
}
