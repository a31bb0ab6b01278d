package dunning

import (
	"encoding/json"
	"fmt"

	"github.com/relance-app/relance/assets"
	"github.com/relance-app/relance/internal/ledger"
)

type shippedFile struct {
	Tables []struct {
		ID         string `json:"id"`
		Name       string `json:"name"`
		HalfYearly bool   `json:"half_yearly"`
		Checked    string `json:"checked"`
		Entries    []struct {
			From   string `json:"from"`
			Rate   string `json:"rate"`
			Source string `json:"source"`
		} `json:"entries"`
	} `json:"tables"`
}

// ShippedTables parses the reference rate tables embedded in the program
// (assets/rates/rates.json).
func ShippedTables() ([]Table, error) { return parseTables(assets.Rates) }

func parseTables(data []byte) ([]Table, error) {
	var f shippedFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("rate tables: %w", err)
	}
	var out []Table
	for _, t := range f.Tables {
		checked, err := ledger.ParseISODate(t.Checked)
		if err != nil {
			return nil, fmt.Errorf("rate table %s: checked: %w", t.ID, err)
		}
		tb := Table{ID: RateID(t.ID), Name: t.Name, HalfYearly: t.HalfYearly, Checked: checked}
		for _, e := range t.Entries {
			from, err := ledger.ParseISODate(e.From)
			if err != nil {
				return nil, fmt.Errorf("rate table %s: %w", t.ID, err)
			}
			r, err := ParseRate(e.Rate)
			if err != nil {
				return nil, fmt.Errorf("rate table %s, %s: %w", t.ID, e.From, err)
			}
			if e.Source == "" {
				return nil, fmt.Errorf("rate table %s, %s: no source", t.ID, e.From)
			}
			tb.Entries = append(tb.Entries, RateEntry{Table: tb.ID, From: from, Rate: r, Source: e.Source})
		}
		out = append(out, tb)
	}
	return out, nil
}

// LoadTables combines the shipped tables with the owner's entries.
func LoadTables(owner []RateEntry) (*Tables, error) {
	shipped, err := ShippedTables()
	if err != nil {
		return nil, err
	}
	return NewTables(shipped, owner)
}
