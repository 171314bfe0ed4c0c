// Français. The tool’s button names are those of the eHealth Certificate Manager in French (seed 004).
import { type Messages } from './types.js';

const days = (n: number): string => (n === 1 ? '1 jour' : `${n} jours`);

export const fr: Messages = {
  languageName: 'Français',
  locale: 'fr-BE',
  dateTime: (date, time) => `${date} à ${time} (heure de Bruxelles)`,
  shortDate: (year, month, day) => `${day}/${month}/${year}`,
  greeting: 'Bonjour,',

  subject: {
    acceptanceMark: 'ACCEPTATION',
    expiresOn: (date, n) => (n === 0 ? `expire aujourd’hui (${date})` : `expire le ${date} (${days(n)})`),
    expiredOn: (date) => `expiré le ${date}`,
    several: (count, date, expired) =>
      expired
        ? `${count} certificats à renouveler, le premier a expiré le ${date}`
        : `${count} certificats expirent, dès le ${date}`,
    urgent: (date, n) =>
      n === 0
        ? `URGENT, expire aujourd’hui (${date})`
        : n === 1
          ? `URGENT, expire demain (${date})`
          : `URGENT, expire dans ${days(n)} (${date})`,
    stalled: (next) =>
      next === 'phase2-completed'
        ? 'renouvellement arrêté, phase 2 à faire'
        : next === 'phase3-etk-activated'
          ? 'renouvellement arrêté, phase 3 à faire'
          : next === 'deployments-updated'
            ? 'renouvellement arrêté, keystore à installer'
            : 'renouvellement arrêté',
    deployment: (software) => `nouveau keystore à installer dans ${software}`,
  },

  certificate: {
    labels: {
      notAfter: 'Fin de validité',
      daysLeft: 'Jours restants',
      applicationId: 'ID d’application',
      holder: 'Titulaire',
      environment: 'Environnement',
      manager: 'Gestionnaire du certificat',
      keystore: 'Keystore (.p12)',
      renewal: 'Renouvellement',
      open: 'Ouvrir dans Certdesk',
      muted: 'Rappels en sourdine',
    },
    environments: {
      production: 'Production',
      acceptance: 'Acceptation (test, intégrateurs)',
      unknown: 'Inconnu',
    },
    badges: {
      expired: 'EXPIRÉ',
      urgent: 'URGENT',
      acceptance: 'ACCEPTATION',
      managerLeft: 'GESTIONNAIRE PARTI',
      muted: 'EN SOURDINE',
    },
    daysLeft: (n) =>
      n < 0
        ? 'aucun, expiré'
        : n === 0
          ? '0, expire aujourd’hui'
          : n === 1
            ? '1 jour, expire demain'
            : days(n),
    managerHasLeft: (name, on) =>
      on ? `${name}, qui a quitté l’organisation le ${on}` : `${name}, qui a quitté l’organisation`,
    muteReasons: {
      retired: 'retiré, plus utilisé',
      replaced: 'remplacé par un autre certificat',
      'handled-by-integrator': 'pris en charge par un intégrateur',
      other: 'autre raison',
    },
    muted: (reason, by, until, note) =>
      `par ${by} jusqu’au ${until} : ${reason}${note ? ` (« ${note} »)` : ''}. Listé malgré tout : il est expiré ou expire dans 7 jours au plus.`,
    notRecorded: 'non renseigné',
    renewalNotStarted: 'pas commencé',
    renewalStates: {
      'phase1-sent': 'phase 1 envoyée, en attente du certificat (phase 2 à faire)',
      'phase2-completed': 'phase 2 faite, ETK à activer (phase 3 à faire)',
      'phase3-etk-activated': 'phase 3 faite, nouveau keystore à donner aux intégrateurs',
      'deployments-updated': 'terminé, intégrateurs mis à jour',
      abandoned: 'abandonné',
    },
  },

  managerLeft: {
    notice: (certificates, count) =>
      `Le gestionnaire désigné pour ${certificates} a quitté l’organisation : plus personne ne sait peut-être ` +
      'ouvrir le keystore ni n’en connaît le mot de passe. Le gestionnaire d’accès de l’organisation désigne dès ' +
      'maintenant un nouveau gestionnaire du certificat, avant le renouvellement ; si le keystore ou son mot de passe ' +
      `est introuvable, révoquez ${count === 1 ? 'le certificat' : 'ces certificats'} et faites une nouvelle demande.`,
  },
  digest: {
    intro: (organisations, count) =>
      count === 1
        ? `Le certificat eHealth suivant, pour ${organisations}, doit être renouvelé.`
        : `Les ${count} certificats eHealth suivants, pour ${organisations}, doivent être renouvelés ; le plus urgent en premier.`,
    escalation: (organisation) =>
      `Vous recevez ce rappel en tant qu’administrateur, car l’organisation « ${organisation} » n’a aucune adresse ` +
      `e-mail générique dans Certdesk. Ajoutez-en une à ses contacts (par exemple info@…) : les rappels ` +
      `arriveront alors à l’organisation, même quand des personnes la quittent.`,
  },
  urgent: {
    intro: (organisation, identifier, date, n) =>
      n === 0
        ? `Le certificat eHealth ${identifier} (${organisation}) expire aujourd’hui, le ${date}.`
        : `Il ne reste que ${days(n)} : le certificat eHealth ${identifier} (${organisation}) expire le ${date}.`,
    expired: (organisation, identifier, date) =>
      `Le certificat eHealth ${identifier} (${organisation}) a expiré le ${date}.`,
    consequence:
      'Sans renouvellement, les applications qui l’utilisent ne peuvent plus accéder aux services eHealth. ' +
      'Commencez aujourd’hui.',
  },
  stalled: {
    intro: (organisation, identifier, state, since) =>
      `Le renouvellement du certificat eHealth ${identifier} (${organisation}) n’avance plus : ` +
      `il en est à « ${state} » depuis le ${since}.`,
    nextStepHeading: 'Prochaine étape',
    nextStep: {
      'phase2-completed': () =>
        'Phase 2 : « Compléter votre demande de renouvellement » dans l’eHealth Certificate Manager, sur le même ' +
        'ordinateur, avec le nouveau mot de passe du keystore. Si l’e-mail d’eHealth annonçant que le certificat ' +
        'est produit n’est jamais arrivé, vérifiez les adresses de contact du certificat ou contactez le support eHealth.',
      'phase3-etk-activated': (notAfter) =>
        'Phase 3 : « Activer votre ETK renouvelée ». Tant que ce n’est pas fait, l’ancien certificat reste ' +
        `actif, et il expire le ${notAfter}.`,
      'deployments-updated': () =>
        'L’ancien certificat est désactivé depuis la phase 3 : donnez le nouveau keystore et son mot de passe à ' +
        'chaque intégrateur qui utilise le certificat, puis notez-le dans Certdesk.',
    },
    unknownNextStep: 'Ouvrez le certificat dans Certdesk pour voir où en est le renouvellement.',
  },
  deployment: {
    intro: (organisation, identifier, software, integrator) =>
      `Le certificat eHealth ${identifier} (${organisation}) a été renouvelé et sa nouvelle ETK activée ` +
      `(phase 3) : l’ancien certificat est désactivé. Le logiciel « ${software} »` +
      `${integrator ? ` (${integrator})` : ''} l’utilise et doit recevoir le nouveau keystore.`,
    heading: 'Installer le nouveau keystore',
    steps: (software, integrator) => [
      'Demandez au gestionnaire du certificat le nouveau keystore (.p12) et son nouveau mot de passe ; ' +
        'transmettez le mot de passe par un autre canal que le fichier.',
      `Installez-le dans « ${software} » à la place de l’ancien` +
        `${integrator ? `, ou demandez-le à ${integrator}` : ''}.`,
      'Vérifiez que le logiciel accède bien aux services eHealth, puis confirmez la mise à jour dans Certdesk.',
    ],
    renewalDoneHeading: 'Le renouvellement, fait dans l’eHealth Certificate Manager',
  },

  whatToDo: {
    heading: 'Que faire maintenant',
    who: (window) =>
      'Le renouvellement se fait dans l’eHealth Certificate Manager, le logiciel de la plate-forme eHealth, par ' +
      'le gestionnaire du certificat désigné par l’organisation, avec sa carte eID et son code PIN, sur ' +
      'l’ordinateur où se trouve le keystore (.p12) et avec le mot de passe de ce keystore. Un certificat peut ' +
      `être renouvelé à partir de ${window} jours avant sa fin de validité.`,
    phase: (phase, howTo) => `Phase ${phase} – ${howTo}`,
    phases: {
      'phase1-sent':
        '« Renouvelez votre certificat eHealth » : ouvrez le keystore actuel avec son mot de passe et votre PIN, ' +
        'vérifiez les données de contact (dont au moins une adresse e-mail générique), choisissez le nouveau ' +
        'mot de passe du keystore et envoyez la demande.',
      'phase2-completed':
        '« Compléter votre demande de renouvellement », après l’e-mail d’eHealth annonçant que le certificat est ' +
        'produit : installez le certificat renouvelé et créez la nouvelle ETK.',
      'phase3-etk-activated':
        '« Activer votre ETK renouvelée » : cela désactive l’ancien certificat et active le nouveau.',
    },
    afterwards:
      'Ensuite, donnez le nouveau keystore et son mot de passe à chaque intégrateur (logiciel) qui utilise le ' +
      'certificat, et notez l’avancement dans Certdesk.',
    expired:
      'Un certificat expiré ne peut plus être renouvelé : faites une nouvelle demande de certificat dans ' +
      'l’eHealth Certificate Manager, puis donnez le nouveau keystore aux intégrateurs.',
    acceptance:
      'Certificat d’acceptation : utilisez la version « acceptation » de l’eHealth Certificate Manager, jamais ' +
      'celle de production.',
    consequence:
      'Après la fin de validité, les applications qui utilisent le certificat ne peuvent plus accéder aux ' +
      'services eHealth.',
  },
  problems: {
    heading: 'En cas de problème',
    passwordLost: (reason) =>
      'Mot de passe du keystore perdu : le certificat ne peut plus être utilisé ni renouvelé. Révoquez-le ' +
      `(motif « ${reason} »), puis faites une nouvelle demande de certificat.`,
    keystoreLost: (reason) =>
      `Fichier .p12 (keystore) perdu : révoquez le certificat (motif « ${reason} »), puis faites une nouvelle demande.`,
    managerLeft: (reason) =>
      'Le gestionnaire du certificat a quitté l’organisation : le gestionnaire d’accès de l’organisation désigne ' +
      'un nouveau gestionnaire du certificat. S’il ne peut pas ouvrir l’ancien keystore (fichier ou mot de passe ' +
      `inconnu), révoquez le certificat (motif « ${reason} ») et faites une nouvelle demande.`,
    howToRevoke:
      'Pour révoquer : dans l’eHealth Certificate Manager, avec l’eID du gestionnaire, ou par le formulaire de ' +
      'révocation signé électroniquement et envoyé à ehealth-certificates@ehealth.fgov.be.',
    support:
      'Autre problème : support eHealth, 02 788 51 55 (jours ouvrables de 7 à 20 heures) ou ' +
      'support@ehealth.fgov.be. Prévenez aussi votre intégrateur.',
  },
  revocationReasons: {
    'password-lost': 'Mot de passe oublié',
    'keystore-lost': 'Compromission de la clé privée',
    'manager-left': 'À remplacer par un nouveau certificat',
  },
  footer: {
    generic: (organisations) =>
      `Certdesk envoie ce rappel aux adresses e-mail génériques enregistrées pour ${organisations}, afin qu’il arrive même quand ` +
      'des personnes changent. Vérifiez aussi qu’une adresse générique figure parmi les contacts du certificat ' +
      'chez eHealth : eHealth y envoie son propre rappel environ 3 mois avant la fin de validité.',
    escalation:
      'Certdesk envoie les rappels aux adresses génériques des organisations ; sans elles, aux administrateurs.',
    deployment: (software) =>
      `Vous recevez ce message en tant que contact du logiciel « ${software} » pour ce certificat dans Certdesk.`,
  },
};
