-- Dunning: per-customer law and ladder overrides, the letters sent (the
-- plan's history), the owner's tasks, and the reference rates the owner
-- adds to the shipped tables.

-- '' = the company's jurisdiction.
ALTER TABLE customers ADD COLUMN jurisdiction TEXT NOT NULL DEFAULT ''
    CHECK (jurisdiction IN ('', 'FR', 'EU', 'UK', 'DE', 'RS'));
-- A contractual late-payment rate (annual, in 1/10000 of a percent: 12.5 %
-- is 125000) and fixed fee replace the statutory ones when set.
ALTER TABLE customers ADD COLUMN contract_rate INTEGER;
ALTER TABLE customers ADD COLUMN contract_fee INTEGER CHECK (contract_fee IS NULL OR contract_fee >= 0);
ALTER TABLE customers ADD COLUMN contract_fee_currency TEXT NOT NULL DEFAULT '';
-- The customer's own ladder delays for levels 1 to 3 (NULL: the policy's).
ALTER TABLE customers ADD COLUMN delay1 INTEGER CHECK (delay1 IS NULL OR delay1 > 0);
ALTER TABLE customers ADD COLUMN delay2 INTEGER CHECK (delay2 IS NULL OR delay2 > 0);
ALTER TABLE customers ADD COLUMN delay3 INTEGER CHECK (delay3 IS NULL OR delay3 > 0);

-- A letter of the ladder (or a level-4 task), as sent or recorded.
CREATE TABLE letters (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    currency    TEXT NOT NULL CHECK (length(currency) = 3),
    level       INTEGER NOT NULL CHECK (level BETWEEN 0 AND 4),
    kind        TEXT NOT NULL,
    channel     TEXT NOT NULL DEFAULT '' CHECK (channel IN ('', 'email', 'postal')),
    date        TEXT NOT NULL,            -- the day it was sent
    deadline    TEXT,                     -- final demand: pay by
    principal   INTEGER NOT NULL DEFAULT 0,
    interest    INTEGER NOT NULL DEFAULT 0,
    compensation INTEGER NOT NULL DEFAULT 0,
    total_due   INTEGER NOT NULL DEFAULT 0,
    source      TEXT NOT NULL DEFAULT 'plan' -- how it was recorded: plan, manual, email, print
);
CREATE INDEX letters_customer ON letters (customer_id, date);

-- The invoices a letter covered, each at its own level in that letter.
CREATE TABLE letter_invoices (
    letter_id  INTEGER NOT NULL REFERENCES letters (id) ON DELETE CASCADE,
    invoice_id INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    level      INTEGER NOT NULL CHECK (level BETWEEN 0 AND 4),
    principal  INTEGER NOT NULL DEFAULT 0,
    interest   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (letter_id, invoice_id)
) WITHOUT ROWID;
CREATE INDEX letter_invoices_invoice ON letter_invoices (invoice_id);

-- Reference rate entries the owner added (relancectl rates add); they
-- complete the tables shipped with the program.
CREATE TABLE rate_entries (
    table_id  TEXT NOT NULL,
    from_date TEXT NOT NULL,
    rate      INTEGER NOT NULL,            -- 1/10000 of a percent
    source    TEXT NOT NULL CHECK (source <> ''),
    added_on  TEXT NOT NULL,
    PRIMARY KEY (table_id, from_date)
) WITHOUT ROWID;
