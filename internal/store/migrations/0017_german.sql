-- Issue 18: German as a letter language, and salutations from a title and
-- a gender.
--
-- customers.title is an academic or professional title said in the
-- salutation ("Dr.", "Prof. Dr."); customers.gender ('' unknown, 'f', 'm')
-- chooses "Sehr geehrte Frau …" / "Sehr geehrter Herr …", "Madame" /
-- "Monsieur", "Поштована госпођо" / "Поштовани господине"; unknown, the
-- letter greets with the language's neutral form.
--
-- The language CHECKs of customers and company (0001) also accept 'de':
-- the Go half of this migration (german.go) rewrites them in the schema,
-- since SQLite cannot change a CHECK in place and rebuilding customers
-- would cascade to every table that points to it. The columns are added
-- first: ADD COLUMN places its text by the offsets of the schema as parsed.
ALTER TABLE customers ADD COLUMN title TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN gender TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'f', 'm'));
