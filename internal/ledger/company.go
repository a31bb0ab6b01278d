package ledger

import (
	"fmt"
	"math/big"
	"strings"
)

// Company is the owner's business: everything printed on the letterhead.
type Company struct {
	LegalName      string
	TradingName    string
	Address1       string
	Address2       string
	Address3       string
	Postcode       string
	City           string
	Country        Country
	Phone          string
	PhoneExt       string // direct extension, printed after the phone
	Fax            string
	Email          string
	Website        string
	SIRET          string // French establishment number (14 digits)
	RCS            string // French trade register entry ("RCS Lyon 123 456 789")
	VAT            string // intra-EU VAT number or national tax id (PIB in Serbia)
	CompanyNumber  string // UK Companies House, Serbian matični broj...
	ShareCapital   Money  // zero Currency when not given
	BankName       string
	IBAN           string
	BIC            string
	Logo           []byte // PNG or JPEG
	LogoType       string // image/png or image/jpeg
	SignatoryName  string
	SignatoryTitle string
	Signature      []byte // an image of the signature (PNG or JPEG), optional
	SignatureType  string
	Language       Language     // default language of new customers
	Currency       Currency     // default currency of imports without one
	Jurisdiction   Jurisdiction // whose late-payment law applies by default
	Envelope       Envelope
	PaperSize      PaperSize
	// SMSPlainLatin: the owner allows SMS in Serbian Latin to write ć, č,
	// đ, š, ž as c, c, dj, s, z, so that they stay in GSM-7.
	SMSPlainLatin bool
}

// Jurisdiction selects the late-payment law: statutory interest and fixed
// compensation (computed by the dunning package).
type Jurisdiction string

// Supported jurisdictions.
const (
	JurisdictionFR Jurisdiction = "FR"
	JurisdictionEU Jurisdiction = "EU"
	JurisdictionUK Jurisdiction = "UK"
	JurisdictionDE Jurisdiction = "DE"
	JurisdictionRS Jurisdiction = "RS"
)

// ParseJurisdiction validates a jurisdiction code.
func ParseJurisdiction(s string) (Jurisdiction, error) {
	switch j := Jurisdiction(strings.ToUpper(strings.TrimSpace(s))); j {
	case JurisdictionFR, JurisdictionEU, JurisdictionUK, JurisdictionDE, JurisdictionRS:
		return j, nil
	case "GB":
		return JurisdictionUK, nil
	}
	return "", fmt.Errorf("unknown jurisdiction %q (expected FR, EU, UK, DE or RS)", s)
}

// Envelope is the window envelope the letters are folded into; it decides
// where the recipient's address is printed.
type Envelope string

// Envelope standards.
const (
	EnvelopeDLRight  Envelope = "dl-right"  // DL 110×220, window on the right (France, La Poste)
	EnvelopeDLLeft   Envelope = "dl-left"   // DL 110×220, window on the left (UK, most of Europe)
	EnvelopeDIN5008A Envelope = "din5008-a" // German DIN 5008 form A (C6/5, DL)
	EnvelopeDIN5008B Envelope = "din5008-b" // German DIN 5008 form B
	EnvelopeC5Left   Envelope = "c5-left"   // C5 unfolded-once, window on the left
	EnvelopeUSNo10   Envelope = "us-10"     // US #10 business envelope
)

// Envelopes are the envelope standards in the order they are offered: the
// one set of names the company profile, `letter --envelope` and the
// documentation use.
var Envelopes = []Envelope{EnvelopeDLRight, EnvelopeDLLeft, EnvelopeDIN5008A, EnvelopeDIN5008B, EnvelopeC5Left, EnvelopeUSNo10}

// envelopeAliases are the names `relancectl letter --envelope` took before
// the company profile's names became the only ones; scripts written then
// keep working (us-10 was the same in both).
var envelopeAliases = map[Envelope]Envelope{
	"fr-dl": EnvelopeDLRight, "din-a": EnvelopeDIN5008A, "din-b": EnvelopeDIN5008B,
}

// ParseEnvelope validates an envelope standard; an old alias is read as
// the standard it named.
func ParseEnvelope(s string) (Envelope, error) {
	e := Envelope(strings.ToLower(strings.TrimSpace(s)))
	if a, ok := envelopeAliases[e]; ok {
		return a, nil
	}
	for _, x := range Envelopes {
		if e == x {
			return e, nil
		}
	}
	return "", fmt.Errorf("unknown envelope %q (expected dl-right, dl-left, din5008-a, din5008-b, c5-left or us-10)", s)
}

// PaperSize is the sheet letters are printed on.
type PaperSize string

// Paper sizes.
const (
	PaperA4     PaperSize = "A4"
	PaperLetter PaperSize = "Letter"
)

// ParsePaperSize validates a paper size.
func ParsePaperSize(s string) (PaperSize, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "a4":
		return PaperA4, nil
	case "letter", "us-letter":
		return PaperLetter, nil
	}
	return "", fmt.Errorf("unknown paper size %q (expected A4 or Letter)", s)
}

// DefaultCompany is a blank profile with sensible French defaults.
func DefaultCompany() Company {
	return Company{
		Country: "FR", Language: French, Currency: "EUR", Jurisdiction: JurisdictionFR,
		Envelope: EnvelopeDLRight, PaperSize: PaperA4,
	}
}

// NormalizeIBAN removes spaces and checks the ISO 13616 mod-97 checksum, so
// that a typo in the bank details printed on every letter is caught at once.
func NormalizeIBAN(s string) (string, error) {
	iban := strings.ToUpper(strings.Join(strings.Fields(s), ""))
	if len(iban) < 15 || len(iban) > 34 {
		return "", fmt.Errorf("IBAN %q has the wrong length", s)
	}
	if !Country(iban[:2]).Valid() {
		return "", fmt.Errorf("IBAN %q does not start with a country code", s)
	}
	var digits strings.Builder
	for _, r := range iban[4:] + iban[:4] {
		switch {
		case r >= '0' && r <= '9':
			digits.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			fmt.Fprintf(&digits, "%d", r-'A'+10)
		default:
			return "", fmt.Errorf("IBAN %q has an invalid character %q", s, r)
		}
	}
	n, _ := new(big.Int).SetString(digits.String(), 10)
	if new(big.Int).Mod(n, big.NewInt(97)).Int64() != 1 {
		return "", fmt.Errorf("IBAN %q has a wrong check digit", s)
	}
	return iban, nil
}

// NormalizeBIC checks a SWIFT/BIC code: 8 or 11 characters, bank code,
// country, location, optional branch.
func NormalizeBIC(s string) (string, error) {
	b := strings.ToUpper(strings.TrimSpace(s))
	if len(b) != 8 && len(b) != 11 {
		return "", fmt.Errorf("BIC %q must have 8 or 11 characters", s)
	}
	for i, r := range b {
		letter := r >= 'A' && r <= 'Z'
		digit := r >= '0' && r <= '9'
		if (i < 6 && !letter) || (i >= 6 && !letter && !digit) {
			return "", fmt.Errorf("BIC %q is malformed", s)
		}
	}
	if !Country(b[4:6]).Valid() {
		return "", fmt.Errorf("BIC %q has an unknown country %q", s, b[4:6])
	}
	return b, nil
}
