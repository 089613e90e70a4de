export type Route = 'start' | 'chair' | 'display' | 'exports';

/** Three screens, chosen once per page load by the address (no router needed). */
export function routeOf(pathname: string): Route {
  const [first, second] = pathname.split('/').filter(Boolean);
  if (first === 'chair' && second === 'exports') return 'exports';
  if (first === 'chair') return 'chair';
  if (first === 'display') return 'display';
  return 'start';
}
