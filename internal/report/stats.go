package report

import (
	"math"
	"sort"
)

// z95 is the standard normal quantile for a two-sided 95 % interval.
const z95 = 1.959963984540054

// Alpha is the test's level, before the Bonferroni correction.
const Alpha = 0.05

// MinCount is the fewest letters a group needs in a rate before its
// difference with another group is tested at all: below 30 the normal
// approximation of the two-proportion test is poor, and a sentence drawn
// from a handful of letters would mislead more than help.
const MinCount = 30

// Rate is k successes out of n, with its 95 % Wilson interval.
type Rate struct {
	K, N      int
	P         float64 // k/n; 0 when n is 0
	Low, High float64
}

// NewRate computes k/n and its Wilson score interval (Wilson 1927): the
// interval stays inside [0, 1] and keeps close to 95 % coverage for small
// n and rates near 0 or 1, where the normal approximation's does not.
func NewRate(k, n int) Rate {
	r := Rate{K: k, N: n}
	if n == 0 {
		return r
	}
	p := float64(k) / float64(n)
	nf := float64(n)
	z2 := z95 * z95
	den := 1 + z2/nf
	center := (p + z2/(2*nf)) / den
	half := z95 / den * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	r.P, r.Low, r.High = p, math.Max(0, center-half), math.Min(1, center+half)
	return r
}

// TwoProportionP is the two-sided p-value of the pooled two-proportion z
// test of a against b; 1 when it cannot be computed (an empty group, or
// both rates 0 or both 1).
func TwoProportionP(a, b Rate) float64 {
	if a.N == 0 || b.N == 0 {
		return 1
	}
	pool := float64(a.K+b.K) / float64(a.N+b.N)
	se := math.Sqrt(pool * (1 - pool) * (1/float64(a.N) + 1/float64(b.N)))
	if se == 0 {
		return 1
	}
	z := (a.P - b.P) / se
	return math.Erfc(math.Abs(z) / math.Sqrt2)
}

// Median is a Kaplan–Meier median: Days is the first day on which the
// estimated share still unpaid falls to one half or below; Reached false
// when it never does within what was observed.
type Median struct {
	Days    int
	Reached bool
}

// KaplanMeierMedian estimates the median time to an event from times
// (days) and whether each is an event (true) or censored (false: the
// letter stopped being watched unpaid). A time censored on day t counts
// as at risk on day t, the usual convention.
func KaplanMeierMedian(times []int, event []bool) Median {
	type obs struct {
		t int
		e bool
	}
	all := make([]obs, len(times))
	for i := range times {
		all[i] = obs{times[i], event[i]}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].t < all[j].t })
	atRisk := len(all)
	s := 1.0
	for i := 0; i < len(all); {
		t := all[i].t
		d, c := 0, 0
		for ; i < len(all) && all[i].t == t; i++ {
			if all[i].e {
				d++
			} else {
				c++
			}
		}
		if d > 0 {
			s *= 1 - float64(d)/float64(atRisk)
			// A tolerance: 1 - 1/2 computed as a product may land a hair
			// above one half.
			if s <= 0.5+1e-12 {
				return Median{Days: t, Reached: true}
			}
		}
		atRisk -= d + c
	}
	return Median{}
}
