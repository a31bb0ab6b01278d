package letter

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/render"
)

func testCompany() ledger.Company {
	c := ledger.DefaultCompany()
	c.LegalName, c.TradingName = "Les Ateliers Bellecour SAS", "Ateliers Bellecour"
	c.Address1, c.Postcode, c.City = "12 rue de la République", "69002", "Lyon"
	c.Phone, c.PhoneExt, c.Fax, c.Email, c.Website = "04 78 00 00 00", "214", "04 78 00 00 01", "contact@bellecour.example.fr", "bellecour.example.fr"
	c.SIRET, c.RCS, c.VAT = "73282932000074", "RCS Lyon 732 829 320", "FR44732829320"
	c.ShareCapital = ledger.Money{Minor: 1000000, Currency: "EUR"}
	c.IBAN, c.BIC, c.BankName = "FR7630006000011234567890189", "AGRIFRPP", "Crédit Agricole"
	c.SignatoryName, c.SignatoryTitle = "Claire Martin", "Responsable administrative"
	return c
}

func testCustomer(l ledger.Language) ledger.Customer {
	switch l {
	case ledger.SerbianCyrillic:
		return ledger.Customer{Code: "C3", Name: "Столарија Петровић д.о.о.", Contact: "Петар Петровић", Address1: "Булевар краља Александра 73",
			Postcode: "11000", City: "Београд", Country: "RS", Language: l, Kind: ledger.Business}
	case ledger.SerbianLatin:
		return ledger.Customer{Code: "C4", Name: "Pekara Jovanović", Contact: "Marija Jovanović", Address1: "Bulevar oslobođenja 12",
			Postcode: "21000", City: "Novi Sad", Country: "RS", Language: l, Kind: ledger.Business}
	case ledger.German:
		return ledger.Customer{Code: "C5", Name: "Schäfer Logistik GmbH", Contact: "Anna Schäfer", Title: "Dr.", Gender: ledger.Female,
			Address1: "Hauptstraße 5", Postcode: "50667", City: "Köln", Country: "DE", Language: l, Kind: ledger.Business}
	case ledger.English:
		return ledger.Customer{Code: "C2", Name: "Harper & Cole Ltd", Contact: "James Harper", Salutation: "Mr", Address1: "1 King Street",
			Postcode: "EC2V 8AU", City: "London", Country: "GB", Language: l, Kind: ledger.Business}
	}
	return ledger.Customer{Code: "C1", Name: "Boulangerie Martin SARL", Contact: "Hélène Dupré", Salutation: "Madame", Address1: "3 allée des Châtaigniers",
		Postcode: "75011", City: "Paris", Country: "FR", Language: l, Kind: ledger.Business}
}

func testRequest(kind ledger.LetterKind, l ledger.Language, env ledger.Envelope) Request {
	cur := ledger.Currency("EUR")
	if l == ledger.English {
		cur = "GBP"
	}
	if l == ledger.SerbianCyrillic || l == ledger.SerbianLatin {
		cur = "RSD"
	}
	inv1 := ledger.Invoice{Number: "F2026-0107", IssueDate: ledger.MustDate("2026-09-15"), ServiceDate: ledger.MustDate("2026-09-10"),
		DueDate: ledger.MustDate("2026-10-15"), Total: ledger.Money{Minor: 123456, Currency: cur}}
	inv2 := ledger.Invoice{Number: "F2026-0188", IssueDate: ledger.MustDate("2026-10-01"), DueDate: ledger.MustDate("2026-10-31"),
		Total: ledger.Money{Minor: 50000, Currency: cur}}
	fixed := ledger.Money{Minor: 4000, Currency: cur}
	return Request{
		Kind: kind, Language: l, Date: ledger.MustDate("2026-11-22"), Company: testCompany(), Customer: testCustomer(l),
		Envelope: env, Currency: cur,
		Invoices: []InvoiceLine{{Invoice: inv1, Paid: 23456, Balance: 100000, Interest: 1234, Compensation: 4000}, {Invoice: inv2, Balance: 50000, Interest: 210, Compensation: 4000}},
		Payments: []ledger.Payment{{Date: ledger.MustDate("2026-10-20"), Amount: 23456}},
		Previous: []PreviousLetter{{Kind: "reminder-1", Date: FormatDate(l, ledger.MustDate("2026-10-22"))}},
		Promise:  &ledger.Promise{Date: ledger.MustDate("2026-11-10"), Amount: 100000},
		Deadline: ledger.MustDate("2026-11-30"), PayBy: ledger.MustDate("2026-12-07"),
		Rate: "12.40", Basis: "L441-10", FixedSum: &fixed, Charges: kind != "reminder-1",
		Campaign: CampaignData{OldRule: "old rule", NewRule: "new rule", EffectiveDate: FormatDate(l, ledger.MustDate("2027-01-01")),
			EffectiveMonth: FormatMonthYear(l, ledger.MustDate("2027-01-01")), NewAddress: "BP 42, 69002 Lyon", Optional: true,
			ConsentEmail: "oui@bellecour.example.fr", ConsentWeb: "bellecour.example.fr/zero-papier", ConsentPhone: "04 78 00 00 02",
			Timeline: "1 January 2027", Terms: "terms", Benefits: []string{"faster", "greener"}},
		Appointment: AppointmentData{Date: FormatDate(l, ledger.MustDate("2026-12-03")), Time: FormatTime(l, 14, 0), Place: "12 rue de la République, Lyon",
			Subject: "annual service", Bring: []string{"the logbook"}, Reschedule: "04 78 00 00 00"},
		FoldMarks: true,
	}
}

func pdfOf(t *testing.T, c *Composed) string {
	t.Helper()
	lay, err := render.LayOut(c.Letter)
	if err != nil {
		t.Fatal(err)
	}
	data, err := render.PDF(lay, c.Subject)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "letter.pdf")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func needTools(t *testing.T) {
	for _, tool := range []string{"pdftotext", "qpdf"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed (Debian packages poppler-utils, qpdf)", tool)
		}
	}
}

var nbspRepl = strings.NewReplacer("\u00a0", " ", "\u202f", " ")

// TestEveryKindAndLanguageAsPDF: each letter passes qpdf --check, and
// pdftotext gives back the customer's name, the invoice numbers, the
// amounts and the dates exactly as formatted.
func TestEveryKindAndLanguageAsPDF(t *testing.T) {
	needTools(t)
	for _, kind := range Kinds {
		for _, lg := range []ledger.Language{ledger.French, ledger.English, ledger.German, ledger.SerbianCyrillic, ledger.SerbianLatin} {
			req := testRequest(kind, lg, ledger.EnvelopeDLRight)
			if campaignKinds[kind] {
				// As a campaign makes them: no invoice goes with them.
				req.Invoices, req.Payments = nil, nil
			}
			c, err := Compose(req)
			if err != nil {
				t.Errorf("%s %s: %v", kind, lg, err)
				continue
			}
			if campaignKinds[kind] && c.Letter.Enclosures != "" {
				t.Errorf("%s %s: encloses %q", kind, lg, c.Letter.Enclosures)
			}
			p := pdfOf(t, c)
			if out, err := exec.Command("qpdf", "--check", p).CombinedOutput(); err != nil {
				t.Errorf("%s %s: qpdf --check: %v\n%s", kind, lg, err, out)
			}
			if campaignKinds[kind] {
				keepPage(t, c, kind, lg)
			}
			out, err := exec.Command("pdftotext", p, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			text := nbspRepl.Replace(strings.Join(strings.Fields(string(out)), " "))
			want := []string{req.Customer.Name, FormatDate(lg, req.Date)}
			switch kind {
			case "billing-change":
				want = append(want, c.Data.Campaign.EffectiveMonth)
			case "paperless-notice":
				want = append(want, c.Data.Campaign.EffectiveDate, c.Data.Campaign.ConsentEmail)
			case "appointment-reminder":
				want = append(want, c.Data.Appointment.Date, c.Data.Appointment.Time)
			default:
				want = append(want, "F2026-0107", c.Data.Invoices[0].Balance, c.Data.Totals.Total)
			}
			if kind == "final-demand" {
				want = append(want, c.Data.Letter.Deadline)
			}
			for _, w := range want {
				if !strings.Contains(text, nbspRepl.Replace(w)) {
					t.Errorf("%s %s: pdftotext lacks %q", kind, lg, w)
				}
			}
		}
	}
}

// bboxWord is a word of `pdftotext -bbox` output, in points.
type bboxWord struct {
	XMin float64 `xml:"xMin,attr"`
	YMin float64 `xml:"yMin,attr"`
	XMax float64 `xml:"xMax,attr"`
	YMax float64 `xml:"yMax,attr"`
	Text string  `xml:",chardata"`
}

func bboxWords(t *testing.T, pdf string) []bboxWord {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Pages []struct {
			Words []bboxWord `xml:"word"`
		} `xml:"body>doc>page"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("bbox XML: %v", err)
	}
	if len(doc.Pages) == 0 {
		t.Fatal("no page in bbox output")
	}
	return doc.Pages[0].Words
}

// TestAddressInsideTheWindow: pdftotext -bbox places every word of every
// address line inside the window rectangle, for each envelope standard,
// for every kind in every language.
func TestAddressInsideTheWindow(t *testing.T) {
	needTools(t)
	for _, env := range []ledger.Envelope{ledger.EnvelopeDLRight, ledger.EnvelopeDIN5008A, ledger.EnvelopeDIN5008B, ledger.EnvelopeUSNo10} {
		for _, kind := range Kinds {
			for _, lg := range allLanguages {
				checkWindow(t, kind, lg, env)
			}
		}
	}
}

func checkWindow(t *testing.T, kind ledger.LetterKind, lg ledger.Language, env ledger.Envelope) {
	t.Helper()
	req := testRequest(kind, lg, env)
	c, err := Compose(req)
	if err != nil {
		t.Fatalf("%s %s %s: %v", kind, env, lg, err)
	}
	words := bboxWords(t, pdfOf(t, c))
	win := WindowFor(env).Address
	const pt = 72 / 25.4
	found := map[string]bool{}
	for _, line := range c.Letter.Recipient {
		for _, w := range strings.Fields(nbspRepl.Replace(line)) {
			found[w] = false
		}
	}
	for _, w := range words {
		text := nbspRepl.Replace(w.Text)
		if _, ok := found[text]; !ok {
			continue
		}
		inside := w.XMin >= win.X*pt && w.XMax <= (win.X+win.W)*pt && w.YMin >= win.Y*pt && w.YMax <= (win.Y+win.H)*pt
		if inside {
			found[text] = true
		}
	}
	for w, ok := range found {
		if !ok {
			t.Errorf("%s %s %s: address word %q not inside the window %+v", kind, env, lg, w, win)
		}
	}
}

func TestHostileCustomerNames(t *testing.T) {
	req := testRequest("reminder-1", ledger.English, ledger.EnvelopeDLRight)
	req.Customer.Name = "Evil Ltd\r\nBcc: victim@example.com"
	c, err := Compose(req)
	if err != nil {
		t.Fatal(err)
	}
	if c.Letter.Recipient[0] != "Evil Ltd Bcc: victim@example.com" || strings.ContainsAny(c.Subject, "\r\n") {
		t.Fatalf("%q / %q", c.Letter.Recipient, c.Subject)
	}
	req.Customer.Name = strings.Repeat("Долга фирма ", 25) // 300 characters
	if _, err := Compose(req); err == nil {
		t.Fatal("a 300-character name went into the window")
	}
}

// TestLogoOnTheLetterhead: the company's logo is drawn in the PDF (an
// image object) and in the preview (ink in its box).
func TestLogoOnTheLetterhead(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 90, 36))
	for y := 0; y < 36; y++ {
		for x := 0; x < 90; x++ {
			img.Set(x, y, color.RGBA{20, 60, 140, 255})
		}
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	req := testRequest("reminder-1", ledger.French, ledger.EnvelopeDLRight)
	req.Company.Logo, req.Company.LogoType = buf.Bytes(), "image/png"
	c, err := Compose(req)
	if err != nil {
		t.Fatal(err)
	}
	lay, err := render.LayOut(c.Letter)
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := render.PDF(lay, c.Subject)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(pdf, []byte("/Subtype /Image")) {
		t.Error("no image in the PDF")
	}
	pre, err := render.PNG(lay, 0, 72)
	if err != nil {
		t.Fatal(err)
	}
	pimg, _ := png.Decode(bytes.NewReader(pre))
	// The logo box: 45 × 18 mm at the top right (20 mm margin), 8 mm down.
	px := func(mmv float64) int { return int(mmv * 72 / 25.4) }
	x, y := px(210-20-45+20), px(15)
	if r, g, b, _ := pimg.At(x, y).RGBA(); !(b > r && b > g && r < 0x4000) {
		t.Errorf("no logo colour at (%d, %d): %v", x, y, pimg.At(x, y))
	}
	// The PDF's logo (PNG predictors, deflate) as poppler draws it.
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm not installed")
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "l.pdf"), pdf, 0o600)
	if out, err := exec.Command("pdftoppm", "-r", "72", "-png", "-f", "1", "-l", "1", filepath.Join(dir, "l.pdf"), filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "p*.png"))
	if len(matches) != 1 {
		t.Fatalf("pdftoppm wrote %v", matches)
	}
	f, _ := os.ReadFile(matches[0])
	rimg, err := png.Decode(bytes.NewReader(f))
	if err != nil {
		t.Fatal(err)
	}
	r, g, b, _ := rimg.At(x, y).RGBA()
	if want := (color.RGBA{20, 60, 140, 255}); absd(r>>8, uint32(want.R)) > 8 || absd(g>>8, uint32(want.G)) > 8 || absd(b>>8, uint32(want.B)) > 8 {
		t.Errorf("the PDF's logo at (%d, %d) is %v, want about %v", x, y, rimg.At(x, y), want)
	}
}

func absd(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// TestUSLetterPaper: a company on US Letter paper gets 8½ × 11 in pages,
// and the address still sits in its envelope's window.
func TestUSLetterPaper(t *testing.T) {
	needTools(t)
	req := testRequest("reminder-1", ledger.English, ledger.EnvelopeUSNo10)
	req.Company.PaperSize = ledger.PaperLetter
	c, err := Compose(req)
	if err != nil {
		t.Fatal(err)
	}
	p := pdfOf(t, c)
	out, err := exec.Command("pdfinfo", p).Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "612 x 792 pts (letter)") {
		t.Fatalf("pdfinfo: %s", out)
	}
	win := WindowFor(ledger.EnvelopeUSNo10).Address
	const pt = 72 / 25.4
	for _, w := range bboxWords(t, p) {
		if w.Text == "LONDON" && !(w.YMin >= win.Y*pt && w.YMax <= (win.Y+win.H)*pt) {
			t.Errorf("LONDON at y %.1f–%.1f, window %.1f–%.1f", w.YMin, w.YMax, win.Y*pt, (win.Y+win.H)*pt)
		}
	}
}

// TestSignatureImage: a scanned signature sits above the signatory's name,
// inside the text column, and reaches the PDF as an image.
func TestSignatureImage(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 120, 40))
	for y := 0; y < 40; y++ {
		for x := 0; x < 120; x++ {
			img.Set(x, y, color.White) // opaque: no soft mask, one image
		}
	}
	for x := 0; x < 120; x++ {
		img.Set(x, 20+x%7, color.Black)
	}
	var buf bytes.Buffer
	png.Encode(&buf, img)
	req := testRequest("reminder-1", ledger.French, ledger.EnvelopeDLRight)
	req.Company.Signature = buf.Bytes()
	c, err := Compose(req)
	if err != nil {
		t.Fatal(err)
	}
	lay, err := render.LayOut(c.Letter)
	if err != nil {
		t.Fatal(err)
	}
	var sig, name *render.Item
	for _, pg := range lay.Pages {
		for i := range pg.Items {
			it := &pg.Items[i]
			if it.Kind == render.ImageItem && bytes.Equal(it.Image, req.Company.Signature) {
				sig = it
			}
			if it.Text == "Claire Martin" {
				name = it
			}
		}
	}
	if sig == nil || name == nil {
		t.Fatalf("signature image %v, name %v", sig != nil, name != nil)
	}
	if !(sig.Y+sig.H <= name.Y) {
		t.Errorf("signature image ends at y %.1f, name starts at %.1f", sig.Y+sig.H, name.Y)
	}
	if sig.X+sig.W > 210*72/25.4-20*72/25.4+1 {
		t.Errorf("signature image runs past the right margin: x %.1f + %.1f", sig.X, sig.W)
	}
	pdf, err := render.PDF(lay, c.Subject)
	if err != nil {
		t.Fatal(err)
	}
	// The QR code to pay is an image mask, not an image of the file.
	if n := bytes.Count(pdf, []byte("/Subtype /Image")) - bytes.Count(pdf, []byte("/ImageMask true")); n != 1 {
		t.Errorf("%d images in the PDF, want 1", n)
	}
	// No signatory, no signature: an image alone signs for nobody.
	req.Company.SignatoryName, req.Company.SignatoryTitle = "", ""
	c, err = Compose(req)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Letter.SignatureImage) != 0 {
		t.Error("signature image without a signatory")
	}
}

// campaignKinds are the letters the letter matrix (internal/cli) does not
// make, since only a campaign sends them: their first pages are kept as
// PNG here, from the sample data, for people to read.
var campaignKinds = map[ledger.LetterKind]bool{"billing-change": true, "paperless-notice": true, "appointment-reminder": true}

// keepPage writes a letter's first page to the repository's
// artifacts/letters (gitignored; CI keeps artifacts/).
func keepPage(t *testing.T, c *Composed, kind ledger.LetterKind, lg ledger.Language) {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		return
	}
	for ; dir != filepath.Dir(dir); dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
	}
	out := filepath.Join(dir, "artifacts", "letters")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Logf("artifacts: %v", err)
		return
	}
	lay, err := render.LayOut(c.Letter)
	if err != nil {
		t.Fatal(err)
	}
	img, err := render.PNG(lay, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, fmt.Sprintf("%s-%s-sample.png", kind, lg)), img, 0o644); err != nil {
		t.Logf("artifacts: %v", err)
	}
}
