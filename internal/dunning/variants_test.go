package dunning

import (
	"fmt"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// fnv1a is FNV-1a (64 bits) written out from its definition (offset
// basis 14695981039346656037, prime 1099511628211), so the tests check
// the plan's draw against the algorithm rather than against itself.
func fnv1a(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// byHand is rule 3's arm: FNV-1a of code, a 0 byte and the experiment's
// name, modulo the number of arms.
func byHand(code, experiment string, arms []string) string {
	return arms[fnv1a(code+"\x00"+experiment)%uint64(len(arms))]
}

// variantsLedger: n customers (C0000…), English, each with one invoice
// due on 2025-06-01, so reminder-1 is due on 06-08.
func variantsLedger(n int) Input {
	in := Input{AsOf: ledger.MustDate("2025-06-08"), Policy: DefaultPolicy(), Customers: map[int64]*Customer{}}
	for i := 1; i <= n; i++ {
		c := customer(int64(i), fmt.Sprintf("C%04d", i), false)
		c.Language = ledger.English
		in.Customers[int64(i)] = c
		in.Invoices = append(in.Invoices, openInv(int64(i), int64(i), fmt.Sprintf("F%04d", i), "2025-06-01", 10000, "EUR"))
	}
	return in
}

func TestExperimentIsTheLanguagesLetters(t *testing.T) {
	vs := Variants{ledger.English: {KindReminder1: {"B"}, KindFinalDemand: {"B", "D"}}, ledger.French: {KindReminder2: {"C"}}}
	if name, arms := vs.Experiment(ledger.English); name != "en:ABD" || fmt.Sprint(arms) != "[A B D]" {
		t.Errorf("en: %s %v", name, arms)
	}
	if name, arms := vs.Experiment(ledger.German); name != "de:A" || len(arms) != 1 {
		t.Errorf("de: %s %v", name, arms)
	}
	// The hash is FNV-1a as published: its test vector for "a".
	if got := fnv1a("a"); got != 0xaf63dc4c8601ec8c {
		t.Fatalf("fnv1a(a) = %x", got)
	}
	if got, want := ArmIndex("C0001", "en:ABD", 3), int(fnv1a("C0001\x00en:ABD")%3); got != want {
		t.Errorf("ArmIndex %d, by hand %d", got, want)
	}
	// A kind without the arm's variant is written with the default.
	if v := vs.Variant(ledger.English, KindReminder1, "D"); v != "" {
		t.Errorf("reminder-1 has no D: %q", v)
	}
	if v := vs.Variant(ledger.English, KindFinalDemand, "D"); v != "D" {
		t.Errorf("final demand D: %q", v)
	}
}

// TestVariantsAreStableAndBalanced: two variants (A, the default, and B)
// over 1,000 customers. The plan computed twice gives every customer the
// same variant, each the one the hash gives by hand, and the split is
// balanced: under a fair draw the count of B is Binomial(1000, 1/2), mean
// 500, standard deviation √(1000·¼) = 15.8; the bound ±63 is four
// standard deviations (a fair draw leaves it with probability 6·10⁻⁵).
func TestVariantsAreStableAndBalanced(t *testing.T) {
	in := variantsLedger(1000)
	in.Tables = testTables(t)
	in.Variants = Variants{ledger.English: {KindReminder1: {"B"}, KindReminder2: {"B"}, KindFinalDemand: {"B"}}}
	one, err := MakePlan(in)
	if err != nil {
		t.Fatal(err)
	}
	two, err := MakePlan(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(one.Actions) != 1000 || len(two.Actions) != 1000 {
		t.Fatalf("%d and %d letters", len(one.Actions), len(two.Actions))
	}
	b := 0
	for i, a := range one.Actions {
		if two.Actions[i].CustomerCode != a.CustomerCode || two.Actions[i].Variant != a.Variant {
			t.Fatalf("%s: %q then %s %q", a.CustomerCode, a.Variant, two.Actions[i].CustomerCode, two.Actions[i].Variant)
		}
		want := byHand(a.CustomerCode, "en:AB", []string{"A", "B"})
		if want == "A" {
			want = ""
		}
		if a.Variant != want || a.Language != ledger.English {
			t.Fatalf("%s: variant %q language %q, by hand %q", a.CustomerCode, a.Variant, a.Language, want)
		}
		if a.Variant == "B" {
			b++
		}
	}
	t.Logf("B: %d of 1000", b)
	if b < 500-63 || b > 500+63 {
		t.Errorf("B went to %d customers of 1,000: outside 500 ± 63", b)
	}
	// No variant in a language: no experiment, every letter the default.
	in.Variants = Variants{ledger.French: {KindReminder1: {"B"}}}
	fr, err := MakePlan(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range fr.Actions {
		if a.Variant != "" {
			t.Fatalf("%s: %q with no English variant", a.CustomerCode, a.Variant)
		}
	}
}

// codeWithArm finds a code whose hash gives arm in the experiment.
func codeWithArm(t *testing.T, experiment string, arms []string, arm string) string {
	for i := 0; i < 1000; i++ {
		if c := fmt.Sprintf("K%03d", i); byHand(c, experiment, arms) == arm {
			return c
		}
	}
	t.Fatalf("no code draws %s in %s", arm, experiment)
	return ""
}

// TestFixedVariantWins: the owner's choice beats the draw, either way.
func TestFixedVariantWins(t *testing.T) {
	ab := []string{"A", "B"}
	drawsA, drawsB := codeWithArm(t, "en:AB", ab, "A"), codeWithArm(t, "en:AB", ab, "B")
	in := variantsLedger(2)
	in.Tables = testTables(t)
	in.Customers[1].Code, in.Customers[1].Variant = drawsA, "B"
	in.Customers[2].Code, in.Customers[2].Variant = drawsB, "A"
	in.Variants = Variants{ledger.English: {KindReminder1: {"B"}}}
	p, err := MakePlan(in)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, a := range p.Actions {
		got[a.CustomerCode] = a.Variant
	}
	if got[drawsA] != "B" || got[drawsB] != "" {
		t.Errorf("fixed B to %s (draws A): %q; fixed A to %s (draws B): %q", drawsA, got[drawsA], drawsB, got[drawsB])
	}
}

// TestCustomerKeepsItsVariantUpTheLadder: a customer drawn B at
// reminder-1 keeps B at reminder-2 and at the final demand, even once the
// owner has added a variant C (a new experiment, en:ABC, in which the
// customer's code draws something else): the letter recorded with B pins
// it. A letter of a kind without B is the default, and the next kind with
// B gets B again.
func TestCustomerKeepsItsVariantUpTheLadder(t *testing.T) {
	code := ""
	for i := 0; i < 1000 && code == ""; i++ {
		c := fmt.Sprintf("K%03d", i)
		if byHand(c, "en:AB", []string{"A", "B"}) == "B" && byHand(c, "en:ABC", []string{"A", "B", "C"}) != "B" {
			code = c
		}
	}
	if code == "" {
		t.Fatal("no code that a new experiment would move")
	}
	in := variantsLedger(1)
	in.Tables = testTables(t)
	in.Customers[1].Code = code
	in.Variants = Variants{ledger.English: {KindReminder1: {"B"}, KindReminder2: {"B"}, KindFinalDemand: {"B"}}}
	step := func(day string, kind ledger.LetterKind, want string) {
		t.Helper()
		in.AsOf = ledger.MustDate(day)
		p, err := MakePlan(in)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Actions) != 1 || p.Actions[0].Kind != kind || p.Actions[0].Variant != want {
			t.Fatalf("%s: %+v, want %s in variant %q", day, p.Actions, kind, want)
		}
		a := p.Actions[0]
		in.Letters = append(in.Letters, SentLetter{ID: int64(len(in.Letters) + 1), CustomerID: 1, Currency: "EUR", Level: a.Level,
			Kind: a.Kind, Date: in.AsOf, Invoices: map[int64]int{1: a.Level}, Variant: a.Variant})
	}
	step("2025-06-08", KindReminder1, "B")
	// The owner adds C to reminder-2 and removes B from it: the
	// customer's reminder-2 is the default (no B of that kind)…
	in.Variants = Variants{ledger.English: {KindReminder1: {"B"}, KindReminder2: {"C"}, KindFinalDemand: {"B"}}}
	step("2025-06-22", KindReminder2, "")
	// …and its final demand is B again: the reminder-1 recorded with B
	// still pins it, whatever en:ABC would draw.
	step("2025-07-06", KindFinalDemand, "B")
}

// TestRecheckChoosesTheVariantOfTheKindSent: a letter shown at level 2
// whose level-2 invoice was paid meanwhile goes at level 1, with the
// arm's variant of reminder-1 (reminder-2 had none).
func TestRecheckChoosesTheVariantOfTheKindSent(t *testing.T) {
	code := codeWithArm(t, "en:AB", []string{"A", "B"}, "B")
	in := variantsLedger(2)
	in.Tables = testTables(t)
	in.AsOf = ledger.MustDate("2025-06-22")
	in.Customers[1].Code = code
	delete(in.Customers, 2)
	in.Invoices[1].CustomerID = 1
	in.Invoices[1].DueDate = ledger.MustDate("2025-06-10")
	// F0001 had its reminder-1 on 06-08 (default: nothing pins).
	in.Letters = []SentLetter{{ID: 1, CustomerID: 1, Currency: "EUR", Level: 1, Kind: KindReminder1, Date: ledger.MustDate("2025-06-08"), Invoices: map[int64]int{1: 1}}}
	in.Variants = Variants{ledger.English: {KindReminder1: {"B"}}}
	shown, err := MakePlan(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(shown.Actions) != 1 || shown.Actions[0].Kind != KindReminder2 || shown.Actions[0].Variant != "" {
		t.Fatalf("shown %+v", shown.Actions)
	}
	// F0001 is paid before the letters are confirmed.
	in.Invoices = in.Invoices[1:]
	fresh, err := MakePlan(in)
	if err != nil {
		t.Fatal(err)
	}
	kept, _ := Recheck(in.Policy, shown.Actions, fresh, map[int64]bool{2: true})
	if len(kept) != 1 || kept[0].Kind != KindReminder1 || kept[0].Variant != "B" {
		t.Fatalf("kept %+v", kept)
	}
}
