import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { DomainError, type Actor, type Command } from '../domain';
import type { manualEntryCommands } from '../protocol/clerk';
import type { deviceCommands } from '../protocol/devices';
import type { CommandName, CommandSpec, ResponseOf, ROLES } from '../protocol/commands';
import type { CardEnrolment } from '../session/card-enrolment';
import type { ExportTickets } from '../security/export-tickets';
import { planImport } from '../session/register-import';
import type { Committed, SessionService } from '../session/service';
import { exportTicketHandlers } from './export-ticket-handler';

type Payload<S> = S extends CommandSpec ? z.output<S['request']> : never;
type Result<S> = S extends CommandSpec ? z.output<S['response']> : never;

export type ClerkHandlers = {
  [K in CommandName<'clerk'>]: (payload: Payload<(typeof ROLES)['clerk']['commands'][K]>, socket: Socket) => Promise<ResponseOf<'clerk', K>>;
};
type ManualHandlers = {
  [K in keyof typeof manualEntryCommands]: (payload: Payload<(typeof manualEntryCommands)[K]>) => Promise<Result<(typeof manualEntryCommands)[K]>>;
};

/** A refusal must become a rejected promise, never a throw out of the socket handler. */
function attempt<T>(fn: () => T): Promise<T> {
  return new Promise((resolve) => resolve(fn()));
}

export interface ClerkDeps {
  session: SessionService;
  enrolment: CardEnrolment | null;
  /** Pairing codes and device revocation (server/security/devices): null when the server has no device registry. */
  devices: DeviceHandlers | null;
  /** false: no card master key on this server, so challenge-response cannot be required (undefined: not checked). */
  cardKeyLoaded?: boolean | undefined;
  /** One-time download tickets for the exports (null: none issued). */
  exportTickets?: ExportTickets | null | undefined;
}

export type DeviceHandlers = {
  [K in keyof typeof deviceCommands]: (payload: Payload<(typeof deviceCommands)[K]>, socket: Socket) => Promise<Result<(typeof deviceCommands)[K]>>;
};

/** Manual ballots and corrections: the same for the clerk and the chair, marked with who entered them. */
export function manualEntryHandlers(session: SessionService, by: 'chair' | 'clerk'): ManualHandlers {
  const actor: Actor = { kind: by };
  return {
    manualBallot: async (p) => {
      await session.submit({ type: 'manualBallot', ...p, by, key: `manual-${randomUUID()}` }, actor);
      return {};
    },
    correctResult: async (p) => {
      await session.submit({ type: 'correctResult', ...p, by }, actor);
      return {};
    },
  };
}

export function clerkHandlers(d: ClerkDeps): ClerkHandlers {
  const actor: Actor = { kind: 'clerk' };
  const submit = (command: Command): Promise<Committed> => d.session.submit(command, actor);
  const done = async (command: Command) => {
    await submit(command);
    return {};
  };
  const enrolment = () => {
    if (!d.enrolment) throw new DomainError('internal-error');
    return d.enrolment;
  };
  const devices = () => {
    if (!d.devices) throw new DomainError('internal-error');
    return d.devices;
  };
  return {
    addMember: (p) => done({ type: 'addMember', member: p.member }),
    updateMember: (p) => done({ type: 'updateMember', member: p.member }),
    retireMember: (p) => done({ type: 'retireMember', memberId: p.memberId, until: p.until, ...(p.reason ? { reason: p.reason } : {}) }),
    addFaction: (p) => done({ type: 'addFaction', faction: p.faction }),
    updateFaction: (p) => done({ type: 'updateFaction', faction: p.faction }),
    addSeat: (p) => done({ type: 'addSeat', seat: p.seat }),
    updateSeat: (p) => done({ type: 'updateSeat', seat: p.seat }),
    updateProfile: async (p) => {
      // every card would be refused: the key must be there before the policy is switched on
      if (p.profile.cardAuthentication === 'challenge-response' && d.cardKeyLoaded === false) throw new DomainError('card-key-missing');
      return done({ type: 'updateProfile', profile: p.profile });
    },
    setLegalMembers: (p) => done({ type: 'setLegalMembers', legalMembers: p.legalMembers, ...(p.reason ? { reason: p.reason } : {}) }),
    previewImport: (p) => attempt(() => planImport(d.session.state, p).preview),
    importCsv: async (p) => {
      const { preview, command } = planImport(d.session.state, p);
      if (!preview.valid) {
        const rows = [...preview.factions, ...preview.members].filter((r) => r.errors.length > 0).length;
        throw new DomainError('import-invalid', { count: rows + preview.fileErrors.length });
      }
      // one command, one batch in one transaction: all of it is recorded, or nothing
      await submit(command);
      return { factions: command.factions.length, members: command.members.length, cards: command.cards.length };
    },
    startCardMode: (p) => attempt(() => enrolment().start(p.memberId, actor)),
    cancelCardMode: () =>
      attempt(() => {
        enrolment().cancel();
        return {};
      }),
    revokeCard: (p) => done({ type: 'revokeCard', cardUid: p.uid, reason: p.reason }),
    manualCheckIn: (p) => done({ type: 'manualCheckIn', memberId: p.memberId, seatId: p.seatId, by: 'clerk', ...(p.reason ? { reason: p.reason } : {}) }),
    manualCheckOut: (p) => done({ type: 'manualCheckOut', memberId: p.memberId, by: 'clerk', ...(p.reason ? { reason: p.reason } : {}) }),
    addRecordNote: async (p) => {
      const noteId = `note-${randomUUID()}`;
      await submit({ type: 'addRecordNote', noteId, itemId: p.itemId, kind: p.kind, memberId: p.kind === 'declaration' ? p.memberId : null, text: p.text });
      return { noteId };
    },
    withdrawRecordNote: (p) => done({ type: 'withdrawRecordNote', noteId: p.noteId, reason: p.reason }),
    ...manualEntryHandlers(d.session, 'clerk'),
    createPairingCode: (p, socket) => devices().createPairingCode(p, socket),
    createSeatPairingCodes: (p, socket) => devices().createSeatPairingCodes(p, socket),
    cancelPairingCode: (p, socket) => devices().cancelPairingCode(p, socket),
    revokeDevice: (p, socket) => devices().revokeDevice(p, socket),
    ...exportTicketHandlers(d.exportTickets ?? null),
  };
}
