package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
)

// A customer's dunning settings: the customers table's dunning columns.

// CustomerDunning is a customer's dunning settings.
type CustomerDunning struct {
	Excluded     bool
	PausedUntil  ledger.Date
	Jurisdiction ledger.Jurisdiction // "" = the company's
	ContractRate *dunning.Rate
	ContractFee  *ledger.Money
	Delays       dunning.CustomerDelays
	// Start: where the ladder starts for the debts due before its day
	// (migration 0019); zero for the ladder's first step.
	Start dunning.StartLevel
	// How the letters greet the customer: customer set changes these with
	// the terms above, in one write.
	Salutation string
	Title      string
	Gender     ledger.Gender
	// Variant: the template variant the owner fixed for the customer
	// (A the default, B…Z; migration 0021); "" lets the ladder assign one.
	Variant string
}

// CustomerDunning reads a customer's dunning settings.
func (q *Queries) CustomerDunning(ctx context.Context, code string) (CustomerDunning, error) {
	var d CustomerDunning
	var paused, startOn sql.NullString
	var jur, feeCur, gender string
	var rate, fee, d1, d2, d3, start sql.NullInt64
	err := q.row(ctx, `SELECT dunning_excluded, dunning_paused_until, jurisdiction, contract_rate, contract_fee,
		contract_fee_currency, delay1, delay2, delay3, salutation, title, gender, start_level, start_level_on, variant FROM customers WHERE code = ?`, code).
		Scan(&d.Excluded, &paused, &jur, &rate, &fee, &feeCur, &d1, &d2, &d3, &d.Salutation, &d.Title, &gender, &start, &startOn, &d.Variant)
	if isNoRows(err) {
		return d, fmt.Errorf("customer %q: %w", code, ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("read customer %q: %w", code, err)
	}
	d.PausedUntil = parseNullDate(paused)
	d.Jurisdiction = ledger.Jurisdiction(jur)
	d.Gender = ledger.Gender(gender)
	if rate.Valid {
		r := dunning.Rate(rate.Int64)
		d.ContractRate = &r
	}
	if fee.Valid {
		d.ContractFee = &ledger.Money{Minor: fee.Int64, Currency: ledger.Currency(feeCur)}
	}
	d.Delays = dunning.CustomerDelays{0, int(d1.Int64), int(d2.Int64), int(d3.Int64)}
	if start.Valid {
		d.Start = dunning.StartLevel{Level: int(start.Int64), On: parseNullDate(startOn)}
	}
	return d, nil
}

// SetCustomerDunning saves a customer's dunning settings.
func (q *Queries) SetCustomerDunning(ctx context.Context, code string, d CustomerDunning) error {
	var rate, fee any
	feeCur := ""
	if d.ContractRate != nil {
		rate = int64(*d.ContractRate)
	}
	if d.ContractFee != nil {
		fee, feeCur = d.ContractFee.Minor, string(d.ContractFee.Currency)
	}
	delay := func(n int) any {
		if d.Delays[n] <= 0 {
			return nil
		}
		return d.Delays[n]
	}
	var start, startOn any
	if d.Start.Level > 0 {
		start, startOn = d.Start.Level, nullDate(d.Start.On)
	}
	res, err := q.exec(ctx, `UPDATE customers SET dunning_excluded = ?, dunning_paused_until = ?, jurisdiction = ?,
		contract_rate = ?, contract_fee = ?, contract_fee_currency = ?, delay1 = ?, delay2 = ?, delay3 = ?,
		salutation = ?, title = ?, gender = ?, start_level = ?, start_level_on = ?, variant = ? WHERE code = ?`,
		d.Excluded, nullDate(d.PausedUntil), string(d.Jurisdiction), rate, fee, feeCur, delay(1), delay(2), delay(3),
		d.Salutation, d.Title, string(d.Gender), start, startOn, d.Variant, code)
	if err != nil {
		return fmt.Errorf("save customer %q: %w", code, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("customer %q: %w", code, ErrNotFound)
	}
	return nil
}

// CustomersWithStartLevel returns the codes of the customers whose owner
// chose where their ladder starts (migration 0019).
func (q *Queries) CustomersWithStartLevel(ctx context.Context) (map[string]bool, error) {
	rows, err := q.query(ctx, `SELECT code FROM customers WHERE start_level IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("read starting levels: %w", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return nil, err
		}
		out[code] = true
	}
	return out, rows.Err()
}
