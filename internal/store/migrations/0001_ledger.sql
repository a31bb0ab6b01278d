-- The ledger: company profile, customers, invoices, payments, promises and
-- disputes. Money is INTEGER minor units beside an ISO 4217 code; dates are
-- TEXT 'YYYY-MM-DD' (sortable, readable in the sqlite3 shell). Balances and
-- statuses are computed from payments, never stored.

CREATE TABLE company (
    id                     INTEGER PRIMARY KEY CHECK (id = 1),
    legal_name             TEXT NOT NULL DEFAULT '',
    trading_name           TEXT NOT NULL DEFAULT '',
    address1               TEXT NOT NULL DEFAULT '',
    address2               TEXT NOT NULL DEFAULT '',
    address3               TEXT NOT NULL DEFAULT '',
    postcode               TEXT NOT NULL DEFAULT '',
    city                   TEXT NOT NULL DEFAULT '',
    country                TEXT NOT NULL DEFAULT 'FR',
    phone                  TEXT NOT NULL DEFAULT '',
    phone_ext              TEXT NOT NULL DEFAULT '',
    fax                    TEXT NOT NULL DEFAULT '',
    email                  TEXT NOT NULL DEFAULT '',
    website                TEXT NOT NULL DEFAULT '',
    siret                  TEXT NOT NULL DEFAULT '',
    rcs                    TEXT NOT NULL DEFAULT '',
    vat                    TEXT NOT NULL DEFAULT '',
    company_number         TEXT NOT NULL DEFAULT '',
    share_capital          INTEGER,
    share_capital_currency TEXT NOT NULL DEFAULT '',
    bank_name              TEXT NOT NULL DEFAULT '',
    iban                   TEXT NOT NULL DEFAULT '',
    bic                    TEXT NOT NULL DEFAULT '',
    logo                   BLOB,
    logo_type              TEXT NOT NULL DEFAULT '',
    signatory_name         TEXT NOT NULL DEFAULT '',
    signatory_title        TEXT NOT NULL DEFAULT '',
    language               TEXT NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en', 'sr-Cyrl', 'sr-Latn')),
    currency               TEXT NOT NULL DEFAULT 'EUR' CHECK (length(currency) = 3),
    jurisdiction           TEXT NOT NULL DEFAULT 'FR' CHECK (jurisdiction IN ('FR', 'EU', 'UK', 'DE', 'RS')),
    envelope               TEXT NOT NULL DEFAULT 'dl-right',
    paper_size             TEXT NOT NULL DEFAULT 'A4' CHECK (paper_size IN ('A4', 'Letter'))
);
INSERT INTO company (id) VALUES (1);

CREATE TABLE customers (
    id                   INTEGER PRIMARY KEY,
    code                 TEXT NOT NULL UNIQUE CHECK (code <> ''),
    name                 TEXT NOT NULL CHECK (name <> ''),
    contact              TEXT NOT NULL DEFAULT '',
    salutation           TEXT NOT NULL DEFAULT '',
    address1             TEXT NOT NULL DEFAULT '',
    address2             TEXT NOT NULL DEFAULT '',
    postcode             TEXT NOT NULL DEFAULT '',
    city                 TEXT NOT NULL DEFAULT '',
    country              TEXT NOT NULL DEFAULT '',
    phone                TEXT NOT NULL DEFAULT '',
    mobile               TEXT NOT NULL DEFAULT '',
    language             TEXT NOT NULL CHECK (language IN ('fr', 'en', 'sr-Cyrl', 'sr-Latn')),
    kind                 TEXT NOT NULL CHECK (kind IN ('business', 'consumer')),
    delivery             TEXT NOT NULL CHECK (delivery IN ('email', 'postal', 'both')),
    paperless_state      TEXT NOT NULL DEFAULT 'none'
                         CHECK (paperless_state IN ('none', 'asked', 'granted', 'refused', 'withdrawn')),
    paperless_date       TEXT,
    paperless_channel    TEXT NOT NULL DEFAULT '',
    paperless_evidence   TEXT NOT NULL DEFAULT '',
    dunning_excluded     INTEGER NOT NULL DEFAULT 0 CHECK (dunning_excluded IN (0, 1)),
    dunning_paused_until TEXT,
    notes                TEXT NOT NULL DEFAULT ''
);

-- One or more addresses per customer; position 0 is the main one. Indexed
-- by address so that an incoming reply finds its customer.
CREATE TABLE customer_emails (
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    address     TEXT NOT NULL CHECK (address LIKE '%_@_%'),
    PRIMARY KEY (customer_id, position)
) WITHOUT ROWID;
CREATE INDEX customer_emails_address ON customer_emails (address COLLATE NOCASE);

CREATE TABLE invoices (
    id               INTEGER PRIMARY KEY,
    number           TEXT NOT NULL UNIQUE CHECK (number <> ''),
    customer_id      INTEGER NOT NULL REFERENCES customers (id) ON DELETE RESTRICT,
    issue_date       TEXT NOT NULL,
    service_date     TEXT,
    service_end      TEXT,
    due_date         TEXT NOT NULL CHECK (due_date >= issue_date),
    currency         TEXT NOT NULL CHECK (length(currency) = 3),
    total            INTEGER NOT NULL CHECK (total >= 0),
    description      TEXT NOT NULL DEFAULT '',
    pdf_path         TEXT NOT NULL DEFAULT '',
    dunning_excluded INTEGER NOT NULL DEFAULT 0 CHECK (dunning_excluded IN (0, 1))
);
CREATE INDEX invoices_customer ON invoices (customer_id, due_date);

CREATE TABLE payments (
    id         INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    date       TEXT NOT NULL,
    amount     INTEGER NOT NULL CHECK (amount > 0),
    method     TEXT NOT NULL DEFAULT '',
    reference  TEXT NOT NULL DEFAULT ''
);
-- Covering index: an invoice's amount paid as of a date reads only this.
CREATE INDEX payments_invoice ON payments (invoice_id, date, amount);
-- A reference identifies a payment of an invoice, so re-imports update it.
CREATE UNIQUE INDEX payments_reference ON payments (invoice_id, reference) WHERE reference <> '';

CREATE TABLE promises (
    id          INTEGER PRIMARY KEY,
    invoice_id  INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    date        TEXT NOT NULL,
    amount      INTEGER NOT NULL CHECK (amount > 0),
    source      TEXT NOT NULL DEFAULT '',
    recorded_on TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX promises_invoice ON promises (invoice_id, date);

CREATE TABLE disputes (
    id         INTEGER PRIMARY KEY,
    invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    opened     TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    closed     TEXT CHECK (closed IS NULL OR closed >= opened),
    outcome    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX disputes_invoice ON disputes (invoice_id);
