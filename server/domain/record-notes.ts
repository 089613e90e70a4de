import { refuse } from './errors';
import type { DomainEvent } from './events';
import type { CouncilState } from './state';

/**
 * Declarations for the record and the clerk's notes (RULES.md §9): a member asks that a statement
 * be taken into the minutes ("zu Protokoll"), or the clerk adds a note of their own, on an agenda
 * item or on the session as a whole. A note is never edited: a mistaken one is withdrawn with a
 * reason, and the minutes show both.
 */
export type RecordNoteKind = 'declaration' | 'note';

export type RecordNoteCommand =
  | {
      type: 'addRecordNote';
      /** Chosen by the server. */
      noteId: string;
      /** null: on the session as a whole. */
      itemId: string | null;
      kind: RecordNoteKind;
      /** The member who made the declaration; null for the clerk's own note. */
      memberId: string | null;
      text: string;
    }
  | { type: 'withdrawRecordNote'; noteId: string; reason: string };

export type RecordNoteEvent =
  | { type: 'RecordNoteAdded'; noteId: string; itemId: string | null; kind: RecordNoteKind; memberId: string | null; text: string }
  | { type: 'RecordNoteWithdrawn'; noteId: string; reason: string };

export interface RecordNote {
  id: string;
  itemId: string | null;
  kind: RecordNoteKind;
  memberId: string | null;
  text: string;
  at: string;
  withdrawn: { at: string; reason: string } | null;
}

const COMMANDS: ReadonlySet<string> = new Set<RecordNoteCommand['type']>(['addRecordNote', 'withdrawRecordNote']);

export function isRecordNoteCommand(c: { type: string }): c is RecordNoteCommand {
  return COMMANDS.has(c.type);
}

export function decideRecordNote(state: CouncilState, c: RecordNoteCommand): DomainEvent[] {
  switch (c.type) {
    case 'addRecordNote': {
      if (state.recordNotes.has(c.noteId)) refuse('note-exists');
      if (c.itemId !== null && !state.items.has(c.itemId)) refuse('item-unknown', { item: c.itemId });
      const text = c.text.trim();
      if (text === '') refuse('note-text-required');
      if (c.kind === 'declaration') {
        if (c.memberId === null) refuse('note-member-required');
        if (!state.members.has(c.memberId)) refuse('member-unknown', { member: c.memberId });
      } else if (c.memberId !== null) {
        // the clerk's own note names no member as its author
        refuse('note-member-not-allowed');
      }
      return [{ type: 'RecordNoteAdded', noteId: c.noteId, itemId: c.itemId, kind: c.kind, memberId: c.memberId, text }];
    }
    case 'withdrawRecordNote': {
      const note = state.recordNotes.get(c.noteId);
      if (!note) refuse('note-unknown');
      if (note.withdrawn) refuse('note-withdrawn');
      const reason = c.reason.trim();
      if (reason === '') refuse('reason-required');
      return [{ type: 'RecordNoteWithdrawn', noteId: c.noteId, reason }];
    }
  }
}

export function applyRecordNote(state: CouncilState, event: RecordNoteEvent, at: string): void {
  if (event.type === 'RecordNoteAdded') {
    const { noteId: id, itemId, kind, memberId, text } = event;
    state.recordNotes.set(id, { id, itemId, kind, memberId, text, at, withdrawn: null });
    return;
  }
  const note = state.recordNotes.get(event.noteId);
  if (!note) throw new Error(`withdrawn note ${event.noteId} was never added`);
  note.withdrawn = { at, reason: event.reason };
}
