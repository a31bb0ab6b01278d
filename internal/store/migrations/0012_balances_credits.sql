-- Issue 14: balances from invoice exports, and credit notes.
--
-- payments gains where its figure comes from (ledger.PaymentSource): '' a
-- payment recorded (payment file, reply, the owner), 'export' the
-- difference between what an invoice export says is paid and the other
-- payments (one per invoice, reference 'export-balance', so a newer export
-- updates it), 'credit' a credit note's part applied. An export adjustment
-- may be negative (the export's balance grew against recorded payments);
-- every other payment is positive. undated = 1: the export said how much,
-- not when; the row is then on the invoice's issue date, so no interest is
-- ever claimed on that part. SQLite cannot change a CHECK in place: the
-- table is rebuilt, with its indexes and triggers, and the settlement view
-- that reads it and the invoice trigger that reads the view (dropped first:
-- a rename checks the views and triggers of the schema).
DROP TRIGGER invoices_settle_update;
DROP VIEW invoice_settlement;

CREATE TABLE credit_notes (
    id           INTEGER PRIMARY KEY,
    number       TEXT NOT NULL UNIQUE CHECK (number <> ''),
    customer_id  INTEGER NOT NULL REFERENCES customers (id) ON DELETE RESTRICT,
    date         TEXT NOT NULL,
    currency     TEXT NOT NULL CHECK (length(currency) = 3),
    amount       INTEGER NOT NULL CHECK (amount > 0),
    -- The invoice number it credits, as the export says ('' if it says none).
    invoice      TEXT NOT NULL DEFAULT '',
    description  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX credit_notes_customer ON credit_notes (customer_id, currency, date);

CREATE TABLE payments_new (
    id             INTEGER PRIMARY KEY,
    invoice_id     INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    date           TEXT NOT NULL,
    amount         INTEGER NOT NULL CHECK (amount > 0 OR (source = 'export' AND amount <> 0)),
    method         TEXT NOT NULL DEFAULT '',
    reference      TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL DEFAULT '' CHECK (source IN ('', 'export', 'credit')),
    undated        INTEGER NOT NULL DEFAULT 0 CHECK (undated IN (0, 1)),
    credit_note_id INTEGER REFERENCES credit_notes (id) ON DELETE CASCADE,
    CHECK ((source = 'credit') = (credit_note_id IS NOT NULL))
);
INSERT INTO payments_new (id, invoice_id, date, amount, method, reference)
    SELECT id, invoice_id, date, amount, method, reference FROM payments;
DROP TABLE payments;
ALTER TABLE payments_new RENAME TO payments;
CREATE INDEX payments_invoice ON payments (invoice_id, date, amount);
CREATE UNIQUE INDEX payments_reference ON payments (invoice_id, reference) WHERE reference <> '';
CREATE INDEX payments_credit_note ON payments (credit_note_id) WHERE credit_note_id IS NOT NULL;

-- As in 0001, but with a negative adjustment the running total can fall
-- back below the total: the settlement day is the first day from which it
-- stays at or above the total (NULL when the last day is below it).
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
