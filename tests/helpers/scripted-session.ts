/**
 * A scripted council session recorded through the real session service into a real event log:
 * the source of the golden-content export tests. Every step is one minute after the previous
 * one (server clock), starting 16:58 Berlin time on 12 March 2026 (planned start 17:00).
 *
 * Council: tests/unit/domain/fixtures.ts (7 members, legal number 7, quorum 4).
 * - 16:59–17:05 six members check in by card; Eva Fuchs (buerger-2) comes late.
 * - TOP 1: open vote v-open (simple): 2 yes, 1 no, 1 abstain -> passed.
 *          vote v-cancel is opened, two ballots cast, then cancelled (fault at seat 5).
 * - TOP 2: Dieter Ebert excluded for bias; named vote v-named (two thirds of votes cast).
 * - Lack of quorum recorded after three members leave; cleared when one returns.
 * - TOP N 1 (non-public): secret vote v-secret (majority of the legal members).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor, Command } from '../../server/domain';
import { SessionService } from '../../server/session/service';
import { EventStore } from '../../server/store/event-store';
import { CARD, register, SEAT, type MemberKey } from '../unit/domain/fixtures';

export const SCRIPT_START = Date.UTC(2026, 2, 12, 15, 58, 0);

export interface ScriptedSession {
  dir: string;
  dbPath: string;
}

const CHAIR: Actor = { kind: 'chair' };
const reader = (m: MemberKey): Actor => ({ kind: 'reader', readerId: `sim-${SEAT[m]}`, seatId: SEAT[m] });
const seat = (m: MemberKey): Actor => ({ kind: 'seat', seatId: SEAT[m] });

export async function recordScriptedSession(dir = mkdtempSync(join(tmpdir(), 'ratssaal-export-'))): Promise<ScriptedSession> {
  const dbPath = join(dir, 'ratssaal.db');
  const store = EventStore.open(dbPath);
  let minute = 0;
  const service = new SessionService(store, () => new Date(SCRIPT_START + minute * 60_000));
  const run = async (command: Command, actor: Actor) => {
    await service.submit(command, actor);
    minute += 1;
  };
  const arrive = (m: MemberKey) => run({ type: 'presentCard', seatId: SEAT[m], cardUid: CARD[m] }, reader(m));
  const leave = (m: MemberKey) => run({ type: 'removeCard', seatId: SEAT[m] }, reader(m));
  const ballot = (voteId: string, m: MemberKey, choice: 'yes' | 'no' | 'abstain') =>
    run({ type: 'castBallot', voteId, seatId: SEAT[m], choice, key: `k-${voteId}-${m}` }, seat(m));
  const open = (voteId: string, itemId: string, kind: 'open' | 'named' | 'secret', majority: Extract<Command, { type: 'openVote' }>['majority'], title: string, motion?: string) =>
    run({ type: 'openVote', voteId, itemId, title, kind, majority, ...(motion ? { motion } : {}) }, CHAIR);

  try {
    await run({ type: 'loadRegister', register: register() }, { kind: 'system' });
    for (const m of ['mayor', 'gruen-1', 'gruen-2', 'buerger-1', 'links-1', 'advisor'] as const) await arrive(m);

    await run({ type: 'selectItem', itemId: 'top-1' }, CHAIR);
    await open('v-open', 'top-1', 'open', { kind: 'simple' }, 'Haushaltssatzung 2026');
    await ballot('v-open', 'mayor', 'yes');
    await ballot('v-open', 'gruen-1', 'yes');
    await ballot('v-open', 'gruen-2', 'no');
    await ballot('v-open', 'links-1', 'abstain');
    await run({ type: 'closeVote', voteId: 'v-open' }, CHAIR);

    await arrive('buerger-2');
    await open('v-cancel', 'top-1', 'open', { kind: 'simple' }, 'Änderungsantrag der Grünen Liste', 'Die Mittel für Radwege werden um 50.000 € erhöht.');
    await ballot('v-cancel', 'mayor', 'no');
    await ballot('v-cancel', 'gruen-1', 'yes');
    await run({ type: 'cancelVote', voteId: 'v-cancel', reason: 'Störung der Abstimmungsanlage an Platz P 5' }, CHAIR);

    await run({ type: 'selectItem', itemId: 'top-2' }, CHAIR);
    await run({ type: 'setBias', itemId: 'top-2', memberId: 'buerger-1', excluded: true, reason: 'Eigentümer eines Grundstücks im Plangebiet' }, CHAIR);
    await open('v-named', 'top-2', 'named', { kind: 'twoThirdsCast' }, 'Satzungsbeschluss Bebauungsplan Nr. 12');
    await ballot('v-named', 'mayor', 'yes');
    await ballot('v-named', 'gruen-1', 'yes');
    await ballot('v-named', 'gruen-2', 'yes');
    await ballot('v-named', 'buerger-2', 'no');
    await ballot('v-named', 'links-1', 'yes');
    await run({ type: 'closeVote', voteId: 'v-named' }, CHAIR);

    await leave('gruen-1');
    await leave('gruen-2');
    await leave('buerger-1');
    await run({ type: 'recordQuorumLack' }, CHAIR);
    await arrive('gruen-1');
    await run({ type: 'clearQuorumLack' }, CHAIR);

    await run({ type: 'selectItem', itemId: 'top-3' }, CHAIR);
    await open('v-secret', 'top-3', 'secret', { kind: 'absoluteLegal' }, 'Verkauf Flur 7');
    await ballot('v-secret', 'mayor', 'yes');
    await ballot('v-secret', 'gruen-1', 'yes');
    await ballot('v-secret', 'buerger-2', 'no');
    await ballot('v-secret', 'links-1', 'yes');
    await run({ type: 'closeVote', voteId: 'v-secret' }, CHAIR);
    await leave('buerger-2');
  } finally {
    service.close();
    store.close();
  }
  return { dir, dbPath };
}
