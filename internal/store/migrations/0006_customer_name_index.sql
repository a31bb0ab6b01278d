-- The invoice table sorted by customer, and the customer list, read
-- customers in name order: with this index SQLite walks customers by name
-- and each one's invoices through invoices_customer, already in order, so
-- the first page of a 1,000,000-invoice ledger needs no sort (1.3 s to
-- under 0.1 s; docs/BENCHMARKS.md). The order is name, then id, so two
-- customers of the same name keep their invoices together.
CREATE INDEX customers_name ON customers (name);
