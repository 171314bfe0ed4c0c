import { randomUUID } from 'node:crypto';
import { ForbiddenException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { brusselsDate, maskSsin } from '@certdesk/domain';
import {
  CertificateEntity,
  HandoverCertificateEntity,
  HandoverEntity,
  MembershipEntity,
  OrganisationEntity,
  OrganisationIdentifierEntity,
  PersonEntity,
} from '@certdesk/persistence';
import { AccessPolicy } from '../../access/access-policy.js';
import { SsinMasker } from '../../access/ssin-masking.js';
import { AuditTrail } from '../../audit/audit-trail.js';
import { CertificateView } from '../../certificates/certificate-view.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../../common/errors.js';
import { Clock } from '../../core/clock.js';
import { requireEmployedMember } from '../../lifecycle/organisation-person.js';
import { HANDOVER_ACTIONS, HANDOVER_SIGNING_DAYS } from '../handover-actions.js';
import {
  canonicalHandoverDocument,
  HANDOVER_DOCUMENT_FORMAT,
  type HandoverDocument,
  type HandoverDocumentCertificate,
  type HandoverDocumentPerson,
  handoverDigest,
} from '../handover-document.js';
import type { HandoverDto, OpenHandoverDto } from '../handover.dto.js';
import { HandoverView } from '../handover-view.js';
import { OpenHandoverCommand } from './open-handover.command.js';

const DAY = 86_400_000;

/**
 * The document is stored, signed and shown as is, so the SSINs in it (a personal certificate's subject and
 * identifier, a keystore file name) are masked once, when it is rendered: every reader then sees the very bytes
 * that were signed. The fingerprint identifies each certificate.
 */
const DOCUMENT_MASKER = new SsinMasker({ centralAdmin: false, ssin: null });

const documentPerson = (person: PersonEntity): HandoverDocumentPerson => ({
  personId: person.id,
  name: person.name,
  ssin: person.ssin ? maskSsin(person.ssin) : null,
});

@CommandHandler(OpenHandoverCommand)
export class OpenHandoverHandler implements ICommandHandler<OpenHandoverCommand> {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly audit: AuditTrail,
    private readonly certificateView: CertificateView,
    private readonly view: HandoverView,
    private readonly clock: Clock,
  ) {}

  async execute({ actor, input }: OpenHandoverCommand): Promise<HandoverDto> {
    const organisationId = input.organisationId;
    this.access.require(actor, 'handover.open', organisationId, 'organisation');
    if (!this.access.can(actor, 'handover.manage', organisationId) && actor.personId !== input.fromPersonId) {
      throw new ForbiddenException({
        statusCode: 403,
        code: 'FORBIDDEN',
        message: 'Only an organisation administrator or the outgoing manager opens a handover.',
      });
    }
    if (input.fromPersonId === input.toPersonId) {
      throw new UnprocessableError(
        'SAME_PERSON',
        'toPersonId: the incoming manager is the outgoing manager.',
      );
    }
    const unobtainable = new Set(input.unobtainableCertificateIds ?? []);

    return this.db.transaction(async (manager) => {
      const organisation = await manager.getRepository(OrganisationEntity).findOneBy({ id: organisationId });
      if (!organisation) throw new NotFoundError('organisation');
      const outgoing = await this.member(manager, input.fromPersonId, organisationId, 'fromPersonId');
      const incoming = await requireEmployedMember(manager, input.toPersonId, organisationId, 'toPersonId');
      requireSsin(incoming, 'toPersonId', 'The incoming manager countersigns with their eID');
      const signer = input.accessManagerId
        ? await this.accessManager(manager, input.accessManagerId, organisationId, input)
        : requireSsin(
            outgoing,
            'fromPersonId',
            'The outgoing manager signs with their eID (or name the access manager who signs instead: accessManagerId)',
          );

      const certificates = await this.lockCertificates(manager, input, organisationId);
      const outsiders = [...unobtainable].filter((id) => !certificates.some((c) => c.id === id));
      if (outsiders.length) {
        throw new UnprocessableError(
          'NOT_IN_HANDOVER',
          'unobtainableCertificateIds: name only certificates this handover covers.',
          { certificateIds: outsiders },
        );
      }
      const now = this.clock.now();
      await this.refuseOverlap(manager, certificates, now);

      const handoverId = randomUUID();
      const views = await this.certificateView.load(manager, certificates, now);
      const identifiers = await manager
        .getRepository(OrganisationIdentifierEntity)
        .find({ where: { organisationId }, order: { type: 'ASC', value: 'ASC' } });
      const document: HandoverDocument = {
        format: HANDOVER_DOCUMENT_FORMAT,
        handoverId,
        date: now.toISOString(),
        dateBrussels: brusselsDate(now),
        organisation: {
          id: organisation.id,
          name: organisation.name,
          identifiers: identifiers.map((i) => `${i.type}=${i.value}`),
        },
        reason: input.reason.trim(),
        outgoingManager: documentPerson(outgoing),
        incomingManager: documentPerson(incoming),
        outgoingSigner: {
          ...documentPerson(signer),
          role: input.accessManagerId ? 'access-manager' : 'outgoing-manager',
        },
        certificates: views.map((c): HandoverDocumentCertificate => ({
          certificateId: c.id,
          identifierType: c.ehealth?.identifierType ?? null,
          identifierValue: c.ehealth?.identifierValue ?? null,
          applicationId: c.ehealth?.applicationId ?? null,
          subject: c.subject,
          sha256Fingerprint: c.sha256Fingerprint,
          notAfter: c.notAfter,
          keystore: c.keystore
            ? { fileName: c.keystore.fileName, host: c.keystore.host, path: c.keystore.path }
            : null,
          passwordCustodian: c.passwordCustodian
            ? { personId: c.passwordCustodian.id, name: c.passwordCustodian.name }
            : null,
          revokeAndRequestAgain: unobtainable.has(c.id),
        })),
      };
      const json = canonicalHandoverDocument(DOCUMENT_MASKER.mask(document));
      await manager.getRepository(HandoverEntity).insert({
        id: handoverId,
        organisationId,
        fromPersonId: outgoing.id,
        toPersonId: incoming.id,
        outgoingSignerRole: document.outgoingSigner.role,
        outgoingSignerId: signer.id,
        reason: document.reason,
        document: json,
        state: 'awaiting-signatures',
        openedAt: now,
        openedById: actor.userId,
        expiresAt: new Date(now.getTime() + HANDOVER_SIGNING_DAYS * DAY),
        completedAt: null,
        cancelledAt: null,
        cancelReason: null,
      });
      await manager.getRepository(HandoverCertificateEntity).insert(
        certificates.map((c) => ({
          handoverId,
          certificateId: c.id,
          revokeAndRequestAgain: unobtainable.has(c.id),
        })),
      );
      await this.audit.append(
        manager,
        actor,
        {
          action: HANDOVER_ACTIONS.opened,
          organisationId,
          before: null,
          after: {
            handoverId,
            fromPersonId: outgoing.id,
            toPersonId: incoming.id,
            outgoingSignerRole: document.outgoingSigner.role,
            outgoingSignerId: signer.id,
            certificateIds: certificates.map((c) => c.id),
            unobtainableCertificateIds: [...unobtainable],
            reason: document.reason,
            documentSha256: handoverDigest(json, 'SHA-256').toString('hex'),
          },
        },
        now,
      );
      return this.view.loadOne(
        manager,
        await manager.getRepository(HandoverEntity).findOneByOrFail({ id: handoverId }),
      );
    });
  }

  /** The outgoing manager belongs to the organisation; they may have left (that is often why there is a handover). */
  private async member(
    manager: EntityManager,
    personId: string,
    organisationId: string,
    field: string,
  ): Promise<PersonEntity> {
    const membership = await manager.getRepository(MembershipEntity).findOneBy({ personId, organisationId });
    if (!membership)
      throw new UnprocessableError('NOT_A_MEMBER', `${field}: no such person in this organisation.`);
    return manager.getRepository(PersonEntity).findOneByOrFail({ id: personId });
  }

  /** Signs instead of the outgoing manager: an access manager of the organisation, neither of the two managers. */
  private async accessManager(
    manager: EntityManager,
    personId: string,
    organisationId: string,
    input: OpenHandoverDto,
  ): Promise<PersonEntity> {
    const person = await requireEmployedMember(manager, personId, organisationId, 'accessManagerId');
    const membership = await manager
      .getRepository(MembershipEntity)
      .findOneByOrFail({ personId, organisationId });
    if (!membership.roles.includes('access-manager')) {
      throw new UnprocessableError(
        'NOT_AN_ACCESS_MANAGER',
        "accessManagerId: this person is not one of the organisation's access managers.",
      );
    }
    if (personId === input.toPersonId || personId === input.fromPersonId) {
      throw new UnprocessableError(
        'SIGNER_IS_A_MANAGER',
        'accessManagerId: the access manager signs instead of the outgoing manager, so must be neither manager.',
      );
    }
    return requireSsin(person, 'accessManagerId', 'The access manager signs with their eID');
  }

  /**
   * The certificates handed over, locked in id order (as ManagerAssignment locks them): the given ones, each an active
   * certificate of the outgoing manager in this organisation, or all of those.
   */
  private async lockCertificates(
    manager: EntityManager,
    input: OpenHandoverDto,
    organisationId: string,
  ): Promise<CertificateEntity[]> {
    const query = manager
      .getRepository(CertificateEntity)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.organisationId = :organisationId', { organisationId })
      .orderBy('c.id', 'ASC');
    if (input.certificateIds) {
      query.andWhere('c.id = ANY(:ids)', { ids: input.certificateIds });
    } else {
      query.andWhere("c.managerId = :managerId AND c.state = 'active'", { managerId: input.fromPersonId });
    }
    const found = await query.getMany();
    if (input.certificateIds) {
      const handedOver = (c: CertificateEntity) => c.managerId === input.fromPersonId && c.state === 'active';
      const refused = input.certificateIds.filter((id) => !found.some((c) => c.id === id && handedOver(c)));
      if (refused.length) {
        throw new UnprocessableError(
          'NOT_THE_OUTGOING_MANAGERS',
          'certificateIds: only active certificates the outgoing manager manages in this organisation can be handed over.',
          { certificateIds: refused },
        );
      }
    }
    if (found.length === 0) {
      throw new UnprocessableError(
        'NOTHING_TO_HAND_OVER',
        'The outgoing manager manages no active certificate in this organisation.',
      );
    }
    return found;
  }

  /** A certificate is in at most one handover awaiting signatures (an expired one no longer holds it). */
  private async refuseOverlap(
    manager: EntityManager,
    certificates: CertificateEntity[],
    now: Date,
  ): Promise<void> {
    const open = await manager
      .getRepository(HandoverCertificateEntity)
      .createQueryBuilder('hc')
      .innerJoin(HandoverEntity, 'h', 'h.id = hc.handoverId')
      .where('hc.certificateId = ANY(:ids)', { ids: certificates.map((c) => c.id) })
      .andWhere("h.state = 'awaiting-signatures' AND h.expiresAt > :now", { now })
      .getMany();
    if (open.length) {
      throw new ConflictError(
        'HANDOVER_ALREADY_OPEN',
        `Another handover awaiting signatures (${open[0]!.handoverId}) covers ${open.length === 1 ? 'one of these certificates' : `${open.length} of these certificates`}: complete or cancel it first.`,
      );
    }
  }
}

/** Whoever signs the document signs with their eID: their SSIN is what the signature is matched against. */
function requireSsin(person: PersonEntity, field: string, why: string): PersonEntity {
  if (!person.ssin) {
    throw new UnprocessableError(
      'SIGNER_HAS_NO_SSIN',
      `${field}: ${person.name} has no SSIN recorded. ${why}, matched by the SSIN: record it first.`,
    );
  }
  return person;
}
