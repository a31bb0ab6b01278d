package ledger

import "testing"

// The S10 check digits below were computed by hand from the standard's
// weights (8 6 4 2 3 5 9 7): 12345678 → 204, 204 mod 11 = 6, 11 − 6 = 5;
// 87654321 → 192 → 5 → 6; 00000012 → 23 → 1 → 10, written 0;
// 00010010 → 11 → 0 → 11, written 5.
func TestParseTrackingNumber(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"RR123456785FR", "RR123456785FR"},
		{" rr 1234 5678 5fr ", "RR 1234 5678 5FR"},
		{"RR876543216GB", "RR876543216GB"},
		{"RR000000120FR", "RR000000120FR"},
		{"RR000100105FR", "RR000100105FR"},
		{"1A 012 345 6789 0", "1A 012 345 6789 0"}, // La Poste's own: no S10 check
		{"RR123456784FR", ""},                      // wrong check digit
		{"RR876543215GB", ""},
		{"RR000000121FR", ""},
		{"RR000100100FR", ""},
		{"AB1", ""},            // too short
		{"RR12345678/5FR", ""}, // not a post's character
		{"", ""},
	} {
		got, err := ParseTrackingNumber(c.in)
		if c.want == "" {
			if err == nil {
				t.Errorf("%q accepted as %q", c.in, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q: %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}
