-- Announcements: campaigns (billing change, paperless, appointments), who
-- each one reaches and how, and the paperless consents with their proof.

CREATE TABLE campaigns (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE CHECK (name <> ''),
    kind           TEXT NOT NULL CHECK (kind IN ('billing-change', 'paperless', 'appointments')),
    fields         TEXT NOT NULL DEFAULT '{}',   -- JSON: the kind's fields (letter.CampaignData's, as the owner typed them)
    audience       TEXT NOT NULL DEFAULT '{}',   -- JSON: everyone, a search, or a list of customer codes
    effective_date TEXT,                         -- billing change: new terms from; paperless: the switch date
    terms_change   INTEGER NOT NULL DEFAULT 0 CHECK (terms_change IN (0, 1)), -- paperless: switch without consent
    created_on     TEXT NOT NULL
);

-- One customer reached by a campaign. outbox_id is set in the same
-- transaction as the email is queued, so a campaign never mails anyone
-- twice; a postal notice is marked when its print file is written.
CREATE TABLE campaign_recipients (
    campaign_id  INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    customer_id  INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    channel      TEXT NOT NULL CHECK (channel IN ('email', 'postal')),
    state        TEXT NOT NULL DEFAULT 'sent' CHECK (state IN ('sent', 'acknowledged', 'granted', 'refused', 'withdrawn')),
    sent_on      TEXT NOT NULL,
    state_on     TEXT,
    outbox_id    INTEGER REFERENCES outbox (id) ON DELETE SET NULL,
    postcard_on  TEXT,                           -- paperless: the postcard reminder printed
    PRIMARY KEY (campaign_id, customer_id)
) WITHOUT ROWID;
CREATE INDEX campaign_recipients_outbox ON campaign_recipients (outbox_id) WHERE outbox_id IS NOT NULL;

-- Every paperless answer, kept: the customer's current state is the latest.
CREATE TABLE consents (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    campaign_id  INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
    state        TEXT NOT NULL CHECK (state IN ('granted', 'refused', 'withdrawn')),
    date         TEXT NOT NULL,                  -- when the customer answered
    channel      TEXT NOT NULL CHECK (channel IN ('email', 'phone', 'web', 'paper', 'terms')),
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    evidence     TEXT NOT NULL DEFAULT '',       -- the reply's Message-ID and file, or the owner's note
    inbound_id   INTEGER REFERENCES inbound (id) ON DELETE SET NULL
);
CREATE INDEX consents_customer ON consents (customer_id, id);

-- Paperless: from this day the customer's letters go by email only
-- (consent, or a change of terms); NULL: the delivery preference rules.
ALTER TABLE customers ADD COLUMN email_only_from TEXT;
