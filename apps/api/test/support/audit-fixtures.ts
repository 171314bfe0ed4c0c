import { DataSource } from 'typeorm';
import { AuditTrail } from '../../src/audit/audit-trail.js';
import { rows } from './lifecycle-fixtures.js';
import type { TestApp } from './test-app.js';

/** `count` events appended to an organisation's chain in one transaction, as an import audits its certificates. */
export function appendAuditEvents(t: TestApp, organisationId: string, count: number) {
  return t.app.get(DataSource).transaction((manager) =>
    t.app.get(AuditTrail).appendMany(
      manager,
      { system: 'test' },
      Array.from({ length: count }, (_, i) => ({
        action: 'certificate.imported',
        organisationId,
        after: { subject: `CN=Ambulance ${i}, O=Federal Government, C=BE`, notAfter: new Date() },
      })),
    ),
  );
}

/** The events stored in an organisation's chain, as the database counts them. */
export async function storedAuditEvents(t: TestApp, organisationId: string): Promise<number> {
  const [stored] = await rows<{ count: number }>(
    t,
    'SELECT count(*)::int AS count FROM audit_event WHERE chain = $1',
    [organisationId],
  );
  return stored!.count;
}
