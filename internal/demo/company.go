package demo

import "github.com/relance-app/relance/internal/ledger"

// demoCompany is the owner of the demo ledger: a small consulting and
// services company in Lyon. Its identifiers are made up but well formed:
// the SIREN and SIRET pass the Luhn check, the VAT key is the one computed
// from the SIREN, the RIB key and the IBAN check digits are correct. Phone
// numbers are in the range ARCEP reserves for fiction (04 65 71).
func demoCompany(old ledger.Company) ledger.Company {
	c := ledger.Company{
		LegalName:      "Les Ateliers Bellecour SAS",
		TradingName:    "Ateliers Bellecour",
		Address1:       "18 rue de la République",
		Address2:       "3e étage",
		Postcode:       "69002",
		City:           "Lyon",
		Country:        "FR",
		Phone:          "04 65 71 12 34",
		PhoneExt:       "212",
		Fax:            "04 65 71 12 35",
		Email:          "contact@ateliers-bellecour.example.fr",
		Website:        "https://www.ateliers-bellecour.example.fr",
		SIRET:          "83265147500010",
		RCS:            "RCS Lyon 832 651 475",
		VAT:            "FR58832651475",
		ShareCapital:   ledger.Money{Minor: 50_000_00, Currency: "EUR"},
		BankName:       "CIC Lyonnaise de Banque",
		IBAN:           "FR76 1009 6180 0500 0123 4560 165",
		BIC:            "CMCIFRPP",
		SignatoryName:  "Claire Dumont",
		SignatoryTitle: "Présidente",
		Language:       ledger.French,
		Currency:       "EUR",
		Jurisdiction:   ledger.JurisdictionFR,
		Envelope:       ledger.EnvelopeDLRight,
		PaperSize:      ledger.PaperA4,
	}
	// A logo the owner already chose is kept.
	c.Logo, c.LogoType = old.Logo, old.LogoType
	return c
}
