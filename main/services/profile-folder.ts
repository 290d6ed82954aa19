/**
 * Which user-data folder this instance uses. One folder per profile: the folder holds the
 * member's IndexedDB, settings and window state, and Electron's single-instance lock is taken on
 * it — so a second profile is a second person on the same computer, with a window of its own,
 * instead of a link forwarded to the first window. `npm run start:second-member` uses this to
 * show two members editing together; everyone else never passes the switch.
 */

/** The command-line switch naming a profile: `--entente-profile=<name>`. */
export const PROFILE_SWITCH = '--entente-profile';

const PROFILE_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** The folder name under the OS's application-data folder, or why the switch is refused. */
export type ProfileFolder =
  { readonly ok: true; readonly folder: string } | { readonly ok: false; readonly reason: string };

/**
 * `product` alone without the switch, `<product> (<name>)` with it. A name is lower-case letters,
 * digits and hyphens (at most 40): it becomes part of a path, so nothing else is accepted.
 */
export function profileFolder(product: string, argv: readonly string[]): ProfileFolder {
  const prefix = `${PROFILE_SWITCH}=`;
  const values = argv.filter((argument) => argument.startsWith(prefix));
  if (values.length === 0) return { ok: true, folder: product };
  if (values.length > 1) return { ok: false, reason: `${PROFILE_SWITCH} is given more than once` };
  const name = values[0]!.slice(prefix.length);
  if (!PROFILE_NAME.test(name)) {
    return {
      ok: false,
      reason: `${PROFILE_SWITCH}: "${name.slice(0, 60)}" is not a profile name (a–z, 0–9 and "-", at most 40)`,
    };
  }
  return { ok: true, folder: `${product} (${name})` };
}
