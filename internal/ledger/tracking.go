package ledger

import (
	"errors"
	"strings"
)

// Registered letters' tracking numbers. The posts of the countries we
// write to number registered items with the UPU S10 identifier (two
// letters of service, eight digits, a check digit, the post's ISO country
// code: "RR123456785FR"); La Poste's domestic recommandé also prints
// numbers of its own ("1A 012 345 6789 0"). A number is kept as the owner
// typed it, spaces collapsed and letters in capitals; an S10 number's
// check digit is verified, so a mistyped digit is caught.

// ErrTrackingNumber is a tracking number that cannot be a post's.
var ErrTrackingNumber = errors.New("not a tracking number")

// ParseTrackingNumber normalises a registered letter's tracking number:
// letters, digits, spaces and hyphens, 4 to 40 characters; an S10
// identifier must have its right check digit.
func ParseTrackingNumber(s string) (string, error) {
	s = strings.ToUpper(strings.Join(strings.Fields(s), " "))
	if len(s) < 4 || len(s) > 40 {
		return "", ErrTrackingNumber
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == ' ' || r == '-') {
			return "", ErrTrackingNumber
		}
	}
	compact := strings.NewReplacer(" ", "", "-", "").Replace(s)
	if isS10Shape(compact) && !s10CheckOK(compact) {
		return "", ErrTrackingNumber
	}
	return s, nil
}

// isS10Shape: two letters, nine digits, two letters (UPU S10, clause 5).
func isS10Shape(s string) bool {
	if len(s) != 13 {
		return false
	}
	for i := 0; i < 13; i++ {
		c := s[i]
		digit := c >= '0' && c <= '9'
		if (i < 2 || i > 10) == digit {
			return false
		}
	}
	return true
}

// s10CheckOK verifies the S10 check digit: the eight serial digits
// weighted 8, 6, 4, 2, 3, 5, 9, 7; the check digit is 11 minus the sum
// modulo 11, with 10 written 0 and 11 written 5 (UPU S10, Annex A).
func s10CheckOK(s string) bool {
	weights := [8]int{8, 6, 4, 2, 3, 5, 9, 7}
	sum := 0
	for i, w := range weights {
		sum += int(s[2+i]-'0') * w
	}
	c := 11 - sum%11
	switch c {
	case 10:
		c = 0
	case 11:
		c = 5
	}
	return int(s[10]-'0') == c
}
