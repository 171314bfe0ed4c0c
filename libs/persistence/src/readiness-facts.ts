import type { EntityManager } from 'typeorm';
import type { CustodyFailure, CustodyOutcome, ReadinessFacts, ReadinessPerson } from '@certdesk/domain';
import { queryPrepared } from './prepared-statement.js';

/** A person as readiness sees them: their membership of the certificate's organisation (none: not employed). */
const PERSON = (personIdColumn: string) => `(
    SELECT json_build_object('name', p.name, 'employed', COALESCE(m.employed, false), 'leftOn', m.left_on)
      FROM person p LEFT JOIN membership m ON m.person_id = p.id AND m.organisation_id = c.organisation_id
     WHERE p.id = ${personIdColumn})`;

/**
 * Every fact renewal readiness needs, for a set of certificates, in one statement of index look-ups (correlated
 * subqueries, as CertificateView does): the manager and custodian with their membership, the manager's eID that stays
 * valid longest, the keystore, the custodian's own latest custody check, and the deployments' contacts.
 */
const FACTS_SQL = `
  SELECT c.id, c.not_after,
         ${PERSON('c.manager_id')} AS manager,
         (SELECT json_build_object('seenVia', e.seen_via, 'notAfter', e.not_after)
            FROM person_eid_certificate e WHERE e.person_id = c.manager_id
           ORDER BY e.not_after DESC LIMIT 1) AS manager_eid,
         (SELECT json_build_object('fileName', k.file_name, 'host', k.host, 'path', k.path)
            FROM keystore k WHERE k.id = c.keystore_id) AS keystore,
         ${PERSON('c.password_custodian_id')} AS custodian,
         (SELECT json_build_object('outcome', a.outcome, 'checkedAt', a.checked_at, 'failure', a.failure)
            FROM custody_attestation a
           WHERE a.certificate_id = c.id AND a.person_id = c.password_custodian_id
           ORDER BY a.checked_at DESC, a.recorded_at DESC LIMIT 1) AS attestation,
         COALESCE((SELECT json_agg(json_build_object('software', d.software, 'contactEmail', d.contact_email)
                                   ORDER BY d.created_at, d.id)
                     FROM deployment d WHERE d.certificate_id = c.id), '[]'::json) AS deployments
    FROM certificate c
   WHERE c.id = ANY($1::uuid[])`;

interface FactsRow {
  id: string;
  not_after: Date;
  manager: ReadinessPerson | null;
  manager_eid: { seenVia: 'eid-login' | 'handover-signature'; notAfter: string } | null;
  keystore: { fileName: string; host: string; path: string } | null;
  custodian: ReadinessPerson | null;
  attestation: { outcome: CustodyOutcome; checkedAt: string; failure: CustodyFailure | null } | null;
  deployments: { software: string; contactEmail: string | null }[];
}

/**
 * The renewal-readiness facts of each certificate (libs/domain renewalReadiness judges them), by id; ids not found
 * are left out. Shared by the api (a certificate's detail) and the notifier (the administrators' escalation).
 */
export async function loadReadinessFacts(
  manager: EntityManager,
  certificateIds: string[],
): Promise<Map<string, ReadinessFacts>> {
  if (certificateIds.length === 0) return new Map();
  const rows = await queryPrepared<FactsRow>(manager, readinessFactsStatement(certificateIds));
  return new Map(rows.map((r) => [r.id, toFacts(r)]));
}

/**
 * The statement loadReadinessFacts runs, named: each certificate list page runs it, and planning its seven
 * subqueries cost more than running them. Exported for the api's bench, which runs it raw beside the api.
 */
export function readinessFactsStatement(certificateIds: string[]): {
  name: string;
  text: string;
  values: [string[]];
} {
  return { name: 'certdesk_readiness_facts', text: FACTS_SQL, values: [certificateIds] };
}

function toFacts(r: FactsRow): ReadinessFacts {
  return {
    notAfter: r.not_after,
    manager: r.manager,
    managerEid: r.manager_eid && {
      seenVia: r.manager_eid.seenVia,
      notAfter: new Date(r.manager_eid.notAfter),
    },
    keystore: r.keystore && {
      fileName: r.keystore.fileName,
      host: r.keystore.host || null,
      path: r.keystore.path || null,
    },
    custodian: r.custodian,
    custodianLastAttestation: r.attestation && {
      outcome: r.attestation.outcome,
      checkedAt: new Date(r.attestation.checkedAt),
      failure: r.attestation.failure,
    },
    deployments: r.deployments,
  };
}
