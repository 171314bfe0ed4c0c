import { Column, Entity, Index, PrimaryGeneratedColumn, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { OrganisationEntity } from './organisation.entity.js';
import { PersonEntity } from './person.entity.js';
import { UserEntity } from './user.entity.js';

export const HANDOVER_STATES = ['awaiting-signatures', 'completed', 'cancelled'] as const;
export type HandoverState = (typeof HANDOVER_STATES)[number];

/** Who signs for the outgoing side: the outgoing manager, or (when they cannot) the organisation's access manager. */
export const HANDOVER_OUTGOING_SIGNER_ROLES = ['outgoing-manager', 'access-manager'] as const;
export type HandoverOutgoingSignerRole = (typeof HANDOVER_OUTGOING_SIGNER_ROLES)[number];

/**
 * A certificate-manager handover: manager A hands some or all of their certificates to manager B. The document is
 * the canonical JSON both sides sign with their eID (its digests are computed from it, never stored apart).
 */
@Entity('handover')
// The list's pages, most recent first, of every organisation or of one (migration 1796368000000).
@Index('handover_newest', ['openedAt', 'id'])
@Index('handover_organisation_newest', ['organisationId', 'openedAt', 'id'])
export class HandoverEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<OrganisationEntity>;
  @Column('uuid') organisationId!: string;
  @ManyToOne(() => PersonEntity, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'from_person_id' })
  fromPerson?: Relation<PersonEntity>;
  @Column('uuid') fromPersonId!: string;
  @ManyToOne(() => PersonEntity, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'to_person_id' })
  toPerson?: Relation<PersonEntity>;
  @Column('uuid') toPersonId!: string;
  @Column('text') outgoingSignerRole!: HandoverOutgoingSignerRole;
  /** The outgoing manager, or the access manager who signs instead. */
  @ManyToOne(() => PersonEntity, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'outgoing_signer_id' })
  outgoingSigner?: Relation<PersonEntity>;
  @Column('uuid') outgoingSignerId!: string;
  @Column('text') reason!: string;
  /** The canonical JSON (RFC 8785) of the handover document: exactly the bytes whose digests are signed. */
  @Column('text') document!: string;
  @Column('text') state!: HandoverState;
  @Column('timestamptz') openedAt!: Date;
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'opened_by_id' })
  openedBy?: Relation<UserEntity>;
  @Column('uuid', { nullable: true }) openedById!: string | null;
  /** Signatures are accepted until then. */
  @Column('timestamptz') expiresAt!: Date;
  @Column('timestamptz', { nullable: true }) completedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) cancelledAt!: Date | null;
  @Column('text', { nullable: true }) cancelReason!: string | null;
}
