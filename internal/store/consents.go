package store

import (
	"context"
	"fmt"
	"time"

	"github.com/relance-app/relance/internal/ledger"
)

// consents: the customers' paperless answers, each with its proof.

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

// RecordConsent keeps an answer and, in the same transaction (the
// batch's, in a batch), sets the customer's paperless state and the day
// their letters go by email only (cleared by a refusal or a withdrawal),
// and the campaign recipient's state.
func (q *Queries) RecordConsent(ctx context.Context, k ConsentRecord, now time.Time) (int64, error) {
	var id int64
	err := q.inTx(ctx, func(q *Queries) error {
		var err error
		id, err = q.insert(ctx, `INSERT INTO consents (customer_id, campaign_id, state, date, channel, recorded_by, recorded_at, evidence, inbound_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, k.CustomerID, nullID(k.CampaignID), k.State, k.Date.String(), k.Channel, k.RecordedBy, stamp(now),
			k.Evidence, nullID(k.InboundID))
		if err != nil {
			return fmt.Errorf("record the consent: %w", err)
		}
		var from any
		if k.State == ledger.ConsentGranted {
			from = k.From.String()
		}
		if _, err := q.exec(ctx, `UPDATE customers SET paperless_state = ?, paperless_date = ?, paperless_channel = ?,
			paperless_evidence = ?, email_only_from = ? WHERE id = ?`, k.State, k.Date.String(), k.Channel, k.Evidence, from, k.CustomerID); err != nil {
			return fmt.Errorf("record the consent: %w", err)
		}
		if k.CampaignID != 0 {
			if _, err := q.exec(ctx, `UPDATE campaign_recipients SET state = ?, state_on = ? WHERE campaign_id = ? AND customer_id = ?`,
				k.State, k.Date.String(), k.CampaignID, k.CustomerID); err != nil {
				return fmt.Errorf("record the consent: %w", err)
			}
		}
		return nil
	})
	return id, err
}
