package importer

import (
	"strings"
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
// in exports we have seen, in English, French and Serbian (both scripts).
type column struct {
	name     string
	required bool
	aliases  []string
}

var customerCodeAliases = []string{"customer code", "customer id", "customer no", "customer number", "client code", "code client",
	"client", "customer", "n client", "numero client", "id client", "ref client", "reference client", "account", "account code",
	"sifra", "sifra kupca", "šifra", "шифра", "шифра купца", "kupac", "купац", "sifra klijenta", "šifra klijenta", "шифра клијента"}

var invoiceNumberAliases = []string{"invoice", "invoice number", "invoice no", "invoice num", "invoice id", "invoice ref",
	"n facture", "numero facture", "numero de facture", "no facture", "num facture", "facture", "ref facture", "reference facture",
	"broj fakture", "број фактуре", "faktura", "фактура", "broj racuna", "broj računa", "број рачуна", "racun", "račun", "рачун"}

var columns = map[Kind][]column{
	Customers: {
		{name: "code", required: true, aliases: append([]string{"code"}, customerCodeAliases...)},
		{name: "name", required: true, aliases: []string{"name", "customer name", "client name", "company", "company name", "nom", "nom client",
			"raison sociale", "denomination", "societe", "naziv", "назив", "naziv kupca", "назив купца", "ime", "име", "ime i prezime", "име и презиме"}},
		{name: "contact", aliases: []string{"contact", "contact name", "contact person", "interlocuteur", "nom du contact", "kontakt", "контакт",
			"kontakt osoba", "контакт особа"}},
		{name: "salutation", aliases: []string{"salutation", "civilite", "title", "formule", "obracanje", "обраћање"}},
		{name: "email", aliases: []string{"email", "e mail", "emails", "mail", "courriel", "adresse email", "adresse e mail", "adresse mail",
			"email address", "imejl", "имејл", "e posta", "е пошта", "elektronska posta", "електронска пошта"}},
		{name: "phone", aliases: []string{"phone", "telephone", "tel", "phone number", "telefon", "телефон", "fixe"}},
		{name: "mobile", aliases: []string{"mobile", "mobile phone", "cell", "portable", "gsm", "mobilni", "мобилни", "mobilni telefon", "мобилни телефон"}},
		{name: "address1", aliases: []string{"address1", "address", "address line 1", "street", "adresse", "adresse1", "adresse 1", "rue",
			"adresa", "адреса", "ulica", "улица", "adresa 1", "адреса 1"}},
		{name: "address2", aliases: []string{"address2", "address line 2", "adresse2", "adresse 2", "complement d adresse", "complement adresse",
			"adresa 2", "адреса 2"}},
		{name: "postcode", aliases: []string{"postcode", "post code", "postal code", "zip", "zip code", "code postal", "cp",
			"postanski broj", "поштански број", "pb", "пб"}},
		{name: "city", aliases: []string{"city", "town", "ville", "commune", "localite", "grad", "град", "mesto", "место"}},
		{name: "country", aliases: []string{"country", "country code", "pays", "code pays", "drzava", "држава", "zemlja", "земља"}},
		{name: "language", aliases: []string{"language", "lang", "langue", "jezik", "језик"}},
		{name: "kind", aliases: []string{"kind", "type", "customer type", "type client", "type de client", "vrsta", "врста", "tip", "тип"}},
		{name: "delivery", aliases: []string{"delivery", "channel", "delivery channel", "envoi", "mode d envoi", "canal", "dostava", "достава",
			"nacin dostave", "начин доставе"}},
		{name: "notes", aliases: []string{"notes", "note", "comment", "comments", "commentaire", "commentaires", "remarques", "napomena", "напомена"}},
	},
	Invoices: {
		{name: "number", required: true, aliases: append([]string{"number", "no", "num", "numero"}, invoiceNumberAliases...)},
		// Required unless the file names the customer (customer_name or
		// customer_email): see MapHeader.
		{name: "customer_code", aliases: customerCodeAliases},
		{name: "issue_date", required: true, aliases: []string{"issue date", "date", "invoice date", "date facture", "date de facture",
			"date d emission", "date emission", "datum", "датум", "datum fakture", "датум фактуре", "datum izdavanja", "датум издавања",
			"datum racuna", "датум рачуна"}},
		{name: "due_date", required: true, aliases: []string{"due date", "due", "date due", "payment due", "echeance", "date d echeance",
			"date echeance", "rok placanja", "рок плаћања", "datum dospeca", "датум доспећа", "dospece", "доспеће"}},
		{name: "currency", aliases: []string{"currency", "devise", "monnaie", "valuta", "валута", "ccy"}},
		{name: "total", required: true, aliases: []string{"total", "amount", "total ttc", "montant", "montant ttc", "total including tax",
			"total incl tax", "gross", "iznos", "износ", "ukupno", "укупно", "ukupan iznos", "укупан износ", "za uplatu", "за уплату"}},
		{name: "description", aliases: []string{"description", "libelle", "objet", "designation", "subject", "opis", "опис", "predmet", "предмет"}},
		{name: "service_date", aliases: []string{"service date", "date de prestation", "date prestation", "datum prometa", "датум промета",
			"service start", "debut de prestation"}},
		{name: "service_end", aliases: []string{"service end", "fin de prestation", "service period end", "kraj perioda", "крај периода"}},
		{name: "pdf", aliases: []string{"pdf", "pdf path", "file", "fichier", "document", "fajl", "фајл"}},
		// Issue 14: the customer by name or email when the export has no
		// code; what the export says is paid; credit notes; line items.
		{name: "customer_name", aliases: []string{"customer name", "client name", "nom client"}},
		{name: "customer_email", aliases: []string{"customer email", "client email", "email client"}},
		{name: "paid", aliases: []string{"paid", "amount paid", "montant paye", "uplaceno", "уплаћено", "bezahlt"}},
		{name: "balance", aliases: []string{"balance", "amount due", "outstanding", "outstanding amount", "open balance",
			"reste a payer", "offener betrag"}},
		{name: "status", aliases: []string{"status", "statut", "etat", "state", "payment status", "status placanja"}},
		{name: "payment_date", aliases: []string{"payment date", "paid date", "date paid", "last payment date", "date de paiement",
			"date de reglement", "datum uplate", "датум уплате"}},
		{name: "doc_type", aliases: []string{"type", "document type", "invoice type", "move type", "type de document"}},
		{name: "is_return", aliases: []string{"is return"}},
		{name: "credit_of", aliases: []string{"return against", "credited invoice", "facture d origine", "original invoice"}},
		{name: "line_total", aliases: []string{"line total", "line amount", "total ligne"}},
		{name: "line_tax", aliases: []string{"line tax", "tax amount", "tva ligne"}},
		// Read only to know the file has one row per invoice line.
		{name: "quantity", aliases: []string{"quantity", "qty", "quantite", "qte", "menge", "kolicina", "количина"}},
		{name: "unit_price", aliases: []string{"unit price", "unit amount", "unit cost", "prix unitaire", "pu ht", "einzelpreis",
			"jedinicna cena", "јединична цена"}},
	},
	Payments: {
		{name: "invoice_number", required: true, aliases: invoiceNumberAliases},
		{name: "date", required: true, aliases: []string{"date", "payment date", "paid on", "date de paiement", "date paiement",
			"date de reglement", "date reglement", "datum", "датум", "datum uplate", "датум уплате", "datum placanja", "датум плаћања"}},
		{name: "amount", required: true, aliases: []string{"amount", "paid", "amount paid", "montant", "montant paye", "montant regle",
			"reglement", "paiement", "iznos", "износ", "uplaceno", "уплаћено", "iznos uplate", "износ уплате"}},
		{name: "method", aliases: []string{"method", "payment method", "mode de paiement", "mode de reglement", "moyen de paiement",
			"nacin placanja", "начин плаћања"}},
		{name: "reference", aliases: []string{"reference", "ref", "payment reference", "transaction", "transaction id", "libelle bancaire",
			"poziv na broj", "позив на број", "referenca", "референца"}},
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
var stripMarks = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

func normalizeHeader(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.ReplaceAll(s, "n°", "n ")
	s = strings.ReplaceAll(s, "nº", "n ")
	// Serbian Latin đ has no decomposition; fold it by hand.
	s = strings.ReplaceAll(s, "đ", "dj")
	if t, _, err := transform.String(stripMarks, s); err == nil {
		s = t
	}
	s = strings.Map(func(r rune) rune {
		switch r {
		case '_', '-', '.', '\'', '’', '/', '(', ')', ':', '#', '°':
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// aliasIndex maps a normalized header to its canonical column, per kind.
var aliasIndex = func() map[Kind]map[string]string {
	out := map[Kind]map[string]string{}
	for k, cols := range columns {
		m := map[string]string{}
		for _, c := range cols {
			m[normalizeHeader(c.name)] = c.name
			for _, a := range c.aliases {
				n := normalizeHeader(a)
				if _, dup := m[n]; !dup {
					m[n] = c.name
				}
			}
		}
		out[k] = m
	}
	return out
}()

// Mapping says which file column feeds each canonical column.
type Mapping map[string]int

// MapHeader matches a file's header to kind's canonical columns. It returns
// the mapping, the headers it does not know (ignored), and the problems:
// missing required columns, two headers for one column.
func MapHeader(k Kind, header []string) (Mapping, []string, []HeaderProblem) {
	m := Mapping{}
	var unknown []string
	var problems []HeaderProblem
	for i, h := range header {
		if strings.TrimSpace(h) == "" {
			continue
		}
		name, ok := aliasIndex[k][normalizeHeader(h)]
		if !ok {
			unknown = append(unknown, h)
			continue
		}
		if prev, dup := m[name]; dup {
			problems = append(problems, HeaderProblem{Column: name, Header: h, Other: header[prev], Kind: "duplicate"})
			continue
		}
		m[name] = i
	}
	for _, c := range columns[k] {
		if _, ok := m[c.name]; c.required && !ok {
			problems = append(problems, HeaderProblem{Column: c.name, Kind: "missing"})
		}
	}
	if k == Invoices {
		_, code := m["customer_code"]
		_, name := m["customer_name"]
		_, email := m["customer_email"]
		if !code && !name && !email {
			problems = append(problems, HeaderProblem{Column: "customer_code", Kind: "missing"})
		}
	}
	return m, unknown, problems
}

// HeaderProblem is a header that cannot be imported.
type HeaderProblem struct {
	Kind   string // "missing" or "duplicate"
	Column string // canonical column
	Header string // the file's header (duplicate)
	Other  string // the header already mapped to Column (duplicate)
}
