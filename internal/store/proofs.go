package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// proofs: copies of a letter sent to the owner or colleagues before it
// reaches customers (issue 19, migration 0023). Never letters: the ladder,
// the outbox and the report do not read this table.

// Proof is one proof sent.
type Proof struct {
	ID           int64
	Kind         string
	Language     string
	Variant      string // "" the default template
	CampaignID   int64  // 0: a template's proof
	CampaignName string
	CustomerID   int64 // 0: the sample customer
	CustomerCode string
	SentAt       time.Time
	Recipients   []string
	MessageID    string // "proof.…@domain", without brackets
	Replies      int    // messages recorded as answering it
}

// AddProof records a proof sent.
func (q *Queries) AddProof(ctx context.Context, p Proof) (int64, error) {
	id, err := q.insert(ctx, `INSERT INTO proofs (kind, language, variant, campaign_id, customer_id, sent_at, recipients, message_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, p.Kind, p.Language, p.Variant, nullID(p.CampaignID), nullID(p.CustomerID), stamp(p.SentAt),
		strings.Join(p.Recipients, "\n"), p.MessageID)
	if err != nil {
		return 0, fmt.Errorf("record proof %s: %w", p.MessageID, err)
	}
	return id, nil
}

// ProofFilter selects proofs: a campaign's (CampaignID), a template's
// (Kind and Language, of no campaign), or all (zero).
type ProofFilter struct {
	CampaignID int64
	Kind       string
	Language   string
}

const proofColumns = `p.id, p.kind, p.language, p.variant, coalesce(p.campaign_id, 0), coalesce(g.name, ''), coalesce(p.customer_id, 0),
	coalesce(c.code, ''), p.sent_at, p.recipients, p.message_id, (SELECT count(*) FROM inbound i WHERE i.proof_id = p.id)
	FROM proofs p LEFT JOIN campaigns g ON g.id = p.campaign_id LEFT JOIN customers c ON c.id = p.customer_id`

func scanProof(r rowScanner) (Proof, error) {
	var p Proof
	var sent, rcpt string
	err := r.Scan(&p.ID, &p.Kind, &p.Language, &p.Variant, &p.CampaignID, &p.CampaignName, &p.CustomerID, &p.CustomerCode, &sent, &rcpt,
		&p.MessageID, &p.Replies)
	p.SentAt, p.Recipients = unstamp(sent), lines(rcpt)
	return p, err
}

// Proofs lists proofs, newest first.
func (q *Queries) Proofs(ctx context.Context, f ProofFilter) ([]Proof, error) {
	query := `SELECT ` + proofColumns + ` WHERE 1 = 1`
	var args []any
	if f.CampaignID != 0 {
		query += ` AND p.campaign_id = ?`
		args = append(args, f.CampaignID)
	}
	if f.Kind != "" {
		query += ` AND p.kind = ? AND p.campaign_id IS NULL`
		args = append(args, f.Kind)
	}
	if f.Language != "" {
		query += ` AND p.language = ?`
		args = append(args, f.Language)
	}
	rows, err := q.query(ctx, query+` ORDER BY p.sent_at DESC, p.id DESC`, args...)
	if err != nil {
		return nil, fmt.Errorf("list proofs: %w", err)
	}
	defer rows.Close()
	var out []Proof
	for rows.Next() {
		p, err := scanProof(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// CampaignProofed reports whether a proof of the campaign was sent.
func (q *Queries) CampaignProofed(ctx context.Context, campaignID int64) (bool, error) {
	var n int
	if err := q.row(ctx, `SELECT count(*) FROM proofs WHERE campaign_id = ?`, campaignID).Scan(&n); err != nil {
		return false, fmt.Errorf("read the campaign's proofs: %w", err)
	}
	return n > 0, nil
}

// ProofsByMessageIDs finds proofs by Message-ID (without brackets): the
// ids a message answers or returns. Only ids of the proof form are looked
// up.
func (q *Queries) ProofsByMessageIDs(ctx context.Context, ids []string) (map[string]int64, error) {
	out := map[string]int64{}
	var mine []string
	for _, id := range ids {
		if strings.HasPrefix(id, ProofPrefix) {
			mine = append(mine, id)
		}
	}
	if len(mine) == 0 {
		return out, nil
	}
	list, err := q.dialect.listArg(mine)
	if err != nil {
		return nil, err
	}
	rows, err := q.query(ctx, `SELECT p.id, p.message_id FROM `+q.dialect.list(1, "text")+` JOIN proofs p ON p.message_id = j.value`, list)
	if err != nil {
		return nil, fmt.Errorf("find proofs by Message-ID: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var mid string
		if err := rows.Scan(&id, &mid); err != nil {
			return nil, err
		}
		out[mid] = id
	}
	return out, rows.Err()
}

// ProofPrefix begins every proof's Message-ID, and no letter's (theirs
// begin "relance."): the two never meet.
const ProofPrefix = "proof."

// ProofReplies lists the messages recorded as answering a proof, newest
// first.
func (q *Queries) ProofReplies(ctx context.Context, proofID int64) ([]Inbound, error) {
	rows, err := q.query(ctx, `SELECT `+inboundColumns+` WHERE i.proof_id = ? ORDER BY i.received_at DESC, i.id DESC`, proofID)
	if err != nil {
		return nil, fmt.Errorf("list the replies to proof %d: %w", proofID, err)
	}
	defer rows.Close()
	var out []Inbound
	for rows.Next() {
		m, err := scanInbound(rows)
		if err != nil {
			return nil, err
		}
		m.ProofID = proofID
		out = append(out, m)
	}
	return out, rows.Err()
}
