package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/relance-app/relance/internal/ledger"
)

// Campaign is an announcement to many customers: a billing change, a move
// to paperless billing, or appointment reminders.
type Campaign struct {
	ID            int64
	Name          string
	Kind          ledger.CampaignKind
	Fields        map[string]string // the kind's fields, as the owner typed them
	Audience      Audience
	EffectiveDate ledger.Date // billing change: new terms from; paperless: the switch date
	TermsChange   bool        // paperless: the notice changes the terms, no consent needed
	CreatedOn     ledger.Date
}

// Audience says whom a campaign reaches: everyone, the customers a search
// finds, or a list of codes (the owner's hand-picked list).
type Audience struct {
	All    bool     `json:"all,omitempty"`
	Search string   `json:"search,omitempty"`
	Codes  []string `json:"codes,omitempty"`
}

// CreateCampaign stores a new campaign; its name must be free.
func (q *Queries) CreateCampaign(ctx context.Context, c Campaign) (int64, error) {
	fields, err := json.Marshal(c.Fields)
	if err != nil {
		return 0, err
	}
	aud, err := json.Marshal(c.Audience)
	if err != nil {
		return 0, err
	}
	id, err := q.insert(ctx, `INSERT INTO campaigns (name, kind, fields, audience, effective_date, terms_change, created_on)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, c.Name, c.Kind, string(fields), string(aud), nullDate(c.EffectiveDate), c.TermsChange, c.CreatedOn.String())
	if err != nil {
		if q.dialect.isUnique(err) {
			return 0, fmt.Errorf("campaign %q: %w", c.Name, ErrDuplicate)
		}
		return 0, fmt.Errorf("create campaign %q: %w", c.Name, err)
	}
	return id, nil
}

const campaignColumns = `id, name, kind, fields, audience, coalesce(effective_date, ''), terms_change, created_on`

func scanCampaign(sc rowScanner) (Campaign, error) {
	var c Campaign
	var fields, aud, eff, created string
	if err := sc.Scan(&c.ID, &c.Name, &c.Kind, &fields, &aud, &eff, &c.TermsChange, &created); err != nil {
		return c, err
	}
	if err := json.Unmarshal([]byte(fields), &c.Fields); err != nil {
		return c, fmt.Errorf("campaign %q fields: %w", c.Name, err)
	}
	if err := json.Unmarshal([]byte(aud), &c.Audience); err != nil {
		return c, fmt.Errorf("campaign %q audience: %w", c.Name, err)
	}
	if eff != "" {
		c.EffectiveDate, _ = ledger.ParseISODate(eff)
	}
	c.CreatedOn, _ = ledger.ParseISODate(created)
	return c, nil
}

// CampaignByName reads one campaign.
func (q *Queries) CampaignByName(ctx context.Context, name string) (Campaign, error) {
	c, err := scanCampaign(q.row(ctx, `SELECT `+campaignColumns+` FROM campaigns WHERE name = ?`, name))
	if isNoRows(err) {
		return c, fmt.Errorf("campaign %q: %w", name, ErrNotFound)
	}
	return c, err
}

// Campaigns lists every campaign, newest first.
func (q *Queries) Campaigns(ctx context.Context) ([]Campaign, error) {
	return q.queryCampaigns(ctx, `SELECT `+campaignColumns+` FROM campaigns ORDER BY id DESC`)
}

func (q *Queries) queryCampaigns(ctx context.Context, query string, args ...any) ([]Campaign, error) {
	rows, err := q.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("read the campaigns: %w", err)
	}
	defer rows.Close()
	var out []Campaign
	for rows.Next() {
		c, err := scanCampaign(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CampaignOfOutbox finds the campaign whose notice an email was.
func (q *Queries) CampaignOfOutbox(ctx context.Context, outboxID int64) (Campaign, bool, error) {
	c, err := scanCampaign(q.row(ctx, `SELECT `+campaignColumns+` FROM campaigns
		WHERE id = (SELECT campaign_id FROM campaign_recipients -- a retry to one address stands for its notice
			WHERE outbox_id = (SELECT coalesce(retry_of, id) FROM outbox WHERE id = ?))`, outboxID))
	if isNoRows(err) {
		return c, false, nil
	}
	return c, err == nil, err
}

// BillingChangesBy lists the billing-change campaigns in force on a day
// (effective on or before it), the latest first.
func (q *Queries) BillingChangesBy(ctx context.Context, day ledger.Date) ([]Campaign, error) {
	return q.queryCampaigns(ctx, `SELECT `+campaignColumns+` FROM campaigns
		WHERE kind = 'billing-change' AND effective_date <= ? ORDER BY effective_date DESC, id DESC`, day.String())
}
