// Package dunning decides who gets which letter next and computes exactly
// how much they owe: statutory late-payment interest and fixed
// compensation per jurisdiction, and the dunning ladder's plan. It is pure:
// the ledger, the letters already sent, the policy, the rate tables and the
// date come in as values; nothing reads a clock or a database.
package dunning

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Rate is an annual interest rate in ten-thousandths of a percent: 2.15 %
// is 21500. Published reference rates have two decimals; the extra digits
// leave room for contractual rates such as 0.375 % a month × 12.
type Rate int64

// rateScale is the number of Rate units in one percent.
const rateScale = 10000

// ErrBadRate is wrapped by rate parsing failures.
var ErrBadRate = errors.New("invalid rate")

// ParseRate reads a percentage such as "2.15", "10", "-0.5" or "4,25".
func ParseRate(s string) (Rate, error) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "%"))
	t = strings.Replace(t, ",", ".", 1)
	neg := strings.HasPrefix(t, "-")
	t = strings.TrimPrefix(t, "-")
	intPart, frac, _ := strings.Cut(t, ".")
	if intPart == "" && frac == "" || len(frac) > 4 || len(intPart) > 4 {
		return 0, fmt.Errorf("%w: %q (a percentage with at most 4 decimals, such as 2.15)", ErrBadRate, s)
	}
	if intPart == "" {
		intPart = "0"
	}
	frac += strings.Repeat("0", 4-len(frac))
	v, err := strconv.ParseInt(intPart+frac, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w: %q", ErrBadRate, s)
	}
	if neg {
		v = -v
	}
	return Rate(v), nil
}

// MustRate is ParseRate for literals; it panics on a bad rate.
func MustRate(s string) Rate {
	r, err := ParseRate(s)
	if err != nil {
		panic(err)
	}
	return r
}

// Points returns a rate of n percentage points.
func Points(n int) Rate { return Rate(n * rateScale) }

// String formats the rate as a percentage with at least two decimals:
// "2.15", "12.15", "0.375".
func (r Rate) String() string {
	neg := r < 0
	if neg {
		r = -r
	}
	s := fmt.Sprintf("%d.%04d", r/rateScale, r%rateScale)
	s = strings.TrimRight(s, "0")
	if i := strings.IndexByte(s, '.'); len(s)-i-1 < 2 {
		s += strings.Repeat("0", 2-(len(s)-i-1))
	}
	if neg {
		s = "-" + s
	}
	return s
}
