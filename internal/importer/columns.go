package importer

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Kind is what a file holds.
type Kind string

// Import kinds.
const (
	Customers Kind = "customers"
	Invoices  Kind = "invoices"
	Payments  Kind = "payments"
)

// column describes one canonical column and the header names that mean it
// in exports we have seen, in English, French, German and Serbian (both
// scripts). Headers are compared folded (normalizeHeader): "Fällig am" is
// "fallig am"; ß is not folded, so German names with it are given both ways.
type column struct {
	name     string
	required bool
	aliases  []string
}

// "client", "customer" and "kupac" name the customer in exports (French
// lists, QuickBooks, Serbian programs): they are name aliases, not codes.
//
// In order of preference: an internal id ("Customer ID", Zoho's long
// number) only when the file has no customer number. "Account code" is a
// customer code only in a customers file: in an invoice file (Xero's
// AccountCode) it is the sales account of the line.
var customerCodeAliases = []string{"customer code", "customer no", "customer number", "customer ref", "client code",
	"code client", "n client", "numero client", "ref client", "reference client", "client number", "contact code",
	"sifra", "sifra kupca", "šifra", "шифра", "шифра купца", "sifra klijenta", "šifra klijenta", "шифра клијента", "kundennummer",
	"kunden nr", "kundennr", "debitor", "debitorennummer", "code tiers", "code du tiers", "customer id", "id client", "client id", "contact id"}

// accountCodeAliases name the customer's account in a customers file.
var accountCodeAliases = []string{"account", "account code", "account number"}

// "Invoice ID" is an internal id next to "Invoice Number" (Zoho,
// Invoice Ninja): not an alias.
var invoiceNumberAliases = []string{"invoice number", "invoice", "invoice no", "invoice num", "invoice ref", "invoice #",
	"document number", "bill number", "rechnungsnummer", "rechnungs nr", "rechnung nr", "rechnungsnr", "belegnummer",
	"n facture", "numero facture", "numero de facture", "no facture", "num facture", "facture", "ref facture", "reference facture",
	"broj fakture", "број фактуре", "faktura", "фактура", "broj racuna", "broj računa", "број рачуна", "racun", "račun", "рачун"}

var columns = map[Kind][]column{
	Customers: {
		// Required unless the file has names: see MapHeader.
		{name: "code", aliases: append(append(append([]string{"code"}, customerCodeAliases...), accountCodeAliases...), "number")},
		// In order of preference: "Company Name" beats "Customer Name" and
		// "Display Name" when a file has several (see MapHeader).
		{name: "name", required: true, aliases: []string{"company name", "organization", "organisation", "company", "raison sociale",
			"societe", "denomination", "customer name", "client name", "customer full name", "display name", "name", "client", "customer",
			"nom", "nom client", "nom du client", "nom du tiers", "tiers", "naziv", "назив", "naziv kupca", "назив купца", "kupac", "купац",
			"ime", "име", "ime i prezime", "име и презиме", "firma", "firmenname", "kunde", "kundenname", "name 1", "contact name"}},
		{name: "contact", aliases: []string{"contact", "contact person", "ansprechpartner", "interlocuteur", "nom du contact", "kontakt", "контакт",
			"kontakt osoba", "контакт особа"}},
		// "Title" stays the salutation (Mr, Ms): what English exports mean by
		// it next to a name; an academic title has its own column.
		{name: "salutation", aliases: []string{"salutation", "civilite", "title", "formule", "obracanje", "обраћање", "anrede", "briefanrede"}},
		{name: "title", aliases: []string{"academic title", "name title", "titel", "akademischer titel", "akademischer grad", "titre academique",
			"titula", "титула", "zvanje", "звање"}},
		{name: "gender", aliases: []string{"gender", "sex", "sexe", "genre", "geschlecht", "pol", "пол"}},
		{name: "email", aliases: []string{"email", "e mail", "emails", "mail", "courriel", "adresse email", "adresse e mail", "adresse mail",
			"email address", "imejl", "имејл", "e posta", "е пошта", "elektronska posta", "електронска пошта", "e mail adresse", "mailadresse"}},
		// Invoice Ninja v5 writes the client's phone and its contact's: the
		// client's is preferred.
		{name: "phone", aliases: []string{"phone", "telephone", "tel", "phone number", "telefon", "телефон", "fixe", "client phone",
			"work phone", "billing phone", "contact phone"}},
		{name: "mobile", aliases: []string{"mobile", "mobile phone", "cell", "portable", "gsm", "mobilni", "мобилни", "mobilni telefon", "мобилни телефон",
			"mobil", "mobiltelefon", "handy", "mobilnummer"}},
		{name: "address1", aliases: []string{"address1", "address", "address line 1", "street", "adresse", "adresse1", "adresse 1", "rue",
			"adresa", "адреса", "ulica", "улица", "adresa 1", "адреса 1", "billing street", "billing address", "straße", "strasse",
			"anschrift", "straße und hausnummer", "strasse und hausnummer"}},
		{name: "address2", aliases: []string{"address2", "address line 2", "adresse2", "adresse 2", "complement d adresse", "complement adresse",
			"adresa 2", "адреса 2", "apt suite", "billing apt suite", "adresszusatz", "anschrift 2"}},
		{name: "postcode", aliases: []string{"postcode", "post code", "postal code", "zip", "zip code", "code postal", "cp",
			"postanski broj", "поштански број", "pb", "пб", "billing postal code", "billing code", "plz", "postleitzahl"}},
		{name: "city", aliases: []string{"city", "town", "ville", "commune", "localite", "grad", "град", "mesto", "место", "billing city", "ort", "stadt", "wohnort"}},
		{name: "country", aliases: []string{"country", "country code", "pays", "code pays", "drzava", "држава", "zemlja", "земља", "billing country", "land", "landercode"}},
		{name: "language", aliases: []string{"language", "lang", "langue", "jezik", "језик", "sprache", "korrespondenzsprache"}},
		{name: "kind", aliases: []string{"kind", "type", "customer type", "type client", "type de client", "vrsta", "врста", "tip", "тип", "kundenart", "kundentyp"}},
		{name: "delivery", aliases: []string{"delivery", "channel", "delivery channel", "envoi", "mode d envoi", "canal", "dostava", "достава",
			"nacin dostave", "начин доставе", "versand", "versandart", "zustellung"}},
		{name: "notes", aliases: []string{"notes", "note", "comment", "comments", "commentaire", "commentaires", "remarques", "napomena", "напомена", "bemerkung", "bemerkungen", "notiz", "notizen"}},
	},
	Invoices: {
		{name: "number", required: true, aliases: append(append([]string(nil), invoiceNumberAliases...), "number", "no", "num", "numero",
			"ref", "reference facture", "nr", "nummer", "broj", "број", "id", "invoice invoice number")},
		// Required unless the file names the customer (customer_name or
		// customer_email): see MapHeader.
		{name: "customer_code", aliases: customerCodeAliases},
		{name: "issue_date", required: true, aliases: []string{"invoice date", "issue date", "invoice bill date", "date issued", "invoiced at",
			"invoice date time", "issued at", "posting date", "date invoiced", "date facturation", "date de facturation", "rechnungsdatum", "belegdatum",
			"date", "date facture", "date de facture",
			"date d emission", "date emission", "datum", "датум", "datum fakture", "датум фактуре", "datum izdavanja", "датум издавања",
			"datum racuna", "датум рачуна"}},
		{name: "due_date", required: true, aliases: []string{"due date", "payment due date", "due at", "due on", "date limite reglement",
			"date limite de reglement", "date limite de paiement", "falligkeitsdatum", "fallig am", "fallig", "zahlungsziel",
			"due", "date due", "payment due", "echeance", "date d echeance",
			"date echeance", "rok placanja", "рок плаћања", "datum dospeca", "датум доспећа", "dospece", "доспеће", "invoice due date"}},
		{name: "currency", aliases: []string{"currency", "currency code", "devise", "monnaie", "valuta", "валута", "ccy", "wahrung",
			"iso currency code", "client currency"}},
		// In order of preference: ERPNext writes "Total" before tax next
		// to "Grand Total".
		{name: "total", required: true, aliases: []string{"grand total", "total ttc", "montant ttc", "total including tax", "total incl tax",
			"invoice total", "total amount", "amount total", "gross", "gross amount", "bruttobetrag", "brutto", "rechnungsbetrag",
			"gesamtbetrag", "total", "amount", "montant", "betrag", "iznos", "износ", "ukupno", "укупно", "ukupan iznos", "укупан износ",
			"za uplatu", "за уплату", "ukupno sa pdv", "укупно са пдв", "iznos sa pdv", "износ са пдв", "invoice amount"}},
		{name: "description", aliases: []string{"description", "libelle", "objet", "designation", "subject", "opis", "опис", "predmet", "предмет",
			"beschreibung", "betreff", "memo", "leistung", "bezeichnung"}},
		{name: "service_date", aliases: []string{"service date", "date de prestation", "date prestation", "datum prometa", "датум промета",
			"service start", "debut de prestation", "leistungsdatum", "lieferdatum", "leistungsbeginn"}},
		{name: "service_end", aliases: []string{"service end", "fin de prestation", "service period end", "kraj perioda", "крај периода", "leistungsende"}},
		{name: "pdf", aliases: []string{"pdf", "pdf path", "file", "fichier", "document", "fajl", "фајл"}},
		// Issue 14: the customer by name or email when the export has no
		// code; what the export says is paid; credit notes; line items.
		{name: "customer_name", aliases: []string{"customer name", "client name", "customer full name", "contact name", "partner",
			"company name", "organization", "display name", "customer", "client", "nom client", "nom du client", "raison sociale",
			"tiers", "nom du tiers", "kunde", "kundenname", "kupac", "купац", "naziv kupca", "назив купца", "klijent", "клијент",
			"name"}},
		{name: "customer_email", aliases: []string{"customer email", "client email", "email client", "email address", "email", "e mail",
			"courriel", "contact email", "imejl", "имејл", "e mail adresse",
			"primary contact email id"}},
		{name: "paid", aliases: []string{"amount paid", "invoice amount paid", "paid amount", "total paid", "paid", "payment made",
			"paid to date", "montant paye", "montant regle", "deja regle", "deja paye", "uplaceno", "уплаћено", "placeno", "плаћено",
			"bezahlt", "bezahlter betrag", "invoice paid to date", "regle"}},
		{name: "balance", aliases: []string{"amount due", "balance due", "invoice amount due", "balance", "outstanding amount", "outstanding",
			"open balance", "open amount", "amount residual", "reste a payer", "reste du", "solde", "solde du", "offener betrag",
			"restbetrag", "offen", "preostalo", "preostali iznos", "преостали износ", "dug", "дуг", "saldo", "invoice balance"}},
		// The document's status (Draft, Posted, Paid, Void…) and, where a
		// tool has a second one (Odoo), its payment status.
		{name: "status", aliases: []string{"status", "invoice status", "statut", "statut facture", "etat", "state", "rechnungsstatus",
			"status fakture", "статус фактуре", "статус"}},
		{name: "payment_status", aliases: []string{"payment status", "payment state", "statut de paiement", "statut paiement",
			"zahlungsstatus", "status placanja", "статус плаћања"}},
		{name: "payment_date", aliases: []string{"payment date", "paid date", "date paid", "paid on", "last payment date", "date de paiement",
			"date de reglement", "date reglement", "datum uplate", "датум уплате", "datum placanja", "zahlungsdatum", "bezahlt am"}},
		{name: "doc_type", aliases: []string{"type", "document type", "invoice type", "move type", "type de document", "type de facture",
			"belegart", "vrsta dokumenta", "врста документа", "transaction type"}},
		{name: "is_return", aliases: []string{"is return", "is credit note", "is return credit note"}},
		{name: "credit_of", aliases: []string{"return against", "credited invoice", "facture d origine", "original invoice", "reversal of",
			"reversed entry", "facture source", "bezugsrechnung"}},
		{name: "line_total", aliases: []string{"line total", "line amount", "item total", "total ligne", "ligne total ttc",
			"montant ligne", "positionsbetrag", "item line total", "montant ttc ligne"}},
		{name: "line_tax", aliases: []string{"line tax", "tax amount", "item tax amount", "tva ligne"}},
		// Read only to know the file has one row per invoice line.
		{name: "quantity", aliases: []string{"quantity", "qty", "quantite", "qte", "menge", "kolicina", "количина", "item quantity", "quantite ligne"}},
		{name: "unit_price", aliases: []string{"unit price", "unit amount", "unit cost", "prix unitaire", "pu ht", "einzelpreis",
			"jedinicna cena", "јединична цена", "item cost", "item price", "rate"}},
	},
	Payments: {
		{name: "invoice_number", required: true, aliases: invoiceNumberAliases},
		{name: "date", required: true, aliases: []string{"date", "payment date", "paid on", "paid at", "date de paiement", "date paiement",
			"date de reglement", "date reglement", "datum", "датум", "datum uplate", "датум уплате", "datum placanja", "датум плаћања", "zahlungsdatum", "zahlungseingang",
			"eingangsdatum", "buchungsdatum", "bezahlt am"}},
		{name: "amount", required: true, aliases: []string{"amount", "paid", "amount paid", "montant", "montant paye", "montant regle",
			"reglement", "paiement", "iznos", "износ", "uplaceno", "уплаћено", "iznos uplate", "износ уплате", "betrag", "zahlbetrag",
			"gezahlter betrag", "bezahlter betrag", "zahlung"}},
		{name: "method", aliases: []string{"method", "payment method", "mode de paiement", "mode de reglement", "moyen de paiement",
			"nacin placanja", "начин плаћања", "zahlungsart", "zahlweise"}},
		{name: "reference", aliases: []string{"reference", "ref", "payment reference", "transaction", "transaction id", "transaction number", "libelle bancaire",
			"poziv na broj", "позив на број", "referenca", "референца", "verwendungszweck", "zahlungsreferenz", "referenz"}},
	},
}

// Columns returns the canonical column names of kind, required ones first
// in file order as documented.
func Columns(k Kind) (all, required []string) {
	for _, c := range columns[k] {
		all = append(all, c.name)
		if c.required {
			required = append(required, c.name)
		}
	}
	return all, required
}

// normalizeHeader folds case, accents, punctuation and the "n°" sign so that
// "N° Facture", "numero_facture" and "Numéro de facture" compare equal.
// Cyrillic letters are kept: they have no accents to fold, only case.
// A chain keeps state while it runs: each call takes its own from the
// pool, so two imports read at once (the GUI's first look at a file and a
// check) do not share one (the race detector caught them).
var stripMarks = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

func normalizeHeader(s string) string {
	s = splitCamel(strings.TrimSpace(s))
	s = strings.ToLower(s)
	s = strings.ReplaceAll(s, "n°", "n ")
	s = strings.ReplaceAll(s, "nº", "n ")
	// Serbian Latin đ has no decomposition; fold it by hand.
	s = strings.ReplaceAll(s, "đ", "dj")
	marks := stripMarks.Get().(transform.Transformer)
	if t, _, err := transform.String(marks, s); err == nil {
		s = t
	}
	stripMarks.Put(marks)
	s = strings.Map(func(r rune) rune {
		switch r {
		case '_', '-', '.', '\'', '’', '/', '(', ')', ':', '#', '°', '*', '"', '[', ']':
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// splitCamel puts a space where a word starts inside camelCase or
// PascalCase ("InvoiceNumber", "invoiceDate", "POAddressLine1" → "PO
// Address Line1"), as Xero, Akaunting and API-minded exports write
// headers. Text without an inner capital is returned as it is.
func splitCamel(s string) string {
	rs := []rune(s)
	var b strings.Builder
	for i, r := range rs {
		if i > 0 && unicode.IsUpper(r) {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				b.WriteByte(' ')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// aliasIndex maps a normalized header to its canonical column, per kind,
// and aliasRank to its rank among that column's aliases (0 is preferred).
var aliasIndex, aliasRank = func() (map[Kind]map[string]string, map[Kind]map[string]int) {
	out := map[Kind]map[string]string{}
	ranks := map[Kind]map[string]int{}
	for k, cols := range columns {
		m := map[string]string{}
		rk := map[string]int{}
		for _, c := range cols {
			for i, a := range c.aliases {
				n := normalizeHeader(a)
				if _, dup := m[n]; !dup {
					m[n], rk[n] = c.name, i
				}
			}
			if n := normalizeHeader(c.name); m[n] == "" {
				m[n], rk[n] = c.name, len(c.aliases)
			}
		}
		out[k], ranks[k] = m, rk
	}
	return out, ranks
}()

// Mapping says which file column feeds each canonical column.
type Mapping map[string]int

// MapHeader matches a file's header to kind's canonical columns. It returns
// the mapping, the headers it does not know or does not read (ignored),
// and the problems: missing required columns, two headers for one column.
//
// Two different headers for one column are common in real exports
// ("Invoice Number" and "Invoice ID", "Company Name" and "Customer Name",
// ERPNext's "Total" before tax and "Grand Total"): the column's preferred
// alias (the first in its list) is read and the other ignored. The same
// header twice (two "Phone" columns) reads the first, unless the column is
// required: which of two "Total" columns is right cannot be guessed.
func MapHeader(k Kind, header []string) (Mapping, []string, []HeaderProblem) {
	m := Mapping{}
	var unknown []string
	var problems []HeaderProblem
	required := map[string]bool{}
	for _, c := range columns[k] {
		required[c.name] = c.required
	}
	for i, h := range header {
		if strings.TrimSpace(h) == "" {
			continue
		}
		n := normalizeHeader(h)
		name, ok := aliasIndex[k][n]
		if !ok {
			unknown = append(unknown, h)
			continue
		}
		if prev, dup := m[name]; dup {
			pn := normalizeHeader(header[prev])
			switch rank, prank := aliasRank[k][n], aliasRank[k][pn]; {
			case n == pn && required[name]:
				problems = append(problems, HeaderProblem{Column: name, Header: h, Other: header[prev], Kind: "duplicate"})
			case rank < prank:
				unknown = append(unknown, header[prev])
				m[name] = i
			default:
				unknown = append(unknown, h)
			}
			continue
		}
		m[name] = i
	}
	// One header read for two columns is one too many: a header maps one
	// column only, by construction of aliasIndex.
	for _, c := range columns[k] {
		if _, lines := m["line_total"]; k == Invoices && c.name == "total" && lines {
			continue // the invoice's total is the sum of its lines (FreshBooks)
		}
		if _, ok := m[c.name]; c.required && !ok {
			problems = append(problems, HeaderProblem{Column: c.name, Kind: "missing"})
		}
	}
	if _, code := m["code"]; k == Customers && !code {
		if _, name := m["name"]; !name {
			problems = append(problems, HeaderProblem{Column: "code", Kind: "missing"})
		}
	}
	if k == Invoices {
		_, code := m["customer_code"]
		_, name := m["customer_name"]
		_, email := m["customer_email"]
		if !code && !name && !email {
			// Either names the customer: the problem says both.
			problems = append(problems, HeaderProblem{Column: CustomerColumns, Kind: "missing"})
		}
	}
	return m, unknown, problems
}

// CustomerColumns is the missing column of an invoice file that names its
// customer neither by code nor by name (nor by email).
const CustomerColumns = "customer_code or customer_name"

// HeaderProblem is a header that cannot be imported.
type HeaderProblem struct {
	Kind   string // "missing" or "duplicate"
	Column string // canonical column
	Header string // the file's header (duplicate)
	Other  string // the header already mapped to Column (duplicate)
}
