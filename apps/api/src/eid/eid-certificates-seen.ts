import { createHash, X509Certificate } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EidSeenVia } from '@certdesk/persistence';

/**
 * Which eID certificates each person used with Certdesk, and until when they are valid: renewal readiness asks whether
 * a manager's eID is known and stays valid through the renewal window. Only the validity is kept, never the
 * certificate itself (the handover signature keeps its own).
 */
@Injectable()
export class EidCertificatesSeen {
  async record(
    manager: EntityManager,
    personId: string,
    certificateDer: Uint8Array,
    via: EidSeenVia,
    at: Date,
  ): Promise<void> {
    const der = Buffer.from(certificateDer);
    const notAfter = new Date(new X509Certificate(der).validTo);
    await manager.query(
      `INSERT INTO person_eid_certificate (person_id, certificate_sha256, not_after, seen_via, seen_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (person_id, certificate_sha256)
       DO UPDATE SET seen_at = GREATEST(person_eid_certificate.seen_at, EXCLUDED.seen_at),
                     seen_via = CASE WHEN EXCLUDED.seen_at >= person_eid_certificate.seen_at
                                     THEN EXCLUDED.seen_via ELSE person_eid_certificate.seen_via END`,
      [personId, createHash('sha256').update(der).digest('hex'), notAfter, via, at],
    );
  }
}
