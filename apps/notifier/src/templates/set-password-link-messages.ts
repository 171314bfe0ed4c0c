// The set-password mail's words, one object per language: apart from messages/, which the reminders share, since
// this mail is about a log-in, not a certificate.
import { type Language } from './types.js';

export interface SetPasswordLinkMessages {
  /** After "Certdesk: ", one per language. */
  subject: string;
  greeting(name: string): string;
  intro(organisations: string | null, email: string): string;
  button: string;
  validity(until: string): string;
  noPasswordByMail: string;
  notExpected: string;
}

export const SET_PASSWORD_LINK_MESSAGES: Readonly<Record<Language, SetPasswordLinkMessages>> = {
  fr: {
    subject: 'choisissez votre mot de passe',
    greeting: (name) => `Bonjour ${name},`,
    intro: (organisations, email) =>
      `Un administrateur${organisations ? ` de ${organisations}` : ''} vous invite à choisir le mot de passe de votre compte Certdesk, ${email}.`,
    button: 'Choisir mon mot de passe',
    validity: (until) =>
      `Ce lien ne sert qu’une fois, jusqu’au ${until}. Ensuite, demandez-en un nouveau à votre administrateur.`,
    noPasswordByMail:
      'Certdesk n’envoie jamais de mot de passe par e-mail, et personne ne vous demandera le vôtre.',
    notExpected:
      'Si vous n’attendiez pas ce message, ignorez-le : rien ne change tant que le lien n’est pas utilisé.',
  },
  nl: {
    subject: 'kies uw wachtwoord',
    greeting: (name) => `Beste ${name},`,
    intro: (organisations, email) =>
      `Een beheerder${organisations ? ` van ${organisations}` : ''} nodigt u uit om het wachtwoord van uw Certdesk-account te kiezen, ${email}.`,
    button: 'Mijn wachtwoord kiezen',
    validity: (until) => `Deze link werkt één keer, tot ${until}. Vraag daarna een nieuwe aan uw beheerder.`,
    noPasswordByMail: 'Certdesk verstuurt nooit wachtwoorden per e-mail, en niemand zal u het uwe vragen.',
    notExpected:
      'Verwachtte u dit bericht niet? Negeer het dan: er verandert niets zolang de link niet gebruikt wordt.',
  },
  de: {
    subject: 'Wählen Sie Ihr Passwort',
    greeting: (name) => `Guten Tag ${name},`,
    intro: (organisations, email) =>
      `Ein Administrator${organisations ? ` von ${organisations}` : ''} lädt Sie ein, das Passwort Ihres Certdesk-Kontos ${email} zu wählen.`,
    button: 'Mein Passwort wählen',
    validity: (until) =>
      `Dieser Link funktioniert einmal, bis ${until}. Danach bitten Sie Ihren Administrator um einen neuen.`,
    noPasswordByMail: 'Certdesk versendet nie Passwörter per E-Mail, und niemand wird Sie nach Ihrem fragen.',
    notExpected:
      'Haben Sie diese Nachricht nicht erwartet? Dann ignorieren Sie sie: Solange der Link nicht benutzt wird, ändert sich nichts.',
  },
  en: {
    subject: 'choose your password',
    greeting: (name) => `Hello ${name},`,
    intro: (organisations, email) =>
      `An administrator${organisations ? ` of ${organisations}` : ''} invites you to choose the password of your Certdesk log-in, ${email}.`,
    button: 'Choose my password',
    validity: (until) =>
      `This link works once, until ${until}. After that, ask your administrator for a new one.`,
    noPasswordByMail: 'Certdesk never sends passwords by mail, and nobody will ask you for yours.',
    notExpected: 'If you did not expect this mail, ignore it: nothing changes until the link is used.',
  },
};
