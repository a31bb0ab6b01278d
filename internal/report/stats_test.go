package report

import (
	"math"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestWilsonByHand(t *testing.T) {
	// 2 of 10: p = 0.2, z² = 3.84146, den = 1 + 3.84146/10 = 1.384146,
	// centre = (0.2 + 3.84146/20) / 1.384146 = 0.392073/1.384146 = 0.283259,
	// half = 1.959964/1.384146 × √(0.2×0.8/10 + 3.84146/400)
	//      = 1.416009 × √0.0256037 = 1.416009 × 0.160011 = 0.226577,
	// so [0.056682, 0.509836] (the published Wilson interval of 2/10).
	r := NewRate(2, 10)
	if r.P != 0.2 || !near(r.Low, 0.056682, 1e-5) || !near(r.High, 0.509836, 1e-5) {
		t.Errorf("2/10: %+v", r)
	}
	// 0 of 20: p = 0, den = 1.192073, centre = (3.84146/40)/1.192073 =
	// 0.0960365/1.192073 = 0.080563, half = 1.644165 × √(3.84146/1600) =
	// 1.644165 × 0.0489990 = 0.080563: [0, 0.161125].
	r = NewRate(0, 20)
	if r.Low != 0 || !near(r.High, 0.161125, 1e-5) {
		t.Errorf("0/20: %+v", r)
	}
	if r := NewRate(0, 0); r.N != 0 || r.P != 0 || r.Low != 0 || r.High != 0 {
		t.Errorf("0/0: %+v", r)
	}
}

func TestTwoProportionByHand(t *testing.T) {
	// 40/100 against 20/100: pooled p = 60/200 = 0.3, se = √(0.3×0.7×(1/100+1/100))
	// = √0.0042 = 0.0648074, z = 0.2/0.0648074 = 3.086067, two-sided
	// p = erfc(3.086067/√2) = 0.0020282.
	p := TwoProportionP(NewRate(40, 100), NewRate(20, 100))
	if !near(p, 0.0020282, 1e-6) {
		t.Errorf("40/100 vs 20/100: p = %v", p)
	}
	// 33/100 against 20/100: pooled 0.265, se = √(0.265×0.735×0.02) =
	// √0.0038955 = 0.0624139, z = 0.13/0.0624139 = 2.082876, p = 0.037263:
	// under 5 % alone.
	p = TwoProportionP(NewRate(33, 100), NewRate(20, 100))
	if !near(p, 0.037263, 1e-5) {
		t.Errorf("33/100 vs 20/100: p = %v", p)
	}
	if p := TwoProportionP(NewRate(0, 50), NewRate(0, 50)); p != 1 {
		t.Errorf("nothing on either side: p = %v", p)
	}
}

func TestKaplanMeierByHand(t *testing.T) {
	// Days 2 (paid), 3 (censored), 3 (paid), 5 (paid), 8 (censored):
	// day 2: 5 at risk, S = 1 − 1/5 = 0.8; day 3: 4 at risk (the censored
	// one of day 3 still counts), S = 0.8 × (1 − 1/4) = 0.6; day 5: 2 at
	// risk, S = 0.6 × (1 − 1/2) = 0.3 ≤ 0.5: the median is day 5. (The
	// naive median of the paid ones, 3, ignores those still unpaid.)
	m := KaplanMeierMedian([]int{5, 3, 2, 8, 3}, []bool{true, false, true, false, true})
	if !m.Reached || m.Days != 5 {
		t.Errorf("median %+v, want day 5", m)
	}
	// One of two paid on day 6, the other watched 14 days unpaid: S(6) =
	// 1 − 1/2 = 0.5: the median is day 6.
	if m := KaplanMeierMedian([]int{14, 6}, []bool{false, true}); !m.Reached || m.Days != 6 {
		t.Errorf("median %+v, want day 6", m)
	}
	// One of three paid: S never falls to one half.
	if m := KaplanMeierMedian([]int{4, 30, 30}, []bool{true, false, false}); m.Reached {
		t.Errorf("median %+v, want none", m)
	}
}

func TestVerdictsBonferroniAndMinimum(t *testing.T) {
	g := func(key string, k, n, pk, pn int) Group {
		return Group{Key: key, Reply: NewRate(k, n), Paid30: NewRate(pk, pn)}
	}
	// Two groups, two metrics: 2 tests, each at 0.05/2 = 0.025. Replies
	// 40/100 vs 20/100 (p = 0.0020) pass; paid 33/100 vs 30/100 (pooled
	// 0.315, se = √(0.315×0.685×0.02) = 0.065692, z = 0.4567, p = 0.648)
	// does not.
	n, vs := verdicts([]Group{g("A", 20, 100, 30, 100), g("B", 40, 100, 33, 100)})
	if n != 2 || len(vs) != 1 || vs[0].Metric != MetricReply || vs[0].Better != "B" || vs[0].Worse != "A" ||
		vs[0].BetterRate.K != 40 || vs[0].WorseRate.K != 20 {
		t.Errorf("%d tests, verdicts %+v", n, vs)
	}
	// Three groups: 3 pairs × 2 metrics = 6 tests at 0.05/6 = 0.00833.
	// C's 33/100 against A's 20/100 has p = 0.0373: below 5 % alone, not
	// after the correction; B against A (p = 0.0020) still passes; B
	// (40) against C (33): pooled 0.365, se = √(0.365×0.635×0.02) =
	// 0.068084, z = 1.0281, p = 0.304: no.
	n, vs = verdicts([]Group{g("A", 20, 100, 30, 100), g("B", 40, 100, 30, 100), g("C", 33, 100, 30, 100)})
	if n != 6 || len(vs) != 1 || vs[0].Better != "B" || vs[0].Worse != "A" {
		t.Errorf("%d tests, verdicts %+v", n, vs)
	}
	// Under MinCount letters on one side: no test at all, however large
	// the difference (29 of 29 against 0 of 100).
	n, vs = verdicts([]Group{g("A", 0, 100, 0, 100), g("B", 29, 29, 0, 29)})
	if n != 0 || len(vs) != 0 {
		t.Errorf("%d tests, verdicts %+v", n, vs)
	}
}
