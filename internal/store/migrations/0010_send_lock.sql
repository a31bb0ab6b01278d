-- One sender per ledger (issue 12). The lock that lets one process at a
-- time work through the outbox lives in the ledger itself, not in a file
-- beside it: every path to the file (a symlink, a hard link, another
-- mount) and every front end (relancectl send, the GUI's Send, a shared
-- database later) meets the same row. At most one row (id = 1), claimed
-- in a write transaction; the stale rule is in store/sendlock.go.
CREATE TABLE send_lock (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    token      TEXT NOT NULL,    -- random, this claim's own: only its holder renews or releases it
    host       TEXT NOT NULL,    -- os.Hostname of the holder
    pid        INTEGER NOT NULL, -- its process id on that host
    started_at TEXT NOT NULL,    -- RFC 3339 UTC: when the send began
    heartbeat  TEXT NOT NULL     -- RFC 3339 UTC: renewed while the send runs
);
