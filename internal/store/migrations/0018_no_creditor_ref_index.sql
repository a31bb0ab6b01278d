-- The structured references are found by the bank import through its
-- index of every invoice number (an RF reference's body is the number's
-- key) and, for dinar invoices, one scan: an index of them cost the bulk
-- import of a million invoices 0.7-1 s to rebuild, for nothing read
-- through it.
DROP INDEX invoices_creditor_ref;
