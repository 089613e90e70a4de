import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Register } from '../../server/protocol/register';
import { REPO_ROOT } from '../helpers/server-process';

/** The demo council the test servers start with (seeds/demo-council.json). */
export const demo = Register.parse(JSON.parse(readFileSync(join(REPO_ROOT, 'seeds/demo-council.json'), 'utf8')));

/** A member's name as the screens show it: title, first name, last name. */
export function nameOf(memberId: string): string {
  const m = demo.members.find((x) => x.id === memberId);
  if (!m) throw new Error(`no member ${memberId}`);
  return [m.title, m.firstName, m.lastName].filter(Boolean).join(' ');
}
