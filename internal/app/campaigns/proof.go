package campaigns

import (
	"context"
	"errors"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/app/outbox"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// A campaign's proof (issue 19): its notice, composed as a real send
// composes it, marked PROOF and sent to the owner or colleagues
// (outbox.SendProof). A campaign created with require_proof=yes is not
// sent until one was.

// CampaignProofOptions say on whose data a campaign's notice is proofed,
// and to whom.
type CampaignProofOptions struct {
	// CustomerCode fills the notice with that customer's details; ""
	// uses the sample customer (SampleName), in Language ("" the
	// company's).
	CustomerCode string
	SampleName   string
	Language     ledger.Language
	To           []string
	AsOf         ledger.Date
	Passwords    core.Passwords
}

// SendCampaignProof sends a proof of a campaign's notice.
func (s *Service) SendCampaignProof(ctx context.Context, name string, o CampaignProofOptions) (*outbox.ProofReport, error) {
	c, err := s.Campaign(ctx, name)
	if err != nil {
		return nil, err
	}
	if c.Kind == ledger.CampaignAppointments {
		// A reminder is made per appointment, at its time: there is no
		// one notice to proof.
		return nil, core.UserErr("proof.no_appointments", c.Name)
	}
	co, err := s.St.Company(ctx)
	if err != nil {
		return nil, err
	}
	if co.LegalName == "" && co.TradingName == "" {
		return nil, core.UserErr("campaign.no_company")
	}
	if o.AsOf.IsZero() {
		o.AsOf = s.Today()
	}
	kind := c.Kind.LetterKind()
	var cu ledger.Customer
	if o.CustomerCode != "" {
		cu, err = s.St.CustomerByCode(ctx, o.CustomerCode)
		if errors.Is(err, store.ErrNotFound) {
			return nil, core.UserErr("cli.unknown_customer", o.CustomerCode)
		} else if err != nil {
			return nil, err
		}
		if o.Language != "" {
			cu.Language = o.Language
		}
	} else {
		req, err := s.SampleRequest(ctx, kind, o.Language, o.SampleName)
		if err != nil {
			return nil, err
		}
		cu = req.Customer
	}
	doc, err := s.campaignLetter(ctx, c, cu, o.AsOf)
	if err != nil {
		return nil, err
	}
	p := store.Proof{Kind: string(kind), Language: string(doc.Request.Language), CampaignID: c.ID, CustomerID: cu.ID}
	return s.SendProof(ctx, doc, p, o.To, o.Passwords, noticeAttachments)
}

// checkProofed refuses a real send of a campaign that requires a proof
// before one was sent.
func (s *Service) checkProofed(ctx context.Context, c store.Campaign, dryRun bool) error {
	if dryRun || c.Fields["require_proof"] != "yes" {
		return nil
	}
	ok, err := s.St.CampaignProofed(ctx, c.ID)
	if err != nil {
		return err
	}
	if !ok {
		return core.UserErr("campaign.needs_proof", c.Name)
	}
	return nil
}

// CampaignProofs lists a campaign's proofs, newest first, each with how
// many messages answered it.
func (s *Service) CampaignProofs(ctx context.Context, name string) ([]store.Proof, error) {
	c, err := s.Campaign(ctx, name)
	if err != nil {
		return nil, err
	}
	return s.St.Proofs(ctx, store.ProofFilter{CampaignID: c.ID})
}
