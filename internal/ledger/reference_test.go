package ledger

import (
	"reflect"
	"testing"
)

// The check digits below were worked by hand (remainders by 97 of the
// numbers written out), not taken from the code:
//
//   - ISO 11649's own example RF18 5390 0754 7034: 539007547034 + "RF00"
//     → 539007547034 27 15 00; that mod 97 is 80; 98 − 80 = 18.
//   - ISO 11649's RF71 2348 231: 2348231 27 15 00 mod 97 = 27; 98 − 27 = 71.
//   - "F-2026-007" → body F2026007 → 15 2026007 27 15 00 mod 97 = 37;
//     98 − 37 = 61: RF61F2026007.
//   - model 97 of "2026-007": 2026007·100 = 202600700 = 97 · 2088667 + 1;
//     98 − 1 = 97: 97 97 2026007.
//   - model 97 of "F-12": F = 15 → 1512; 151200 = 97 · 1558 + 74;
//     98 − 74 = 24: 97 24 1512.
func TestStructuredReference(t *testing.T) {
	for _, c := range []struct {
		number string
		cur    Currency
		want   string
	}{
		{"539007547034", "EUR", "RF18539007547034"},
		{"2348231", "EUR", "RF712348231"},
		{"F-2026-007", "EUR", "RF61F2026007"},
		{"f 2026 007", "GBP", "RF61F2026007"},
		{"2026-007", "RSD", "97972026007"},
		{"F-12", "RSD", "97241512"},
		{"---", "EUR", ""},                     // no letter or digit
		{"Ф-2026", "EUR", ""},                  // a letter outside A–Z
		{"ABCDEFGHIJKLMNOPQRSTUV", "EUR", ""},  // 22 characters: too long for RF
		{"ABCDEFGHIJKLMNOPQRSTU", "EUR", "RF"}, // 21: fits (prefix checked below)
		{"12345678901234567890", "RSD", "97"},  // 20 digits: fits
		{"123456789012345678901", "RSD", ""},   // 21 digits: too long
		{"ABCDEFGHIJK", "RSD", ""},             // 22 digits once converted
		{"INV 00042", "USD", "RF"},             // any currency but RSD: RF
		{"", "EUR", ""},
	} {
		got := StructuredReference(c.number, c.cur)
		switch {
		case c.want == "RF" || c.want == "97":
			if len(got) < 5 || got[:2] != c.want {
				t.Errorf("StructuredReference(%q, %s) = %q, want a %s reference", c.number, c.cur, got, c.want)
			}
			if c.want == "RF" && !ValidRF(got) || c.want == "97" && !ValidModel97(got) {
				t.Errorf("StructuredReference(%q, %s) = %q does not check", c.number, c.cur, got)
			}
		case got != c.want:
			t.Errorf("StructuredReference(%q, %s) = %q, want %q", c.number, c.cur, got, c.want)
		}
	}
}

func TestValidReferences(t *testing.T) {
	for _, c := range []struct {
		s       string
		rf, m97 bool
	}{
		{"RF18539007547034", true, false},
		{"rf18539007547034", true, false},
		{"RF19539007547034", false, false},    // check digits off by one
		{"RF18539007547043", false, false},    // two digits swapped
		{"RF18 5390 0754 7034", false, false}, // spaces: not normalized
		{"RF712348231", true, false},
		{"RF61F2026007", true, false},
		{"RF18", false, false},
		{"97972026007", false, true},
		{"97241512", false, true},
		{"97251512", false, false},
		{"97972026070", false, false},
		{"9797", false, false},
		{"96972026007", false, false},
	} {
		if got := ValidRF(c.s); got != c.rf {
			t.Errorf("ValidRF(%q) = %v, want %v", c.s, got, c.rf)
		}
		if got := ValidModel97(c.s); got != c.m97 {
			t.Errorf("ValidModel97(%q) = %v, want %v", c.s, got, c.m97)
		}
	}
}

func TestFindStructuredReferences(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"RF18 5390 0754 7034", []string{"RF18539007547034"}},
		{"Virement SEPA ref RF18539007547034 merci", []string{"RF18539007547034"}},
		{"rf18 5390 0754 7034 paid", []string{"RF18539007547034"}},
		{"/RF18 5390 0754 7034/RF71 2348 231/", []string{"RF18539007547034", "RF712348231"}},
		{"RF18 5390 0754 7034 2026", []string{"RF18539007547034"}}, // a following group that breaks the check is not taken
		{"RF19 5390 0754 7034", nil},                               // wrong check digits
		{"XRF18539007547034", nil},                                 // not at a word's start
		{"poziv na broj 97 97 2026-007", []string{"97972026007"}},
		{"Uplata po racunu, model 97, 97241512", []string{"97241512"}},
		{"97241512 and again 97 24 1512", []string{"97241512"}}, // once
		{"phone 97 55 12 34", nil},
		{"F-2026-007 and F2026008", nil}, // invoice numbers are not structured references
		{"", nil},
	} {
		if got := FindStructuredReferences(c.text); !reflect.DeepEqual(got, c.want) {
			t.Errorf("FindStructuredReferences(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestNumberKey(t *testing.T) {
	for in, want := range map[string]string{
		"F-2026-007":  "F2026007",
		"f2026007":    "F2026007",
		"F 2026 007":  "F2026007",
		"F/2026.007":  "F2026007",
		"ф-12":        "Ф12",
		" -- ":        "",
		"Facture n°1": "FACTUREN1", // ° is a symbol, not a letter
	} {
		if got := NumberKey(in); got != want {
			t.Errorf("NumberKey(%q) = %q, want %q", in, got, want)
		}
	}
}
