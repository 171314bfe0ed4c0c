// Who the demo `npm start` seeds: its organisations' people, their log-ins (one per role) and the two demo eID
// cards. The seed (seed-demo.ts), the demo eID material (demo-eid.ts) and the log-in page's banner (GET /api/v1/demo)
// read them from here, so the banner names exactly the log-ins and cards the demo made.
import { withMod97CheckDigits } from '@certdesk/domain';
import type { OrganisationRole, UserRole } from '@certdesk/persistence';

/** The central administrator `npm start` creates when ADMIN_EMAIL and ADMIN_PASSWORD are not set. */
export const DEMO_ADMIN = { email: 'admin@certdesk.demo', password: 'certdesk-demo-admin' } as const;
/** The password of every demo log-in but the central administrator's. */
export const DEMO_PASSWORD = 'certdesk-demo-user';
/** The demo cards' PIN: they are SoftHSM2 test tokens (apps/card-bridge/src/testing), never real cards. */
export const DEMO_CARD_PIN = '1234';
/** What starts a card-bridge on a demo card (scripts/demo-card.mjs). */
export const DEMO_CARD_COMMAND = 'npm run demo:card';

export type DemoOrganisationKey = 'clinic' | 'hospital' | 'ambulance';

export interface DemoPerson {
  /** A short name: the demo card's argument (`npm run demo:card -- sophie`). */
  key: string;
  givenName: string;
  surname: string;
  organisation: DemoOrganisationKey;
  /** Their roles in the organisation (certificate manager, eHealth access manager). */
  roles: OrganisationRole[];
  /** Born in the last century: YYMMDD, then a sequence number; the check digits are computed. */
  ssin: string;
  /** Their e-mail address is also their log-in, with this role in their organisation. */
  login?: Exclude<UserRole, 'central-admin'>;
  /** Has left the organisation (the dashboard warns about what is still in their name). */
  left?: boolean;
  /** The key of their demo eID card, when they have one. */
  card?: 'RSA-2048' | 'EC-P384';
}

/** The demo organisations' e-mail domains (people's addresses are given.surname@domain). */
export const DEMO_DOMAINS: Record<DemoOrganisationKey, string> = {
  clinic: 'saint-luc.demo',
  hospital: 'azsintjan.demo',
  ambulance: 'ambulances-namur.demo',
};

const ssin = (first9: string) => withMod97CheckDigits(first9);

/**
 * Each person belongs to their own organisation (docs/decisions.md 5). Marc hands his certificates over to Sophie
 * in the demo's handover: both have a card.
 */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  {
    key: 'marc',
    givenName: 'Marc',
    surname: 'Dubois',
    organisation: 'clinic',
    roles: ['certificate-manager', 'access-manager'],
    ssin: ssin('760314123'),
    login: 'org-admin',
    card: 'RSA-2048',
  },
  {
    key: 'sophie',
    givenName: 'Sophie',
    surname: 'Lambert',
    organisation: 'clinic',
    roles: ['certificate-manager'],
    ssin: ssin('881102245'),
    login: 'certificate-manager',
    card: 'EC-P384',
  },
  {
    key: 'an',
    givenName: 'An',
    surname: 'Peeters',
    organisation: 'hospital',
    roles: ['certificate-manager', 'access-manager'],
    ssin: ssin('810621068'),
    login: 'org-admin',
  },
  {
    key: 'elise',
    givenName: 'Elise',
    surname: 'Janssens',
    organisation: 'hospital',
    // A care provider: her personal (SSIN) certificate matches the hospital through her.
    roles: [],
    ssin: '85073003328',
  },
  {
    key: 'luc',
    givenName: 'Luc',
    surname: 'Martin',
    organisation: 'ambulance',
    roles: ['certificate-manager'],
    ssin: ssin('690130071'),
    left: true,
  },
  {
    key: 'julie',
    givenName: 'Julie',
    surname: 'Renard',
    organisation: 'ambulance',
    roles: ['access-manager'],
    ssin: ssin('920909156'),
    login: 'certificate-manager',
  },
  {
    key: 'nadia',
    givenName: 'Nadia',
    surname: 'Haddad',
    organisation: 'ambulance',
    roles: [],
    ssin: ssin('950517284'),
    login: 'viewer',
  },
];

export const demoName = (person: DemoPerson): string => `${person.givenName} ${person.surname}`;

export const demoEmail = (person: DemoPerson): string =>
  `${person.givenName}.${person.surname}@${DEMO_DOMAINS[person.organisation]}`.toLowerCase();

/** The people who hold a demo eID card. */
export const DEMO_CARD_HOLDERS = DEMO_PEOPLE.filter(
  (person): person is DemoPerson & { card: NonNullable<DemoPerson['card']> } => person.card !== undefined,
);
