-- The urn of secret elections: one counter per round ("election#round") and ballot option
-- (candidate, list, 'no' or 'abstain'), created for every option when the round opens and
-- updated in place. Like the vote urn it holds no member, no time, no order and (WITHOUT ROWID)
-- no row id; the log holds who took part. The counts are stored with a bias of 2^32 so that
-- every count takes the same six bytes and a deposit rewrites its row in place (see 002).
CREATE TABLE election_urn_counter (
  ballot_id TEXT    NOT NULL,
  option    TEXT    NOT NULL,
  biased    INTEGER NOT NULL CHECK (biased >= 4294967296 AND biased < 140737488355328),
  PRIMARY KEY (ballot_id, option)
) WITHOUT ROWID;

CREATE VIEW election_urn (ballot_id, option, count) AS
  SELECT ballot_id, option, biased - 4294967296 FROM election_urn_counter;
