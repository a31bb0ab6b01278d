package ladder

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/letter"
)

// Variants are the owner's template variants of the ladder's letters
// (KIND.LANG.B.tmpl in the template folder), per language and kind: the
// plan's experiments (dunning/variants.go). Read on every plan, so a
// variant added or removed counts from the next plan on.
func (s *Service) Variants(ctx context.Context) (dunning.Variants, error) {
	all, err := letter.AllVariants(s.TemplateDir())
	if err != nil {
		return nil, fmt.Errorf("the plan's template variants: %w", err)
	}
	if len(all) == 0 {
		return nil, nil
	}
	vs := dunning.Variants{}
	for _, lv := range s.Policy(ctx).Levels {
		if lv.Number > 3 {
			continue // a task is no letter
		}
		for lang, letters := range all[lv.Kind.Template()] {
			l := ledger.Language(lang)
			if vs[l] == nil {
				vs[l] = map[ledger.LetterKind][]string{}
			}
			vs[l][lv.Kind] = letters
		}
	}
	return vs, nil
}

// CustomerVariant is the template variant a letter of kind in lang to the
// customer is written with, listing the invoices (ids) on asOf whose
// letters hist holds (store.LetterHistory): the plan's choice for that
// customer (dunning.Variants.Choose), so that a letter sent by hand (the
// Send reminder dialog) is the one the plan would send. fixed is the
// owner's choice for the customer ("" none).
func (s *Service) CustomerVariant(ctx context.Context, code, fixed string, lang ledger.Language, kind ledger.LetterKind,
	hist []dunning.SentLetter, invoiceIDs []int64, asOf ledger.Date) (string, error) {
	if !kind.Reminder() {
		return "", nil // statements and campaigns are no step of the ladder
	}
	vs, err := s.Variants(ctx)
	if err != nil {
		return "", err
	}
	return vs.Choose(lang, kind, code, fixed, dunning.PinnedVariant(hist, invoiceIDs, asOf)), nil
}
