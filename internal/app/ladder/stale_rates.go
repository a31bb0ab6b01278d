package ladder

import (
	"context"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
)

// StaleRates are the reference rate tables of the company's jurisdiction
// that are stale on asOf (dunning.Tables.Stale: the rule relancectl
// interest and letter warn with), for Home and Settings to flag with the
// form that adds the newer rate (AddRate, as relancectl rates add).
func (s *Service) StaleRates(ctx context.Context, asOf ledger.Date) ([]*dunning.Table, error) {
	co, err := s.St.Company(ctx)
	if err != nil {
		return nil, err
	}
	tabs, err := s.RateTables(ctx)
	if err != nil {
		return nil, err
	}
	return tabs.Stale(asOf, dunning.JurisdictionTables(co.Jurisdiction)...), nil
}
