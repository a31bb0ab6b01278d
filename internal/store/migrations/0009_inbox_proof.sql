-- Mail from strangers never changes what Relance sends (issue 12).
--
-- trust: '' a message whose sender or proof holds; 'unknown-sender' a
-- reply matched only by an invoice number from an address that is not
-- the customer's (or failing its provider's DMARC/SPF check): it pauses
-- no one and its suggestions wait for the owner to confirm the sender;
-- 'unverified-bounce' a bounce that neither returns one of our
-- Message-IDs (or the letter's plus tag) nor names a recipient of that
-- letter: recorded, with no effect, until the owner confirms it.
ALTER TABLE inbound ADD COLUMN trust TEXT NOT NULL DEFAULT '' CHECK (trust IN ('', 'unknown-sender', 'unverified-bounce'));
ALTER TABLE inbound ADD COLUMN trust_note TEXT NOT NULL DEFAULT '';   -- why, as an i18n note
ALTER TABLE inbound ADD COLUMN confirmed_at TEXT NOT NULL DEFAULT ''; -- the owner confirmed the sender or the bounce
-- A bounce: every address its report names for the failed recipient
-- (Final-Recipient and Original-Recipient, one per line), and whether it
-- only says delivery is delayed.
ALTER TABLE inbound ADD COLUMN bounce_addresses TEXT NOT NULL DEFAULT '';
ALTER TABLE inbound ADD COLUMN delayed INTEGER NOT NULL DEFAULT 0 CHECK (delayed IN (0, 1));

-- The owner's provider's authserv-id in Authentication-Results, when it
-- is not the IMAP host's domain ('' = the IMAP host's).
ALTER TABLE mail_account ADD COLUMN authserv_id TEXT NOT NULL DEFAULT '';

-- A retry to one address after a soft bounce is an outbox row of its own
-- (its own Message-ID, that address alone, no copy to self), linked to
-- the letter's first row.
ALTER TABLE outbox ADD COLUMN retry_of INTEGER REFERENCES outbox (id) ON DELETE SET NULL;
CREATE INDEX outbox_retry_of ON outbox (retry_of) WHERE retry_of IS NOT NULL;
