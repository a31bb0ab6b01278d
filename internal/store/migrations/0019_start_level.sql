-- Issue 17: where the ladder starts for a customer's old debts. On a first
-- run over debts long overdue, the owner may start a customer at a later
-- step (2 the firmer letter, 3 the final demand; 1 records that the owner
-- chose the friendly reminder) rather than send "probably an oversight"
-- after a year. start_level_on is the day of the choice: it governs only
-- the invoices due before it. No letter is recorded for the steps passed
-- over: the history holds only letters sent.
ALTER TABLE customers ADD COLUMN start_level INTEGER CHECK (start_level IS NULL OR start_level BETWEEN 1 AND 3);
ALTER TABLE customers ADD COLUMN start_level_on TEXT CHECK (start_level_on IS NULL OR start_level_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
