/**
 * Agenda of the demo committee's next meeting: items, presenters and durations in a table.
 * Presenters are demo users; durations add up to the announced length of the meeting (checked
 * by `demo.test.ts`).
 */
import { frenchDoc } from '../schema/french-typography.js';
import { bold, doc, heading, italic, paragraph, table } from '../schema/prosemirror-json.js';
import type { SeedTemplate } from '../schema/seed.js';
import { demoUser } from './members.js';
import { organisation } from './organisations.js';

/** One agenda item. */
export interface AgendaItem {
  /** What is discussed. */
  readonly subject: string;
  /** Demo user id of the presenter. */
  readonly presenter: string;
  /** Minutes allotted. */
  readonly minutes: number;
  /** Whether the item calls for a decision or is for information. */
  readonly purpose: 'décision' | 'information' | 'échange';
}

/** Start and end of the meeting, as displayed. */
export const MEETING_HOURS = { start: '14 h 00', end: '16 h 30', minutes: 150 } as const;

/** Items of the next meeting, in order. */
export const AGENDA_ITEMS: readonly AgendaItem[] = Object.freeze([
  {
    subject: 'Ouverture et approbation du compte rendu de la séance précédente',
    presenter: 'helene-marchand',
    minutes: 10,
    purpose: 'décision',
  },
  {
    subject: 'Projet de charte du comité : examen des observations des partenaires',
    presenter: 'julien-lefort',
    minutes: 40,
    purpose: 'décision',
  },
  {
    subject: 'Retour d’expérience des collèges préfigurateurs et des écoles associées',
    presenter: 'claire-dumont',
    minutes: 25,
    purpose: 'échange',
  },
  {
    subject: 'Connectivité des écoles rurales : état des lieux et besoins',
    presenter: 'bernard-roussel',
    minutes: 20,
    purpose: 'information',
  },
  {
    subject: 'Formations communes aux enseignants et aux agents des collectivités',
    presenter: 'isabelle-garnier',
    minutes: 20,
    purpose: 'échange',
  },
  {
    subject: 'Outils adaptés pour les élèves à besoins éducatifs particuliers',
    presenter: 'karima-benali',
    minutes: 15,
    purpose: 'information',
  },
  {
    subject: 'Questions diverses et date de la prochaine séance',
    presenter: 'helene-marchand',
    minutes: 20,
    purpose: 'information',
  },
]);

function presenterCell(id: string): string {
  const user = demoUser(id);
  return `${user.name} (${organisation(user.organisation).acronym})`;
}

/** The agenda as a seed template. */
export function demoAgenda(): SeedTemplate {
  return {
    kind: 'ordre-du-jour',
    title: 'Ordre du jour – séance du 6 octobre 2026',
    content: frenchDoc(
      doc(
        paragraph(
          bold('Date : '),
          `mardi 6 octobre 2026, de ${MEETING_HOURS.start} à ${MEETING_HOURS.end}`,
        ),
        paragraph(
          bold('Lieu : '),
          'ministère de l’Éducation nationale, 110 rue de Grenelle, Paris 7e, ',
          'et en visioconférence',
        ),
        paragraph(bold('Présidence : '), presenterCell('helene-marchand')),
        heading(1, 'Points inscrits'),
        table(
          ['N°', 'Point', 'Présenté par', 'Durée', 'Pour'],
          AGENDA_ITEMS.map((item, i) => [
            String(i + 1),
            item.subject,
            presenterCell(item.presenter),
            `${item.minutes} min`,
            item.purpose,
          ]),
        ),
        paragraph(
          italic(
            'Les observations sur le projet de charte sont à adresser au secrétariat au plus ' +
              'tard une semaine avant la séance, de préférence en commentaire dans Entente.',
          ),
        ),
      ),
    ),
  };
}
