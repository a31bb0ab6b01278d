-- The ledger: company profile, customers, invoices, payments, promises and
-- disputes. Money is INTEGER minor units beside an ISO 4217 code; dates are
-- TEXT 'YYYY-MM-DD' (sortable, readable in the sqlite3 shell). Balances,
-- statuses and days overdue as of a date are computed from payments, never
-- stored. The one derived fact kept is invoices.settled_on (see below).

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
    dunning_excluded INTEGER NOT NULL DEFAULT 0 CHECK (dunning_excluded IN (0, 1)),
    -- The day the payments received reached the total (the accountant's
    -- "lettrage" date); NULL while the invoice is not fully paid. Kept by
    -- the triggers below from the payments, in the same transaction, and
    -- verified by `relancectl check`. It lets a whole-ledger overdue listing
    -- read only the unsettled invoices instead of summing every invoice's
    -- payments; balances and statuses are still computed for the date asked.
    settled_on       TEXT
);
CREATE INDEX invoices_customer ON invoices (customer_id, due_date);
-- Unsettled invoices in due-date order: the overdue listing's scan.
CREATE INDEX invoices_unsettled ON invoices (due_date, number) WHERE settled_on IS NULL;
CREATE INDEX invoices_settled_on ON invoices (settled_on) WHERE settled_on IS NOT NULL;

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

-- settled_on upkeep. The settlement day is the first payment day on which
-- the running total of payments (all of that day included) reaches the
-- invoice total; a zero invoice is settled when issued.
CREATE VIEW invoice_settlement AS
SELECT i.id AS invoice_id,
       CASE WHEN i.total <= 0 THEN i.issue_date ELSE (
           SELECT d FROM (
               SELECT p.date AS d, sum(p.amount) OVER (ORDER BY p.date) AS running
               FROM payments p WHERE p.invoice_id = i.id)
           WHERE running >= i.total ORDER BY d LIMIT 1)
       END AS settled_on
FROM invoices i;

-- A new invoice has no payments yet, so only a zero invoice is settled; the
-- INSERT sets that itself (store.InsertInvoice): a trigger on every insert
-- would make each one keep a statement journal, halving import speed.
-- `relancectl check` catches an INSERT made by hand that forgot it.
CREATE TRIGGER invoices_settle_update AFTER UPDATE OF total, issue_date ON invoices
WHEN OLD.total IS NOT NEW.total OR OLD.issue_date IS NOT NEW.issue_date
BEGIN
    UPDATE invoices SET settled_on = (SELECT settled_on FROM invoice_settlement WHERE invoice_id = NEW.id) WHERE id = NEW.id;
END;
CREATE TRIGGER payments_settle_insert AFTER INSERT ON payments
BEGIN
    UPDATE invoices SET settled_on = (SELECT settled_on FROM invoice_settlement WHERE invoice_id = NEW.invoice_id) WHERE id = NEW.invoice_id;
END;
CREATE TRIGGER payments_settle_update AFTER UPDATE OF invoice_id, date, amount ON payments
BEGIN
    UPDATE invoices SET settled_on = (SELECT settled_on FROM invoice_settlement WHERE invoice_id = NEW.invoice_id) WHERE id = NEW.invoice_id;
    UPDATE invoices SET settled_on = (SELECT settled_on FROM invoice_settlement WHERE invoice_id = OLD.invoice_id) WHERE id = OLD.invoice_id;
END;
CREATE TRIGGER payments_settle_delete AFTER DELETE ON payments
BEGIN
    UPDATE invoices SET settled_on = (SELECT settled_on FROM invoice_settlement WHERE invoice_id = OLD.invoice_id) WHERE id = OLD.invoice_id;
END;
