export type Route = 'start' | 'chair' | 'display' | 'overlay' | 'clerk' | 'exports' | 'pair';

/** The screens, chosen once per page load by the address (no router needed). */
export function routeOf(pathname: string): Route {
  const [first, second] = pathname.split('/').filter(Boolean);
  if (first === 'chair' && second === 'exports') return 'exports';
  if (first === 'chair') return 'chair';
  if (first === 'display') return pathname.split('/').filter(Boolean)[1] === 'overlay' ? 'overlay' : 'display';
  if (first === 'clerk') return 'clerk';
  if (first === 'pair') return 'pair';
  return 'start';
}
