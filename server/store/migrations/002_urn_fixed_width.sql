-- The urn's counters in a fixed-width form.
--
-- SQLite stores an integer in 0, 1, 2, 3, 4, 6 or 8 bytes depending on its value. A counter
-- that grows from 1 to 2 or from 127 to 128 changes the size of its row, and SQLite then moves
-- the row to another place in the page, leaving a free block behind. The page layout would so
-- keep the order in which the options' counts grew, and together with the order of the
-- participation events in the log that is a trace of who chose what in a secret vote.
--
-- Each count is therefore stored with a bias of 2^32: every value from 0 to 2^47 - 2^32 - 1
-- takes the same six bytes, a deposit rewrites its row in place, and the file depends only on
-- who took part and on the totals. `urn` stays readable as a view with the plain counts.
CREATE TABLE urn_counter (
  vote_id TEXT    NOT NULL,
  choice  TEXT    NOT NULL CHECK (choice IN ('yes', 'no', 'abstain')),
  biased  INTEGER NOT NULL CHECK (biased >= 4294967296 AND biased < 140737488355328),
  PRIMARY KEY (vote_id, choice)
) WITHOUT ROWID;

INSERT INTO urn_counter (vote_id, choice, biased)
  SELECT vote_id, choice, count + 4294967296 FROM urn ORDER BY vote_id, choice;

DROP TABLE urn;

CREATE VIEW urn (vote_id, choice, count) AS
  SELECT vote_id, choice, biased - 4294967296 FROM urn_counter;
