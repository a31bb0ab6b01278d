package records

import (
	"bytes"
	"fmt"
	"image"
	_ "image/jpeg" // logo formats
	_ "image/png"
	"net/http"
	"os"
	"strconv"
	"strings"
	"unicode"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// FieldError is a rejected KEY=VALUE.
type FieldError struct {
	Key, Value string
	Reason     i18n.Msg
}

func (e *FieldError) Error() string { return e.In(i18n.EN) }

// In renders the error in l.
func (e *FieldError) In(l i18n.Lang) string {
	return i18n.T(l, "company.field_error", e.Key, e.Value, e.Reason.In(l))
}

// companyField is one settable key of the company profile.
type companyField struct {
	key string
	get func(c *ledger.Company) string
	set func(c *ledger.Company, v string) *i18n.Msg
}

func textField(key string, ptr func(c *ledger.Company) *string) companyField {
	return companyField{key: key,
		get: func(c *ledger.Company) string { return *ptr(c) },
		set: func(c *ledger.Company, v string) *i18n.Msg {
			for _, r := range v {
				if unicode.IsControl(r) {
					m := i18n.M("import.control_char")
					return &m
				}
			}
			*ptr(c) = v
			return nil
		}}
}

// maxLogoBytes keeps the letterhead image reasonable (it is embedded in
// every PDF).
const maxLogoBytes = 2 << 20

var companyFields = []companyField{
	textField("legal_name", func(c *ledger.Company) *string { return &c.LegalName }),
	textField("trading_name", func(c *ledger.Company) *string { return &c.TradingName }),
	textField("address1", func(c *ledger.Company) *string { return &c.Address1 }),
	textField("address2", func(c *ledger.Company) *string { return &c.Address2 }),
	textField("address3", func(c *ledger.Company) *string { return &c.Address3 }),
	textField("postcode", func(c *ledger.Company) *string { return &c.Postcode }),
	textField("city", func(c *ledger.Company) *string { return &c.City }),
	{key: "country", get: func(c *ledger.Company) string { return string(c.Country) },
		set: func(c *ledger.Company, v string) *i18n.Msg {
			x, err := ledger.ParseCountry(v)
			if err != nil {
				return core.MsgErr("import.unknown_country")
			}
			c.Country = x
			return nil
		}},
	textField("phone", func(c *ledger.Company) *string { return &c.Phone }),
	textField("phone_ext", func(c *ledger.Company) *string { return &c.PhoneExt }),
	textField("fax", func(c *ledger.Company) *string { return &c.Fax }),
	{key: "email", get: func(c *ledger.Company) string { return c.Email },
		set: func(c *ledger.Company, v string) *i18n.Msg {
			if v == "" {
				c.Email = ""
				return nil
			}
			e, err := ledger.ParseEmail(v)
			if err != nil {
				return core.MsgErr("import.bad_email")
			}
			c.Email = e
			return nil
		}},
	textField("website", func(c *ledger.Company) *string { return &c.Website }),
	{key: "siret", get: func(c *ledger.Company) string { return c.SIRET },
		set: func(c *ledger.Company, v string) *i18n.Msg {
			d := strings.Join(strings.Fields(v), "")
			if d != "" && !validSIRET(d) {
				return core.MsgErr("company.bad_siret")
			}
			c.SIRET = d
			return nil
		}},
	textField("rcs", func(c *ledger.Company) *string { return &c.RCS }),
	textField("vat", func(c *ledger.Company) *string { return &c.VAT }),
	textField("company_number", func(c *ledger.Company) *string { return &c.CompanyNumber }),
	{key: "share_capital", get: func(c *ledger.Company) string {
		if c.ShareCapital.Currency == "" {
			return ""
		}
		return c.ShareCapital.String()
	},
		set: func(c *ledger.Company, v string) *i18n.Msg {
			if v == "" {
				c.ShareCapital = ledger.Money{}
				return nil
			}
			cur := c.Currency
			if f := strings.Fields(v); len(f) > 1 {
				if x, err := ledger.ParseCurrency(f[len(f)-1]); err == nil {
					cur = x
				}
			}
			n, err := ledger.ParseAmount(v, cur)
			if err != nil {
				return core.MsgErr("import.bad_amount")
			}
			c.ShareCapital = ledger.Money{Minor: n, Currency: cur}
			return nil
		}},
	textField("bank_name", func(c *ledger.Company) *string { return &c.BankName }),
	{key: "iban", get: func(c *ledger.Company) string { return c.IBAN },
		set: func(c *ledger.Company, v string) *i18n.Msg {
			if v == "" {
				c.IBAN = ""
				return nil
			}
			x, err := ledger.NormalizeIBAN(v)
			if err != nil {
				return core.MsgErr("company.bad_iban")
			}
			c.IBAN = x
			return nil
		}},
	{key: "bic", get: func(c *ledger.Company) string { return c.BIC },
		set: func(c *ledger.Company, v string) *i18n.Msg {
			if v == "" {
				c.BIC = ""
				return nil
			}
			x, err := ledger.NormalizeBIC(v)
			if err != nil {
				return core.MsgErr("company.bad_bic")
			}
			c.BIC = x
			return nil
		}},
	imageField("logo", func(c *ledger.Company) (*[]byte, *string) { return &c.Logo, &c.LogoType }),
	imageField("signature", func(c *ledger.Company) (*[]byte, *string) { return &c.Signature, &c.SignatureType }),
	textField("signatory_name", func(c *ledger.Company) *string { return &c.SignatoryName }),
	textField("signatory_title", func(c *ledger.Company) *string { return &c.SignatoryTitle }),
	{key: "language", get: func(c *ledger.Company) string { return string(c.Language) },
		set: func(c *ledger.Company, v string) *i18n.Msg {
			x, err := ledger.ParseLanguage(v)
			if err != nil {
				return core.MsgErr("import.unknown_language")
			}
			c.Language = x
			return nil
		}},
	{key: "currency", get: func(c *ledger.Company) string { return string(c.Currency) },
		set: func(c *ledger.Company, v string) *i18n.Msg {
			x, err := ledger.ParseCurrency(v)
			if err != nil {
				return core.MsgErr("import.unknown_currency")
			}
			c.Currency = x
			return nil
		}},
	{key: "jurisdiction", get: func(c *ledger.Company) string { return string(c.Jurisdiction) },
		set: func(c *ledger.Company, v string) *i18n.Msg {
			x, err := ledger.ParseJurisdiction(v)
			if err != nil {
				return core.MsgErr("company.bad_jurisdiction")
			}
			c.Jurisdiction = x
			return nil
		}},
	{key: "envelope", get: func(c *ledger.Company) string { return string(c.Envelope) },
		set: func(c *ledger.Company, v string) *i18n.Msg {
			x, err := ledger.ParseEnvelope(v)
			if err != nil {
				return core.MsgErr("company.bad_envelope")
			}
			c.Envelope = x
			return nil
		}},
	{key: "paper_size", get: func(c *ledger.Company) string { return string(c.PaperSize) },
		set: func(c *ledger.Company, v string) *i18n.Msg {
			x, err := ledger.ParsePaperSize(v)
			if err != nil {
				return core.MsgErr("company.bad_paper_size")
			}
			c.PaperSize = x
			return nil
		}},
	// Serbian Latin SMS without diacritics (ć→c, đ→dj…), so a reminder
	// stays in GSM-7: the owner's choice, since "Đorđević" written
	// "Djordjevic" is a spelling, not the customer's name.
	{key: "sms_plain_latin", get: func(c *ledger.Company) string { return strconv.FormatBool(c.SMSPlainLatin) },
		set: func(c *ledger.Company, v string) *i18n.Msg {
			switch strings.ToLower(v) {
			case "true", "yes", "1", "on":
				c.SMSPlainLatin = true
			case "false", "no", "0", "off", "":
				c.SMSPlainLatin = false
			default:
				return core.MsgErr("company.bad_yes_no")
			}
			return nil
		}},
}

// readImage reads a PNG or JPEG file for the letterhead (logo, signature).
func readImage(path string) ([]byte, string, *i18n.Msg) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, "", core.MsgErr("company.logo_unreadable", err.Error())
	}
	if len(data) > maxLogoBytes {
		return nil, "", core.MsgErr("company.logo_too_large", maxLogoBytes>>20)
	}
	typ := http.DetectContentType(data)
	if typ != "image/png" && typ != "image/jpeg" {
		return nil, "", core.MsgErr("company.logo_format")
	}
	if _, _, err := image.DecodeConfig(bytes.NewReader(data)); err != nil {
		return nil, "", core.MsgErr("company.logo_format")
	}
	return data, typ, nil
}

// CompanyKeys lists the settable keys in display order.
func CompanyKeys() []string {
	out := make([]string, len(companyFields))
	for i, f := range companyFields {
		out[i] = f.key
	}
	return out
}

// CompanyValue returns the display value of key.
func CompanyValue(c *ledger.Company, key string) string {
	for _, f := range companyFields {
		if f.key == key {
			return f.get(c)
		}
	}
	return ""
}

// SetCompanyField validates value and stores it in c under key.
func SetCompanyField(c *ledger.Company, key, value string) error {
	value = strings.TrimSpace(value)
	for _, f := range companyFields {
		if f.key == key {
			if m := f.set(c, value); m != nil {
				return &FieldError{Key: key, Value: value, Reason: *m}
			}
			return nil
		}
	}
	return &FieldError{Key: key, Value: value, Reason: i18n.M("company.unknown_key", strings.Join(CompanyKeys(), ", "))}
}

// validSIRET checks a French SIRET: 14 digits with a Luhn checksum.
func validSIRET(s string) bool {
	if len(s) != 14 {
		return false
	}
	sum, digitSum := 0, 0
	for i, r := range s {
		if r < '0' || r > '9' {
			return false
		}
		d := int(r - '0')
		digitSum += d
		if i%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	// La Poste's establishments (SIREN 356000000) use a digit sum that is a
	// multiple of 5; its head office passes the Luhn check.
	return sum%10 == 0 || (strings.HasPrefix(s, "356000000") && digitSum%5 == 0)
}

// imageField is a company image (logo, signature) set from a PNG or JPEG
// file path; "" clears it.
func imageField(key string, ptr func(*ledger.Company) (*[]byte, *string)) companyField {
	return companyField{key: key,
		get: func(c *ledger.Company) string {
			data, typ := ptr(c)
			if len(*data) == 0 {
				return ""
			}
			return fmt.Sprintf("%s, %d bytes", *typ, len(*data))
		},
		set: func(c *ledger.Company, v string) *i18n.Msg {
			data, typ := ptr(c)
			if v == "" {
				*data, *typ = nil, ""
				return nil
			}
			d, t, m := readImage(v)
			if m != nil {
				return m
			}
			*data, *typ = d, t
			return nil
		}}
}
