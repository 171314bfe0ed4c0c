// Nederlands (België).
import { type Messages } from './types.js';

const days = (n: number): string => (n === 1 ? '1 dag' : `${n} dagen`);

export const nl: Messages = {
  languageName: 'Nederlands',
  locale: 'nl-BE',
  dateTime: (date, time) => `${date} om ${time} (Brusselse tijd)`,
  shortDate: (year, month, day) => `${day}/${month}/${year}`,
  greeting: 'Beste,',

  subject: {
    acceptanceMark: 'ACCEPTATIE',
    expiresOn: (date, n) => (n === 0 ? `vervalt vandaag (${date})` : `vervalt op ${date} (${days(n)})`),
    expiredOn: (date) => `vervallen op ${date}`,
    several: (count, date, expired) =>
      expired
        ? `${count} certificaten te vernieuwen, het eerste is vervallen op ${date}`
        : `${count} certificaten vervallen, vanaf ${date}`,
    urgent: (date, n) =>
      n === 0
        ? `DRINGEND, vervalt vandaag (${date})`
        : n === 1
          ? `DRINGEND, vervalt morgen (${date})`
          : `DRINGEND, vervalt over ${days(n)} (${date})`,
    stalled: (next) =>
      next === 'phase2-completed'
        ? 'vernieuwing staat stil, fase 2 te doen'
        : next === 'phase3-etk-activated'
          ? 'vernieuwing staat stil, fase 3 te doen'
          : next === 'deployments-updated'
            ? 'vernieuwing staat stil, keystore te installeren'
            : 'vernieuwing staat stil',
    deployment: (software) => `nieuwe keystore te installeren in ${software}`,
  },

  certificate: {
    labels: {
      notAfter: 'Einde geldigheid',
      daysLeft: 'Resterende dagen',
      applicationId: 'Applicatie-ID',
      holder: 'Houder',
      environment: 'Omgeving',
      manager: 'Certificaatbeheerder',
      keystore: 'Keystore (.p12)',
      renewal: 'Vernieuwing',
      open: 'Openen in Certdesk',
      muted: 'Herinneringen gedempt',
    },
    environments: {
      production: 'Productie',
      acceptance: 'Acceptatie (test, integratoren)',
      unknown: 'Onbekend',
    },
    badges: {
      expired: 'VERVALLEN',
      urgent: 'DRINGEND',
      acceptance: 'ACCEPTATIE',
      managerLeft: 'BEHEERDER VERTROKKEN',
      muted: 'GEDEMPT',
    },
    daysLeft: (n) =>
      n < 0
        ? 'geen, vervallen'
        : n === 0
          ? '0, vervalt vandaag'
          : n === 1
            ? '1 dag, vervalt morgen'
            : days(n),
    managerHasLeft: (name, on) =>
      on
        ? `${name}, die de organisatie op ${on} verlaten heeft`
        : `${name}, die de organisatie verlaten heeft`,
    muteReasons: {
      retired: 'buiten gebruik',
      replaced: 'vervangen door een ander certificaat',
      'handled-by-integrator': 'opgevolgd door een integrator',
      other: 'andere reden',
    },
    muted: (reason, by, until, note) =>
      `door ${by} tot ${until}: ${reason}${note ? ` („${note}”)` : ''}. Toch vermeld: het is verlopen of verloopt binnen 7 dagen.`,
    notRecorded: 'niet ingevuld',
    renewalNotStarted: 'niet gestart',
    renewalStates: {
      'phase1-sent': 'fase 1 verstuurd, wacht op het certificaat (fase 2 te doen)',
      'phase2-completed': 'fase 2 gedaan, ETK te activeren (fase 3 te doen)',
      'phase3-etk-activated': 'fase 3 gedaan, nieuwe keystore aan de integratoren te geven',
      'deployments-updated': 'klaar, integratoren bijgewerkt',
      abandoned: 'stopgezet',
    },
  },

  managerLeft: {
    notice: (certificates, count) =>
      `De certificaatbeheerder van ${certificates} heeft de organisatie verlaten: misschien kan niemand de ` +
      'keystore nog openen of kent niemand het wachtwoord. De toegangsbeheerder van de organisatie wijst nu een ' +
      'nieuwe certificaatbeheerder aan, vóór de hernieuwing; zijn de keystore of het wachtwoord onvindbaar, trek ' +
      `${count === 1 ? 'het certificaat' : 'deze certificaten'} dan in en dien een nieuwe aanvraag in.`,
  },
  digest: {
    intro: (organisations, count) =>
      count === 1
        ? `Het volgende eHealth-certificaat van ${organisations} moet vernieuwd worden.`
        : `De volgende ${count} eHealth-certificaten van ${organisations} moeten vernieuwd worden, het dringendste eerst.`,
    escalation: (organisation) =>
      `U ontvangt deze herinnering als beheerder, omdat de organisatie „${organisation}” geen algemeen ` +
      'e-mailadres heeft in Certdesk. Voeg er een toe aan haar contactgegevens (bijvoorbeeld info@…): dan ' +
      'bereiken de herinneringen de organisatie, ook wanneer mensen vertrekken.',
  },
  urgent: {
    intro: (organisation, identifier, date, n) =>
      n === 0
        ? `Het eHealth-certificaat ${identifier} van ${organisation} vervalt vandaag, ${date}.`
        : `Nog maar ${days(n)}: het eHealth-certificaat ${identifier} van ${organisation} vervalt op ${date}.`,
    expired: (organisation, identifier, date) =>
      `Het eHealth-certificaat ${identifier} van ${organisation} is vervallen op ${date}.`,
    consequence:
      'Zonder vernieuwing kunnen de toepassingen die het gebruiken geen eHealth-diensten meer bereiken. ' +
      'Begin vandaag nog.',
  },
  stalled: {
    intro: (organisation, identifier, state, since) =>
      `De vernieuwing van het eHealth-certificaat ${identifier} van ${organisation} schiet niet op: ` +
      `ze staat op „${state}” sinds ${since}.`,
    nextStepHeading: 'Volgende stap',
    nextStep: {
      'phase2-completed': () =>
        'Fase 2: „Vervolledig uw vernieuwingsaanvraag” in de eHealth Certificate Manager, op dezelfde computer, ' +
        'met het nieuwe wachtwoord van de keystore. Is de e-mail van eHealth dat het certificaat aangemaakt is ' +
        'nooit aangekomen, controleer dan de contactadressen van het certificaat of contacteer de eHealth-support.',
      'phase3-etk-activated': (notAfter) =>
        'Fase 3: „Activeer uw vernieuwde ETK”. Zolang dat niet gebeurd is, blijft het oude certificaat actief, ' +
        `en dat vervalt op ${notAfter}.`,
      'deployments-updated': () =>
        'Het oude certificaat is sinds fase 3 gedeactiveerd: geef de nieuwe keystore en zijn wachtwoord aan ' +
        'elke integrator die het certificaat gebruikt, en noteer het in Certdesk.',
    },
    unknownNextStep: 'Open het certificaat in Certdesk om te zien hoever de vernieuwing staat.',
  },
  deployment: {
    intro: (organisation, identifier, software, integrator) =>
      `Het eHealth-certificaat ${identifier} van ${organisation} is vernieuwd en de nieuwe ETK is geactiveerd ` +
      `(fase 3): het oude certificaat is gedeactiveerd. De software „${software}”` +
      `${integrator ? ` (${integrator})` : ''} gebruikt het en moet de nieuwe keystore krijgen.`,
    heading: 'De nieuwe keystore installeren',
    steps: (software, integrator) => [
      'Vraag de certificaatbeheerder om de nieuwe keystore (.p12) en zijn nieuwe wachtwoord; bezorg het ' +
        'wachtwoord via een ander kanaal dan het bestand.',
      `Installeer hem in „${software}” in de plaats van de oude` +
        `${integrator ? `, of vraag het aan ${integrator}` : ''}.`,
      'Controleer dat de software de eHealth-diensten bereikt, en bevestig de update daarna in Certdesk.',
    ],
    renewalDoneHeading: 'De vernieuwing, gedaan in de eHealth Certificate Manager',
  },

  whatToDo: {
    heading: 'Wat nu te doen',
    who: (window) =>
      'De vernieuwing gebeurt in de eHealth Certificate Manager, de software van het eHealth-platform, door de ' +
      'certificaatbeheerder die de organisatie heeft aangeduid, met zijn of haar eID en pincode, op de computer ' +
      'waar de keystore (.p12) staat en met het wachtwoord van die keystore. Een certificaat kan vernieuwd ' +
      `worden vanaf ${window} dagen vóór het einde van zijn geldigheid.`,
    phase: (phase, howTo) => `Fase ${phase} – ${howTo}`,
    phases: {
      'phase1-sent':
        '„Vernieuw uw eHealth-certificaat”: open de huidige keystore met zijn wachtwoord en uw pincode, ' +
        'controleer de contactgegevens (met minstens één algemeen e-mailadres), kies het nieuwe wachtwoord van ' +
        'de keystore en verstuur de aanvraag.',
      'phase2-completed':
        '„Vervolledig uw vernieuwingsaanvraag”, na de e-mail van eHealth dat het certificaat aangemaakt is: ' +
        'installeer het vernieuwde certificaat en maak de nieuwe ETK aan.',
      'phase3-etk-activated':
        '„Activeer uw vernieuwde ETK”: dit deactiveert het oude certificaat en activeert het nieuwe.',
    },
    afterwards:
      'Geef daarna de nieuwe keystore en zijn wachtwoord aan elke integrator (software) die het certificaat ' +
      'gebruikt, en noteer de voortgang in Certdesk.',
    expired:
      'Een vervallen certificaat kan niet meer vernieuwd worden: dien een nieuwe certificaataanvraag in via de ' +
      'eHealth Certificate Manager en geef de nieuwe keystore aan de integratoren.',
    acceptance:
      'Acceptatiecertificaat: gebruik de acceptatieversie van de eHealth Certificate Manager, nooit de ' +
      'productieversie.',
    consequence:
      'Na het einde van de geldigheid kunnen de toepassingen die het certificaat gebruiken geen ' +
      'eHealth-diensten meer bereiken.',
  },
  problems: {
    heading: 'Bij problemen',
    passwordLost: (reason) =>
      'Wachtwoord van de keystore kwijt: het certificaat kan niet meer gebruikt of vernieuwd worden. Herroep het ' +
      `(reden „${reason}”) en dien daarna een nieuwe certificaataanvraag in.`,
    keystoreLost: (reason) =>
      `Bestand .p12 (keystore) kwijt: herroep het certificaat (reden „${reason}”) en dien een nieuwe aanvraag in.`,
    managerLeft: (reason) =>
      'De certificaatbeheerder heeft de organisatie verlaten: de toegangsbeheerder van de organisatie duidt een ' +
      'nieuwe certificaatbeheerder aan. Kan die de oude keystore niet openen (bestand of wachtwoord onbekend), ' +
      `herroep dan het certificaat (reden „${reason}”) en dien een nieuwe aanvraag in.`,
    howToRevoke:
      'Herroepen: in de eHealth Certificate Manager, met de eID van de beheerder, of met het ' +
      'herroepingsformulier, elektronisch ondertekend en gemaild naar ehealth-certificates@ehealth.fgov.be.',
    support:
      'Ander probleem: eHealth-support, 02 788 51 55 (werkdagen van 7 tot 20 uur) of support@ehealth.fgov.be. ' +
      'Verwittig ook uw integrator.',
  },
  revocationReasons: {
    'password-lost': 'Wachtwoord vergeten',
    'keystore-lost': 'Private sleutel gecompromitteerd',
    'manager-left': 'Te vervangen door een nieuw certificaat',
  },
  footer: {
    generic: (organisations) =>
      `Certdesk stuurt deze herinnering naar de algemene e-mailadressen van ${organisations}, zodat ze iemand ` +
      'bereikt, ook wanneer mensen wisselen. Controleer ook dat er een algemeen adres bij de contactgegevens van ' +
      'het certificaat bij eHealth staat: eHealth stuurt daar zijn eigen herinnering, ongeveer 3 maanden vóór ' +
      'het einde van de geldigheid.',
    escalation:
      'Certdesk stuurt herinneringen naar de algemene adressen van de organisaties; zonder die adressen naar de beheerders.',
    deployment: (software) =>
      `U ontvangt dit bericht als contactpersoon van de software „${software}” voor dit certificaat in Certdesk.`,
  },
};
