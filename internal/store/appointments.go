package store

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/ledger"
)

// Appointment is one appointment or event of a campaign.
type Appointment struct {
	ID           int64
	CampaignID   int64
	CustomerID   int64
	CustomerCode string
	StartsAt     string // wall-clock time in TimeZone: "2026-12-03T14:00"
	TimeZone     string // IANA name
	Minutes      int
	Place        string
	Subject      string
	RemindedOn   ledger.Date
	Channel      string
	OutboxID     int64
	OutboxState  string
	SMSText      string
	Mobile       string // the customer's
}

// AddAppointment stores an appointment.
func (q *Queries) AddAppointment(ctx context.Context, a Appointment) (int64, error) {
	id, err := q.insert(ctx, `INSERT INTO appointments (campaign_id, customer_id, starts_at, time_zone, minutes, place, subject)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, a.CampaignID, a.CustomerID, a.StartsAt, a.TimeZone, a.Minutes, a.Place, a.Subject)
	if err != nil {
		return 0, fmt.Errorf("add the appointment: %w", err)
	}
	return id, nil
}

// AppointmentsOf lists a campaign's appointments by start.
func (q *Queries) AppointmentsOf(ctx context.Context, campaignID int64) ([]Appointment, error) {
	rows, err := q.query(ctx, `SELECT a.id, a.campaign_id, a.customer_id, c.code, a.starts_at, a.time_zone, a.minutes, a.place, a.subject,
		coalesce(a.reminded_on, ''), a.channel, coalesce(a.outbox_id, 0), coalesce(o.state, ''), a.sms_text, c.mobile
		FROM appointments a JOIN customers c ON c.id = a.customer_id LEFT JOIN outbox o ON o.id = a.outbox_id
		WHERE a.campaign_id = ? ORDER BY a.starts_at, a.id`, campaignID)
	if err != nil {
		return nil, fmt.Errorf("read the appointments: %w", err)
	}
	defer rows.Close()
	var out []Appointment
	for rows.Next() {
		var a Appointment
		var reminded string
		if err := rows.Scan(&a.ID, &a.CampaignID, &a.CustomerID, &a.CustomerCode, &a.StartsAt, &a.TimeZone, &a.Minutes, &a.Place, &a.Subject,
			&reminded, &a.Channel, &a.OutboxID, &a.OutboxState, &a.SMSText, &a.Mobile); err != nil {
			return nil, err
		}
		a.RemindedOn = parseDate(reminded)
		out = append(out, a)
	}
	return out, rows.Err()
}

// MarkReminded records an appointment's reminder, in the transaction that
// queues its email (outboxID) or writes its print file (0): the WHERE
// refuses a second reminder.
func (q *Queries) MarkReminded(ctx context.Context, id int64, on ledger.Date, channel string, outboxID int64, sms string) error {
	res, err := q.exec(ctx, `UPDATE appointments SET reminded_on = ?, channel = ?, outbox_id = ?, sms_text = ?
		WHERE id = ? AND reminded_on IS NULL`, on.String(), channel, nullID(outboxID), sms, id)
	if err != nil {
		return fmt.Errorf("record the reminder: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("appointment %d: already reminded", id)
	}
	return nil
}
