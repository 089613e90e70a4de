-- Enrolled devices, pairing codes and the device audit. Not part of the council's record: this
-- file says which devices may connect, the event log says what the council did.
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('seat', 'chair', 'clerk', 'display', 'agent')),
  target TEXT NOT NULL,
  -- SHA-256 of the device credential; the credential itself is never stored
  token_hash BLOB NOT NULL UNIQUE,
  -- "scrypt$N$r$p$salt$hash" (base64url), chair and clerk devices only
  pin_hash TEXT,
  code_id TEXT,
  enrolled_at TEXT NOT NULL,
  last_seen_at TEXT,
  revoked_at TEXT,
  revoke_reason TEXT,
  pin_failures INTEGER NOT NULL DEFAULT 0,
  pin_locks INTEGER NOT NULL DEFAULT 0,
  pin_locked_until TEXT
);
CREATE INDEX devices_role ON devices (role, revoked_at);

-- a revocation is final
CREATE TRIGGER devices_revocation_final BEFORE UPDATE OF revoked_at, revoke_reason ON devices
WHEN OLD.revoked_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'a revoked device stays revoked');
END;
CREATE TRIGGER devices_no_delete BEFORE DELETE ON devices
BEGIN
  SELECT RAISE(ABORT, 'devices are revoked, never deleted');
END;

CREATE TABLE pairing_codes (
  id TEXT PRIMARY KEY,
  -- SHA-256 of the normalised code ("ABCD-EFGH"); the code is shown once and never stored
  code_hash BLOB NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('seat', 'chair', 'clerk', 'display', 'agent')),
  target TEXT NOT NULL,
  label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  redeemed_at TEXT,
  device_id TEXT,
  cancelled_at TEXT
);
CREATE INDEX pairing_codes_pending ON pairing_codes (redeemed_at, cancelled_at, expires_at);

CREATE TABLE audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  device_id TEXT,
  code_id TEXT,
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
  SELECT RAISE(ABORT, 'the device audit is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
  SELECT RAISE(ABORT, 'the device audit is append-only');
END;
