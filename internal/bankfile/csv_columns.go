package bankfile

import (
	"strings"

	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/ledger"
)

// The columns of a bank's CSV export, and the headers banks give them: in
// French (Crédit Agricole "Date;Libellé;Débit euros;Crédit euros", Société
// Générale, La Banque Postale, BNP, Crédit Mutuel "Date;Date de
// valeur;Débit;Crédit;Libellé;Solde", Boursorama's "dateOp;dateVal;label;
// ...;amount"), German (Sparkasse's CSV-CAMT "Auftragskonto;Buchungstag;
// Valutadatum;Buchungstext;Verwendungszweck;...;Betrag;Waehrung;Info",
// DKB, ING, Volksbank), English ("Date,Description,Amount,Balance") and
// Serbian. Headers are compared folded as the invoice import folds them
// (importer.NormalizeHeader: case, accents, punctuation), so one alias
// stands for "Libellé", "LIBELLE" and "libelle".

// Bank CSV columns (Options.Rename's targets).
const (
	ColDate          = "date"       // the booking date
	ColValueDate     = "value_date" // optional
	ColText          = "text"       // every such column is read, joined
	ColDebit         = "debit"
	ColCredit        = "credit"
	ColAmount        = "amount" // signed: negative is a debit
	ColCurrency      = "currency"
	ColParty         = "party"
	ColPartyIBAN     = "party_iban"
	ColReference     = "reference"
	ColEndToEnd      = "end_to_end"
	ColStructuredRef = "structured_ref"
	ColAccount       = "account"
	ColStatus        = "status"  // a booked or pending line (Sparkasse's "Info")
	ColBalance       = "balance" // read only to know it is not an unknown column
)

// CSVColumns are the bank CSV columns, for the owner's renames.
var CSVColumns = []string{ColDate, ColValueDate, ColText, ColDebit, ColCredit, ColAmount, ColCurrency, ColParty,
	ColPartyIBAN, ColReference, ColEndToEnd, ColStructuredRef, ColAccount, ColStatus, ColBalance}

var csvAliases = map[string][]string{
	ColDate: {"date", "date operation", "date d operation", "date de l operation", "date des operations", "date op",
		"date comptable", "date de comptabilisation", "buchungstag", "buchungsdatum", "buchung", "datum", "booking date",
		"posting date", "transaction date", "date posted", "datum knjizenja", "датум књижења", "датум", "datum transakcije"},
	ColValueDate: {"date valeur", "date de valeur", "date val", "valuta", "valutadatum", "wertstellung", "value date",
		"datum valute", "датум валуте"},
	ColText: {"libelle", "libelle operation", "libelle de l operation", "libelle simplifie", "libelle complet",
		"detail de l ecriture", "informations complementaires", "label", "description", "details", "detail", "memo",
		"narrative", "buchungstext", "verwendungszweck", "umsatzart", "opis", "опис", "svrha", "сврха", "svrha placanja",
		"сврха плаћања", "svrha doznake"},
	ColDebit: {"debit", "debits", "montant debit", "debit montant", "soll", "sollbetrag", "ausgang", "withdrawal",
		"withdrawals", "money out", "paid out", "duguje", "дугује", "isplata", "исплата", "zaduzenje", "задужење"},
	ColCredit: {"credit", "credits", "montant credit", "credit montant", "haben", "habenbetrag", "eingang", "deposit",
		"deposits", "money in", "paid in", "potrazuje", "потражује", "uplata", "уплата", "odobrenje", "одобрење"},
	ColAmount: {"montant", "montant operation", "montant de l operation", "amount", "transaction amount", "betrag",
		"umsatz", "iznos", "износ"},
	ColCurrency: {"devise", "monnaie", "waehrung", "wahrung", "currency", "ccy"},
	ColParty: {"beneficiaire auftraggeber", "beguenstigter zahlungspflichtiger", "auftraggeber empfanger",
		"auftraggeber empfaenger", "auftraggeber begunstigter", "name zahlungsbeteiligter", "empfanger", "zahlungsempfanger",
		"payee", "payer", "counterparty", "nom du tiers", "tiers", "beneficiaire", "emetteur", "naziv", "назив",
		"platilac", "платилац", "primalac", "прималац", "nalogodavac", "налогодавац"},
	ColPartyIBAN: {"iban", "kontonummer iban", "iban zahlungsbeteiligter", "iban contrepartie", "counterparty iban",
		"kontonummer", "iban beguenstigter zahlungspflichtiger"},
	ColReference: {"reference", "ref", "reference banque", "numero d operation", "n operation", "referenz",
		"transaction id", "bank reference", "referenca", "референца"},
	ColEndToEnd: {"kundenreferenz end to end", "end to end", "end to end id", "end to end reference",
		"reference de bout en bout"},
	ColStructuredRef: {"poziv na broj", "позив на број", "reference structuree", "creditor reference"},
	ColAccount:       {"auftragskonto", "iban auftragskonto", "account num", "numero de compte", "n de compte", "n compte"},
	ColStatus:        {"info", "status", "statut"},
	ColBalance:       {"solde", "saldo", "balance", "kontostand", "stanje", "стање"},
}

var csvAliasIndex = func() map[string]string {
	m := map[string]string{}
	for col, as := range csvAliases {
		for _, a := range as {
			m[importer.NormalizeHeader(a)] = col
		}
	}
	return m
}()

// headerCurrencies are the currencies a header names after its column
// ("Débit euros", "Montant (EUR)", "Betrag (EUR)"), folded.
var headerCurrencies = map[string]ledger.Currency{"euros": "EUR", "euro": "EUR", "eur": "EUR", "€": "EUR",
	"chf": "CHF", "usd": "USD", "gbp": "GBP", "rsd": "RSD", "din": "RSD", "dinara": "RSD"}

// csvHeader is a header row read as bank columns.
type csvHeader struct {
	line     int
	raw      []string       // as written
	cols     map[string]int // column → index (the first, for all but text)
	text     []int          // every text column, in file order
	currency ledger.Currency
}

// mapCSVHeader reads a row as a header; rename maps headers as written
// to columns first (Options.Rename).
func mapCSVHeader(cells []string, line int, rename map[string]string) csvHeader {
	h := csvHeader{line: line, raw: append([]string(nil), cells...), cols: map[string]int{}}
	for i, c := range cells {
		col, cur := csvColumnOf(c, rename)
		if col == "" {
			continue
		}
		if cur != "" && h.currency == "" {
			h.currency = cur
		}
		if col == ColText {
			h.text = append(h.text, i)
			continue
		}
		if _, dup := h.cols[col]; !dup {
			h.cols[col] = i
		}
	}
	return h
}

// csvColumnOf is the column a header stands for, and the currency it
// names, if any.
func csvColumnOf(header string, rename map[string]string) (string, ledger.Currency) {
	if col, ok := rename[header]; ok {
		return col, ""
	}
	n := importer.NormalizeHeader(header)
	if col, ok := csvAliasIndex[n]; ok {
		return col, ""
	}
	// "Débit euros", "Betrag (EUR)": the column and its currency.
	if i := strings.LastIndexByte(n, ' '); i > 0 {
		if cur, ok := headerCurrencies[n[i+1:]]; ok {
			if col, ok := csvAliasIndex[n[:i]]; ok {
				return col, cur
			}
		}
	}
	return "", ""
}

// usable: a date and some amount.
func (h csvHeader) usable() bool {
	_, date := h.cols[ColDate]
	_, amount := h.cols[ColAmount]
	_, debit := h.cols[ColDebit]
	_, credit := h.cols[ColCredit]
	return date && (amount || debit || credit)
}
