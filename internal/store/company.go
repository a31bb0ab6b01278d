package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/relance-app/relance/internal/ledger"
)

const companyColumns = `legal_name, trading_name, address1, address2, address3, postcode, city, country,
	phone, phone_ext, fax, email, website, siret, rcs, vat, company_number,
	share_capital, share_capital_currency, bank_name, iban, bic, logo, logo_type,
	signatory_name, signatory_title, language, currency, jurisdiction, envelope, paper_size, signature, signature_type, sms_plain_latin`

// Company reads the company profile (there is always exactly one row).
func (q *Queries) Company(ctx context.Context) (ledger.Company, error) {
	var c ledger.Company
	var capital sql.NullInt64
	var capCur, country, lang, cur, jur, env, paper string
	err := q.row(ctx, `SELECT `+companyColumns+` FROM company WHERE id = 1`).Scan(
		&c.LegalName, &c.TradingName, &c.Address1, &c.Address2, &c.Address3, &c.Postcode, &c.City, &country,
		&c.Phone, &c.PhoneExt, &c.Fax, &c.Email, &c.Website, &c.SIRET, &c.RCS, &c.VAT, &c.CompanyNumber,
		&capital, &capCur, &c.BankName, &c.IBAN, &c.BIC, &c.Logo, &c.LogoType,
		&c.SignatoryName, &c.SignatoryTitle, &lang, &cur, &jur, &env, &paper, &c.Signature, &c.SignatureType, &c.SMSPlainLatin)
	if err != nil {
		return c, fmt.Errorf("read company profile: %w", err)
	}
	c.Country, c.Language, c.Currency = ledger.Country(country), ledger.Language(lang), ledger.Currency(cur)
	c.Jurisdiction, c.Envelope, c.PaperSize = ledger.Jurisdiction(jur), ledger.Envelope(env), ledger.PaperSize(paper)
	if capital.Valid {
		c.ShareCapital = ledger.Money{Minor: capital.Int64, Currency: ledger.Currency(capCur)}
	}
	return c, nil
}

// SetCompany replaces the company profile.
func (q *Queries) SetCompany(ctx context.Context, c ledger.Company) error {
	var capital any
	if c.ShareCapital.Currency != "" {
		capital = c.ShareCapital.Minor
	}
	_, err := q.exec(ctx, `UPDATE company SET
		legal_name = ?, trading_name = ?, address1 = ?, address2 = ?, address3 = ?, postcode = ?, city = ?, country = ?,
		phone = ?, phone_ext = ?, fax = ?, email = ?, website = ?, siret = ?, rcs = ?, vat = ?, company_number = ?,
		share_capital = ?, share_capital_currency = ?, bank_name = ?, iban = ?, bic = ?, logo = ?, logo_type = ?,
		signatory_name = ?, signatory_title = ?, language = ?, currency = ?, jurisdiction = ?, envelope = ?, paper_size = ?,
		signature = ?, signature_type = ?, sms_plain_latin = ?
		WHERE id = 1`,
		c.LegalName, c.TradingName, c.Address1, c.Address2, c.Address3, c.Postcode, c.City, string(c.Country),
		c.Phone, c.PhoneExt, c.Fax, c.Email, c.Website, c.SIRET, c.RCS, c.VAT, c.CompanyNumber,
		capital, string(c.ShareCapital.Currency), c.BankName, c.IBAN, c.BIC, c.Logo, c.LogoType,
		c.SignatoryName, c.SignatoryTitle, string(c.Language), string(c.Currency), string(c.Jurisdiction), string(c.Envelope), string(c.PaperSize),
		c.Signature, c.SignatureType, c.SMSPlainLatin)
	if err != nil {
		return fmt.Errorf("save company profile: %w", err)
	}
	return nil
}
