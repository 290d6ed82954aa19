/**
 * Screens are addressed by the location hash (`#/`, `#/doc/<id>`): the app is served from
 * `app://entente/index.html` or any static folder, where path routing would need server rules.
 */
import { isValidId } from '../../shared/model/room-name.js';

/** A screen of the app. */
export type Route =
  { readonly screen: 'home' } | { readonly screen: 'document'; readonly id: string };

/** The route a hash names; the home screen for anything else. */
export function parseRoute(hash: string): Route {
  const match = /^#\/doc\/([^/?#]+)$/.exec(hash);
  const id = match?.[1];
  return id !== undefined && isValidId(id) ? { screen: 'document', id } : { screen: 'home' };
}

/** The hash of a route. */
export function routeHash(route: Route): string {
  return route.screen === 'document' ? `#/doc/${route.id}` : '#/';
}
