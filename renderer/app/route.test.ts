/** Hash routes of "Mon espace" and of committee workspaces. */
import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash, type Route } from './route.js';

describe('routes', () => {
  it('round-trips every screen', () => {
    const routes: Route[] = [
      { screen: 'home', workspace: 'mon-espace' },
      { screen: 'document', workspace: 'mon-espace', id: 'charte-1a2b' },
      { screen: 'home', workspace: 'comite' },
      { screen: 'document', workspace: 'comite', id: 'charte-1a2b' },
    ];
    for (const route of routes) expect(parseRoute(routeHash(route))).toEqual(route);
    expect(routeHash(routes[1]!)).toBe('#/doc/charte-1a2b');
    expect(routeHash(routes[3]!)).toBe('#/w/comite/doc/charte-1a2b');
  });

  it('falls back to the local home screen', () => {
    for (const hash of ['', '#', '#open=x', '#/w/../doc/x', '#/doc/a/b', '#/w/comite/doc/']) {
      expect(parseRoute(hash)).toEqual({ screen: 'home', workspace: 'mon-espace' });
    }
  });
});
