package store

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/ledger"
)

// campaign_recipients: the customers a campaign reached and where each
// stands.

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
// queues or prints their notice (one of its own on the database): the
// primary key refuses a second one.
func (q *Queries) AddRecipient(ctx context.Context, r Recipient) error {
	return q.inTx(ctx, func(q *Queries) error {
		if _, err := q.exec(ctx, `INSERT INTO campaign_recipients (campaign_id, customer_id, channel, state, sent_on, outbox_id)
			VALUES (?, ?, ?, 'sent', ?, ?)`, r.CampaignID, r.CustomerID, r.Channel, r.SentOn.String(), nullID(r.OutboxID)); err != nil {
			return fmt.Errorf("record the notice to %s: %w", r.CustomerCode, err)
		}
		// A paperless notice: asked, unless the customer had already answered.
		if _, err := q.exec(ctx, `UPDATE customers SET paperless_state = 'asked', paperless_date = ?
			WHERE id = ? AND paperless_state = 'none' AND (SELECT kind FROM campaigns WHERE id = ?) = 'paperless'`,
			r.SentOn.String(), r.CustomerID, r.CampaignID); err != nil {
			return fmt.Errorf("record the notice to %s: %w", r.CustomerCode, err)
		}
		return nil
	})
}

// RecipientsOf lists a campaign's recipients by customer code, each with
// the email's state and their latest consent.
func (q *Queries) RecipientsOf(ctx context.Context, campaignID int64) ([]Recipient, error) {
	rows, err := q.query(ctx, `SELECT r.campaign_id, r.customer_id, c.code, c.name, r.channel, r.state, r.sent_on,
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

// IsRecipient tells whether a campaign reached a customer.
func (q *Queries) IsRecipient(ctx context.Context, campaignID, customerID int64) (bool, error) {
	var n int
	err := q.row(ctx, `SELECT count(*) FROM campaign_recipients WHERE campaign_id = ? AND customer_id = ?`, campaignID, customerID).Scan(&n)
	return n > 0, err
}

// SetRecipientState records a recipient's answer that is not a consent
// (a billing change acknowledged).
func (q *Queries) SetRecipientState(ctx context.Context, campaignID, customerID int64, state string, on ledger.Date) (bool, error) {
	res, err := q.exec(ctx, `UPDATE campaign_recipients SET state = ?, state_on = ? WHERE campaign_id = ? AND customer_id = ?`,
		state, on.String(), campaignID, customerID)
	if err != nil {
		return false, fmt.Errorf("record the answer: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// MarkPostcards records the postcard reminders printed for these
// customers of a campaign.
func (q *Queries) MarkPostcards(ctx context.Context, campaignID int64, customerIDs []int64, on ledger.Date) error {
	return q.inTx(ctx, func(q *Queries) error {
		for _, id := range customerIDs {
			if _, err := q.exec(ctx, `UPDATE campaign_recipients SET postcard_on = ? WHERE campaign_id = ? AND customer_id = ?`,
				on.String(), campaignID, id); err != nil {
				return fmt.Errorf("record the postcards: %w", err)
			}
		}
		return nil
	})
}
