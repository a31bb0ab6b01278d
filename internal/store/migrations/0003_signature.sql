-- An optional image of the signatory's signature, drawn above their name
-- on letters (PNG or JPEG).
ALTER TABLE company ADD COLUMN signature BLOB;
ALTER TABLE company ADD COLUMN signature_type TEXT NOT NULL DEFAULT '';
