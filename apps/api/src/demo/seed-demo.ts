#!/usr/bin/env node
// Fills an empty Certdesk with a believable demo through its own HTTP API: two institutions and an ambulance
// service, their people and users, ~30 certificates in every status (imported as PEM files and as legacy and
// modern keystores), renewals in each phase and a revocation. Certificates come from the test PKI: they are
// shaped like eHealth's but worthless outside the demo.
import { pathToFileURL } from 'node:url';
import { withMod97CheckDigits } from '@certdesk/domain';
import {
  buildEhealthKeystore,
  createTestPki,
  type TestCertificate,
  type TestPki,
} from '@certdesk/pki/testing';
import {
  DEMO_PASSWORD,
  DEMO_PEOPLE,
  type DemoOrganisationKey,
  demoEmail,
  demoName,
} from './demo-directory.js';

export interface SeedOptions {
  apiUrl: string;
  adminEmail: string;
  adminPassword: string;
  now?: Date;
  log?: (line: string) => void;
}

export interface SeedResult {
  seeded: boolean;
  organisations: number;
  certificates: number;
}

const DAY = 86_400_000;

class Api {
  constructor(
    private readonly base: string,
    private token = '',
  ) {}

  async login(email: string, password: string): Promise<void> {
    const { accessToken } = await this.call<{ accessToken: string }>('POST', '/api/v1/auth/login', {
      email,
      password,
    });
    this.token = accessToken;
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body instanceof FormData ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

interface DemoCertificate {
  organisation: DemoOrganisationKey;
  identifierType: string;
  identifierValue: string;
  holderName: string;
  applicationId?: string;
  environment?: 'production' | 'acceptance';
  /** Days from now: negative = in the past. */
  from: number;
  to: number;
  keystore?: { encryption: 'legacy' | 'modern'; host: string; path: string };
}

function cbe(first8: string): string {
  return withMod97CheckDigits(first8);
}

export async function seedDemo(options: SeedOptions): Promise<SeedResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const now = options.now ?? new Date();
  const api = new Api(options.apiUrl);
  await api.login(options.adminEmail, options.adminPassword);
  const existing = await api.call<unknown[]>('GET', '/api/v1/organisations');
  if (existing.length > 0) {
    log('demo: the database already holds organisations; nothing seeded');
    return { seeded: false, organisations: existing.length, certificates: 0 };
  }
  log('demo: seeding two institutions and an ambulance service…');
  const organisations = {
    clinic: await api.call<{ id: string }>('POST', '/api/v1/organisations', {
      name: 'Clinique Saint-Luc Bruxelles',
      identifiers: [
        { type: 'CBE', value: '0566.988.259' },
        { type: 'NIHII-HOSPITAL', value: '71000436' },
      ],
      languages: ['fr', 'nl'],
      contacts: [
        { email: 'certificats@saint-luc.demo', language: 'fr', generic: true },
        { email: 'marc.dubois@saint-luc.demo', language: 'fr', generic: false },
      ],
      managerInCopy: true,
    }),
    hospital: await api.call<{ id: string }>('POST', '/api/v1/organisations', {
      name: 'AZ Sint-Jan Brugge',
      identifiers: [
        { type: 'CBE', value: cbe('04123456') },
        { type: 'EHP', value: '1990001916' },
      ],
      languages: ['nl', 'fr'],
      // Only a personal address: the dashboard warns about it.
      contacts: [{ email: 'an.peeters@azsintjan.demo', language: 'nl', generic: false }],
    }),
    ambulance: await api.call<{ id: string }>('POST', '/api/v1/organisations', {
      name: 'Ambulances de Namur',
      identifiers: [
        { type: 'NIHII-AMBU_SERVICE', value: '79609977' },
        { type: 'CBE', value: cbe('08765432') },
      ],
      languages: ['fr'],
      contacts: [{ email: 'info@ambulances-namur.demo', language: 'fr', generic: true }],
    }),
  };

  // The people, each in their own organisation, with an SSIN; those with a log-in get it on the same person (the api
  // finds the person of the organisation who carries the SSIN), so an eID card opens it.
  const people: Record<string, { id: string }> = {};
  for (const demoPerson of DEMO_PEOPLE) {
    const organisationId = organisations[demoPerson.organisation].id;
    const email = demoEmail(demoPerson);
    people[demoPerson.key] = await api.call<{ id: string }>('POST', '/api/v1/people', {
      name: demoName(demoPerson),
      ssin: demoPerson.ssin,
      email,
      memberships: [{ organisationId, roles: demoPerson.roles }],
    });
    if (demoPerson.login) {
      const user = await api.call<{ personId: string }>('POST', '/api/v1/users', {
        email,
        name: demoName(demoPerson),
        password: DEMO_PASSWORD,
        ssin: demoPerson.ssin,
        roles: [{ role: demoPerson.login, organisationId }],
      });
      if (user.personId !== people[demoPerson.key]!.id) {
        throw new Error(`demo: the log-in of ${email} did not open its person`);
      }
    }
  }
  const personOf = (key: string): { id: string } => {
    const found = people[key];
    if (!found) throw new Error(`demo: no person ${key}`);
    return found;
  };

  const certificates: DemoCertificate[] = [
    // The clinic: several application IDs, every status.
    {
      organisation: 'clinic',
      identifierType: 'CBE',
      identifierValue: '0566988259',
      holderName: 'Clinique Saint-Luc',
      from: -1000,
      to: 95,
      keystore: {
        encryption: 'legacy',
        host: 'SRV-EHEALTH-01',
        path: 'C:\\Users\\mdubois\\ehealth\\keystore',
      },
    },
    {
      organisation: 'clinic',
      identifierType: 'CBE',
      identifierValue: '0566988259',
      holderName: 'Clinique Saint-Luc',
      applicationId: 'MYCARENET',
      from: -1050,
      to: 45,
      keystore: {
        encryption: 'legacy',
        host: 'SRV-EHEALTH-01',
        path: 'C:\\Users\\mdubois\\ehealth\\keystore',
      },
    },
    {
      organisation: 'clinic',
      identifierType: 'CBE',
      identifierValue: '0566988259',
      holderName: 'Clinique Saint-Luc',
      applicationId: 'EHEALTHBOX',
      from: -1080,
      to: 12,
    },
    {
      organisation: 'clinic',
      identifierType: 'CBE',
      identifierValue: '0566988259',
      holderName: 'Clinique Saint-Luc',
      applicationId: 'RECIPE',
      from: -1090,
      to: 3,
    },
    {
      organisation: 'clinic',
      identifierType: 'CBE',
      identifierValue: '0566988259',
      holderName: 'Clinique Saint-Luc',
      applicationId: 'HUBLINK',
      from: -1100,
      to: -8,
    },
    {
      organisation: 'clinic',
      identifierType: 'NIHII-HOSPITAL',
      identifierValue: '71000436',
      holderName: 'Clinique Saint-Luc',
      from: -200,
      to: 896,
      keystore: { encryption: 'modern', host: 'SRV-EHEALTH-02', path: '/opt/ehealth/keystore' },
    },
    {
      organisation: 'clinic',
      identifierType: 'NIHII-HOSPITAL',
      identifierValue: '71000436',
      holderName: 'Clinique Saint-Luc',
      applicationId: 'LABRESULTS',
      from: -400,
      to: 700,
    },
    {
      organisation: 'clinic',
      identifierType: 'CBE',
      identifierValue: '0566988259',
      holderName: 'Clinique Saint-Luc',
      applicationId: 'TESTS',
      environment: 'acceptance',
      from: -100,
      to: 1000,
    },
    {
      organisation: 'clinic',
      identifierType: 'CBE',
      identifierValue: '0566988259',
      holderName: 'Clinique Saint-Luc',
      applicationId: 'FUTURE',
      from: 5,
      to: 1100,
    },
    {
      organisation: 'clinic',
      identifierType: 'CBE',
      identifierValue: '0566988259',
      holderName: 'Clinique Saint-Luc',
      applicationId: 'ARCHIVE',
      from: -1200,
      to: -90,
    },
    // The hospital.
    {
      organisation: 'hospital',
      identifierType: 'EHP',
      identifierValue: '1990001916',
      holderName: 'AZ Sint-Jan Brugge',
      applicationId: 'VITALINKGATEWAY',
      from: -1000,
      to: 60,
      keystore: { encryption: 'modern', host: 'AZSJ-APP-07', path: 'D:\\ehealth\\keystore' },
    },
    {
      organisation: 'hospital',
      identifierType: 'EHP',
      identifierValue: '1990001916',
      holderName: 'AZ Sint-Jan Brugge',
      from: -900,
      to: 150,
    },
    {
      organisation: 'hospital',
      identifierType: 'CBE',
      identifierValue: cbe('04123456'),
      holderName: 'AZ Sint-Jan Brugge',
      from: -1000,
      to: 30,
    },
    {
      organisation: 'hospital',
      identifierType: 'CBE',
      identifierValue: cbe('04123456'),
      holderName: 'AZ Sint-Jan Brugge',
      applicationId: 'MEDIDOC',
      from: -500,
      to: 600,
    },
    {
      organisation: 'hospital',
      identifierType: 'CBE',
      identifierValue: cbe('04123456'),
      holderName: 'AZ Sint-Jan Brugge',
      applicationId: 'KMEHR',
      from: -1095,
      to: -1,
    },
    {
      organisation: 'hospital',
      identifierType: 'CBE',
      identifierValue: cbe('04123456'),
      holderName: 'AZ Sint-Jan Brugge',
      applicationId: 'ACCEPT',
      environment: 'acceptance',
      from: -30,
      to: 1065,
    },
    {
      organisation: 'hospital',
      identifierType: 'SSIN',
      identifierValue: '85073003328',
      holderName: 'Elise Janssens',
      from: -1010,
      to: 80,
    },
    {
      organisation: 'hospital',
      identifierType: 'CBE',
      identifierValue: cbe('04123456'),
      holderName: 'AZ Sint-Jan Brugge',
      applicationId: 'PACS',
      from: -300,
      to: 790,
    },
    {
      organisation: 'hospital',
      identifierType: 'CBE',
      identifierValue: cbe('04123456'),
      holderName: 'AZ Sint-Jan Brugge',
      applicationId: 'RADIO',
      from: -1000,
      to: 7,
    },
    {
      organisation: 'hospital',
      identifierType: 'CBE',
      identifierValue: cbe('04123456'),
      holderName: 'AZ Sint-Jan Brugge',
      applicationId: 'OLDLAB',
      from: -1300,
      to: -200,
    },
    // The ambulance service.
    {
      organisation: 'ambulance',
      identifierType: 'NIHII-AMBU_SERVICE',
      identifierValue: '79609977',
      holderName: 'Ambulances de Namur',
      from: -1000,
      to: 20,
      keystore: { encryption: 'legacy', host: 'PC-DISPATCH', path: 'C:\\Users\\lmartin\\ehealth\\keystore' },
    },
    {
      organisation: 'ambulance',
      identifierType: 'NIHII-AMBU_SERVICE',
      identifierValue: '79609977',
      holderName: 'Ambulances de Namur',
      applicationId: 'AMBUREG',
      from: -1020,
      to: 1,
    },
    {
      organisation: 'ambulance',
      identifierType: 'NIHII-AMBU_SERVICE',
      identifierValue: '79609977',
      holderName: 'Ambulances de Namur',
      applicationId: 'MISSIONS',
      from: -400,
      to: 700,
    },
    {
      organisation: 'ambulance',
      identifierType: 'NIHII-AMBU_SERVICE',
      identifierValue: '79609977',
      holderName: 'Ambulances de Namur',
      applicationId: 'BACKUP',
      from: -1100,
      to: -15,
    },
    {
      organisation: 'ambulance',
      identifierType: 'NIHII-AMBU_SERVICE',
      identifierValue: '79609977',
      holderName: 'Ambulances de Namur',
      applicationId: 'TRAINING',
      environment: 'acceptance',
      from: -60,
      to: 1035,
    },
    {
      organisation: 'ambulance',
      identifierType: 'CBE',
      identifierValue: cbe('08765432'),
      holderName: 'Ambulances de Namur',
      from: -1000,
      to: 89,
    },
    {
      organisation: 'ambulance',
      identifierType: 'CBE',
      identifierValue: cbe('08765432'),
      holderName: 'Ambulances de Namur',
      applicationId: 'FACTURATION',
      from: -800,
      to: 300,
    },
    {
      organisation: 'ambulance',
      identifierType: 'NIHII-AMBU_SERVICE',
      identifierValue: '79609977',
      holderName: 'Ambulances de Namur',
      applicationId: 'GPS',
      from: 10,
      to: 1100,
    },
    {
      organisation: 'ambulance',
      identifierType: 'NIHII-AMBU_SERVICE',
      identifierValue: '79609977',
      holderName: 'Ambulances de Namur',
      applicationId: 'TABLETS',
      from: -1085,
      to: 0,
    },
    {
      organisation: 'ambulance',
      identifierType: 'CBE',
      identifierValue: cbe('08765432'),
      holderName: 'Ambulances de Namur',
      applicationId: 'RH',
      from: -700,
      to: 395,
    },
  ];

  const pki: TestPki = await createTestPki();
  const managers: Record<DemoOrganisationKey, string> = {
    clinic: personOf('marc').id,
    hospital: personOf('an').id,
    ambulance: personOf('luc').id,
  };
  const imported: { id: string; organisation: string; spec: DemoCertificate }[] = [];
  for (const spec of certificates) {
    const certificate: TestCertificate = await pki.issueEhealthCertificate({
      identifierType: spec.identifierType,
      identifierValue: spec.identifierValue,
      holderName: spec.holderName,
      applicationId: spec.applicationId ?? null,
      environment: spec.environment ?? 'production',
      notBefore: new Date(now.getTime() + spec.from * DAY),
      notAfter: new Date(now.getTime() + spec.to * DAY),
      keyAlgorithm: 'EC-P256',
    });
    const form = new FormData();
    form.set('organisationId', organisations[spec.organisation as keyof typeof organisations].id);
    const stamp = new Date(now.getTime() + spec.from * DAY)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace('T', '-')
      .slice(0, 15);
    const baseName = `${spec.identifierType}=${spec.identifierValue}${spec.applicationId ? `, ${spec.applicationId}` : ''} ${stamp}`;
    if (spec.keystore) {
      const password = `Demo-${spec.applicationId ?? 'main'}-2024`;
      const etk = await pki.issueEtkCertificate(certificate);
      const bytes = await buildEhealthKeystore({
        password,
        encryption: spec.keystore.encryption,
        authentication: certificate,
        etk: [etk],
        caCertificates: certificate.chain,
      });
      form.append('files', new Blob([bytes]), `${baseName}.p12`);
      form.set('password', password);
      form.set('host', spec.keystore.host);
      form.set('path', spec.keystore.path);
    } else {
      form.append('files', new Blob([certificate.pem]), `${baseName}.pem`);
    }
    const result = await api.call<{
      files: { certificates: { outcome: string; certificateId: string | null }[] }[];
    }>('POST', '/api/v1/certificates/import', form);
    const id = result.files[0]?.certificates.find((c) => c.outcome === 'imported')?.certificateId;
    if (!id) throw new Error(`demo: the import answered no certificate id: ${JSON.stringify(result)}`);
    imported.push({ id, organisation: spec.organisation, spec });
    await api.call('PUT', `/api/v1/certificates/${id}/manager`, {
      managerId: managers[spec.organisation],
      note: 'demo',
    });
  }

  // Luc has since left the ambulance service: the dashboard flags the certificates still in his name.
  for (const demoPerson of DEMO_PEOPLE.filter((p) => p.left)) {
    await api.call('PATCH', `/api/v1/people/${personOf(demoPerson.key).id}`, {
      memberships: [{ organisationId: organisations[demoPerson.organisation].id, employed: false }],
    });
  }

  // Renewals in each phase, and a revocation with its new request.
  const renewable = imported.filter((c) => c.spec.to >= 0 && c.spec.to <= 90 && c.spec.from < 0);
  const phases: ('complete' | 'activate-etk')[][] = [[], ['complete'], ['complete', 'activate-etk']];
  for (const [i, steps] of phases.entries()) {
    const target = renewable[i];
    if (!target) break;
    const renewal = await api.call<{ id: string }>('POST', `/api/v1/certificates/${target.id}/renewals`, {
      usages: ['Timestamping', 'ConsultRN'],
      note: 'demo renewal',
    });
    for (const step of steps)
      await api.call('POST', `/api/v1/renewals/${renewal.id}/${step}`, { note: `demo: ${step}` });
  }
  const lost = imported.find((c) => c.spec.applicationId === 'BACKUP');
  if (lost) {
    await api.call('POST', `/api/v1/certificates/${lost.id}/revoke`, {
      reason: 'password-lost',
      revokedOn: now.toISOString().slice(0, 10),
      note: 'demo: nobody knows the password of the backup keystore',
    });
  }
  log(`demo: ${imported.length} certificates in ${Object.keys(organisations).length} organisations`);
  return { seeded: true, organisations: Object.keys(organisations).length, certificates: imported.length };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const apiUrl = process.env.CERTDESK_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  const adminEmail = process.env.ADMIN_EMAIL;
  const adminPassword = process.env.ADMIN_PASSWORD;
  if (!adminEmail || !adminPassword) {
    console.error('demo: set ADMIN_EMAIL and ADMIN_PASSWORD (the central administrator) to seed the demo');
    process.exit(2);
  }
  seedDemo({ apiUrl, adminEmail, adminPassword }).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
