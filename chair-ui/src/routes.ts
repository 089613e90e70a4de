export type Route = 'start' | 'chair' | 'display' | 'overlay';

/** Three screens, chosen once per page load by the address (no router needed). */
export function routeOf(pathname: string): Route {
  const first = pathname.split('/').filter(Boolean)[0];
  if (first === 'chair') return 'chair';
  if (first === 'display') return pathname.split('/').filter(Boolean)[1] === 'overlay' ? 'overlay' : 'display';
  return 'start';
}
