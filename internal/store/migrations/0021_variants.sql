-- Issue 19: which wording gets paid. A template may have variants (B, C…)
-- beside its default; the ladder gives each customer one per experiment
-- and the report compares their outcomes.
--
-- letters.variant: the template variant the letter was written with; ''
-- is the default template (shown as "A").
-- letters.language: the language the letter was written in ('' for
-- letters recorded before this column: the report then takes the
-- customer's language).
-- customers.variant: a variant the owner fixed for this customer
-- (relancectl customer set CODE variant=B); '' lets the ladder assign one.
ALTER TABLE letters ADD COLUMN variant TEXT NOT NULL DEFAULT '' CHECK (variant = '' OR variant GLOB '[A-Z]');
ALTER TABLE letters ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN variant TEXT NOT NULL DEFAULT '' CHECK (variant = '' OR variant GLOB '[A-Z]');
