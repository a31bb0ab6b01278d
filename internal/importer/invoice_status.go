package importer

import "strings"

// What an invoice export's status and type columns say, in the words the
// tools write (Xero, QuickBooks, Invoice Ninja, ERPNext, Odoo, Dolibarr,
// Zoho, FreshBooks, Akaunting, French, German and Serbian tools). Values
// are compared after normalizeHeader (case, accents, punctuation folded).

type invoiceStatus int

const (
	statusOther   invoiceStatus = iota // sent, open, overdue…: nothing said about payments
	statusPaid                         // wholly paid
	statusPartial                      // partly paid: the amount must come from a column
	statusUnpaid                       // said unpaid: no payment from the export
	statusSkip                         // draft or void: not an invoice to chase
	statusCredit                       // a credit note (ERPNext "Return", "Credit Note Issued" is not one)
)

var statusWords = func() map[string]invoiceStatus {
	m := map[string]invoiceStatus{}
	add := func(st invoiceStatus, words ...string) {
		for _, w := range words {
			m[normalizeHeader(w)] = st
		}
	}
	add(statusPaid, "paid", "fully paid", "closed", "in payment", "payée", "payé", "paye", "soldée", "réglée", "reglee",
		"acquittée", "bezahlt", "vollständig bezahlt", "erledigt", "plaćeno", "placeno", "плаћено", "naplaćeno", "наплаћено",
		"isplaćeno", "zatvoreno", "затворено", "reversed")
	add(statusPartial, "partial", "partially paid", "partly paid", "partial payment", "partiellement payée",
		"partiellement réglée", "paiement partiel", "commencée", "teilweise bezahlt", "teilbezahlt", "delimično plaćeno",
		"delimicno placeno", "делимично плаћено", "djelomično plaćeno")
	add(statusUnpaid, "unpaid", "not paid", "non payée", "impayée", "impayé", "unbezahlt", "offen", "neplaćeno",
		"neplaceno", "неплаћено", "open", "ouverte", "overdue", "en retard", "überfällig", "sent", "envoyée", "viewed",
		"approved", "awaiting payment", "authorised", "posted", "validée", "validated", "to pay", "à payer",
		"not_paid", "unpaid overdue")
	add(statusSkip, "draft", "brouillon", "void", "voided", "cancelled", "canceled", "annulée", "annulee", "annulé",
		"abandonnée", "deleted", "supprimée", "entwurf", "storniert", "nacrt", "нацрт", "stornirano", "сторнирано",
		"poništeno", "поништено")
	add(statusCredit, "return", "credit note", "credit memo", "avoir")
	return m
}()

// foldedCache folds a row's status, type and yes/no cells once per
// distinct value: a million rows repeat a handful of words ("Paid",
// "Sent"), and normalizeHeader cost 1.3 s a million rows when run on each.
type foldedCache map[string]string

const foldedCacheMax = 1024 // a free-text column must not grow it without bound

func (c foldedCache) fold(v string) string {
	if v == "" {
		return ""
	}
	if f, ok := c[v]; ok {
		return f
	}
	f := normalizeHeader(v)
	if len(c) < foldedCacheMax {
		c[strings.Clone(v)] = f
	}
	return f
}

// creditTypes are the values of a document type column that make a row a
// credit note.
var creditTypes = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"credit note", "credit memo", "creditnote", "credit", "avoir", "facture d avoir", "sales credit note",
		"customer credit note", "out refund", "out_refund", "refund", "gutschrift", "rechnungskorrektur", "knjižno odobrenje",
		"knjizno odobrenje", "књижно одобрење", "storno", "return"} {
		m[normalizeHeader(w)] = true
	}
	return m
}()

// truthyFolded reads a folded yes/no cell such as ERPNext's "Is Return".
func truthyFolded(f string) bool {
	switch f {
	case "1", "yes", "y", "true", "oui", "o", "ja", "da", "да", "x":
		return true
	}
	return false
}
