-- Reply tracking: the owner's folders as synced, and every message seen in
-- them, classified and matched to a letter and a customer.

-- Per folder: the UIDVALIDITY seen and the highest UID read. A different
-- UIDVALIDITY means the server renumbered the folder: it is read again from
-- the start (inbound.fingerprint keeps that from making duplicates).
CREATE TABLE inbox_folders (
    name         TEXT NOT NULL PRIMARY KEY,
    uid_validity INTEGER NOT NULL,
    last_uid     INTEGER NOT NULL DEFAULT 0,
    synced_at    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE inbound (
    id           INTEGER PRIMARY KEY,
    -- "mid:<Message-ID>", or "sha:<hash of the header>" for a message
    -- without one: the same message is never recorded twice, whatever
    -- folder or UID it is found under.
    fingerprint  TEXT NOT NULL UNIQUE,
    folder       TEXT NOT NULL,
    uid_validity INTEGER NOT NULL,
    uid          INTEGER NOT NULL,
    message_id   TEXT NOT NULL DEFAULT '',
    class        TEXT NOT NULL CHECK (class IN ('bounce', 'auto-reply', 'reply', 'other')),
    from_addr    TEXT NOT NULL DEFAULT '',
    subject      TEXT NOT NULL DEFAULT '',
    received_at  TEXT NOT NULL,                     -- RFC 3339 UTC
    hard         INTEGER NOT NULL DEFAULT 0,        -- bounce: permanent
    recipient    TEXT NOT NULL DEFAULT '',          -- bounce: the failed address
    status       TEXT NOT NULL DEFAULT '',          -- bounce: enhanced status code
    return_date  TEXT NOT NULL DEFAULT '',          -- auto-reply: back on
    outbox_id    INTEGER REFERENCES outbox (id) ON DELETE SET NULL,
    customer_id  INTEGER REFERENCES customers (id) ON DELETE SET NULL,
    match        TEXT NOT NULL DEFAULT '' CHECK (match IN
                 ('', 'in-reply-to', 'references', 'returned', 'plus-tag', 'invoice-number', 'sender')),
    summary      TEXT NOT NULL DEFAULT '',          -- a reply's new text, a bounce's diagnostic, shortened
    new_text     TEXT NOT NULL DEFAULT '',
    suggestions  TEXT NOT NULL DEFAULT '[]',        -- JSON: actions drawn from the text, for the owner to confirm
    evidence     TEXT NOT NULL DEFAULT '',          -- the raw message kept in the data folder (matched replies)
    reviewed     INTEGER NOT NULL DEFAULT 0 CHECK (reviewed IN (0, 1)),
    reviewed_at  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX inbound_customer ON inbound (customer_id, class, reviewed);
CREATE INDEX inbound_outbox ON inbound (outbox_id);
CREATE INDEX inbound_received ON inbound (received_at);

-- Folders to watch besides INBOX (comma-separated), and whether Reply-To
-- carries a plus tag naming the letter (owner+r<id>@…).
ALTER TABLE mail_account ADD COLUMN watch_folders TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_account ADD COLUMN plus_tag INTEGER NOT NULL DEFAULT 0 CHECK (plus_tag IN (0, 1));
