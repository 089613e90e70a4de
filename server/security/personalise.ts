/**
 * `npm run cards -- personalise`: writes each tapped card's diversified key into its key 0
 * (ChangeKey in EV2 secure messaging), from the factory key or from the key of an older master
 * key (rotation), and checks the new key with a fresh authentication. Never prints a key.
 */
import { createInterface } from 'node:readline/promises';
import { resolve } from 'node:path';
import { cardKeyFor, statusWordHex, type ApduTransport } from '../../drivers/card-readers/card-auth';
import { FACTORY_KEY, personaliseCard, type PersonaliseOutcome } from '../../drivers/card-readers/ntag424-personalise';
import { GET_UID_APDU, loadNfcPcsc, pcscdAnswers, pcscdSocketPath, uidFromResponse, type NfcFactory, type NfcReader } from '../../drivers/card-readers/nfc-pcsc';
import { cardKeyPath, readCardKey } from './card-key';


/** The operator's line for one tap, German first. */
export function outcomeLine(uid: string, outcome: PersonaliseOutcome): string {
  switch (outcome.kind) {
    case 'personalised':
      return `Karte ${uid} personalisiert / Card ${uid} personalised`;
    case 'already':
      return `Karte ${uid} trägt den neuen Schlüssel bereits, nichts geändert / Card ${uid} already carries the new key, nothing changed`;
    case 'wrong-key':
      return `Karte ${uid}: aktueller Schlüssel falsch (91 AE), nichts geändert / Card ${uid}: current key wrong (91 AE), nothing changed`;
    case 'no-application':
      return `Karte ${uid} ist keine NTAG 424 DNA (keine AES-Anwendung), nichts geändert / Card ${uid} is no NTAG 424 DNA (no AES application), nothing changed`;
    case 'change-refused':
      return `Karte ${uid} hat ChangeKey abgelehnt (${statusWordHex(outcome.sw)}), nichts geändert; erneut auflegen / Card ${uid} refused ChangeKey (${statusWordHex(outcome.sw)}), nothing changed; tap again`;
    case 'left-before':
      return `Karte ${uid} zu früh entfernt, nichts geändert; erneut auflegen / Card ${uid} removed too early, nothing changed; tap again`;
    case 'left-during':
      return `Karte ${uid} während ChangeKey entfernt: sie trägt den alten oder den neuen Schlüssel, nie einen halben; erneut auflegen / Card ${uid} removed during ChangeKey: it carries the old or the new key, never half of one; tap again`;
    case 'unverified':
      return `Karte ${uid}: Schlüssel geändert, Prüfung nicht abgeschlossen; erneut auflegen / Card ${uid}: key changed, check not finished; tap again`;
  }
}

export interface PersonaliseRunOptions {
  /** The installation's master key file (the new key). */
  masterKeyFile: string;
  /** The old master key file (rotation); the factory key (16 zero bytes) when not given. */
  fromKeyFile?: string;
  /** PC/SC reader name; the first reader when not given. */
  reader?: string;
  /** Stop after this many taps; until `signal` aborts otherwise. */
  count?: number;
  signal?: AbortSignal;
  factory?: NfcFactory;
  socketPath?: string;
  /** How long to wait for the reader to show up. */
  readerWaitMs?: number;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b));
}

/**
 * Waits for cards on the reader and personalises one per tap. Resolves with the exit code: 0
 * when every tap left its card with the new key (personalised, or carrying it already), 1 when
 * a tap failed or the run was refused (no key file, no reader, no pcscd).
 */
export async function runPersonalise(o: PersonaliseRunOptions): Promise<number> {
  const out = o.out ?? ((line: string) => console.log(line));
  const err = o.err ?? ((line: string) => console.error(line));
  let master: Buffer;
  let oldMaster: Buffer | null = null;
  try {
    master = readCardKey(o.masterKeyFile);
  } catch (e) {
    err(`Kein Kartenschlüssel / no card master key: ${e instanceof Error ? e.message : String(e)} (npm run cards -- init-key)`);
    return 1;
  }
  if (o.fromKeyFile !== undefined) {
    try {
      oldMaster = readCardKey(o.fromKeyFile);
    } catch (e) {
      err(`Alter Kartenschlüssel nicht lesbar / old card master key not readable: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
    if (sameKey(oldMaster, master)) {
      err('Alter und neuer Kartenschlüssel sind gleich / the old and the new card master key are the same');
      return 1;
    }
  }
  const socketPath = o.socketPath ?? pcscdSocketPath();
  const readerWanted = o.reader ? `„${o.reader}“` : '';
  const readerMissing = (seen: string[]) =>
    `Lesegerät ${readerWanted ? `${readerWanted} ` : ''}nicht gefunden / reader ${o.reader ? `"${o.reader}" ` : ''}not found` + (seen.length > 0 ? ` (da / present: ${seen.join(', ')})` : '');
  if (!(await pcscdAnswers(socketPath))) {
    err(`${readerMissing([])}: pcscd antwortet nicht / pcscd does not answer on ${socketPath}`);
    return 1;
  }
  let factory: NfcFactory;
  try {
    factory = o.factory ?? (await loadNfcPcsc());
  } catch (e) {
    err(`${readerMissing([])}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }

  const context = factory();
  const seen: string[] = [];
  let failures = 0;
  let taps = 0;
  let finish: (code: number) => void = () => undefined;
  const done = new Promise<number>((res) => (finish = res));
  let chosen: NfcReader | null = null;
  let busy = Promise.resolve();
  let finished = false;

  const onAbort = () => finish(failures > 0 ? 1 : 0);
  o.signal?.addEventListener('abort', onAbort);
  if (o.signal?.aborted) onAbort();

  const waitForReader = setTimeout(() => {
    if (chosen) return;
    err(readerMissing(seen));
    failures += 1;
    finish(1);
  }, o.readerWaitMs ?? 3000);

  const tap = async (reader: NfcReader): Promise<void> => {
    const apdu: ApduTransport = (command) => reader.transmit(command, 64);
    let uid: string;
    try {
      uid = uidFromResponse(await apdu(GET_UID_APDU));
    } catch (e) {
      err(`Karte nicht lesbar, erneut auflegen / card not readable, tap again (${e instanceof Error ? e.message : String(e)})`);
      failures += 1;
      return;
    }
    const outcome = await personaliseCard(apdu, {
      uid,
      currentKey: oldMaster ? cardKeyFor(oldMaster, uid) : FACTORY_KEY,
      newKey: cardKeyFor(master, uid),
    });
    const line = outcomeLine(uid, outcome);
    if (outcome.kind === 'personalised' || outcome.kind === 'already') out(line);
    else {
      err(line);
      failures += 1;
    }
    taps += 1;
    if (o.count !== undefined && taps >= o.count) finish(failures > 0 ? 1 : 0);
  };

  context.on('error', (e) => err(`PC/SC: ${e.message}`));
  context.on('reader', (reader) => {
    seen.push(reader.name);
    // every reader: no automatic tag reads, and no unhandled 'error' event from one we do not use
    reader.autoProcessing = false;
    if (chosen || (o.reader !== undefined && reader.name !== o.reader)) {
      reader.on('error', () => undefined);
      return;
    }
    chosen = reader;
    reader.on('error', (e) => err(`PC/SC ${reader.name}: ${e.message}`));
    reader.on('end', () => {
      err(`Lesegerät entfernt / reader removed: ${reader.name}`);
      failures += 1;
      finish(1);
    });
    reader.on('card', () => {
      if (finished) return;
      busy = busy.then(() => tap(reader)).catch((e: unknown) => err(`Fehler / error: ${e instanceof Error ? e.message : String(e)}`));
    });
    out(`Karte auf „${reader.name}“ auflegen (Strg+C beendet) / Tap a card on "${reader.name}" (Ctrl+C ends)`);
  });

  const code = await done;
  // the readers' status watch may outlive the closed context (seen when the function runs inside a
  // longer-lived process, as on the hardware bench): a card arriving later must get no APDUs
  finished = true;
  clearTimeout(waitForReader);
  o.signal?.removeEventListener('abort', onAbort);
  await busy;
  context.removeAllListeners();
  context.on('error', () => undefined);
  try {
    context.close();
  } catch {
    // closing a context whose pcscd went away
  }
  return code;
}

const USAGE = `npm run cards -- personalise [--reader <PC/SC reader name>] [--from factory | --from-key-file <old master key file>] [--count N] [--yes] [--file <master key file>]`;

/** Parses the arguments after `personalise`; asks for confirmation on a terminal unless --yes. */
export async function personaliseCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  out: (s: string) => void = console.log,
  err: (s: string) => void = console.error,
): Promise<number> {
  const o: PersonaliseRunOptions = { masterKeyFile: cardKeyPath(env), out, err };
  let yes = false;
  let from: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    try {
      if (arg === '--reader') o.reader = value();
      else if (arg === '--from') from = value();
      else if (arg === '--from-key-file') o.fromKeyFile = resolve(value());
      else if (arg === '--file') o.masterKeyFile = resolve(value());
      else if (arg === '--count') {
        const n = Number(value());
        if (!Number.isInteger(n) || n < 1) throw new Error('--count needs a whole number from 1');
        o.count = n;
      } else if (arg === '--yes') yes = true;
      else throw new Error(`unknown argument ${arg}`);
    } catch (e) {
      err(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
      return 2;
    }
  }
  if (from !== null && from !== 'factory') {
    err(`--from knows only "factory"; for an old master key use --from-key-file\n${USAGE}`);
    return 2;
  }
  if (from !== null && o.fromKeyFile !== undefined) {
    err(`--from factory and --from-key-file exclude each other\n${USAGE}`);
    return 2;
  }
  if (!yes) {
    if (!process.stdin.isTTY) {
      err('Ohne Terminal nur mit --yes / without a terminal only with --yes');
      return 2;
    }
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await rl.question(
      `Schlüssel 0 jeder aufgelegten Karte wird ${o.fromKeyFile ? 'vom alten Kartenschlüssel' : 'vom Werksschlüssel'} auf den Schlüssel aus ${o.masterKeyFile} geändert. Weiter? [j/N] / ` +
        `Key 0 of every tapped card is changed ${o.fromKeyFile ? 'from the old master key' : 'from the factory key'} to the key from ${o.masterKeyFile}. Continue? [y/N] `,
    );
    rl.close();
    if (!/^[jy]/i.test(answer.trim())) return 1;
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  try {
    return await runPersonalise({ ...o, signal: controller.signal });
  } finally {
    process.off('SIGINT', stop);
  }
}
