-- Issue 14: the plan reads each open invoice's payments with where they
-- come from (source, undated, credit_note_id: letters name the credit notes
-- applied and say when an export left a payment's date unknown). With the
-- index of 0012 holding only (invoice_id, date, amount), SQLite looked up
-- each payment's row in the table for those three columns: 60,000 look-ups
-- on the 1,000,000-invoice demo, and a plan 20 to 55 ms (2 to 6 %) slower
-- in two series of alternate runs. The index now holds them too, so that
-- read stays in it: medians of 9 alternate runs, 935 ms against 965 ms
-- before issue 14 (BenchmarkPlanHistory: 1,462 against 1,468 ms). A
-- recorded payment's extra columns ('', 0, NULL) cost three bytes of
-- record header each: rebuilt on the demo, the index takes 30.1 MB (the
-- old one, grown row by row by the generator, 30.7 MB).
DROP INDEX payments_invoice;
CREATE INDEX payments_invoice ON payments (invoice_id, date, amount, source, undated, credit_note_id);
