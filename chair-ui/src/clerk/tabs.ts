/** The clerk console's tabs: in two groups, in the order of the navigation and of the arrow keys. */
export const CLERK_TAB_GROUPS = {
  session: ['entries', 'results', 'notes', 'exports'],
  register: ['members', 'register', 'import', 'devices'],
} as const;

export type ClerkTabGroup = keyof typeof CLERK_TAB_GROUPS;
export type ClerkTab = (typeof CLERK_TAB_GROUPS)[ClerkTabGroup][number];

export const CLERK_TABS: readonly ClerkTab[] = [...CLERK_TAB_GROUPS.session, ...CLERK_TAB_GROUPS.register];

/** Opened when the address names no tab (or one that does not exist). */
export const DEFAULT_CLERK_TAB: ClerkTab = 'members';

function isClerkTab(id: string): id is ClerkTab {
  return (CLERK_TABS as readonly string[]).includes(id);
}

/** The tab named by the address's fragment (`#notes`), so that a reload keeps it. */
export function tabFromHash(hash: string): ClerkTab {
  const id = hash.replace(/^#/, '');
  return isClerkTab(id) ? id : DEFAULT_CLERK_TAB;
}

/**
 * WAI-ARIA tabs, both orientations: the arrow keys move to the next or previous tab across both
 * groups, wrapping around; Home and End to the first and last. Null: not a key of the tablist.
 */
export function tabAfterKey(current: ClerkTab, key: string): ClerkTab | null {
  const i = CLERK_TABS.indexOf(current);
  const n = CLERK_TABS.length;
  switch (key) {
    case 'ArrowDown':
    case 'ArrowRight':
      return CLERK_TABS[(i + 1) % n] ?? null;
    case 'ArrowUp':
    case 'ArrowLeft':
      return CLERK_TABS[(i - 1 + n) % n] ?? null;
    case 'Home':
      return CLERK_TABS[0] ?? null;
    case 'End':
      return CLERK_TABS[n - 1] ?? null;
    default:
      return null;
  }
}
