// Deutsch (Belgien).
import { type Messages } from './types.js';

const days = (n: number): string => (n === 1 ? '1 Tag' : `${n} Tage`);
const inDays = (n: number): string => (n === 1 ? '1 Tag' : `${n} Tagen`);

export const de: Messages = {
  languageName: 'Deutsch',
  locale: 'de-BE',
  dateTime: (date, time) => `${date} um ${time} Uhr (Brüsseler Zeit)`,
  shortDate: (year, month, day) => `${day}.${month}.${year}`,
  greeting: 'Guten Tag,',

  subject: {
    acceptanceMark: 'AKZEPTANZ',
    expiresOn: (date, n) => (n === 0 ? `läuft heute ab (${date})` : `läuft am ${date} ab (${days(n)})`),
    expiredOn: (date) => `am ${date} abgelaufen`,
    several: (count, date, expired) =>
      expired
        ? `${count} Zertifikate zu erneuern, das erste ist am ${date} abgelaufen`
        : `${count} Zertifikate laufen ab, ab dem ${date}`,
    urgent: (date, n) =>
      n === 0
        ? `DRINGEND, läuft heute ab (${date})`
        : n === 1
          ? `DRINGEND, läuft morgen ab (${date})`
          : `DRINGEND, läuft in ${inDays(n)} ab (${date})`,
    stalled: (next) =>
      next === 'phase2-completed'
        ? 'Erneuerung steht still, Phase 2 offen'
        : next === 'phase3-etk-activated'
          ? 'Erneuerung steht still, Phase 3 offen'
          : next === 'deployments-updated'
            ? 'Erneuerung steht still, Keystore zu installieren'
            : 'Erneuerung steht still',
    deployment: (software) => `neuen Keystore in ${software} installieren`,
  },

  certificate: {
    labels: {
      notAfter: 'Gültig bis',
      daysLeft: 'Verbleibende Tage',
      applicationId: 'Anwendungs-ID',
      holder: 'Inhaber',
      environment: 'Umgebung',
      manager: 'Zertifikatsverwalter',
      keystore: 'Keystore (.p12)',
      renewal: 'Erneuerung',
      open: 'In Certdesk öffnen',
      muted: 'Erinnerungen stummgeschaltet',
    },
    environments: {
      production: 'Produktion',
      acceptance: 'Akzeptanz (Test, Integratoren)',
      unknown: 'Unbekannt',
    },
    badges: {
      expired: 'ABGELAUFEN',
      urgent: 'DRINGEND',
      acceptance: 'AKZEPTANZ',
      managerLeft: 'VERWALTER AUSGESCHIEDEN',
      muted: 'STUMM',
    },
    daysLeft: (n) =>
      n < 0
        ? 'keine, abgelaufen'
        : n === 0
          ? '0, läuft heute ab'
          : n === 1
            ? '1 Tag, läuft morgen ab'
            : days(n),
    managerHasLeft: (name, on) =>
      on
        ? `${name}, am ${on} aus der Organisation ausgeschieden`
        : `${name}, aus der Organisation ausgeschieden`,
    muteReasons: {
      retired: 'außer Betrieb',
      replaced: 'durch ein anderes Zertifikat ersetzt',
      'handled-by-integrator': 'von einem Integrator betreut',
      other: 'anderer Grund',
    },
    muted: (reason, by, until, note) =>
      `von ${by} bis ${until}: ${reason}${note ? ` („${note}“)` : ''}. Trotzdem aufgeführt: es ist abgelaufen oder läuft in höchstens 7 Tagen ab.`,
    notRecorded: 'nicht erfasst',
    renewalNotStarted: 'nicht begonnen',
    renewalStates: {
      'phase1-sent': 'Phase 1 gesendet, wartet auf das Zertifikat (Phase 2 offen)',
      'phase2-completed': 'Phase 2 erledigt, ETK zu aktivieren (Phase 3 offen)',
      'phase3-etk-activated': 'Phase 3 erledigt, neuer Keystore an die Integratoren zu geben',
      'deployments-updated': 'abgeschlossen, Integratoren aktualisiert',
      abandoned: 'abgebrochen',
    },
  },

  managerLeft: {
    notice: (certificates, count) =>
      `Der für ${certificates} benannte Zertifikatsverwalter hat die Organisation verlassen: Vielleicht kann niemand ` +
      'mehr den Keystore öffnen oder kennt sein Passwort. Der Zugangsverwalter der Organisation benennt jetzt, vor ' +
      'der Erneuerung, einen neuen Zertifikatsverwalter; sind der Keystore oder sein Passwort nicht auffindbar, ' +
      `widerrufen Sie ${count === 1 ? 'das Zertifikat' : 'diese Zertifikate'} und stellen Sie einen neuen Antrag.`,
  },
  digest: {
    intro: (organisations, count) =>
      count === 1
        ? `Das folgende eHealth-Zertifikat von ${organisations} muss erneuert werden.`
        : `Die folgenden ${count} eHealth-Zertifikate von ${organisations} müssen erneuert werden, das dringendste zuerst.`,
    escalation: (organisation) =>
      `Sie erhalten diese Erinnerung als Administrator, weil die Organisation „${organisation}“ in Certdesk ` +
      'keine allgemeine E-Mail-Adresse hat. Fügen Sie ihren Kontakten eine hinzu (zum Beispiel info@…): Dann ' +
      'erreichen die Erinnerungen die Organisation, auch wenn Personen sie verlassen.',
  },
  urgent: {
    intro: (organisation, identifier, date, n) =>
      n === 0
        ? `Das eHealth-Zertifikat ${identifier} von ${organisation} läuft heute ab, am ${date}.`
        : `Nur noch ${days(n)}: Das eHealth-Zertifikat ${identifier} von ${organisation} läuft am ${date} ab.`,
    expired: (organisation, identifier, date) =>
      `Das eHealth-Zertifikat ${identifier} von ${organisation} ist am ${date} abgelaufen.`,
    consequence:
      'Ohne Erneuerung können die Anwendungen, die es verwenden, nicht mehr auf die eHealth-Dienste zugreifen. ' +
      'Beginnen Sie noch heute.',
  },
  stalled: {
    intro: (organisation, identifier, state, since) =>
      `Die Erneuerung des eHealth-Zertifikats ${identifier} von ${organisation} kommt nicht voran: ` +
      `Sie steht seit dem ${since} auf „${state}“.`,
    nextStepHeading: 'Nächster Schritt',
    nextStep: {
      'phase2-completed': () =>
        'Phase 2: „Ihren Erneuerungsantrag vervollständigen“ im eHealth Certificate Manager, auf demselben ' +
        'Computer, mit dem neuen Keystore-Passwort. Ist die E-Mail von eHealth, dass das Zertifikat erstellt ' +
        'wurde, nie angekommen, prüfen Sie die Kontaktadressen des Zertifikats oder wenden Sie sich an den eHealth-Support.',
      'phase3-etk-activated': (notAfter) =>
        'Phase 3: „Ihr erneuertes ETK aktivieren“. Solange das nicht geschehen ist, bleibt das alte Zertifikat ' +
        `aktiv, und es läuft am ${notAfter} ab.`,
      'deployments-updated': () =>
        'Das alte Zertifikat ist seit Phase 3 deaktiviert: Geben Sie den neuen Keystore und sein Passwort jedem ' +
        'Integrator, der das Zertifikat verwendet, und vermerken Sie es in Certdesk.',
    },
    unknownNextStep: 'Öffnen Sie das Zertifikat in Certdesk, um den Stand der Erneuerung zu sehen.',
  },
  deployment: {
    intro: (organisation, identifier, software, integrator) =>
      `Das eHealth-Zertifikat ${identifier} von ${organisation} wurde erneuert und sein neues ETK aktiviert ` +
      `(Phase 3): Das alte Zertifikat ist deaktiviert. Die Software „${software}“` +
      `${integrator ? ` (${integrator})` : ''} verwendet es und muss den neuen Keystore erhalten.`,
    heading: 'Den neuen Keystore installieren',
    steps: (software, integrator) => [
      'Bitten Sie den Zertifikatsverwalter um den neuen Keystore (.p12) und sein neues Passwort; übermitteln ' +
        'Sie das Passwort auf einem anderen Weg als die Datei.',
      `Installieren Sie ihn in „${software}“ anstelle des alten` +
        `${integrator ? ` oder beauftragen Sie ${integrator} damit` : ''}.`,
      'Prüfen Sie, dass die Software die eHealth-Dienste erreicht, und bestätigen Sie die Aktualisierung dann in Certdesk.',
    ],
    renewalDoneHeading: 'Die Erneuerung, erledigt im eHealth Certificate Manager',
  },

  whatToDo: {
    heading: 'Was jetzt zu tun ist',
    who: (window) =>
      'Die Erneuerung erfolgt im eHealth Certificate Manager, der Software der eHealth-Plattform, durch den von ' +
      'der Organisation benannten Zertifikatsverwalter, mit seiner eID und PIN, auf dem Computer, auf dem der ' +
      'Keystore (.p12) liegt, und mit dem Passwort dieses Keystores. Ein Zertifikat kann ab ' +
      `${window} Tagen vor Ablauf seiner Gültigkeit erneuert werden.`,
    phase: (phase, howTo) => `Phase ${phase} – ${howTo}`,
    phases: {
      'phase1-sent':
        '„Ihr eHealth-Zertifikat erneuern“: Öffnen Sie den aktuellen Keystore mit seinem Passwort und Ihrer PIN, ' +
        'prüfen Sie die Kontaktdaten (mit mindestens einer allgemeinen E-Mail-Adresse), wählen Sie das neue ' +
        'Keystore-Passwort und senden Sie den Antrag.',
      'phase2-completed':
        '„Ihren Erneuerungsantrag vervollständigen“, nach der E-Mail von eHealth, dass das Zertifikat erstellt ' +
        'wurde: Installieren Sie das erneuerte Zertifikat und erzeugen Sie das neue ETK.',
      'phase3-etk-activated':
        '„Ihr erneuertes ETK aktivieren“: Das deaktiviert das alte Zertifikat und aktiviert das neue.',
    },
    afterwards:
      'Geben Sie danach den neuen Keystore und sein Passwort jedem Integrator (jeder Software), der das ' +
      'Zertifikat verwendet, und vermerken Sie den Fortschritt in Certdesk.',
    expired:
      'Ein abgelaufenes Zertifikat kann nicht mehr erneuert werden: Stellen Sie im eHealth Certificate Manager ' +
      'einen neuen Zertifikatsantrag und geben Sie den neuen Keystore den Integratoren.',
    acceptance:
      'Akzeptanz-Zertifikat: Verwenden Sie die Akzeptanz-Version des eHealth Certificate Manager, nie die ' +
      'Produktionsversion.',
    consequence:
      'Nach Ablauf der Gültigkeit können die Anwendungen, die das Zertifikat verwenden, nicht mehr auf die ' +
      'eHealth-Dienste zugreifen.',
  },
  problems: {
    heading: 'Bei Problemen',
    passwordLost: (reason) =>
      'Keystore-Passwort verloren: Das Zertifikat kann weder verwendet noch erneuert werden. Widerrufen Sie es ' +
      `(Grund „${reason}“) und stellen Sie dann einen neuen Zertifikatsantrag.`,
    keystoreLost: (reason) =>
      `Datei .p12 (Keystore) verloren: Widerrufen Sie das Zertifikat (Grund „${reason}“) und stellen Sie einen neuen Antrag.`,
    managerLeft: (reason) =>
      'Der Zertifikatsverwalter hat die Organisation verlassen: Der Zugangsverwalter der Organisation benennt ' +
      'einen neuen Zertifikatsverwalter. Kann dieser den alten Keystore nicht öffnen (Datei oder Passwort ' +
      `unbekannt), widerrufen Sie das Zertifikat (Grund „${reason}“) und stellen Sie einen neuen Antrag.`,
    howToRevoke:
      'Widerrufen: im eHealth Certificate Manager, mit der eID des Verwalters, oder mit dem elektronisch ' +
      'unterzeichneten Widerrufsformular per E-Mail an ehealth-certificates@ehealth.fgov.be.',
    support:
      'Anderes Problem: eHealth-Support, 02 788 51 55 (werktags von 7 bis 20 Uhr) oder support@ehealth.fgov.be. ' +
      'Informieren Sie auch Ihren Integrator.',
  },
  revocationReasons: {
    'password-lost': 'Passwort vergessen',
    'keystore-lost': 'Privater Schlüssel kompromittiert',
    'manager-left': 'Durch ein neues Zertifikat zu ersetzen',
  },
  footer: {
    generic: (organisations) =>
      `Certdesk sendet diese Erinnerung an die allgemeinen E-Mail-Adressen von ${organisations}, damit sie ` +
      'jemanden erreicht, auch wenn Personen wechseln. Prüfen Sie auch, dass eine allgemeine Adresse unter den ' +
      'Kontakten des Zertifikats bei eHealth steht: eHealth sendet dorthin seine eigene Erinnerung, etwa 3 ' +
      'Monate vor Ablauf der Gültigkeit.',
    escalation:
      'Certdesk sendet Erinnerungen an die allgemeinen Adressen der Organisationen; ohne solche an die Administratoren.',
    deployment: (software) =>
      `Sie erhalten diese Nachricht als Kontakt der Software „${software}“ für dieses Zertifikat in Certdesk.`,
  },
};
