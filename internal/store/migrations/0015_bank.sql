-- Issue 15: bank statements.
--
-- bank_accounts are the accounts whose statements the owner imports (the
-- company's IBAN is one without being listed; internal/app/bank adds it on
-- its first statement). bank_entries keeps every booked line once, keyed
-- per account by the bank's own reference (else a hash of the line), so a
-- statement imported again, or one overlapping it, records nothing twice.
-- state says what the entry did: 'applied' (payments were made of it),
-- 'proposal' (waits for the owner), 'ignored' (the owner said it pays
-- nothing), 'unmatched' (a credit that names no one), 'debit' (money out,
-- fees, reversals: they change nothing of their own), 'reversed' (a later
-- entry undid it, and what it had made was undone).
CREATE TABLE bank_accounts (
    id       INTEGER PRIMARY KEY,
    account  TEXT NOT NULL UNIQUE CHECK (account <> ''),
    name     TEXT NOT NULL DEFAULT '',
    currency TEXT NOT NULL DEFAULT '' CHECK (currency = '' OR length(currency) = 3),
    added_at TEXT NOT NULL
);

CREATE TABLE bank_entries (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES bank_accounts (id) ON DELETE RESTRICT,
    key            TEXT NOT NULL CHECK (key <> ''),
    booking_date   TEXT NOT NULL,
    value_date     TEXT NOT NULL DEFAULT '',
    currency       TEXT NOT NULL CHECK (length(currency) = 3),
    amount         INTEGER NOT NULL CHECK (amount > 0),
    credit         INTEGER NOT NULL CHECK (credit IN (0, 1)),
    reversal       INTEGER NOT NULL DEFAULT 0 CHECK (reversal IN (0, 1)),
    fee            INTEGER NOT NULL DEFAULT 0 CHECK (fee IN (0, 1)),
    -- The original's bank reference or end-to-end id, for a reversal.
    orig_ref       TEXT NOT NULL DEFAULT '',
    party_name     TEXT NOT NULL DEFAULT '',
    party_iban     TEXT NOT NULL DEFAULT '',
    structured_ref TEXT NOT NULL DEFAULT '',
    text           TEXT NOT NULL DEFAULT '',
    end_to_end     TEXT NOT NULL DEFAULT '',
    file           TEXT NOT NULL DEFAULT '',
    line           INTEGER NOT NULL DEFAULT 0,
    imported_at    TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('applied', 'proposal', 'ignored', 'unmatched', 'debit', 'reversed')),
    UNIQUE (account_id, key)
);
-- The proposals' list reads the few credits waiting for the owner (and
-- those that name no one, which the owner may still apply).
CREATE INDEX bank_entries_open ON bank_entries (booking_date, id) WHERE state IN ('proposal', 'unmatched');

-- What a proposal suggests: each customer it may be of, and the invoice
-- it may pay (NULL: the customer, no invoice in particular). A customer
-- named here gets no letter while the entry waits (store.DunningData);
-- the rows go when the owner applies or ignores the entry.
CREATE TABLE bank_proposals (
    id          INTEGER PRIMARY KEY,
    entry_id    INTEGER NOT NULL REFERENCES bank_entries (id) ON DELETE CASCADE,
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    invoice_id  INTEGER REFERENCES invoices (id) ON DELETE CASCADE,
    -- Why: 'reference' (a structured reference), 'number' (an invoice
    -- number in the text), 'collision' (a number several invoices share
    -- once separators are dropped), 'amount' (a known payer's amount
    -- equal to a balance or the customer's total), 'payer' (a known payer,
    -- no amount that fits).
    reason      TEXT NOT NULL CHECK (reason IN ('reference', 'number', 'collision', 'amount', 'payer'))
);
CREATE INDEX bank_proposals_entry ON bank_proposals (entry_id);
CREATE INDEX bank_proposals_customer ON bank_proposals (customer_id);

-- Payers learned from confirmed matches: a name (folded: no case, accents
-- or legal-form words) or an IBAN known to be the customer's.
CREATE TABLE customer_payers (
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('name', 'iban')),
    value       TEXT NOT NULL CHECK (value <> ''),
    PRIMARY KEY (kind, value, customer_id)
) WITHOUT ROWID;

-- An overpayment's excess becomes the customer's credit: a credit note
-- made of the entry (undone with it by a reversal).
ALTER TABLE credit_notes ADD COLUMN bank_entry_id INTEGER REFERENCES bank_entries (id) ON DELETE SET NULL;
CREATE INDEX credit_notes_bank_entry ON credit_notes (bank_entry_id) WHERE bank_entry_id IS NOT NULL;

-- payments gains source 'bank' and the entry it was made of. SQLite cannot
-- change a CHECK in place: the table is rebuilt as in 0012, every CHECK and
-- index kept (the covering payments_invoice of 0013), with the settlement
-- view and triggers (dropped first: a rename checks the views and triggers
-- of the schema).
DROP TRIGGER invoices_settle_update;
DROP VIEW invoice_settlement;

CREATE TABLE payments_new (
    id             INTEGER PRIMARY KEY,
    invoice_id     INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    date           TEXT NOT NULL,
    amount         INTEGER NOT NULL CHECK (amount > 0 OR (source = 'export' AND amount <> 0)),
    method         TEXT NOT NULL DEFAULT '',
    reference      TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL DEFAULT '' CHECK (source IN ('', 'export', 'credit', 'bank')),
    undated        INTEGER NOT NULL DEFAULT 0 CHECK (undated IN (0, 1)),
    credit_note_id INTEGER REFERENCES credit_notes (id) ON DELETE CASCADE,
    bank_entry_id  INTEGER REFERENCES bank_entries (id) ON DELETE RESTRICT,
    CHECK ((source = 'credit') = (credit_note_id IS NOT NULL)),
    CHECK ((source = 'bank') = (bank_entry_id IS NOT NULL))
);
INSERT INTO payments_new (id, invoice_id, date, amount, method, reference, source, undated, credit_note_id)
    SELECT id, invoice_id, date, amount, method, reference, source, undated, credit_note_id FROM payments;
DROP TABLE payments;
ALTER TABLE payments_new RENAME TO payments;
CREATE INDEX payments_invoice ON payments (invoice_id, date, amount, source, undated, credit_note_id);
CREATE UNIQUE INDEX payments_reference ON payments (invoice_id, reference) WHERE reference <> '';
CREATE INDEX payments_credit_note ON payments (credit_note_id) WHERE credit_note_id IS NOT NULL;
CREATE INDEX payments_bank_entry ON payments (bank_entry_id) WHERE bank_entry_id IS NOT NULL;

-- As in 0012.
CREATE VIEW invoice_settlement AS
SELECT i.id AS invoice_id,
       CASE WHEN i.total <= 0 THEN i.issue_date ELSE (
           WITH r AS (SELECT p.date AS d, sum(p.amount) OVER (ORDER BY p.date) AS running
                      FROM payments p WHERE p.invoice_id = i.id)
           SELECT min(d) FROM r
           WHERE running >= i.total AND d > coalesce((SELECT max(d) FROM r WHERE running < i.total), ''))
       END AS settled_on
FROM invoices i;

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
CREATE TRIGGER invoices_settle_update AFTER UPDATE OF total, issue_date ON invoices
WHEN OLD.total IS NOT NEW.total OR OLD.issue_date IS NOT NEW.issue_date
BEGIN
    UPDATE invoices SET settled_on = (SELECT settled_on FROM invoice_settlement WHERE invoice_id = NEW.id) WHERE id = NEW.id;
END;
