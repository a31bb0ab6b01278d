-- Issue 19: proof copies. A proof is a letter sent exactly as it will go
-- out, marked PROOF, to the owner or colleagues before a campaign or a
-- template reaches customers. It is never a letter: no row in letters,
-- letter_invoices or outbox, never a step of the ladder. Its Message-ID
-- (local part "proof.…") is kept here, apart from the outbox's, so a reply
-- to a proof attaches to the proof and never to a customer.
--
-- kind, language, variant: the template tried ('' variant: the default).
-- campaign_id: the campaign whose notice was proofed (NULL: a template).
-- customer_id: the customer whose data filled it (NULL: the sample).
-- recipients: the addresses it went to, one per line.
CREATE TABLE proofs (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    language    TEXT NOT NULL,
    variant     TEXT NOT NULL DEFAULT '' CHECK (variant = '' OR variant GLOB '[A-Z]'),
    campaign_id INTEGER REFERENCES campaigns (id) ON DELETE CASCADE,
    customer_id INTEGER REFERENCES customers (id) ON DELETE SET NULL,
    sent_at     TEXT NOT NULL,                       -- RFC 3339 UTC
    recipients  TEXT NOT NULL,
    message_id  TEXT NOT NULL UNIQUE CHECK (message_id GLOB 'proof.*')
);
CREATE INDEX proofs_campaign ON proofs (campaign_id) WHERE campaign_id IS NOT NULL;

-- A message answering (or returning) a proof: recorded with its proof,
-- matched to no customer and no letter, so it pauses no one and the
-- report never counts it.
ALTER TABLE inbound ADD COLUMN proof_id INTEGER REFERENCES proofs (id) ON DELETE SET NULL;
CREATE INDEX inbound_proof ON inbound (proof_id) WHERE proof_id IS NOT NULL;
