export type Route = 'start' | 'chair' | 'display' | 'overlay' | 'clerk';

/** Three screens, chosen once per page load by the address (no router needed). */
export function routeOf(pathname: string): Route {
  const first = pathname.split('/').filter(Boolean)[0];
  if (first === 'chair') return 'chair';
  if (first === 'display') return pathname.split('/').filter(Boolean)[1] === 'overlay' ? 'overlay' : 'display';
  if (first === 'clerk') return 'clerk';
  return 'start';
}
