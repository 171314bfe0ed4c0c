import {
  Column,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  JoinColumn,
  ManyToOne,
  type Relation,
} from 'typeorm';
import { UserEntity } from './user.entity.js';
import { PersonEntity } from './person.entity.js';
import { KeystoreEntity } from './keystore.entity.js';
import { OrganisationEntity } from './organisation.entity.js';
import type { CertificateSource } from '@certdesk/domain';

export const CERTIFICATE_STATES = ['active', 'superseded', 'revoked'] as const;
export type CertificateState = (typeof CERTIFICATE_STATES)[number];

/**
 * A certificate in an organisation's inventory. What the certificate says (subject, validity, key) is stored as
 * read; status and days left are never stored: libs/domain derives them from notBefore/notAfter at read time.
 */
@Entity('certificate')
@Index(['organisationId', 'sha256Fingerprint'], { unique: true })
// Status is a range on notAfter/notBefore (libs/domain statusThresholds), so these two partial indexes answer the
// list, overview, warnings and metrics queries: per organisation (its columns cover the counts by status and
// environment and every column the warning checks read, so counting across all organisations is an index-only
// scan) and across every organisation (keyset order notAfter, id).
@Index(
  'certificate_org_active_covering',
  [
    'organisationId',
    'notAfter',
    'notBefore',
    'environment',
    'managerId',
    'keystoreId',
    'identifierType',
    'identifierValue',
    'id',
  ],
  { where: "state = 'active'" },
)
// The active certificates in notAfter order, carrying what their readiness is decided on (INCLUDE, which TypeORM
// cannot declare: migration 1796361000000 writes it).
@Index('certificate_active_not_after_id', { synchronize: false })
// The few not yet valid, which the tallies count apart (migration 1796316000000), carrying what the overview reads of
// them (INCLUDE, which TypeORM cannot declare: migration 1796359000000 writes it).
@Index('certificate_active_not_before', { synchronize: false })
// The list's `q`: a trigram index on subject, identifier value and holder's name (pg_trgm; the migration writes it).
@Index('certificate_search_trgm', { synchronize: false })
// The list's `label=`: a GIN index on the label keys (the migration writes it; docs/decisions.md, labels).
@Index('certificate_label_keys_gin', { synchronize: false })
// An import's look-up of the active certificates of each identity it imports, on one array expression (migration
// 1796360000000 writes it).
@Index('certificate_active_identity', { synchronize: false })
// Each per-certificate warning in notAfter order, index-only (INCLUDE, which TypeORM cannot declare: migration
// 1796358000000 writes them).
@Index('certificate_warned_manager_left', { synchronize: false })
@Index('certificate_warned_keystore_unknown', { synchronize: false })
@Index('certificate_warned_unknown_environment', { synchronize: false })
@Index('certificate_warned_etk_without_keystore', { synchronize: false })
@Index('certificate_warned_without_renewal', { synchronize: false })
// The certificates a custodian opened, by manager: what a manager's eID change rewrites (migration 1796363000000).
@Index('certificate_opened_by_manager', { synchronize: false })
// The certificates whose custodian's opening crossed the attestation's bound since the readiness tallies' epoch
// (migration 1796364000000).
@Index('certificate_active_custody_opened_at', { synchronize: false })
export class CertificateEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<OrganisationEntity>;
  @Column('uuid') organisationId!: string;

  // What the certificate says.
  @Column('text') sha256Fingerprint!: string;
  @Column('text') subject!: string;
  @Column('text') issuer!: string;
  @Column('text') serialNumber!: string;
  @Column('timestamptz') notBefore!: Date;
  @Column('timestamptz') notAfter!: Date;
  @Column('text') keyAlgorithm!: string;
  @Column('text', { array: true, default: () => "'{}'" }) keyUsages!: string[];
  @Column('bytea') der!: Buffer;

  // How libs/domain classified it at import.
  @Index() @Column('text', { nullable: true }) identifierType!: string | null;
  @Index() @Column('text', { nullable: true }) identifierValue!: string | null;
  @Column('text', { nullable: true }) applicationId!: string | null;
  @Column('text', { nullable: true }) holderName!: string | null;
  @Column('text') environment!: string;
  @Column('boolean', { nullable: true }) knownType!: boolean | null;
  @Column('boolean', { nullable: true }) checkDigitsValid!: boolean | null;

  // Where it lives and who looks after it.
  @Column('boolean', { default: false }) hasPrivateKey!: boolean;
  @Column('text', { nullable: true }) alias!: string | null;
  @ManyToOne(() => KeystoreEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'keystore_id' })
  keystore?: Relation<KeystoreEntity>;
  @Index() @Column('uuid', { nullable: true }) keystoreId!: string | null;
  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'manager_id' })
  manager?: Relation<PersonEntity>;
  @Index() @Column('uuid', { nullable: true }) managerId!: string | null;
  /** The person who knows the keystore password (never the password). */
  @ManyToOne(() => PersonEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'password_custodian_id' })
  passwordCustodian?: Relation<PersonEntity>;
  @Column('uuid', { nullable: true }) passwordCustodianId!: string | null;
  /** Timestamping, ConsultRN, Codage, Other. */
  @Column('text', { array: true, default: () => "'{}'" }) usages!: string[];
  /**
   * The keys (libs/domain labelKey) of its labels, kept beside certificate_label by the one code that writes both,
   * so the list's label filter is one indexed `@>` whose selectivity Postgres can estimate.
   */
  @Column('text', { array: true, default: () => "'{}'" }) labelKeys!: string[];
  @Column('text', { default: '' }) notes!: string;

  // What the warnings check, kept by the database's triggers from the manager's membership, the keystore and the
  // renewal cases (migration 1796316000000): never written by the api.
  @Column({ type: 'boolean', default: false, insert: false, update: false }) managerLeft!: boolean;
  @Column({ type: 'boolean', default: true, insert: false, update: false }) keystoreUnknown!: boolean;
  @Column({ type: 'boolean', default: false, insert: false, update: false }) renewalOpen!: boolean;
  // What its renewal readiness is decided on, kept by the database's triggers from its manager's and custodian's
  // memberships, the manager's eID certificates, its attestations and deployments (migration 1796363000000): the
  // facts are figured once a custodian has opened it (before, it is not ready whatever they are).
  @Column({ type: 'boolean', default: false, insert: false, update: false }) readinessFactsMet!: boolean;
  @Column({ type: 'timestamptz', nullable: true, insert: false, update: false })
  custodyOpenedAt!: Date | null;

  // Lifecycle.
  @Column('text', { default: 'active' }) state!: CertificateState;
  @ManyToOne(() => CertificateEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'superseded_by_id' })
  supersededBy?: Relation<CertificateEntity>;
  @Column('uuid', { nullable: true }) supersededById!: string | null;
  @Column('timestamptz', { nullable: true }) revokedAt!: Date | null;
  @Column('text', { nullable: true }) revocationReason!: string | null;
  /** Set by a handover when the new manager cannot obtain the keystore or its password. */
  @Column('boolean', { default: false }) revokeAndRequestAgain!: boolean;

  /** Where it came from: 'import' (a file), 'etk-depot' (found in the ETK directory), 'card-bridge'. */
  @Column('text', { default: 'import' }) source!: CertificateSource;
  @Column('timestamptz', { default: () => 'now()' }) importedAt!: Date;
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'imported_by_id' })
  importedBy?: Relation<UserEntity>;
  @Column('uuid', { nullable: true }) importedById!: string | null;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}
