package ui

import (
	"regexp"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/relance-app/relance/internal/i18n"
)

// codesNotShown are what a screen must never show an owner: the ledger's
// codes, the CLI, files of the source tree, a format mask.
var codesNotShown = []string{"reminder-1", "reminder-2", "final-demand", "sr-Cyrl", "sr-Latn", "relancectl", "README", "YYYY", "(Select one)", "paperless", "billing-change", "customers", "invoices", "payments", "business", "consumer", "yes", "true", "false", "Select one", "no such file", "exec:"}

// Every screen, a customer's page and edit form, the new campaign form
// and the Send reminder dialog, in French, Serbian (both scripts) and
// German: none of those strings is drawn.
func TestNoCodeOnAnyScreen(t *testing.T) {
	for _, l := range []i18n.Lang{i18n.FR, i18n.SRCyrl, i18n.SRLatn, i18n.DE} {
		u := newTestUI(t, demoService(t), l, nil)
		u.Win.Resize(fyne.NewSize(1280, 720))
		for _, s := range u.screens {
			u.Show(s.id)
			u.Wait()
			check(t, l, s.id, shownTexts(u.Content(s.id)))
		}
		// A customer's page, with its pause date and timeline.
		u.Show(ScreenCustomers)
		u.Wait()
		if len(u.customers.found) > 0 {
			u.showCustomer(u.customers, u.customers.found[0].Code)
			u.Wait()
			check(t, l, "customer page", shownTexts(u.Content(ScreenCustomers)))
			// The timeline's amounts as the language writes them (1 471,41 €), not as
			// the ledger stores them (1471.41 EUR).
			if page := shownTexts(u.Content(ScreenCustomers)); rawAmount.MatchString(page) {
				t.Errorf("%s: an amount as stored: %q", l, rawAmount.FindString(page))
			}
			// Its edit form: the language, kind and delivery in words.
			u.editCustomer(u.customers.found[0], false, nil)
			shown := dialogTexts(u)
			check(t, l, "customer form", shown)
			if !strings.Contains(shown, i18n.T(l, "ui.delivery_email")) && !strings.Contains(shown, i18n.T(l, "ui.delivery_postal")) && !strings.Contains(shown, i18n.T(l, "ui.delivery_both")) {
				t.Errorf("%s: the customer form names no delivery:\n%s", l, shown)
			}
			hideOverlays(u)
		}
		// The new campaign form.
		u.Show(ScreenAnnouncements)
		u.Wait()
		u.newCampaignForm(u.announcements)
		shown := dialogTexts(u)
		check(t, l, "campaign form", shown)
		if !strings.Contains(shown, i18n.T(l, "ui.campaign_kind_paperless")) {
			t.Errorf("%s: the campaign form names no kind:\n%s", l, shown)
		}
		hideOverlays(u)
		// The Send reminder dialog on an overdue invoice.
		u.Show(ScreenInvoices)
		u.Wait()
		if n := u.invoices.model.rows(); n > 0 {
			test := reminderButton(t, u.invoices, 0)
			test.OnTapped()
			u.Wait()
			check(t, l, "reminder dialog", dialogTexts(u))
			u.lastReminder.d.Hide()
		}
	}
}

var rawAmount = regexp.MustCompile(`[0-9]\.[0-9]{2} EUR`)

func check(t *testing.T, l i18n.Lang, where, shown string) {
	t.Helper()
	for _, c := range codesNotShown {
		if strings.Contains(shown, c) {
			for _, line := range strings.Split(shown, "\n") {
				if strings.Contains(line, c) {
					t.Errorf("%s, %s: %q shown: %q", l, where, c, line)
				}
			}
		}
	}
}

// hideOverlays closes the dialogs open.
func hideOverlays(u *UI) {
	for _, o := range u.Win.Canvas().Overlays().List() {
		o.Hide()
		u.Win.Canvas().Overlays().Remove(o)
	}
}
