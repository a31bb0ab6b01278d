-- Stand-in for migration 0022, reserved for another branch of issue 19:
-- migrations are numbered without gaps, so branch i19-proofs (0023)
-- needs one to run. It changes nothing. Delete this file when the branch
-- that owns 0022 is merged.
SELECT 1;
