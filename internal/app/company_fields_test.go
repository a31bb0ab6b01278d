package app

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// The identifiers below were checked by hand with an independent Luhn and
// ISO 13616 mod-97 computation.
func TestSetCompanyFieldValidates(t *testing.T) {
	good := map[string]string{
		"siret":         "732 829 320 00074",
		"iban":          "GB82 WEST 1234 5698 7654 32",
		"bic":           "agrifrpp",
		"country":       "Srbija",
		"language":      "sr_Latn",
		"currency":      "rsd",
		"jurisdiction":  "gb",
		"envelope":      "DIN5008-B",
		"paper_size":    "letter",
		"email":         "contact@atelier.example.fr",
		"share_capital": "10 000,00 EUR",
	}
	c := ledger.DefaultCompany()
	for k, v := range good {
		if err := SetCompanyField(&c, k, v); err != nil {
			t.Errorf("%s=%q refused: %v", k, v, err)
		}
	}
	if c.SIRET != "73282932000074" || c.IBAN != "GB82WEST12345698765432" || c.BIC != "AGRIFRPP" || c.Country != "RS" ||
		c.Language != ledger.SerbianLatin || c.Currency != "RSD" || c.Jurisdiction != ledger.JurisdictionUK ||
		c.Envelope != ledger.EnvelopeDIN5008B || c.PaperSize != ledger.PaperLetter || c.ShareCapital != (ledger.Money{Minor: 1000000, Currency: "EUR"}) {
		t.Errorf("normalised company: %+v", c)
	}
	if err := SetCompanyField(&c, "siret", "35600000000048"); err != nil {
		t.Errorf("La Poste head office refused: %v", err)
	}
	bad := map[string]string{
		"siret":        "73282932000075",
		"iban":         "FR76 3000 6000 0112 3456 7890 188",
		"bic":          "AGRI",
		"country":      "Narnia",
		"language":     "it",
		"currency":     "EURO",
		"jurisdiction": "US",
		"envelope":     "C4",
		"paper_size":   "A3",
		"email":        "not an email",
		"legal_name":   "Evil\r\nBcc: x@example.com",
		"logo":         "/nonexistent/logo.png",
		"nonsense":     "x",
	}
	for k, v := range bad {
		if err := SetCompanyField(&c, k, v); err == nil {
			t.Errorf("%s=%q accepted", k, v)
		}
	}
}

func TestCompanyLogo(t *testing.T) {
	dir := t.TempDir()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{200, 0, 0, 255})
	var buf bytes.Buffer
	png.Encode(&buf, img)
	logo := filepath.Join(dir, "logo.png")
	os.WriteFile(logo, buf.Bytes(), 0o600)
	notImage := filepath.Join(dir, "logo.txt")
	os.WriteFile(notImage, []byte("hello"), 0o600)
	c := ledger.DefaultCompany()
	if err := SetCompanyField(&c, "logo", logo); err != nil || c.LogoType != "image/png" || !bytes.Equal(c.Logo, buf.Bytes()) {
		t.Fatalf("PNG logo: %v %q", err, c.LogoType)
	}
	if err := SetCompanyField(&c, "logo", notImage); err == nil {
		t.Fatal("a text file accepted as logo")
	}
	if err := SetCompanyField(&c, "logo", ""); err != nil || c.Logo != nil {
		t.Fatalf("clearing the logo: %v", err)
	}
	if err := SetCompanyField(&c, "signature", logo); err != nil || c.SignatureType != "image/png" || !bytes.Equal(c.Signature, buf.Bytes()) || c.Logo != nil {
		t.Fatalf("PNG signature: %v %q", err, c.SignatureType)
	}
	if got := CompanyValue(&c, "signature"); !strings.HasPrefix(got, "image/png,") {
		t.Errorf("signature shown as %q", got)
	}
}
