/**
 * The demo committee's members: one user per seat, with invented names. Roles follow
 * `shared/model/roles.ts`: the ministry chairs, its digital directorate runs the secretariat,
 * the associations of local authorities are members, one association reviews (comments only)
 * and the Caisse des dépôts observes.
 */
import type { Role } from '../model/roles.js';

/** Workspace id of the demo committee (a valid room-name segment). */
export const DEMO_WORKSPACE_ID = 'comite-numerique-educatif';
/** Display name of the demo committee. */
export const DEMO_COMMITTEE_NAME = 'Comité des partenaires du numérique éducatif';

/** A demo user. */
export interface DemoUser {
  /** User id (valid room-name segment; used as `createdBy`). */
  readonly id: string;
  /** Display name. */
  readonly name: string;
  /** Organisation id, see `organisations.ts`. */
  readonly organisation: string;
  /** Function within the organisation, for attendance lists. */
  readonly title: string;
  /** Role in the workspace. */
  readonly role: Role;
}

/** Every demo user, chair first. */
export const DEMO_USERS: readonly DemoUser[] = Object.freeze([
  {
    id: 'helene-marchand',
    name: 'Hélène Marchand',
    organisation: 'men',
    title: 'directrice adjointe du numérique pour l’éducation',
    role: 'chair',
  },
  {
    id: 'julien-lefort',
    name: 'Julien Lefort',
    organisation: 'men',
    title: 'chef de projet, secrétariat du comité',
    role: 'secretariat',
  },
  {
    id: 'isabelle-garnier',
    name: 'Isabelle Garnier',
    organisation: 'amf',
    title: 'maire adjointe chargée de l’éducation',
    role: 'member',
  },
  {
    id: 'bernard-roussel',
    name: 'Bernard Roussel',
    organisation: 'amrf',
    title: 'maire d’une commune de 800 habitants',
    role: 'member',
  },
  {
    id: 'claire-dumont',
    name: 'Claire Dumont',
    organisation: 'adf',
    title: 'vice-présidente de conseil départemental',
    role: 'member',
  },
  {
    id: 'nathalie-berthier',
    name: 'Nathalie Berthier',
    organisation: 'arf',
    title: 'conseillère régionale déléguée aux lycées',
    role: 'member',
  },
  {
    id: 'marc-texier',
    name: 'Marc Texier',
    organisation: 'amgvf',
    title: 'directeur de l’éducation d’une métropole',
    role: 'member',
  },
  {
    id: 'sophie-lemaire',
    name: 'Sophie Lemaire',
    organisation: 'avi',
    title: 'déléguée générale',
    role: 'reviewer',
  },
  {
    id: 'philippe-caron',
    name: 'Philippe Caron',
    organisation: 'rfve',
    title: 'coordinateur national',
    role: 'member',
  },
  {
    id: 'karima-benali',
    name: 'Karima Benali',
    organisation: 'amvbf',
    title: 'maire adjointe chargée de la réussite éducative',
    role: 'member',
  },
  {
    id: 'francois-delmas',
    name: 'François Delmas',
    organisation: 'cdc',
    title: 'responsable des investissements numériques territoriaux',
    role: 'observer',
  },
]);

/** The demo user with this id; throws on an unknown id (demo data is static). */
export function demoUser(id: string): DemoUser {
  const found = DEMO_USERS.find((u) => u.id === id);
  if (found === undefined) throw new Error(`unknown demo user ${id}`);
  return found;
}
