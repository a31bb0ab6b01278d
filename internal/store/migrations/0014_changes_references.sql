-- Issue 15: what the owner decides of an invoice, its structured creditor
-- reference, and the history of changes made by someone.
--
-- state: '' an active invoice; 'void' cancelled (it was never owed);
-- 'written-off' a debt given up on (ledger.InvoiceState). Both leave the
-- ladder and show as their statuses in listings; state_reason and
-- state_date (YYYY-MM-DD) say why and when.
ALTER TABLE invoices ADD COLUMN state TEXT NOT NULL DEFAULT '' CHECK (state IN ('', 'void', 'written-off'));
ALTER TABLE invoices ADD COLUMN state_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE invoices ADD COLUMN state_date TEXT NOT NULL DEFAULT '';
-- The few invoices set aside, for the plan: it reads the unsettled ones
-- from the covering index of 0011 alone, and these from here, rather than
-- each unsettled row from the table for its state.
CREATE INDEX invoices_state ON invoices (state) WHERE state <> '';

-- creditor_ref: ledger.StructuredReference(number, currency), the ISO 11649
-- RF reference (model 97 for dinars) letters print and bank transfers
-- quote; '' when the number cannot make one. SQL cannot compute its check
-- digits (a remainder by 97 of a number of up to 46 digits), so the
-- existing rows are filled by Go right after this file, in the same
-- transaction (migrate.go, fillCreditorRefs), and every insert writes it
-- (store.InsertInvoice). Partial: most ledgers' numbers all make one, but a
-- '' is never looked up.
ALTER TABLE invoices ADD COLUMN creditor_ref TEXT NOT NULL DEFAULT '';
CREATE INDEX invoices_creditor_ref ON invoices (creditor_ref) WHERE creditor_ref <> '';

-- Every change made by someone (by hand, or a bank statement applied),
-- shown on the customer's timeline with who made it: at is UTC RFC 3339,
-- who the operating-system user (core.Actor), kind a ledger.ChangeKind,
-- detail what changed in words the timeline shows. The history outlives
-- the invoice it names (SET NULL), not the customer.
CREATE TABLE ledger_changes (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    who         TEXT NOT NULL CHECK (who <> ''),
    customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    invoice_id  INTEGER REFERENCES invoices (id) ON DELETE SET NULL,
    kind        TEXT NOT NULL CHECK (kind <> ''),
    detail      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ledger_changes_customer ON ledger_changes (customer_id, at);
CREATE INDEX ledger_changes_invoice ON ledger_changes (invoice_id) WHERE invoice_id IS NOT NULL;

-- A deleted payment's row, as it was, beside the change that deleted it
-- (kind payment-deleted, whose detail is the reason given): the payments
-- table holds only what counts, this what no longer does.
CREATE TABLE deleted_payments (
    id             INTEGER PRIMARY KEY,
    change_id      INTEGER NOT NULL REFERENCES ledger_changes (id) ON DELETE CASCADE,
    payment_id     INTEGER NOT NULL,
    invoice_id     INTEGER REFERENCES invoices (id) ON DELETE SET NULL,
    invoice_number TEXT NOT NULL,
    date           TEXT NOT NULL,
    amount         INTEGER NOT NULL,
    method         TEXT NOT NULL DEFAULT '',
    reference      TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL DEFAULT '',
    undated        INTEGER NOT NULL DEFAULT 0,
    credit_note_id INTEGER
);
CREATE INDEX deleted_payments_invoice ON deleted_payments (invoice_id) WHERE invoice_id IS NOT NULL;
