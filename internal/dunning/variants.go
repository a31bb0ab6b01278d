package dunning

import (
	"hash/fnv"
	"sort"
	"strings"

	"github.com/relance-app/relance/internal/ledger"
)

// Template variants and their assignment (issue 19). The owner may write
// variants B, C… of a letter's template beside the default (A); the plan
// gives each letter one, so that the report can compare them.
//
// The experiment is one per language: the default A and every variant
// letter written for any kind of the ladder in that language (Variants),
// named by the language and its letters ("fr:ABC"). A customer's arm in
// it is, in order:
//
//  1. the variant the owner fixed for the customer (customer set CODE
//     variant=B; customers.variant), whatever the experiment;
//  2. else the variant of the latest letter of this ladder recorded with
//     one (a letter listing any of the invoices the new letter lists, with
//     letters.variant B…Z), while that letter is still in the experiment:
//     the customer keeps it from reminder-1 to the final demand;
//  3. else FNV-1a (64 bits) of the customer's code, a 0 byte and the
//     experiment's name, modulo the number of its letters: stable (a plan
//     computed twice, or the Send reminder dialog's plan of one customer,
//     gives the same arm), balanced at random over customers, and drawn
//     afresh when the owner adds or removes a variant (a new experiment).
//
// The letter is written with the arm's template for its kind when there
// is one, else with the default; what is recorded (Action.Variant,
// letters.variant) is the template actually used: "" for the default, so
// that the report compares texts, never a customer's arm whose letter
// said the default's words. Consequence: a ladder whose letters were all
// written with the default pins nothing (rule 2) and its customer's arm
// is drawn by rule 3 again; the same arm while the experiment is the same.

// Variants are the template variants present: for each language, each
// letter kind's variant letters (B…Z), in order. nil: none, every letter
// is written with the default.
type Variants map[ledger.Language]map[ledger.LetterKind][]string

// Experiment is the experiment of a language: its name and its arms ("A"
// and every variant letter of any kind in that language, in order). One
// arm only ("A") means no experiment.
func (vs Variants) Experiment(lang ledger.Language) (name string, arms []string) {
	seen := map[string]bool{"A": true}
	arms = []string{"A"}
	for _, letters := range vs[lang] {
		for _, v := range letters {
			if !seen[v] {
				seen[v] = true
				arms = append(arms, v)
			}
		}
	}
	sort.Strings(arms)
	return string(lang) + ":" + strings.Join(arms, ""), arms
}

// has says whether kind has variant v in lang.
func (vs Variants) has(lang ledger.Language, kind ledger.LetterKind, v string) bool {
	for _, x := range vs[lang][kind] {
		if x == v {
			return true
		}
	}
	return false
}

// Arm is a customer's arm in the experiment of lang (rules 1 to 3 above):
// fixed is the owner's choice ("" none), pinned the variant of the ladder's
// latest letter recorded with one ("" none). It is "A" when there is no
// experiment and nothing is fixed.
func (vs Variants) Arm(lang ledger.Language, code, fixed, pinned string) string {
	if fixed != "" {
		return fixed
	}
	name, arms := vs.Experiment(lang)
	if len(arms) == 1 {
		return "A"
	}
	if pinned != "" {
		for _, a := range arms {
			if a == pinned {
				return pinned
			}
		}
	}
	return arms[ArmIndex(code, name, len(arms))]
}

// ArmIndex is rule 3's draw: FNV-1a of code, a 0 byte and the
// experiment's name, modulo n.
func ArmIndex(code, experiment string, n int) int {
	h := fnv.New64a()
	h.Write([]byte(code))
	h.Write([]byte{0})
	h.Write([]byte(experiment))
	return int(h.Sum64() % uint64(n))
}

// Variant is the template variant a letter of kind in lang is written
// with for a customer in arm: the arm's when kind has it, else "" (the
// default).
func (vs Variants) Variant(lang ledger.Language, kind ledger.LetterKind, arm string) string {
	if arm == "" || arm == "A" || !vs.has(lang, kind, arm) {
		return ""
	}
	return arm
}

// Choose is the variant of a letter of kind in lang to the customer code
// (Arm, then Variant): the one function the plan and the Send reminder
// dialog use.
func (vs Variants) Choose(lang ledger.Language, kind ledger.LetterKind, code, fixed, pinned string) string {
	if fixed == "" && len(vs[lang]) == 0 {
		return "" // no variant in that language: the common case, at once
	}
	return vs.Variant(lang, kind, vs.Arm(lang, code, fixed, pinned))
}

// PinnedVariant is rule 2's variant: that of the latest letter of hist
// (dated up to asOf) listing any of the invoices and recorded with a
// variant; "" when none.
func PinnedVariant(hist []SentLetter, invoiceIDs []int64, asOf ledger.Date) string {
	want := make(map[int64]bool, len(invoiceIDs))
	for _, id := range invoiceIDs {
		want[id] = true
	}
	var best *SentLetter
	for i := range hist {
		l := &hist[i]
		if l.Variant == "" || l.Date > asOf || l.Level >= 4 {
			continue
		}
		for id := range l.Invoices {
			if want[id] {
				if best == nil || l.Date > best.Date || (l.Date == best.Date && l.ID > best.ID) {
					best = l
				}
				break
			}
		}
	}
	if best == nil {
		return ""
	}
	return best.Variant
}
