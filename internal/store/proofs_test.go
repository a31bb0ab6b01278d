package store

import (
	"context"
	"testing"
	"time"
)

// TestProofsApartFromLetters: a proof's Message-ID must have the proofs'
// form; the look-up finds proofs only by it and never an outbox letter;
// a message recorded for a proof is left out of the responses and counted
// with its proof.
func TestProofsApartFromLetters(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	at := time.Date(2025, 7, 20, 9, 0, 0, 0, time.UTC)
	if _, err := st.AddProof(ctx, Proof{Kind: "reminder-1", Language: "fr", SentAt: at, Recipients: []string{"a@b.test"},
		MessageID: "relance.0123@b.test"}); err == nil {
		t.Fatal("a proof with a letter's Message-ID was recorded")
	}
	id, err := st.AddProof(ctx, Proof{Kind: "reminder-1", Language: "fr", Variant: "B", SentAt: at, Recipients: []string{"a@b.test", "c@d.test"},
		MessageID: "proof.0123@b.test"})
	if err != nil {
		t.Fatal(err)
	}
	found, err := st.ProofsByMessageIDs(ctx, []string{"proof.0123@b.test", "relance.0123@b.test", "proof.other@b.test"})
	if err != nil || len(found) != 1 || found["proof.0123@b.test"] != id {
		t.Fatalf("found %v, %v", found, err)
	}
	if _, _, err := st.AddInbound(ctx, Inbound{Fingerprint: "mid:r@x.test", Folder: "INBOX", UIDValidity: 1, UID: 1, MessageID: "r@x.test",
		Class: "reply", ReceivedAt: at, Suggestions: "[]", ProofID: id}); err != nil {
		t.Fatal(err)
	}
	if rs, err := st.Responses(ctx, ResponseFilter{All: true}); err != nil || len(rs) != 0 {
		t.Errorf("responses %+v, %v", rs, err)
	}
	list, err := st.Proofs(ctx, ProofFilter{Kind: "reminder-1", Language: "fr"})
	if err != nil || len(list) != 1 || list[0].Replies != 1 || list[0].Variant != "B" || len(list[0].Recipients) != 2 || !list[0].SentAt.Equal(at) {
		t.Fatalf("proofs %+v, %v", list, err)
	}
	replies, err := st.ProofReplies(ctx, id)
	if err != nil || len(replies) != 1 || replies[0].ProofID != id || replies[0].CustomerID != 0 {
		t.Errorf("replies %+v, %v", replies, err)
	}
	if ok, err := st.CampaignProofed(ctx, 1); err != nil || ok {
		t.Errorf("a campaign proofed by a template's proof: %v %v", ok, err)
	}
}
