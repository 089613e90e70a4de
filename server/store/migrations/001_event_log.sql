-- The legal record: an append-only, hash-chained log of events.
CREATE TABLE events (
  seq       INTEGER PRIMARY KEY,
  at        TEXT    NOT NULL,
  actor     TEXT    NOT NULL,
  type      TEXT    NOT NULL,
  payload   TEXT    NOT NULL,
  prev_hash TEXT    NOT NULL,
  hash      TEXT    NOT NULL UNIQUE
);

CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

-- The urn of secret votes: one counter per vote and option, updated in place. It holds no
-- member, no time and no order; the log holds who took part. WITHOUT ROWID: no row id either.
CREATE TABLE urn (
  vote_id TEXT    NOT NULL,
  choice  TEXT    NOT NULL CHECK (choice IN ('yes', 'no', 'abstain')),
  count   INTEGER NOT NULL CHECK (count >= 0),
  PRIMARY KEY (vote_id, choice)
) WITHOUT ROWID;
