package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

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

// ErrDuplicate is a name already taken.
var ErrDuplicate = errors.New("already exists")

// CreateCampaign stores a new campaign; its name must be free.
func (s *Store) CreateCampaign(ctx context.Context, c Campaign) (int64, error) {
	fields, err := json.Marshal(c.Fields)
	if err != nil {
		return 0, err
	}
	aud, err := json.Marshal(c.Audience)
	if err != nil {
		return 0, err
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO campaigns (name, kind, fields, audience, effective_date, terms_change, created_on)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, c.Name, c.Kind, string(fields), string(aud), nullDate(c.EffectiveDate), c.TermsChange, c.CreatedOn.String())
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return 0, fmt.Errorf("campaign %q: %w", c.Name, ErrDuplicate)
		}
		return 0, fmt.Errorf("create campaign %q: %w", c.Name, err)
	}
	return res.LastInsertId()
}

const campaignColumns = `id, name, kind, fields, audience, coalesce(effective_date, ''), terms_change, created_on`

func scanCampaign(sc interface{ Scan(...any) error }) (Campaign, error) {
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
func (s *Store) CampaignByName(ctx context.Context, name string) (Campaign, error) {
	c, err := scanCampaign(s.db.QueryRowContext(ctx, `SELECT `+campaignColumns+` FROM campaigns WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("campaign %q: %w", name, ErrNotFound)
	}
	return c, err
}

// Campaigns lists every campaign, newest first.
func (s *Store) Campaigns(ctx context.Context) ([]Campaign, error) {
	return s.queryCampaigns(ctx, `SELECT `+campaignColumns+` FROM campaigns ORDER BY id DESC`)
}

func (s *Store) queryCampaigns(ctx context.Context, q string, args ...any) ([]Campaign, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
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

// Recipient is one customer a campaign reached, with where they stand.
type Recipient struct {
	CampaignID    int64
	CustomerID    int64
	CustomerCode  string
	CustomerName  string
	Channel       string // email, postal
	State         string // sent, acknowledged, granted, refused, withdrawn
	SentOn        ledger.Date
	StateOn       ledger.Date
	OutboxID      int64
	OutboxState   string // the email's delivery state ("" for post)
	PostcardOn    ledger.Date
	EmailOnlyFrom ledger.Date // the customer's, whichever campaign set it
	Consent       *ConsentRecord
}

// AddRecipient records a customer reached, in the transaction that
// queues or prints their notice: the primary key refuses a second one.
func (b *Batch) AddRecipient(r Recipient) error {
	var outbox any
	if r.OutboxID != 0 {
		outbox = r.OutboxID
	}
	_, err := b.tx.ExecContext(b.ctx, `INSERT INTO campaign_recipients (campaign_id, customer_id, channel, state, sent_on, outbox_id)
		VALUES (?, ?, ?, 'sent', ?, ?)`, r.CampaignID, r.CustomerID, r.Channel, r.SentOn.String(), outbox)
	if err != nil {
		return fmt.Errorf("record the notice to %s: %w", r.CustomerCode, err)
	}
	// A paperless notice: asked, unless the customer had already answered.
	_, err = b.tx.ExecContext(b.ctx, `UPDATE customers SET paperless_state = 'asked', paperless_date = ?
		WHERE id = ? AND paperless_state = 'none' AND (SELECT kind FROM campaigns WHERE id = ?) = 'paperless'`,
		r.SentOn.String(), r.CustomerID, r.CampaignID)
	return err
}

// RecipientsOf lists a campaign's recipients by customer code, each with
// the email's state and their latest consent.
func (s *Store) RecipientsOf(ctx context.Context, campaignID int64) ([]Recipient, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.campaign_id, r.customer_id, c.code, c.name, r.channel, r.state, r.sent_on,
		coalesce(r.state_on, ''), coalesce(r.outbox_id, 0), coalesce(o.state, ''), coalesce(r.postcard_on, ''), coalesce(c.email_only_from, ''),
		coalesce(k.id, 0), coalesce(k.state, ''), coalesce(k.date, ''), coalesce(k.channel, ''), coalesce(k.recorded_by, ''),
		coalesce(k.evidence, ''), coalesce(k.inbound_id, 0)
		FROM campaign_recipients r JOIN customers c ON c.id = r.customer_id
		LEFT JOIN outbox o ON o.id = r.outbox_id
		LEFT JOIN consents k ON k.id = (SELECT max(id) FROM consents WHERE customer_id = r.customer_id)
		WHERE r.campaign_id = ? ORDER BY c.code`, campaignID)
	if err != nil {
		return nil, fmt.Errorf("read the recipients: %w", err)
	}
	defer rows.Close()
	var out []Recipient
	for rows.Next() {
		var r Recipient
		var sent, stateOn, card, emailOnly, kState, kDate, kChannel, kBy, kEvidence string
		var kID, kInbound int64
		if err := rows.Scan(&r.CampaignID, &r.CustomerID, &r.CustomerCode, &r.CustomerName, &r.Channel, &r.State, &sent, &stateOn,
			&r.OutboxID, &r.OutboxState, &card, &emailOnly, &kID, &kState, &kDate, &kChannel, &kBy, &kEvidence, &kInbound); err != nil {
			return nil, err
		}
		r.SentOn, r.StateOn, r.PostcardOn, r.EmailOnlyFrom = parseDate(sent), parseDate(stateOn), parseDate(card), parseDate(emailOnly)
		if kID != 0 {
			r.Consent = &ConsentRecord{ID: kID, CustomerID: r.CustomerID, State: ledger.ConsentState(kState), Date: parseDate(kDate), Channel: kChannel,
				RecordedBy: kBy, Evidence: kEvidence, InboundID: kInbound}
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func parseDate(s string) ledger.Date {
	if s == "" {
		return 0
	}
	d, _ := ledger.ParseISODate(s)
	return d
}

// CampaignOfOutbox finds the campaign whose notice an email was.
func (s *Store) CampaignOfOutbox(ctx context.Context, outboxID int64) (Campaign, bool, error) {
	c, err := scanCampaign(s.db.QueryRowContext(ctx, `SELECT `+campaignColumns+` FROM campaigns
		WHERE id = (SELECT campaign_id FROM campaign_recipients -- a retry to one address stands for its notice
			WHERE outbox_id = (SELECT coalesce(retry_of, id) FROM outbox WHERE id = ?))`, outboxID))
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	return c, err == nil, err
}

// MarkPostcards records the postcard reminders printed for these
// customers of a campaign.
func (s *Store) MarkPostcards(ctx context.Context, campaignID int64, customerIDs []int64, on ledger.Date) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, id := range customerIDs {
			if _, err := tx.ExecContext(ctx, `UPDATE campaign_recipients SET postcard_on = ? WHERE campaign_id = ? AND customer_id = ?`,
				on.String(), campaignID, id); err != nil {
				return fmt.Errorf("record the postcards: %w", err)
			}
		}
		return nil
	})
}

// ConsentRecord is one paperless answer with its proof.
type ConsentRecord struct {
	ID         int64
	CustomerID int64
	CampaignID int64               // 0: given outside a campaign
	State      ledger.ConsentState // granted, refused, withdrawn
	Date       ledger.Date         // when the customer answered
	// From is the day letters go by email only (granted: the campaign's
	// switch date, or the answer's if later); ignored otherwise.
	From       ledger.Date
	Channel    string // email, phone, web, paper, terms
	RecordedBy string
	Evidence   string
	InboundID  int64
}

// RecordConsent keeps an answer and, in the same transaction, sets the
// customer's paperless state and the day their letters go by email only
// (cleared by a refusal or a withdrawal), and the campaign recipient's
// state.
func (s *Store) RecordConsent(ctx context.Context, k ConsentRecord, now time.Time) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = recordConsent(ctx, tx, k, now)
		return err
	})
	return id, err
}

// RecordConsent is Store.RecordConsent inside the batch's transaction.
func (b *Batch) RecordConsent(k ConsentRecord, now time.Time) (int64, error) {
	return recordConsent(b.ctx, b.tx, k, now)
}

func recordConsent(ctx context.Context, tx *sql.Tx, k ConsentRecord, now time.Time) (int64, error) {
	var campaign, inbound any
	if k.CampaignID != 0 {
		campaign = k.CampaignID
	}
	if k.InboundID != 0 {
		inbound = k.InboundID
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO consents (customer_id, campaign_id, state, date, channel, recorded_by, recorded_at, evidence, inbound_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, k.CustomerID, campaign, k.State, k.Date.String(), k.Channel, k.RecordedBy, stamp(now), k.Evidence, inbound)
	if err != nil {
		return 0, fmt.Errorf("record the consent: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	var from any
	if k.State == ledger.ConsentGranted {
		from = k.From.String()
	}
	if _, err := tx.ExecContext(ctx, `UPDATE customers SET paperless_state = ?, paperless_date = ?, paperless_channel = ?,
		paperless_evidence = ?, email_only_from = ? WHERE id = ?`, k.State, k.Date.String(), k.Channel, k.Evidence, from, k.CustomerID); err != nil {
		return 0, fmt.Errorf("record the consent: %w", err)
	}
	if k.CampaignID != 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE campaign_recipients SET state = ?, state_on = ? WHERE campaign_id = ? AND customer_id = ?`,
			k.State, k.Date.String(), k.CampaignID, k.CustomerID); err != nil {
			return 0, fmt.Errorf("record the consent: %w", err)
		}
	}
	return id, nil
}

// EmailOnlyFrom is the day a customer's letters go by email only (zero:
// never, the delivery preference rules).
func (s *Store) EmailOnlyFrom(ctx context.Context, customerID int64) (ledger.Date, error) {
	var d sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT email_only_from FROM customers WHERE id = ?`, customerID).Scan(&d)
	return parseDate(d.String), err
}

// BillingChangesBy lists the billing-change campaigns in force on a day
// (effective on or before it), the latest first.
func (s *Store) BillingChangesBy(ctx context.Context, day ledger.Date) ([]Campaign, error) {
	return s.queryCampaigns(ctx, `SELECT `+campaignColumns+` FROM campaigns
		WHERE kind = 'billing-change' AND effective_date <= ? ORDER BY effective_date DESC, id DESC`, day.String())
}

// IsRecipient tells whether a campaign reached a customer.
func (s *Store) IsRecipient(ctx context.Context, campaignID, customerID int64) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM campaign_recipients WHERE campaign_id = ? AND customer_id = ?`, campaignID, customerID).Scan(&n)
	return n > 0, err
}

// SetRecipientState records a recipient's answer that is not a consent
// (a billing change acknowledged).
func (s *Store) SetRecipientState(ctx context.Context, campaignID, customerID int64, state string, on ledger.Date) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE campaign_recipients SET state = ?, state_on = ? WHERE campaign_id = ? AND customer_id = ?`,
		state, on.String(), campaignID, customerID)
	if err != nil {
		return false, fmt.Errorf("record the answer: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}
