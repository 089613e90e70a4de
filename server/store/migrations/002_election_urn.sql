-- The urn of secret elections: one counter per round ("election#round") and ballot option
-- (candidate, list, 'no' or 'abstain'), updated in place. Like the vote urn it holds no member,
-- no time, no order and (WITHOUT ROWID) no row id; the log holds who took part.
CREATE TABLE election_urn (
  ballot_id TEXT    NOT NULL,
  option    TEXT    NOT NULL,
  count     INTEGER NOT NULL CHECK (count >= 0),
  PRIMARY KEY (ballot_id, option)
) WITHOUT ROWID;
