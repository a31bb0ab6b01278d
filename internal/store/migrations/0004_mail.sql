-- Email delivery: the owner's mail account (no secret: passwords live in
-- the OS keyring), the outbox, and the addresses that refused mail.

CREATE TABLE mail_account (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    smtp_host       TEXT NOT NULL DEFAULT '',
    smtp_port       INTEGER NOT NULL DEFAULT 587 CHECK (smtp_port BETWEEN 1 AND 65535),
    smtp_security   TEXT NOT NULL DEFAULT 'starttls' CHECK (smtp_security IN ('starttls', 'tls', 'none')),
    smtp_user       TEXT NOT NULL DEFAULT '',
    from_name       TEXT NOT NULL DEFAULT '',
    from_address    TEXT NOT NULL DEFAULT '',
    reply_to        TEXT NOT NULL DEFAULT '',
    bcc_self        INTEGER NOT NULL DEFAULT 1 CHECK (bcc_self IN (0, 1)),
    imap_host       TEXT NOT NULL DEFAULT '',
    imap_port       INTEGER NOT NULL DEFAULT 993 CHECK (imap_port BETWEEN 1 AND 65535),
    imap_security   TEXT NOT NULL DEFAULT 'tls' CHECK (imap_security IN ('starttls', 'tls', 'none')),
    imap_user       TEXT NOT NULL DEFAULT '',
    sent_folder     TEXT NOT NULL DEFAULT '',        -- '' = the folder the server marks \Sent
    tls_ca          TEXT NOT NULL DEFAULT '',        -- a private CA's PEM file
    tls_insecure    INTEGER NOT NULL DEFAULT 0 CHECK (tls_insecure IN (0, 1)),
    rate_per_minute INTEGER NOT NULL DEFAULT 0 CHECK (rate_per_minute >= 0), -- 0 = no limit
    confirm_after   INTEGER NOT NULL DEFAULT 600 CHECK (confirm_after >= 0)  -- seconds before an unknown send is looked for
);
INSERT INTO mail_account (id) VALUES (1);

-- An emailed letter, from the moment it is decided (queued) to its end.
-- The message is stored whole, so a resend carries the same bytes and the
-- same Message-ID.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    letter_id       INTEGER REFERENCES letters (id) ON DELETE SET NULL,
    customer_id     INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    sender          TEXT NOT NULL,                   -- the envelope sender
    recipients      TEXT NOT NULL,                   -- the envelope recipients, one per line; blind copies as "bcc:ADDRESS"
    subject         TEXT NOT NULL,
    message_id      TEXT NOT NULL UNIQUE,            -- without the angle brackets
    message         BLOB NOT NULL,
    state           TEXT NOT NULL DEFAULT 'queued' CHECK (state IN
                    ('queued', 'sending', 'sent', 'failed-temporary', 'failed-permanent', 'unknown')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt    TEXT NOT NULL DEFAULT '',        -- RFC 3339 UTC: a temporary failure is retried from then
    sending_since   TEXT NOT NULL DEFAULT '',        -- RFC 3339 UTC: the last attempt began
    created_at      TEXT NOT NULL,
    sent_at         TEXT NOT NULL DEFAULT '',
    last_error      TEXT NOT NULL DEFAULT '',
    refused         TEXT NOT NULL DEFAULT '',        -- recipients refused for good, one per line
    flagged         INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)), -- waits for the owner
    postal          TEXT NOT NULL DEFAULT '' CHECK (postal IN ('', 'offered', 'printed')),
    in_reply_to     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_state ON outbox (state) WHERE state <> 'sent';
CREATE INDEX outbox_customer ON outbox (customer_id);

-- Addresses a server refused for good (5xx): the plan no longer emails
-- them. Kept by address so a customer re-import does not forget them.
CREATE TABLE email_flags (
    address    TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
    flagged_on TEXT NOT NULL,
    reason     TEXT NOT NULL,
    outbox_id  INTEGER REFERENCES outbox (id) ON DELETE SET NULL
);
