import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DB_FILE, type LogCheck } from '../store/log-reader';
import { verifyLog } from './verify';
import { runsAsProgram } from '../entry';

/** The device registry's file inside a data folder (server/security/devices.ts). */
export const DEVICES_FILE = 'devices.db';

export interface BackedUpFile {
  name: string;
  path: string;
  bytes: number;
}

export interface BackupResult {
  target: string;
  log: BackedUpFile & { check: LogCheck };
  devices: (BackedUpFile & { devices: number }) | null;
}

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

/**
 * Copies one SQLite database with SQLite's online backup API: a consistent copy as of one
 * moment, also while the server writes (WAL included). All pages go in one step (one short read
 * transaction, milliseconds per megabyte): a backup in several steps restarts whenever another
 * connection commits in between, which during a vote could repeat without end, and one step
 * holds the checkpoint after an urn commit far less than the writer's 5 s busy timeout. The
 * copy is a single file in rollback-journal mode, readable without its -wal and -shm.
 */
async function backupFile(source: string, dest: string): Promise<void> {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await db.backup(dest, { progress: () => 0x7fffffff });
  } finally {
    db.close();
  }
  const copy = new Database(dest);
  try {
    if (copy.pragma('journal_mode = DELETE', { simple: true }) !== 'delete') throw new BackupError(`the copy ${dest} could not be taken out of WAL mode`);
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new BackupError(`the copy ${dest} fails SQLite's integrity check: ${String(integrity)}`);
  } finally {
    copy.close();
  }
  // the device registry holds credential hashes, the log the council's record: owner only, like the originals should be
  chmodSync(dest, 0o600);
}

/**
 * Writes consistent copies of a data folder's event log and device registry into `target` (a
 * new or empty folder), then checks the copied log's hash chain from the first event (the
 * audit of npm run verify) and opens the copied registry. Refuses to overwrite anything.
 */
export async function backupDataFolder(dataDir: string, target: string): Promise<BackupResult> {
  const logSource = join(dataDir, DB_FILE);
  if (!existsSync(logSource)) throw new BackupError(`no event log ${DB_FILE} in ${dataDir}`);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new BackupError(`${target} is not a folder`);
    if (readdirSync(target).length > 0) throw new BackupError(`${target} is not empty: a backup never overwrites files`);
  } else {
    mkdirSync(target, { recursive: true, mode: 0o700 });
  }

  const logCopy = join(target, DB_FILE);
  await backupFile(logSource, logCopy);
  // the audit of npm run verify, on the copy: every link of the chain from the first event
  const check = verifyLog(logCopy);
  if (check.mismatch !== null) {
    throw new BackupError(`the copied event log does not verify at event ${check.mismatch.seq} (${check.mismatch.reason}); the copy in ${logCopy} is not a backup`);
  }
  const log = { name: DB_FILE, path: logCopy, bytes: statSync(logCopy).size, check };

  let devices: BackupResult['devices'] = null;
  const devicesSource = join(dataDir, DEVICES_FILE);
  if (existsSync(devicesSource)) {
    const devicesCopy = join(target, DEVICES_FILE);
    await backupFile(devicesSource, devicesCopy);
    const db = new Database(devicesCopy, { readonly: true, fileMustExist: true });
    try {
      const { n } = db.prepare('SELECT count(*) AS n FROM devices').get() as { n: number };
      devices = { name: DEVICES_FILE, path: devicesCopy, bytes: statSync(devicesCopy).size, devices: n };
    } finally {
      db.close();
    }
  }
  return { target, log, devices };
}

export function backupReport(r: BackupResult): string {
  const lines = [
    `Sicherung / backup in ${r.target}:`,
    `  ${r.log.name}  ${r.log.bytes} Bytes, ${r.log.check.verified} Ereignisse / events geprüft / verified, letzte Prüfsumme / final hash ${r.log.check.finalHash}`,
  ];
  if (r.devices) lines.push(`  ${r.devices.name}  ${r.devices.bytes} Bytes, ${r.devices.devices} Geräte / devices`);
  else lines.push(`  (kein / no ${DEVICES_FILE} im Datenordner / in the data folder)`);
  return lines.join('\n');
}

/** npm run backup -- <target folder> [data folder]: exit code 0 when the copy verifies. */
export async function runBackupCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [target, data] = argv;
  if (!target) {
    console.error('Aufruf / usage: npm run backup -- <Zielordner / target folder> [Datenordner / data folder, default $RATSSAAL_DATA or data]');
    return 2;
  }
  const dataDir = resolve(data ?? env.RATSSAAL_DATA ?? 'data');
  try {
    console.log(backupReport(await backupDataFolder(dataDir, resolve(target))));
    return 0;
  } catch (err) {
    console.error(`Sicherung fehlgeschlagen / backup failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (runsAsProgram(import.meta.url, 'backup')) {
  void runBackupCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
