package letter

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/relance-app/relance/internal/ledger"
)

// TestEPCPayloadFieldByField: the EPC QR code's text, element by element,
// as EPC069-12 lays it out (checked by hand against its table of
// elements): LF between elements, the purpose empty, the RF reference in
// the structured field, nothing after the last element given. RF60 is
// F20260107's check: "F20260107RF00" as digits is 1520260107271500,
// which leaves 38 modulo 97, and 98 − 38 = 60.
func TestEPCPayloadFieldByField(t *testing.T) {
	got, err := EPCPayload(EPCPayment{BIC: "AGRIFRPP", Name: "Les Ateliers Bellecour SAS", IBAN: "FR76 3000 6000 0112 3456 7890 189",
		Cents: 100000, Reference: "RF60 F202 6010 7"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"BCD",                         // 1 service tag
		"002",                         // 2 version
		"1",                           // 3 character set: UTF-8
		"SCT",                         // 4 identification: SEPA credit transfer
		"AGRIFRPP",                    // 5 BIC
		"Les Ateliers Bellecour SAS",  // 6 beneficiary
		"FR7630006000011234567890189", // 7 IBAN, no spaces
		"EUR1000.00",                  // 8 amount, a decimal point
		"",                            // 9 purpose code: none
		"RF60F20260107",               // 10 structured remittance
	}
	if lines := strings.Split(got, "\n"); strings.Join(lines, "|") != strings.Join(want, "|") {
		t.Errorf("EPC payload\n got %q\nwant %q", lines, want)
	}
	if strings.HasSuffix(got, "\n") {
		t.Error("the payload ends with a separator")
	}

	// Several invoices: their references as unstructured text (element
	// 11), element 10 empty; no BIC (optional in version 002).
	got, err = EPCPayload(EPCPayment{Name: "Atelier", IBAN: "DE89370400440532013000", Cents: 5, Text: "RF60F20260107 RF07F20260188"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "BCD\n002\n1\nSCT\n\nAtelier\nDE89370400440532013000\nEUR0.05\n\n\nRF60F20260107 RF07F20260188"; got != want {
		t.Errorf("unstructured\n got %q\nwant %q", got, want)
	}

	for _, bad := range []EPCPayment{
		{Name: "A", IBAN: "FR7630006000011234567890189", Cents: 0},                             // nothing to pay
		{Name: "A", IBAN: "FR7630006000011234567890189", Cents: 100000000000},                  // over 999 999 999.99
		{Name: "", IBAN: "FR7630006000011234567890189", Cents: 1},                              // no beneficiary
		{Name: "A", IBAN: "FR7630006000011234567890189", Cents: 1, Reference: "RF61F20260107"}, // wrong check digits
		// 70 three-byte characters and 140 of text: 416 bytes, over 331.
		{Name: strings.Repeat("€", 70), IBAN: "FR7630006000011234567890189", Cents: 1, Text: strings.Repeat("x", 140)},
	} {
		if p, err := EPCPayload(bad); !errors.Is(err, errNoQR) {
			t.Errorf("%+v: got %q, %v; want errNoQR", bad, p, err)
		}
	}
}

// TestIPSPayload: the NBS IPS QR code's text, tags in the order of the
// NBS specification, joined by "|", none before the first or after the
// last. The account is the 18 digits of the IBAN RS35 2600 0560 1001 6113
// 79; 97 74 20260107 is the model 97 reference of invoice 2026-0107
// (2026010700 leaves 24 modulo 97, 98 − 24 = 74).
func TestIPSPayload(t *testing.T) {
	acct := SerbianAccount("RS35 2600 0560 1001 6113 79")
	if acct != "260005601001611379" {
		t.Fatalf("account %q", acct)
	}
	got, err := IPSPayload(IPSPayment{Account: acct, Name: "Пекара Јовановић д.о.о.", Paras: 150000, Code: "221", Purpose: "Фактура 2026-0107", Ref: "977420260107"})
	if err != nil {
		t.Fatal(err)
	}
	want := "K:PR|V:01|C:1|R:260005601001611379|N:Пекара Јовановић д.о.о.|I:RSD1500,00|SF:221|S:Фактура 2026-0107|RO:977420260107"
	if got != want {
		t.Errorf("IPS payload\n got %q\nwant %q", got, want)
	}
	// Optional tags are left out, never written empty ("|S:|").
	got, err = IPSPayload(IPSPayment{Account: acct, Name: "A|B", Paras: 99, Code: "289"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "K:PR|V:01|C:1|R:260005601001611379|N:A B|I:RSD0,99|SF:289"; got != want {
		t.Errorf("IPS without purpose nor reference\n got %q\nwant %q", got, want)
	}
	for _, bad := range []IPSPayment{
		{Account: "26000560100161137", Name: "A", Paras: 1, Code: "221"}, // 17 digits
		{Account: acct, Name: "A", Paras: 0, Code: "221"},
		{Account: acct, Name: "A", Paras: 1, Code: "22"},
		{Account: acct, Name: "A", Paras: 1, Code: "221", Ref: "977520260107"}, // wrong control
	} {
		if p, err := IPSPayload(bad); !errors.Is(err, errNoQR) {
			t.Errorf("%+v: got %q, %v; want errNoQR", bad, p, err)
		}
	}
	if SerbianAccount("FR7630006000011234567890189") != "" {
		t.Error("a French IBAN has no Serbian account")
	}
}

// TestEncodeQR: the modules of a version 1 code (21 × 21) for a short
// text, and the three finder patterns in their corners.
func TestEncodeQR(t *testing.T) {
	bm, err := EncodeQR("RF60F20260107")
	if err != nil {
		t.Fatal(err)
	}
	if bm.W != 21 || bm.H != 21 || len(bm.Bits) != 21*21 {
		t.Fatalf("%d × %d, %d modules", bm.W, bm.H, len(bm.Bits))
	}
	at := func(x, y int) bool { return bm.Bits[y*bm.W+x] }
	// A finder pattern: dark 7 × 7 ring, light ring inside, dark 3 × 3 core.
	for _, c := range [][2]int{{0, 0}, {14, 0}, {0, 14}} {
		x, y := c[0], c[1]
		if !at(x, y) || !at(x+6, y+6) || at(x+1, y+1) || !at(x+3, y+3) {
			t.Errorf("no finder pattern at %d,%d", x, y)
		}
	}
	if _, err := EncodeQR(strings.Repeat("x", 3000)); err == nil {
		t.Error("3000 bytes encoded at level M")
	}
	// Capacity at level M in byte mode, by the codewords of table 9.
	for v, want := range map[int]int{1: 14, 5: 84, 9: 180, 10: 213, 13: 331} {
		c := (8*qrDataCodewords(v) - 4 - 8) / 8
		if v >= 10 {
			c = (8*qrDataCodewords(v) - 4 - 16) / 8
		}
		if c != want {
			t.Errorf("version %d holds %d bytes, want %d", v, c, want)
		}
	}
	// Each version's codewords fill its data modules exactly: 16v² + 128v
	// + 64 modules, less the alignment patterns and version information.
	for v := 1; v <= qrMaxVersion; v++ {
		raw := (16*v+128)*v + 64
		if v >= 2 {
			a := v/7 + 2
			raw -= (25*a-10)*a - 55
			if v >= 7 {
				raw -= 36
			}
		}
		b := qrBlocks[v]
		if got := qrDataCodewords(v) + b.ec*(b.n1+b.n2); got != raw/8 {
			t.Errorf("version %d: %d codewords, the symbol holds %d", v, got, raw/8)
		}
	}
}

// TestInternationalPhone: the trunk prefix gives way to the country code,
// the owner's grouping stays.
func TestInternationalPhone(t *testing.T) {
	for _, c := range []struct{ in, country, want string }{
		{"04 65 71 12 34", "FR", "+33 4 65 71 12 34"},
		{"(0)4 78 00 00 00", "FR", "+33 4 78 00 00 00"},
		{"020 7946 0958", "GB", "+44 20 7946 0958"},
		{"(030) 1234567", "DE", "+49 30 1234567"},
		{"011 3234 567", "RS", "+381 11 3234 567"},
		{"06 1234 5678", "IT", "+39 06 1234 5678"}, // Italy keeps its 0
		{"06 1 234 5678", "HU", "+36 1 234 5678"},
		{"(555) 123-4567", "US", "+1 555 123-4567"},
		{"+33 4 78 00 00 00", "GB", "+33 4 78 00 00 00"},
		{"0033 4 78 00 00 00", "FR", "+33 4 78 00 00 00"},
		{"12 34 56", "ZZ", "12 34 56"}, // a country not in the table
		{"", "FR", ""},
	} {
		if got := InternationalPhone(c.in, ledger.Country(c.country)); got != c.want {
			t.Errorf("%q in %s: %q, want %q", c.in, c.country, got, c.want)
		}
	}
	if got := phoneFor("04 78 00 00 00", "FR", "FR"); got != "04 78 00 00 00" {
		t.Errorf("same country: %q", got)
	}
	if got := phoneFor("04 78 00 00 00", "FR", ""); got != "04 78 00 00 00" {
		t.Errorf("no country stated: %q", got)
	}
	if got := phoneFor("04 78 00 00 00", "FR", "DE"); got != "+33 4 78 00 00 00" {
		t.Errorf("abroad: %q", got)
	}
}

// BenchmarkEncodeQR: the EPC code of a letter about two invoices.
func BenchmarkEncodeQR(b *testing.B) {
	text := "BCD\n002\n1\nSCT\nAGRIFRPP\nLes Ateliers Bellecour SAS\nFR7630006000011234567890189\nEUR1500.00\n\n\nRF60F20260107 RF07F20260188"
	for i := 0; i < b.N; i++ {
		if _, err := EncodeQR(text); err != nil {
			b.Fatal(err)
		}
	}
}

// TestQRVersionsReadBack: a code of every version from 1 to 13 (texts of
// growing length, UTF-8 included), painted 4 pixels a module with its
// quiet zone, is read back by zbarimg as the very text encoded.
func TestQRVersionsReadBack(t *testing.T) {
	if _, err := exec.LookPath("zbarimg"); err != nil {
		t.Skip("zbarimg not installed (Debian package zbar-tools)")
	}
	dir := t.TempDir()
	seen := map[int]bool{}
	for n := 1; n <= 331; n += 11 {
		text := strings.Repeat("Déjà payé ? RF60F20260107\n", 14)
		text = string([]byte(text)[:n])
		// Whole characters; no final LF, which zbarimg's own line end
		// would hide (payment texts never end with one).
		for !utf8.ValidString(text) || strings.HasSuffix(text, "\n") {
			text = text[:len(text)-1]
		}
		if text == "" {
			continue
		}
		bm, err := EncodeQR(text)
		if err != nil {
			t.Fatalf("%d bytes: %v", len(text), err)
		}
		ver := (bm.W - 17) / 4
		seen[ver] = true
		const px, quiet = 4, 4
		side := (bm.W + 2*quiet) * px
		img := image.NewGray(image.Rect(0, 0, side, side))
		for i := range img.Pix {
			img.Pix[i] = 0xff
		}
		for y := 0; y < bm.H; y++ {
			for x := 0; x < bm.W; x++ {
				if bm.Bits[y*bm.W+x] {
					for dy := 0; dy < px; dy++ {
						for dx := 0; dx < px; dx++ {
							img.SetGray((x+quiet)*px+dx, (y+quiet)*px+dy, color.Gray{})
						}
					}
				}
			}
		}
		f := filepath.Join(dir, fmt.Sprintf("v%d-%d.png", ver, len(text)))
		var buf bytes.Buffer
		png.Encode(&buf, img)
		os.WriteFile(f, buf.Bytes(), 0o600)
		out, err := exec.Command("zbarimg", "-q", "--raw", "-Sbinary", f).Output()
		if err != nil {
			t.Errorf("version %d, %d bytes: zbarimg: %v", ver, len(text), err)
			continue
		}
		if got := strings.TrimSuffix(string(out), "\n"); got != text {
			t.Errorf("version %d, %d bytes: read back %q, want %q", ver, len(text), got, text)
		}
	}
	for v := 1; v <= 13; v++ {
		if !seen[v] {
			t.Errorf("no text made a version %d code", v)
		}
	}
	if _, err := EncodeQR(strings.Repeat("x", 332)); err == nil {
		t.Error("332 bytes encoded (version 13 at level M holds 331)")
	}
}

// TestQRWordPenaltyIsTheRules: the penalty counted in machine words is
// the one counted module by module, on random symbols of every size the
// words serve and on symbols of one colour, stripes and finder patterns.
func TestQRWordPenaltyIsTheRules(t *testing.T) {
	rnd := rand.New(rand.NewPCG(18, 1))
	for n := 21; n <= qrWordMax; n += 4 {
		for k := 0; k < 40; k++ {
			m := make([]bool, n*n)
			for i := range m {
				switch k {
				case 0: // all light
				case 1:
					m[i] = true
				case 2:
					m[i] = i%n%3 == 0
				default:
					m[i] = rnd.IntN(100) < 20+k
				}
			}
			q := &qrSymbol{size: n, dark: m, fn: make([]bool, n*n)}
			w := q.words()
			w.formatX, w.formatY, w.formatBit = nil, nil, nil // the matrix as it is
			for i := range w.dataRows {
				w.dataRows[i], w.dataCols[i] = 0, 0 // nothing masked
			}
			if got, want := w.penalty(0), qrPenalty(m, n); got != want {
				t.Fatalf("%d × %d, case %d: words %d, modules %d", n, n, k, got, want)
			}
		}
	}
	// A finder pattern alone in a light row of 21, at modules 8 to 14: 40
	// for it; the light runs of 8 (0–7) and 6 (15–20) score 8 − 2 and 6 − 2.
	row := make([]bool, 21)
	for i, c := range "1011101" {
		row[8+i] = c == '1'
	}
	if p := qrWordPenalty(wordOf(row), 21); p != 40+6+4 {
		t.Errorf("finder pattern in a light row: %d, want %d", p, 40+6+4)
	}
}

func wordOf(line []bool) uint64 {
	var w uint64
	for i, c := range line {
		if c {
			w |= 1 << uint(i)
		}
	}
	return w
}

// TestPhoneAbroad: a customer in London gets the Lyon company's number as
// dialled from abroad, in the letterhead, the merge fields and the SMS; a
// customer in Paris gets it as written.
func TestPhoneAbroad(t *testing.T) {
	req := testRequest(ledger.KindReminder1, ledger.English, ledger.EnvelopeDIN5008A) // customer in GB
	c, err := Compose(req)
	if err != nil {
		t.Fatal(err)
	}
	if got := nbspRepl.Replace(c.Data.Company.Phone); got != "+33 4 78 00 00 00" {
		t.Errorf("merge field: %q", got)
	}
	if got := nbspRepl.Replace(strings.Join(c.Letter.CompanyLines, " | ")); !strings.Contains(got, "+33 4 78 00 00 00") || !strings.Contains(got, "+33 4 78 00 00 01") {
		t.Errorf("letterhead: %q", got)
	}
	sms, err := SMSText(req)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(sms, "+33 4 78 00 00 00") {
		t.Errorf("SMS: %q", sms)
	}
	req = testRequest(ledger.KindReminder1, ledger.French, ledger.EnvelopeDLRight) // customer in Paris
	if sms, _ := SMSText(req); !strings.Contains(sms, "04 78 00 00 00") || strings.Contains(sms, "+33") {
		t.Errorf("SMS in France: %q", sms)
	}
}
