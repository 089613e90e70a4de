import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const MIGRATION_FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/;

export function loadMigrations(dir = fileURLToPath(new URL('./migrations/', import.meta.url))): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((file) => {
      const m = MIGRATION_FILE.exec(file);
      if (!m) throw new Error(`migration file name ${file} must look like 001_name.sql`);
      const sql = readFileSync(`${dir}/${file}`, 'utf8');
      return { version: Number(m[1]), name: m[2] ?? '', sql, checksum: createHash('sha256').update(sql).digest('hex') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 001, 002, … without gaps; found ${m.version} at position ${i + 1}`);
  });
  return migrations;
}

/**
 * Applies pending migrations in order. Refuses a database whose applied migrations have drifted
 * from the files (changed checksum, or applied versions this code does not know): the log is a
 * legal record, so nothing is guessed.
 */
export function migrate(db: Database.Database, migrations: Migration[] = loadMigrations()): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as {
    version: number;
    name: string;
    checksum: string;
  }[];
  for (const row of applied) {
    const known = migrations.find((m) => m.version === row.version);
    if (!known) throw new Error(`database has migration ${row.version} (${row.name}) that this version does not know: refusing to open it`);
    if (known.checksum !== row.checksum) {
      throw new Error(`migration ${row.version} (${row.name}) was changed after it was applied: refusing to open the database`);
    }
  }
  const pending = migrations.filter((m) => !applied.some((a) => a.version === m.version));
  const insert = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  for (const m of pending) {
    db.transaction(() => {
      db.exec(m.sql);
      insert.run(m.version, m.name, m.checksum, new Date().toISOString());
    })();
  }
  return pending.length;
}
