/**
 * The partner organisations of the demo committee: the members of the "comité des partenaires
 * du numérique éducatif" named in the 2015 national consultation report
 * (`../shared/fixtures/concertation-numerique-2015.txt`). Names are public facts; the rest of
 * the demo is our own writing.
 */

/** A partner organisation. */
export interface Organisation {
  /** Stable id (valid room-name segment). */
  readonly id: string;
  /** Acronym used in running text. */
  readonly acronym: string;
  /** Full name, with its article, as written in French prose ("l’Association des …"). */
  readonly name: string;
}

/** Every partner organisation, the ministry first. */
export const ORGANISATIONS: readonly Organisation[] = Object.freeze([
  { id: 'men', acronym: 'MEN', name: 'le ministère de l’Éducation nationale' },
  { id: 'amf', acronym: 'AMF', name: 'l’Association des maires de France' },
  { id: 'amrf', acronym: 'AMRF', name: 'l’Association des maires ruraux de France' },
  { id: 'adf', acronym: 'ADF', name: 'l’Assemblée des départements de France' },
  { id: 'arf', acronym: 'ARF', name: 'l’Association des régions de France' },
  { id: 'amgvf', acronym: 'AMGVF', name: 'l’Association des maires de grandes villes de France' },
  { id: 'avi', acronym: 'AVI', name: 'l’Association des villes internet' },
  { id: 'rfve', acronym: 'RFVE', name: 'le Réseau français des villes éducatrices' },
  { id: 'amvbf', acronym: 'AMVBF', name: 'l’Association des maires ville et banlieue de France' },
  { id: 'cdc', acronym: 'CDC', name: 'la Caisse des dépôts' },
]);

/** The organisation with this id; throws on an unknown id (demo data is static). */
export function organisation(id: string): Organisation {
  const found = ORGANISATIONS.find((o) => o.id === id);
  if (found === undefined) throw new Error(`unknown organisation ${id}`);
  return found;
}

/** "l’Association des maires de France (AMF)": the name with its acronym. */
export function fullName(org: Organisation): string {
  return org.id === 'men' ? org.name : `${org.name} (${org.acronym})`;
}

/** The name capitalised for the start of a list item or sentence. */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
