/**
 * Screens are addressed by the location hash: `#/` and `#/doc/<id>` for "Mon espace",
 * `#/w/<workspace>` and `#/w/<workspace>/doc/<id>` for a committee. The app is served from
 * `app://entente/index.html` or any static folder, where path routing would need server rules.
 */
import { isValidId } from '../../shared/model/room-name.js';
import { LOCAL_WORKSPACE_ID } from '../documents/local-workspace.js';

/** A screen of the app. */
export type Route =
  | { readonly screen: 'home'; readonly workspace: string }
  | { readonly screen: 'document'; readonly workspace: string; readonly id: string };

/** The route a hash names; the local home screen for anything else. */
export function parseRoute(hash: string): Route {
  const match = /^#\/(?:w\/([^/?#]+)\/?)?(?:doc\/([^/?#]+))?$/.exec(hash);
  const workspace = match?.[1] ?? LOCAL_WORKSPACE_ID;
  const id = match?.[2];
  if (match === null || !isValidId(workspace))
    return { screen: 'home', workspace: LOCAL_WORKSPACE_ID };
  if (id === undefined) return { screen: 'home', workspace };
  return isValidId(id) ? { screen: 'document', workspace, id } : { screen: 'home', workspace };
}

/** The hash of a route. */
export function routeHash(route: Route): string {
  const base = route.workspace === LOCAL_WORKSPACE_ID ? '#/' : `#/w/${route.workspace}/`;
  return route.screen === 'document' ? `${base}doc/${route.id}` : base;
}
