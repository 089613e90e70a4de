import type { AgendaItem } from '../protocol/register';
import { refuse } from './errors';
import type { CouncilState } from './state';

/** Editing the agenda (Tagesordnung) during preparation and the session. Every edit is an event. */

export type AgendaEvent =
  | { type: 'AgendaItemAdded'; item: AgendaItem; position: number }
  | { type: 'AgendaItemChanged'; item: AgendaItem }
  | { type: 'AgendaItemMoved'; itemId: string; position: number }
  | { type: 'AgendaItemRemoved'; itemId: string }
  /** A whole agenda from a file, replacing the planned one: all rows or none. */
  | { type: 'AgendaImported'; items: AgendaItem[] };

export type AgendaCommand =
  | { type: 'addAgendaItem'; item: AgendaItem; position?: number }
  | { type: 'changeAgendaItem'; item: AgendaItem }
  | { type: 'moveAgendaItem'; itemId: string; position: number }
  | { type: 'removeAgendaItem'; itemId: string }
  | { type: 'importAgenda'; items: AgendaItem[] };

function clean(item: AgendaItem): AgendaItem {
  const motion = item.motion?.trim();
  const documentRef = item.documentRef?.trim();
  const number = item.number.trim();
  const title = item.title.trim();
  if (number === '') refuse('validation-failed', { detail: 'number' });
  if (title === '') refuse('validation-failed', { detail: 'title' });
  return { id: item.id, number, title, public: item.public, ...(motion ? { motion } : {}), ...(documentRef ? { documentRef } : {}) };
}

function numberTaken(state: CouncilState, number: string, exceptId: string | null): boolean {
  const n = number.toLowerCase();
  for (const item of state.items.values()) if (item.id !== exceptId && item.number.toLowerCase() === n) return true;
  return false;
}

/** An item the record refers to (votes, speeches, requests, bias, declarations and notes, called now) cannot be removed. */
export function itemInUse(state: CouncilState, itemId: string): boolean {
  if (state.currentItemId === itemId) return true;
  for (const n of state.recordNotes.values()) if (n.itemId === itemId) return true;
  for (const v of state.votes.values()) if (v.itemId === itemId) return true;
  if (state.speakers.speeches.some((s) => s.itemId === itemId)) return true;
  if ((state.speakers.lists.get(itemId)?.requests.length ?? 0) > 0) return true;
  return (state.bias.get(itemId)?.size ?? 0) > 0;
}

export function decideAgenda(state: CouncilState, c: AgendaCommand): AgendaEvent[] {
  switch (c.type) {
    case 'addAgendaItem': {
      const item = clean(c.item);
      if (state.items.has(item.id)) refuse('validation-failed', { detail: `item id ${item.id} exists` });
      if (numberTaken(state, item.number, null)) refuse('agenda-number-taken', { number: item.number });
      const position = Math.max(0, Math.min(c.position ?? state.agendaOrder.length, state.agendaOrder.length));
      return [{ type: 'AgendaItemAdded', item, position }];
    }
    case 'changeAgendaItem': {
      const before = state.items.get(c.item.id);
      if (!before) refuse('item-unknown', { item: c.item.id });
      const item = clean(c.item);
      if (numberTaken(state, item.number, item.id)) refuse('agenda-number-taken', { number: item.number });
      if (JSON.stringify(item) === JSON.stringify(clean(before))) return [];
      return [{ type: 'AgendaItemChanged', item }];
    }
    case 'moveAgendaItem': {
      const from = state.agendaOrder.indexOf(c.itemId);
      if (from < 0) refuse('item-unknown', { item: c.itemId });
      const position = Math.max(0, Math.min(c.position, state.agendaOrder.length - 1));
      return position === from ? [] : [{ type: 'AgendaItemMoved', itemId: c.itemId, position }];
    }
    case 'removeAgendaItem':
      if (!state.items.has(c.itemId)) refuse('item-unknown', { item: c.itemId });
      if (itemInUse(state, c.itemId)) refuse('agenda-item-in-use');
      if (state.agendaOrder.length === 1) refuse('agenda-empty');
      return [{ type: 'AgendaItemRemoved', itemId: c.itemId }];
    case 'importAgenda': {
      if (c.items.length === 0) refuse('agenda-empty');
      for (const id of state.items.keys()) if (itemInUse(state, id)) refuse('agenda-in-use');
      const items = c.items.map(clean);
      const numbers = new Set<string>();
      const ids = new Set<string>();
      for (const item of items) {
        const n = item.number.toLowerCase();
        if (numbers.has(n)) refuse('agenda-number-taken', { number: item.number });
        if (ids.has(item.id)) refuse('validation-failed', { detail: `item id ${item.id} twice` });
        numbers.add(n);
        ids.add(item.id);
      }
      return [{ type: 'AgendaImported', items }];
    }
  }
}

export function applyAgenda(state: CouncilState, e: AgendaEvent): void {
  switch (e.type) {
    case 'AgendaItemAdded':
      state.items.set(e.item.id, e.item);
      state.agendaOrder.splice(e.position, 0, e.item.id);
      return;
    case 'AgendaItemChanged':
      state.items.set(e.item.id, e.item);
      return;
    case 'AgendaItemMoved': {
      const order = state.agendaOrder.filter((id) => id !== e.itemId);
      order.splice(e.position, 0, e.itemId);
      state.agendaOrder = order;
      return;
    }
    case 'AgendaItemRemoved':
      state.items.delete(e.itemId);
      state.agendaOrder = state.agendaOrder.filter((id) => id !== e.itemId);
      state.speakers.lists.delete(e.itemId);
      return;
    case 'AgendaImported':
      state.items = new Map(e.items.map((i) => [i.id, i]));
      state.agendaOrder = e.items.map((i) => i.id);
      state.speakers.lists.clear();
      return;
  }
}
