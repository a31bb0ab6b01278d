-- Issue 18: registered letters. A postal letter may go by registered post
-- with acknowledgement of receipt (lettre recommandée avec avis de
-- réception, Einschreiben mit Rückschein, Recorded Delivery, препоручена
-- пошиљка са повратницом): C. civ. art. 1344 makes a formal notice of a
-- debtor "par une sommation ou un acte portant interpellation
-- suffisante", and the registered letter with acknowledgement is the
-- creditor's proof that it was received and when.
--
-- letters.registered: the letter went (or goes) by registered post, set
-- when a print batch or a letter is made with that option.
-- letters.tracking: the post's number for it, entered by the owner once
-- the post office has given it (relancectl letter tracking ID NUMBER, Mark
-- as posted in the app); later letters cite it ("our registered letter
-- no. … of …"). A number implies registered.
-- letters.tracking_on: the day the number was entered (the timeline's).
ALTER TABLE letters ADD COLUMN registered INTEGER NOT NULL DEFAULT 0 CHECK (registered IN (0, 1));
ALTER TABLE letters ADD COLUMN tracking TEXT NOT NULL DEFAULT '';
ALTER TABLE letters ADD COLUMN tracking_on TEXT CHECK (tracking_on IS NULL OR tracking_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
-- The company's choice for SMS in Serbian Latin: whether ć, č, đ, š, ž may
-- be written c, c, dj, s, z so the text stays in GSM-7 (160 characters a
-- segment rather than 70 in UCS-2). 0: keep the letters' diacritics.
ALTER TABLE company ADD COLUMN sms_plain_latin INTEGER NOT NULL DEFAULT 0 CHECK (sms_plain_latin IN (0, 1));
