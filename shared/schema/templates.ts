/**
 * Blank templates, one per document kind, as ProseMirror JSON for Tiptap's schema. The text
 * in [brackets] is for the committee to replace. Articles are level-2 headings holding only
 * their title: their numbers are computed at display time (`article-numbering.ts`).
 *
 * Templates are constants on purpose: `seedDocument` must build byte-identical content on every
 * replica, so nothing here may depend on the date, the user or the locale.
 */
import type { DocumentKind } from './doc-schema.js';
import { frenchDoc } from './french-typography.js';
import {
  bold,
  bulletList,
  doc,
  heading,
  italic,
  orderedList,
  paragraph,
  table,
} from './prosemirror-json.js';
import type { SeedTemplate } from './seed.js';

/** Charter: preamble, articles, partner organisations. */
export function charteTemplate(): SeedTemplate {
  return {
    kind: 'charte',
    title: 'Charte du comité',
    content: frenchDoc(
      doc(
        heading(1, 'Préambule'),
        paragraph(
          'Les organisations signataires de la présente charte, réunies au sein du comité, ',
          'conviennent de travailler ensemble à [objet du partenariat]. ',
          'Elles s’appuient sur [textes de référence, concertations, constats partagés].',
        ),
        paragraph(italic('Exposer ici le contexte, les raisons du partenariat et son ambition.')),
        heading(2, 'Objet de la charte'),
        paragraph(
          'La présente charte fixe les principes, les engagements et les modalités de travail ',
          'du comité.',
        ),
        heading(2, 'Principes communs'),
        bulletList(
          'Respect des compétences de chacun des partenaires ;',
          'transparence des travaux et des décisions ;',
          'recherche du consensus avant tout vote.',
        ),
        heading(2, 'Engagements des partenaires'),
        paragraph('Chaque organisation signataire s’engage à :'),
        orderedList(
          'désigner un représentant titulaire et un suppléant ;',
          'contribuer aux travaux et aux documents du comité ;',
          'relayer les décisions du comité auprès de ses membres.',
        ),
        heading(2, 'Gouvernance'),
        paragraph(
          'Le comité est présidé par [organisation]. Son secrétariat est assuré par ',
          '[organisation]. Il se réunit au moins [nombre] fois par an.',
        ),
        heading(2, 'Durée et modification'),
        paragraph(
          'La charte prend effet à sa signature, pour une durée de [durée]. ',
          'Elle peut être modifiée par avenant adopté par le comité.',
        ),
        heading(1, 'Organisations partenaires'),
        bulletList(
          [bold('[Organisation]'), ', représentée par [prénom nom, fonction]'],
          [bold('[Organisation]'), ', représentée par [prénom nom, fonction]'],
        ),
      ),
    ),
  };
}

/** Agenda: date, place, and a table of items with presenters and durations. */
export function ordreDuJourTemplate(): SeedTemplate {
  return {
    kind: 'ordre-du-jour',
    title: 'Ordre du jour',
    content: frenchDoc(
      doc(
        paragraph(bold('Date : '), '[jour date], de [heure] à [heure]'),
        paragraph(bold('Lieu : '), '[adresse ou lien de visioconférence]'),
        heading(1, 'Points inscrits'),
        table(
          ['N°', 'Point', 'Présenté par', 'Durée', 'Pour'],
          [
            [
              '1',
              'Approbation du compte rendu de la séance précédente',
              '[nom]',
              '10 min',
              'décision',
            ],
            ['2', '[point]', '[nom]', '[durée]', 'information'],
            ['3', 'Questions diverses', 'Présidence', '10 min', 'information'],
          ],
        ),
        paragraph(italic('Les documents préparatoires sont joints à la convocation.')),
      ),
    ),
  };
}

/** Minutes: date, attendance, points discussed, decisions and actions. */
export function compteRenduTemplate(): SeedTemplate {
  return {
    kind: 'compte-rendu',
    title: 'Compte rendu de séance',
    content: frenchDoc(
      doc(
        paragraph(bold('Date : '), '[jour date]'),
        paragraph(bold('Lieu : '), '[lieu]'),
        heading(1, 'Présents'),
        bulletList('[Prénom Nom] ([organisation])'),
        heading(1, 'Excusés'),
        bulletList('[Prénom Nom] ([organisation])'),
        heading(1, 'Points abordés'),
        heading(3, '[Titre du point]'),
        paragraph('[Résumé des échanges.]'),
        heading(1, 'Décisions'),
        orderedList('Le comité approuve [objet de la décision].'),
        heading(1, 'Actions'),
        table(['Action', 'Responsable', 'Échéance'], [['[action]', '[nom]', '[date]']]),
      ),
    ),
  };
}

/** Convention or agreement: parties, then numbered clauses, then signatures. */
export function conventionTemplate(): SeedTemplate {
  return {
    kind: 'convention',
    title: 'Convention de partenariat',
    content: frenchDoc(
      doc(
        heading(1, 'Entre les soussignés'),
        paragraph(bold('[Organisation A]'), ', représentée par [prénom nom, fonction], '),
        paragraph('ci-après « le premier partenaire », d’une part,'),
        paragraph(bold('[Organisation B]'), ', représentée par [prénom nom, fonction], '),
        paragraph('ci-après « le second partenaire », d’autre part,'),
        paragraph('il a été convenu ce qui suit :'),
        heading(2, 'Objet'),
        paragraph('La présente convention a pour objet [objet].'),
        heading(2, 'Engagements des parties'),
        heading(3, 'Engagements du premier partenaire'),
        paragraph('[engagements]'),
        heading(3, 'Engagements du second partenaire'),
        paragraph('[engagements]'),
        heading(2, 'Dispositions financières'),
        paragraph('[Montants, calendrier de versement, justificatifs.]'),
        heading(2, 'Données personnelles'),
        paragraph(
          'Les parties traitent les données personnelles dans le respect du règlement général ',
          'sur la protection des données (RGPD).',
        ),
        heading(2, 'Durée, modification et résiliation'),
        paragraph(
          'La convention est conclue pour [durée] à compter de sa signature. Toute modification ',
          'fait l’objet d’un avenant. Chaque partie peut la résilier par lettre recommandée, ',
          'avec un préavis de [durée].',
        ),
        heading(2, 'Règlement des litiges'),
        paragraph(
          'Les parties recherchent d’abord une solution amiable ; à défaut, le litige est porté ',
          'devant le tribunal administratif compétent.',
        ),
        heading(1, 'Signatures'),
        table(
          ['Pour', 'Nom et fonction', 'Date et signature'],
          [
            ['[Organisation A]', '[prénom nom, fonction]', ''],
            ['[Organisation B]', '[prénom nom, fonction]', ''],
          ],
        ),
      ),
    ),
  };
}

/** Every template, by kind. */
export const TEMPLATES: Readonly<Record<DocumentKind, () => SeedTemplate>> = Object.freeze({
  charte: charteTemplate,
  'ordre-du-jour': ordreDuJourTemplate,
  'compte-rendu': compteRenduTemplate,
  convention: conventionTemplate,
});
