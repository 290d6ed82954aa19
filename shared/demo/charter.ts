/**
 * Draft charter of the demo committee. Written for Entente in our own words; the facts (dates,
 * figures, themes, the pilot programme, the committee's make-up) come from the 2015 national
 * consultation report on digital education (`../shared/fixtures/concertation-numerique-2015.txt`).
 * Articles are level-2 headings without numbers (see `shared/schema/article-numbering.ts`).
 */
import { frenchDoc } from '../schema/french-typography.js';
import {
  bold,
  bulletList,
  doc,
  heading,
  italic,
  link,
  paragraph,
} from '../schema/prosemirror-json.js';
import type { SeedTemplate } from '../schema/seed.js';
import { ORGANISATIONS, capitalised, fullName } from './organisations.js';

/** The demo committee's draft charter, as a seed template. */
export function demoCharter(): SeedTemplate {
  return {
    kind: 'charte',
    title: 'Charte du comité des partenaires du numérique éducatif',
    content: frenchDoc(
      doc(
        heading(1, 'Préambule'),
        paragraph(
          'La loi du 8 juillet 2013 pour la refondation de l’École de la République a créé, ',
          'par son article 16, un service public du numérique éducatif. Ce service ne peut ',
          'exister sans les collectivités territoriales : ce sont elles qui bâtissent, équipent ',
          'et entretiennent les écoles, les collèges et les lycées où il doit prendre corps.',
        ),
        paragraph(
          'Du 20 janvier au 9 mars 2015, la concertation nationale sur le numérique pour ',
          'l’éducation a recueilli l’avis de plus de 60 000 personnes : 51 000 questionnaires, ',
          '150 rencontres organisées dans les académies avec plus de 10 000 participants, et ',
          'un forum où 600 contributeurs ont déposé 1 116 propositions. Les enseignants ',
          'représentent près de la moitié des réponses, les familles et partenaires un quart, ',
          'les élèves un peu plus d’un dixième.',
        ),
        paragraph('Plusieurs attentes y sont quasi unanimes. Parmi les répondants :'),
        bulletList(
          '95 % estiment que tous les élèves doivent apprendre à se servir du numérique, ' +
            'pour que l’École réduise les inégalités au lieu de les creuser ;',
          'plus de 95 % veulent que les élèves à besoins éducatifs particuliers disposent ' +
            'd’outils et de ressources adaptés ;',
          '93 % des enseignants et 90 % des familles et partenaires demandent une formation ' +
            'bien plus large des enseignants aux usages du numérique ;',
          '77 % des élèves et des familles souhaitent que chaque élève dispose d’un équipement ' +
            'mobile, à condition que l’accès en soit équitable et gratuit.',
        ),
        paragraph(
          'Les contributions insistent aussi sur un point qui concerne directement les ',
          'signataires : fournir du matériel sans ressources, sans réseau fiable, sans ',
          'maintenance ni formation serait une erreur. Réussir suppose que l’État et les ',
          'collectivités décident ensemble, chacun dans ses compétences, et que les standards ',
          'juridiques et techniques soient les mêmes sur tout le territoire.',
        ),
        paragraph(
          'C’est l’objet du comité, créé à l’initiative conjointe des associations d’élus et du ',
          'ministère. La synthèse de la concertation reste consultable sur ',
          link('ecolenumerique.education.gouv.fr', 'https://ecolenumerique.education.gouv.fr/'),
          '.',
        ),
        heading(2, 'Objet'),
        paragraph(
          'La présente charte organise le travail commun de l’État et des collectivités pour ',
          'déployer le numérique éducatif dans les territoires : elle fixe les principes que les ',
          'partenaires partagent, leurs engagements et le fonctionnement du comité.',
        ),
        heading(2, 'Composition'),
        paragraph(
          'Le comité réunit le ministère de l’Éducation nationale, les associations d’élus qui ',
          'représentent les communes, les départements et les régions dans leur diversité, et ',
          'la Caisse des dépôts. La liste des organisations figure à la fin de la charte ; ',
          'chacune désigne un représentant titulaire et un suppléant.',
        ),
        heading(2, 'Principes communs'),
        bulletList(
          [
            bold('Compétences respectées. '),
            'Les communes ont la charge des écoles, les départements celle des collèges, les ',
            'régions celle des lycées ; l’État définit les programmes et forme les enseignants.',
          ],
          [
            bold('Égalité d’accès. '),
            'Aucun élève ne doit être privé d’équipement, de connexion ou de ressources en ',
            'raison du territoire où il est scolarisé, qu’il soit rural, urbain ou périurbain.',
          ],
          [
            bold('Standards ouverts. '),
            'Équipements, ressources et services sont interopérables ; les partenaires ',
            'privilégient les formats ouverts et la mutualisation.',
          ],
          [
            bold('Données protégées. '),
            'Les données des élèves et des personnels ne servent qu’à leur finalité éducative.',
          ],
        ),
        heading(2, 'Engagements du ministère'),
        bulletList(
          'Former massivement enseignants, formateurs et cadres aux usages et à la culture ' +
            'du numérique, et ouvrir ces formations aux agents des collectivités ;',
          'faire connaître des ressources pédagogiques accessibles simplement et en sécurité ;',
          'publier des recommandations techniques communes, élaborées avec le comité.',
        ),
        heading(2, 'Engagements des collectivités'),
        bulletList(
          'Coordonner, dans chaque territoire, l’équipement, la connectivité et la maintenance, ' +
            'pour que les enseignants disposent d’un environnement fiable ;',
          'partager leurs retours d’expérience, notamment ceux des 300 collèges préfigurateurs ' +
            'et des 300 écoles associées équipés dès 2015 ;',
          'associer les acteurs du temps périscolaire aux projets numériques des écoles.',
        ),
        heading(2, 'Rôle de la Caisse des dépôts'),
        paragraph(
          'La Caisse des dépôts apporte au comité son expertise sur le financement et ',
          'l’ingénierie des projets territoriaux. Elle siège en observatrice et ne prend pas ',
          'part aux décisions.',
        ),
        heading(2, 'Fonctionnement'),
        paragraph(
          'Le comité est présidé par le ministère, qui en assure aussi le secrétariat. Il se ',
          'réunit au moins trois fois par an. Ses documents sont rédigés en commun ; ses ',
          'décisions sont prises par consensus et consignées au compte rendu.',
        ),
        heading(2, 'Suivi et évaluation'),
        paragraph(
          'Chaque année, le comité fait le point sur l’équipement des établissements, la ',
          'formation des personnels et l’accès des élèves à besoins particuliers aux outils ',
          'adaptés, en regard des attentes exprimées lors de la concertation.',
        ),
        heading(2, 'Durée et modification'),
        paragraph(
          'La charte prend effet à sa signature par les partenaires, pour trois ans ',
          'renouvelables. Elle peut être modifiée par un avenant adopté par le comité.',
        ),
        heading(1, 'Organisations partenaires'),
        bulletList(...ORGANISATIONS.map((org) => capitalised(fullName(org)))),
        paragraph(italic('Projet soumis à la relecture des partenaires.')),
      ),
    ),
  };
}
