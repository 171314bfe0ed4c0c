import { DataSource, In } from 'typeorm';
import { describeCertificate, withMod97CheckDigits } from '@certdesk/domain';
import { CertificateEntity, type CertificateState } from '@certdesk/persistence';
import { parseCertificate } from '@certdesk/pki';
import { createTestPki, type TestPki } from '@certdesk/pki/testing';
import type { TestApp } from './test-app.js';

const DAY = 86_400_000;

export interface SeedCertificateInput {
  organisationId: string;
  identifierType?: string;
  identifierValue?: string;
  holderName?: string;
  applicationId?: string | null;
  /** 'unknown': issued by a CA that no issuer rule names. */
  environment?: 'production' | 'acceptance' | 'unknown';
  /** Days from now (negative: in the past); or exact instants with notBefore/notAfter. */
  fromDays?: number;
  toDays?: number;
  notBefore?: Date;
  notAfter?: Date;
  state?: CertificateState;
  managerId?: string | null;
  keystoreId?: string | null;
  importedAt?: Date;
}

let pki: Promise<TestPki> | undefined;
let counter = 0;

/** An 8-digit NIHII organisation number with valid mod-97 check digits, different each call. */
export function uniqueNihii(): string {
  counter += 1;
  const first6 = String(796_000 + ((counter * 37 + Math.floor(Math.random() * 900)) % 4000)).padStart(6, '0');
  return withMod97CheckDigits(first6);
}

/**
 * Until the import endpoint exists: mints real eHealth-shaped certificates with the test PKI (EC keys, fast),
 * classifies them with libs/domain as the import does, and inserts the rows directly.
 */
export async function seedCertificates(
  t: TestApp,
  inputs: SeedCertificateInput[],
): Promise<CertificateEntity[]> {
  pki ??= createTestPki();
  const testPki = await pki;
  const now = new Date();
  const rows: Partial<CertificateEntity>[] = [];
  for (const input of inputs) {
    const notBefore = input.notBefore ?? new Date(now.getTime() + (input.fromDays ?? -365) * DAY);
    const notAfter = input.notAfter ?? new Date(now.getTime() + (input.toDays ?? 400) * DAY);
    const minted = await testPki.issueEhealthCertificate({
      identifierType: input.identifierType ?? 'NIHII-AMBU_SERVICE',
      identifierValue: input.identifierValue ?? uniqueNihii(),
      holderName: input.holderName ?? `Ambulances ${++counter}`,
      applicationId: input.applicationId ?? null,
      ...(input.environment === 'unknown'
        ? { issuer: testPki.root }
        : { environment: input.environment ?? 'production' }),
      notBefore,
      notAfter,
      keyAlgorithm: 'EC-P256',
    });
    const facts = parseCertificate(minted.der);
    const description = describeCertificate(facts, { now });
    rows.push({
      organisationId: input.organisationId,
      sha256Fingerprint: description.sha256Fingerprint,
      subject: description.subject,
      issuer: description.issuer,
      serialNumber: description.serialNumber,
      notBefore: facts.notBefore,
      notAfter: facts.notAfter,
      keyAlgorithm: description.keyAlgorithm,
      keyUsages: facts.keyUsages,
      der: Buffer.from(minted.der),
      identifierType: description.ehealth?.identifierType ?? null,
      identifierValue: description.ehealth?.identifierValue ?? null,
      applicationId: description.ehealth?.applicationId ?? null,
      holderName: description.ehealth?.holderName ?? null,
      environment: description.ehealth?.environment ?? 'unknown',
      knownType: description.ehealth?.knownType ?? null,
      checkDigitsValid: description.ehealth?.checkDigitsValid ?? null,
      state: input.state ?? 'active',
      managerId: input.managerId ?? null,
      keystoreId: input.keystoreId ?? null,
      ...(input.importedAt ? { importedAt: input.importedAt } : {}),
    });
  }
  const repository = t.app.get(DataSource).getRepository(CertificateEntity);
  const inserted = await repository.insert(rows);
  const ids = inserted.identifiers.map((identifier) => identifier.id as string);
  const saved = await repository.findBy({ id: In(ids) });
  return ids.map((id) => saved.find((row) => row.id === id)!);
}
