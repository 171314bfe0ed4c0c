// The words of a deployment notice's personal confirmation link (issue 14, the integrator cut-over): apart from
// messages/, which every reminder shares, since only this notice carries them.
import { type Language } from './types.js';

export interface CutOverMessages {
  heading: string;
  intro(software: string): string;
  button: string;
  validity(until: string): string;
  noAccount: string;
  /** A reminder's subject starts with this word. */
  reminderMark: string;
  reminderNotice(software: string): string;
}

export const CUT_OVER_MESSAGES: Readonly<Record<Language, CutOverMessages>> = {
  fr: {
    heading: 'Confirmez l’installation',
    intro: (software) =>
      `Une fois le nouveau keystore installé dans « ${software} », confirmez-le avec ce lien personnel : ` +
      'l’organisation saura que l’ancien certificat n’y est plus utilisé.',
    button: 'Le nouveau keystore est installé',
    validity: (until) => `Ce lien ne sert qu’à cette confirmation, une fois, jusqu’au ${until}.`,
    noAccount: 'Aucun compte n’est nécessaire. Ne transférez pas ce message : le lien vous est personnel.',
    reminderMark: 'Rappel',
    reminderNotice: (software) =>
      `Rappel : nous n’avons pas encore reçu votre confirmation que le nouveau keystore est installé dans « ${software} ». ` +
      'Ce lien-ci fonctionne, comme celui reçu plus tôt.',
  },
  nl: {
    heading: 'Bevestig de installatie',
    intro: (software) =>
      `Bevestig met deze persoonlijke link zodra de nieuwe keystore in "${software}" geïnstalleerd is: ` +
      'de organisatie weet dan dat het oude certificaat daar niet meer gebruikt wordt.',
    button: 'De nieuwe keystore is geïnstalleerd',
    validity: (until) => `Deze link dient alleen voor deze bevestiging, één keer, tot ${until}.`,
    noAccount: 'U hebt geen account nodig. Stuur dit bericht niet door: de link is persoonlijk.',
    reminderMark: 'Herinnering',
    reminderNotice: (software) =>
      `Herinnering: we hebben uw bevestiging dat de nieuwe keystore in "${software}" geïnstalleerd is nog niet ontvangen. ` +
      'Deze link werkt, net als de link die u eerder kreeg.',
  },
  de: {
    heading: 'Bestätigen Sie die Installation',
    intro: (software) =>
      `Sobald der neue Keystore in „${software}“ installiert ist, bestätigen Sie es mit diesem persönlichen Link: ` +
      'Die Organisation weiß dann, dass das alte Zertifikat dort nicht mehr verwendet wird.',
    button: 'Der neue Keystore ist installiert',
    validity: (until) => `Dieser Link dient nur dieser Bestätigung, einmal, bis ${until}.`,
    noAccount: 'Sie brauchen kein Konto. Leiten Sie diese Nachricht nicht weiter: Der Link ist persönlich.',
    reminderMark: 'Erinnerung',
    reminderNotice: (software) =>
      `Erinnerung: Ihre Bestätigung, dass der neue Keystore in „${software}“ installiert ist, liegt uns noch nicht vor. ` +
      'Dieser Link funktioniert, ebenso wie der frühere.',
  },
  en: {
    heading: 'Confirm the installation',
    intro: (software) =>
      `Once the new keystore is installed in "${software}", confirm it with this personal link: the organisation ` +
      'then knows the old certificate is no longer used there.',
    button: 'The new keystore is installed',
    validity: (until) => `This link is for this confirmation only, once, until ${until}.`,
    noAccount: 'No account is needed. Do not forward this message: the link is personal to you.',
    reminderMark: 'Reminder',
    reminderNotice: (software) =>
      `Reminder: we have not yet received your confirmation that the new keystore is installed in "${software}". ` +
      'This link works, as does the one you were sent earlier.',
  },
};
