import { Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { CustodyAttestationEntity, PersonEntity } from '@certdesk/persistence';
import { toCustodyAttestationDto, type CustodyAttestationDto } from './custody-attestation.dto.js';

export type NewCustodyAttestation = Omit<
  CustodyAttestationEntity,
  'id' | 'certificate' | 'person' | 'submittedBy'
>;

/** The custody attestations of a certificate: append-only, newest check first. */
@Injectable()
export class CustodyAttestationsRepository {
  async add(manager: EntityManager, values: NewCustodyAttestation): Promise<CustodyAttestationEntity> {
    const repository = manager.getRepository(CustodyAttestationEntity);
    const inserted = await repository.insert(values);
    return repository.findOneByOrFail({ id: String(inserted.identifiers[0]!.id) });
  }

  /** Every attestation of the certificate with who made it, newest check first. */
  async history(manager: EntityManager, certificateId: string): Promise<CustodyAttestationDto[]> {
    const rows = await manager
      .getRepository(CustodyAttestationEntity)
      .find({ where: { certificateId }, order: { checkedAt: 'DESC', recordedAt: 'DESC' } });
    const people = rows.length
      ? await manager
          .getRepository(PersonEntity)
          .findBy({ id: In([...new Set(rows.map((r) => r.personId))]) })
      : [];
    const names = new Map(people.map((p) => [p.id, p.name]));
    return rows.map((r) => toCustodyAttestationDto(r, { id: r.personId, name: names.get(r.personId) ?? '' }));
  }

  /** The person's latest check of the certificate (only the named custodian's count for readiness). */
  latestBy(
    manager: EntityManager,
    certificateId: string,
    personId: string,
  ): Promise<CustodyAttestationEntity | null> {
    return manager
      .getRepository(CustodyAttestationEntity)
      .findOne({ where: { certificateId, personId }, order: { checkedAt: 'DESC', recordedAt: 'DESC' } });
  }
}
