-- TEMPORARY stand-in for issue 15's migration 0015 (another helper's), so
-- that 0016 can be tested before it lands. Dropped at rebase once main
-- has the real 0015.
CREATE TABLE placeholder_0015 (id INTEGER PRIMARY KEY);
DROP TABLE placeholder_0015;
