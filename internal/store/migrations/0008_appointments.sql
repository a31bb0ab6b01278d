-- Appointments and events of an "appointments" campaign: each reminded
-- once, N days before (the campaign's remind_days), by email with a
-- calendar entry, or by post, with an SMS text where there is a mobile.
CREATE TABLE appointments (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    starts_at   TEXT NOT NULL,               -- wall-clock time in time_zone: 2026-12-03T14:00
    time_zone   TEXT NOT NULL,               -- IANA: Europe/Paris
    minutes     INTEGER NOT NULL DEFAULT 60 CHECK (minutes > 0),
    place       TEXT NOT NULL DEFAULT '',
    subject     TEXT NOT NULL DEFAULT '',
    reminded_on TEXT,                        -- the day the reminder went out
    channel     TEXT NOT NULL DEFAULT '' CHECK (channel IN ('', 'email', 'postal')),
    outbox_id   INTEGER REFERENCES outbox (id) ON DELETE SET NULL,
    sms_text    TEXT NOT NULL DEFAULT ''     -- for the customer's mobile, when there is one
);
CREATE INDEX appointments_campaign ON appointments (campaign_id, starts_at);
