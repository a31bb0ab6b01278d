package ui

import (
	"strings"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/ledger"
)

// What a letter needs of the company, by the company's country: the
// address it is sent from and answered to, the account it asks to be paid
// into, and the legal mentions a business letter must carry there. The
// welcome asks for these, Home names those still missing.

// homeCountries are the countries whose legal mentions the welcome knows,
// in its list's order, with what each sets: the late-payment law, the
// currency of imports that name none, the letters' language.
var homeCountries = []struct {
	Code     ledger.Country
	Law      ledger.Jurisdiction
	Currency string
	Language string
}{{"FR", ledger.JurisdictionFR, "EUR", "fr"}, {"GB", ledger.JurisdictionUK, "GBP", "en"}, {"DE", ledger.JurisdictionDE, "EUR", "de"},
	{"RS", ledger.JurisdictionRS, "RSD", "sr-Cyrl"}}

// legalFields are the legal mentions asked for in a country (company
// fields), and of them those a letter must carry: in France the SIRET and
// the VAT number (Code de commerce R123-237, CGI art. 242 nonies A), the
// RCS and share capital of a company; in the UK the company's registered
// number (Companies Act 2006 s. 82); in Germany the register entry
// (HGB § 37a) and the USt-IdNr.; in Serbia the matični broj and the PIB
// (Zakon o privrednim društvima, art. 25).
func legalFields(country ledger.Country) (asked, needed []string) {
	switch country {
	case "FR":
		return []string{"siret", "rcs", "vat", "share_capital"}, []string{"siret", "vat"}
	case "GB":
		return []string{"company_number", "vat"}, []string{"company_number"}
	case "DE":
		return []string{"company_number", "vat"}, []string{"company_number"}
	case "RS":
		return []string{"company_number", "vat"}, []string{"company_number", "vat"}
	}
	return []string{"company_number", "vat"}, nil
}

// letterheadNeeded are the fields every letter needs, then the country's.
func letterheadNeeded(country ledger.Country) []string {
	_, legal := legalFields(country)
	return append([]string{"legal_name", "address1", "postcode", "city", "iban"}, legal...)
}

// missingLetterhead names the company fields a letter needs that are
// empty.
func missingLetterhead(co ledger.Company) []string {
	var out []string
	for _, k := range letterheadNeeded(co.Country) {
		if strings.TrimSpace(app.CompanyValue(&co, k)) == "" {
			out = append(out, k)
		}
	}
	return out
}

// legalLabel names a company field as the company's country calls it
// ("Companies House number", "Handelsregister", "Matični broj", "PIB"),
// in the UI's language.
func (u *UI) legalLabel(country ledger.Country, key string) string {
	if key == "company_number" || key == "vat" {
		if l := u.t("ui.legal." + key + "." + string(country)); l != "ui.legal."+key+"."+string(country) {
			return l
		}
	}
	return u.fieldLabel(key)
}

// countryForLang is the country the welcome proposes first: the one of
// the UI's language.
func countryForLang(l string) ledger.Country {
	switch {
	case l == "fr":
		return "FR"
	case l == "de":
		return "DE"
	case strings.HasPrefix(l, "sr"):
		return "RS"
	}
	return "GB"
}
