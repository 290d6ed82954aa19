/**
 * French user-interface strings: the reference catalogue. Every other language must provide
 * exactly these keys (`Messages`), which the compiler checks. Placeholders are `{name}`.
 * French typography is typed directly: no-break spaces before `:`, inside « », typographic ’.
 */
export const fr = {
  'app.name': 'Entente',
  'app.skipToContent': 'Aller au contenu',
  'app.switchLanguage': 'English',
  'app.switchLanguageLabel': 'Switch the interface to English',
  'app.storageError': 'Impossible d’ouvrir le stockage local de cet appareil\u00a0: {detail}',
  'app.menu': 'Menu',
  'shortcuts.open': 'Raccourcis clavier',
  'shortcuts.title': 'Raccourcis clavier',
  'shortcuts.close': 'Fermer',
  'shortcuts.section.text': 'Dans le texte',
  'shortcuts.section.toolbar': 'Dans la barre d’outils',
  'shortcuts.section.anywhere': 'Partout ailleurs',
  'shortcuts.toToolbar': 'Aller à la barre d’outils',
  'shortcuts.toolbarMove': 'Bouton précédent ou suivant',
  'shortcuts.toolbarEnds': 'Premier ou dernier bouton',
  'shortcuts.toText': 'Revenir au texte',
  'home.title': 'Mon espace',
  'home.intro':
    'Vos documents sont enregistrés sur cet appareil et restent disponibles hors ligne.',
  'home.create': 'Nouveau document',
  'home.createKind.charte': 'Nouvelle charte',
  'home.createKind.ordre-du-jour': 'Nouvel ordre du jour',
  'home.createKind.compte-rendu': 'Nouveau compte rendu',
  'home.createKind.convention': 'Nouvelle convention',
  'home.documents': 'Documents',
  'home.search': 'Rechercher dans les titres et le texte',
  'home.searchResults.one': '{count}\u00a0document trouvé',
  'home.searchResults.other': '{count}\u00a0documents trouvés',
  'home.searchNone': 'Aucun document ne correspond à «\u00a0{query}\u00a0».',
  'home.searchInTitle': 'Dans le titre',
  'home.showArchived': 'Afficher les documents archivés',
  'home.empty': 'Aucun document pour l’instant\u00a0: créez-en un à partir d’un modèle.',
  'home.emptyGroup': 'Aucun document.',
  'kind.charte': 'Charte',
  'kind.ordre-du-jour': 'Ordre du jour',
  'kind.compte-rendu': 'Compte rendu',
  'kind.convention': 'Convention / accord',
  'doc.updated': 'Modifié le {date}',
  'doc.archived': 'Archivé',
  'doc.rename': 'Renommer',
  'doc.renameLabel': 'Renommer «\u00a0{title}\u00a0»',
  'doc.newTitle': 'Nouveau titre',
  'doc.save': 'Enregistrer',
  'doc.cancel': 'Annuler',
  'doc.titleRequired': 'Le titre ne peut pas être vide.',
  'doc.archive': 'Archiver',
  'doc.archiveLabel': 'Archiver «\u00a0{title}\u00a0»',
  'doc.unarchive': 'Restaurer',
  'doc.unarchiveLabel': 'Restaurer «\u00a0{title}\u00a0»',
  'editor.back': 'Retour à Mon espace',
  'editor.loading': 'Ouverture du document…',
  'editor.notFound': 'Ce document est introuvable dans Mon espace.',
  'editor.contentLabel': 'Texte du document «\u00a0{title}\u00a0»',
  'editor.readOnly': 'Lecture seule',
  'editor.toolbar': 'Mise en forme (Alt+F10)',
  'editor.bold': 'Gras',
  'editor.italic': 'Italique',
  'editor.paragraph': 'Paragraphe',
  'editor.heading1': 'Titre de partie',
  'editor.heading2': 'Article',
  'editor.heading3': 'Sous-article',
  'editor.bulletList': 'Liste à puces',
  'editor.orderedList': 'Liste numérotée',
  'editor.insertTable': 'Insérer un tableau',
  'editor.addRow': 'Ajouter une ligne au tableau',
  'editor.link': 'Lien',
  'editor.linkUrl': 'Adresse du lien (https://, http:// ou mailto:)',
  'editor.linkApply': 'Appliquer le lien',
  'editor.linkRemove': 'Retirer le lien',
  'editor.linkInvalid':
    'Seules les adresses complètes en https://, http:// ou mailto: sont acceptées.',
  'editor.group.history': 'Historique',
  'editor.group.text': 'Style du texte',
  'editor.group.block': 'Type de bloc',
  'editor.group.lists': 'Listes',
  'editor.group.table': 'Tableau',
  'editor.group.link': 'Lien',
  'editor.outline.title': 'Plan du document',
  'editor.outline.empty':
    'Aucun titre pour l’instant\u00a0: les parties et les articles apparaîtront ici.',
  'editor.outline.untitled': '(titre vide)',
  'editor.more': 'Plus',
  'editor.more.title': 'Plus d’outils de mise en forme',
  'editor.undo': 'Annuler',
  'editor.redo': 'Rétablir',
  'save.saved': 'Enregistré sur cet appareil',
  'save.saving': 'Enregistrement…',
  'save.failed': 'Échec de l’enregistrement sur cet appareil',
  'workspaces.nav': 'Espaces de travail',
  'committee.title': 'Comité «\u00a0{workspace}\u00a0»',
  'committee.intro':
    'Documents partagés avec les membres du comité. Vous participez en tant que {name} ({org}), rôle\u00a0: {role}.',
  'committee.back': 'Retour au comité «\u00a0{workspace}\u00a0»',
  'committee.readOnlyRole': 'Votre rôle permet de lire les documents, pas de les modifier.',
  'role.chair': 'présidence',
  'role.secretariat': 'secrétariat',
  'role.member': 'membre',
  'role.reviewer': 'relecture',
  'role.observer': 'observation',
  'join.title': 'Rejoindre un comité',
  'join.intro':
    'Collez l’adresse du serveur de synchronisation et le jeton d’invitation reçus du secrétariat.',
  'join.relay': 'Adresse du serveur (wss://…)',
  'join.token': 'Jeton d’invitation',
  'join.submit': 'Rejoindre',
  'join.error.relay': 'Cette adresse de serveur n’est pas valable (wss:// attendu).',
  'join.error.token': 'Ce jeton d’invitation n’est pas valable.',
  'join.error.workspace': 'Ce jeton désigne un espace qui ne peut pas être rejoint.',
  'join.error.conflict': 'Cet espace est déjà rejoint par un autre serveur de synchronisation.',
  'join.error.declined': 'Le serveur de synchronisation n’a pas été autorisé.',
  'sync.region': 'Synchronisation',
  'sync.online': 'En ligne',
  'sync.offline': 'Hors ligne',
  'sync.syncing': 'Synchronisation…',
  'sync.local': 'Sur cet ordinateur',
  'sync.localDetail': 'non partagé\u00a0: rien à envoyer à un serveur',
  'sync.allCommittees': 'Comités\u00a0:',
  'sync.unconfirmed.zero': 'Toutes les modifications sont sur le serveur',
  'sync.unconfirmed.one': '{count}\u00a0modification locale non confirmée',
  'sync.unconfirmed.other': '{count}\u00a0modifications locales non confirmées',
  'sync.refused': 'Le serveur refuse vos modifications\u00a0: document en lecture seule.',
  'access.expired': 'Votre invitation à ce comité a expiré le {date}.',
  'access.unauthorized':
    'Le serveur de synchronisation n’accepte plus votre invitation à ce comité (motif\u00a0: {reason}).',
  'access.forbidden': 'Votre invitation ne donne pas accès à ce comité.',
  'access.closed': 'Le serveur de synchronisation a fermé la connexion (code\u00a0{code}).',
  'access.keep':
    'Vos modifications restent sur cet ordinateur. Demandez une nouvelle invitation au secrétariat et ouvrez-la\u00a0: elles seront alors envoyées.',
  'storage.failure.quota':
    'L’enregistrement sur cet ordinateur échoue\u00a0: l’espace disque est épuisé. Libérez de la place\u00a0: l’enregistrement reprendra de lui-même.',
  'storage.failure.failed':
    'L’enregistrement sur cet ordinateur échoue ({detail})\u00a0; il est réessayé automatiquement.',
  'storage.failure.lost':
    'La base de données locale a été supprimée ou réinitialisée pendant que l’application était ouverte\u00a0: plus rien ne peut y être enregistré. Ne fermez pas cette fenêtre avant d’avoir copié vos derniers textes, puis rechargez l’application.',
  'storage.held.one': '{count}\u00a0modification est gardée en mémoire en attendant.',
  'storage.held.other': '{count}\u00a0modifications sont gardées en mémoire en attendant.',
  'storage.keepOpen': 'Ne fermez pas l’application d’ici là, elles seraient perdues.',
  'storage.lowSpace':
    'Il ne reste que {available} pour vos documents sur cet ordinateur. Libérez de l’espace disque avant qu’un enregistrement n’échoue.',
  'storage.lowSpace.unknown':
    'L’espace disque de cet ordinateur est presque épuisé. Libérez de la place avant qu’un enregistrement n’échoue.',
  'editor.minutes': 'Préparer le compte rendu de cette séance',
  'editor.minutesFailed':
    'Le compte rendu n’a pas pu être préparé\u00a0: la liste des documents n’est pas encore chargée. Réessayez dans un instant.',
  'presence.title': 'Personnes présentes',
  'presence.you': '(vous)',
  'presence.entry': '{name}, {org}',
  'editor.linkRefused':
    'Le lien «\u00a0{href}\u00a0» n’a pas été ouvert\u00a0: l’application n’ouvre que les adresses https:// et mailto:.',
  'editor.unshown.notice':
    'Une partie de ce document ne peut pas être affichée par cette version de l’application\u00a0; elle est signalée par «\u00a0{label}\u00a0». Le document lui-même n’est pas modifié.',
  'editor.unshown.placeholder': 'Contenu non affiché',
  'switch.title': 'Nouvelle invitation pour le comité «\u00a0{workspace}\u00a0»',
  'switch.intro':
    'Vous avez déjà rejoint ce comité. Comparez les deux invitations\u00a0: si vous confirmez, la nouvelle remplace l’actuelle sur cet ordinateur, une fois vérifiée auprès du serveur.',
  'switch.field': 'Invitation',
  'switch.current': 'Actuelle',
  'switch.next': 'Nouvelle',
  'switch.field.name': 'Nom',
  'switch.field.org': 'Organisation',
  'switch.field.role': 'Rôle',
  'switch.field.relay': 'Serveur',
  'switch.field.expiry': 'Expire le',
  'switch.noExpiry': 'jamais',
  'switch.expired': '{date} (expirée)',
  'switch.changed': 'modifié',
  'switch.otherPerson':
    'Attention\u00a0: la nouvelle invitation est au nom d’une autre personne. Ne l’utilisez que si elle vous est destinée.',
  'switch.confirm': 'Vérifier et utiliser la nouvelle',
  'switch.cancel': 'Garder l’actuelle',
  'switch.checking': 'Vérification de la nouvelle invitation auprès du serveur…',
  'switch.refused':
    'Le serveur refuse la nouvelle invitation\u00a0: {why} Votre invitation actuelle est conservée.',
  'switch.why.signature': 'elle n’a pas été émise par ce serveur (signature invalide).',
  'switch.why.expired': 'elle a déjà expiré.',
  'switch.why.forbidden': 'elle ne donne pas accès à ce comité.',
  'switch.why.other': 'motif\u00a0: {reason}.',
  'switch.unreachable':
    'La nouvelle invitation n’a pas pu être vérifiée\u00a0: le serveur ne répond pas (hors ligne\u00a0?). Votre invitation actuelle est conservée\u00a0; réessayez une fois en ligne.',
  'switch.retry': 'Réessayer',
  'switch.close': 'Fermer',
  'switch.switched':
    'La nouvelle invitation est utilisée pour le comité «\u00a0{workspace}\u00a0».',
  'access.workspaceFull':
    'L’espace de stockage de ce comité sur le serveur est plein\u00a0: vos modifications restent sur cet ordinateur et seront envoyées dès que de la place aura été libérée. Prévenez le secrétariat du comité\u00a0; l’application réessaie d’elle-même.',
  'offline.title': 'Disponible hors ligne',
  'offline.listing': 'Récupération de la liste des documents du comité…',
  'offline.progress.one': '{ready}\u00a0/\u00a0{total} document disponible hors ligne',
  'offline.progress.other': '{ready}\u00a0/\u00a0{total} documents disponibles hors ligne',
  'offline.progressLabel': 'Téléchargement des documents pour la lecture hors ligne',
  'offline.summary.zero': 'Aucun document à garder hors ligne pour l’instant.',
  'offline.summary.one': 'Le document de ce comité est disponible hors ligne.',
  'offline.summary.other': 'Les {count}\u00a0documents de ce comité sont disponibles hors ligne.',
  'offline.summaryPart.one': '{ready}\u00a0document sur {all} est disponible hors ligne.',
  'offline.summaryPart.other': '{ready}\u00a0documents sur {all} sont disponibles hors ligne.',
  'offline.retryLater': 'Les autres seront réessayés à la prochaine connexion.',
  'offline.updating': 'Mise à jour en cours.',
  'offline.pausedOffline':
    'Téléchargement en pause, faute de connexion\u00a0: il reprendra de lui-même au retour du réseau.',
  'offline.pausedStorage':
    'Téléchargement en pause\u00a0: l’enregistrement sur cet ordinateur pose problème (voir l’alerte en haut de la page).',
  'offline.overBudget.one':
    '{count}\u00a0document plus ancien n’est pas gardé à jour hors ligne\u00a0: il dépasserait le budget. Augmentez le budget pour le rendre disponible hors ligne.',
  'offline.overBudget.other':
    '{count}\u00a0documents plus anciens ne sont pas gardés à jour hors ligne\u00a0: ils dépasseraient le budget. Augmentez le budget pour les rendre disponibles hors ligne.',
  'offline.usage':
    'Les copies hors ligne de ce comité occupent {used} sur cet ordinateur, pour un budget de {budget}.',
  'offline.device':
    'Entente utilise {usage} sur cet ordinateur, tous espaces confondus\u00a0; encore disponible\u00a0: {available}.',
  'offline.rule':
    'Les documents sont téléchargés du plus récent au plus ancien, tant que le budget le permet. Ceux que vous avez ouverts ou modifiés sont toujours gardés, quel que soit le budget. Les documents archivés ne sont pas téléchargés, sauf si vous les avez ouverts.',
  'offline.budget.open': 'Changer le budget des copies hors ligne',
  'offline.budget.label': 'Budget des copies hors ligne de ce comité (en Mo)',
  'offline.budget.hint':
    'Par exemple 500 ou 1,5. Avec 0, seuls les documents que vous ouvrez ou modifiez sont gardés.',
  'offline.budget.save': 'Enregistrer le budget',
  'offline.budget.saved': 'Budget enregistré\u00a0: {budget}.',
  'offline.budget.error.empty': 'Indiquez un budget en Mo, par exemple 500.',
  'offline.budget.error.number':
    '«\u00a0{value}\u00a0» n’est pas un nombre de mégaoctets. Exemples\u00a0: 500 ou 1,5.',
  'offline.budget.error.negative': 'Le budget ne peut pas être négatif.',
  'offline.budget.error.tooLarge': 'Le budget ne peut pas dépasser {max}.',
  'offline.header': '{ready}\u00a0/\u00a0{total} documents disponibles hors ligne',
  'offline.state.ready': 'Disponible hors ligne',
  'offline.state.ready.detail': 'Copie à jour sur cet ordinateur, enregistrée le {date}.',
  'offline.state.downloading': 'Téléchargement…',
  'offline.state.downloading.detail':
    'La copie hors ligne de ce document est en cours de téléchargement.',
  'offline.state.waiting': 'En attente',
  'offline.state.waiting.detail': 'Ce document sera téléchargé dans un instant.',
  'offline.state.waitingOffline': 'En attente de connexion',
  'offline.state.waitingOffline.detail':
    'Ce document sera téléchargé dès le retour de la connexion.',
  'offline.state.over-budget': 'Non téléchargé (budget)',
  'offline.state.over-budget.detail':
    'Ce document dépasserait le budget des copies hors ligne\u00a0: il n’est pas téléchargé. Augmentez le budget pour le garder hors ligne.',
  'offline.state.over-budgetCopy': 'Copie non mise à jour (budget)',
  'offline.state.over-budgetCopy.detail':
    'Une copie du {date} reste lisible sur cet ordinateur, mais elle n’est plus mise à jour\u00a0: le budget est atteint.',
  'offline.state.archived': 'Archivé, non téléchargé',
  'offline.state.archived.detail':
    'Les documents archivés ne sont pas téléchargés\u00a0; ouvrez-le une fois en ligne pour le garder hors ligne.',
  'offline.state.archivedCopy': 'Archivé, copie non mise à jour',
  'offline.state.archivedCopy.detail':
    'Une copie du {date} reste lisible sur cet ordinateur, mais les documents archivés ne sont plus mis à jour.',
  'offline.state.unconfirmed.one': '{count}\u00a0modification pas encore sur le serveur',
  'offline.state.unconfirmed.other': '{count}\u00a0modifications pas encore sur le serveur',
  'offline.state.unconfirmed.detail':
    'Vos modifications sont enregistrées sur cet ordinateur et seront envoyées au serveur dès que possible.',
  'offline.state.refused': 'Refusé par le serveur',
  'offline.state.refused.detail':
    'Le serveur refuse ce document (code\u00a0{code}). Ouvrez-le pour savoir ce qu’il advient de vos modifications.',
  'docsync.online': 'À jour sur le serveur',
  'docsync.syncing': 'Synchronisation…',
  'docsync.offline': 'Hors ligne\u00a0: copie sur cet ordinateur',
  'docsync.refused': 'Refusé par le serveur',
  'docsync.pending.one': '{count}\u00a0modification pas encore sur le serveur',
  'docsync.pending.other': '{count}\u00a0modifications pas encore sur le serveur',
  'roomRefused.title': 'Le serveur refuse ce document',
  'roomRefused.why.4413':
    'Ce document est devenu trop volumineux pour le serveur de synchronisation\u00a0: il n’accepte plus ses modifications.',
  'roomRefused.why.4404':
    'Le serveur ne connaît pas encore ce document\u00a0: ses commentaires ne peuvent pas y être enregistrés.',
  'roomRefused.why.4429':
    'Le serveur a interrompu la synchronisation de ce document\u00a0: trop de modifications sont arrivées d’un coup.',
  'roomRefused.why.other':
    'Le serveur refuse la synchronisation de ce document (code\u00a0{code}).',
  'roomRefused.kept.zero':
    'Rien n’est perdu\u00a0: le document reste lisible et modifiable sur cet ordinateur.',
  'roomRefused.kept.one':
    'Rien n’est perdu\u00a0: votre modification non envoyée reste sur cet ordinateur, mais les autres membres ne la voient pas tant que le serveur refuse le document.',
  'roomRefused.kept.other':
    'Rien n’est perdu\u00a0: vos {count}\u00a0modifications non envoyées restent sur cet ordinateur, mais les autres membres ne les voient pas tant que le serveur refuse le document.',
  'roomRefused.do.4413':
    'Prévenez le secrétariat du comité, qui peut relever la taille maximale sur le serveur, ou déplacez une longue annexe dans un nouveau document. Les autres documents du comité continuent de se synchroniser.',
  'roomRefused.do.other':
    'Réessayez plus tard, ou prévenez le secrétariat du comité si cela persiste. Les autres documents du comité continuent de se synchroniser.',
  'roomRefused.retry': 'Réessayer l’envoi au serveur',
} as const;

/** A message key. */
export type MessageKey = keyof typeof fr;

/** A full catalogue: one string per key. */
export type Messages = { readonly [K in MessageKey]: string };
