import { In, type EntityManager } from 'typeorm';
import { KeystoreEntity, KeystoreEntryEntity } from '@certdesk/persistence';

/** One entry as libs/pki reads it or the card-bridge reports it: never key material. */
export interface KeystoreEntryRecord {
  alias: string | null;
  role: string;
  hasPrivateKey: boolean;
  certificateFingerprint: string | null;
}

export interface KeystoreRecordInput {
  organisationId: string;
  fileName: string;
  host?: string | null;
  path?: string | null;
  /** 'legacy', 'modern', 'mixed'; null keeps what is known (a card-bridge report does not say). */
  encryption: string | null;
  entries: KeystoreEntryRecord[];
}

/** Where a keystore lives, as one key: the unique index is (organisation, host, folder, file name). */
export interface KeystoreLocation {
  fileName: string;
  host: string;
  path: string;
}

/**
 * The keystore's place as stored: host and folder ('' when unknown). A path that ends with the file name itself
 * (the card-bridge reports the file's full path) is cut to its folder, so an import and a report of the same file
 * meet on one record.
 */
export function keystoreLocation(input: {
  fileName: string;
  host?: string | null;
  path?: string | null;
}): KeystoreLocation {
  const fileName = input.fileName.trim();
  let path = (input.path ?? '').trim();
  const lastSeparator = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (lastSeparator >= 0 && path.slice(lastSeparator + 1) === fileName) path = path.slice(0, lastSeparator);
  else if (path === fileName) path = '';
  if (path.length > 1) path = path.replace(/[\\/]+$/, '');
  return { fileName, host: (input.host ?? '').trim(), path };
}

/**
 * The keystore at this place in the organisation, created (with `encryption`) when there is none yet; the row is
 * locked for the caller's transaction, so two imports of one keystore do not interleave.
 */
export async function findOrCreateKeystore(
  manager: EntityManager,
  organisationId: string,
  place: { fileName: string; host?: string | null; path?: string | null },
  encryption: string | null,
): Promise<{ keystore: KeystoreEntity; created: boolean }> {
  const location = keystoreLocation(place);
  const inserted = await manager
    .createQueryBuilder()
    .insert()
    .into(KeystoreEntity)
    .values({ organisationId, ...location, encryption })
    .orIgnore()
    .returning(['id'])
    .execute();
  const keystore = await manager
    .getRepository(KeystoreEntity)
    .createQueryBuilder('k')
    .setLock('pessimistic_write')
    .where('k.organisationId = :organisationId', { organisationId })
    .andWhere('k.host = :host AND k.path = :path AND k.fileName = :fileName', location)
    .getOneOrFail();
  return { keystore, created: (inserted.raw as unknown[]).length > 0 };
}

/**
 * Replaces a keystore's entries (what was read at import, or what the card-bridge reported). The same entries read
 * again leave the rows as they are: importing a keystore twice from one place changes nothing.
 */
export async function replaceKeystoreEntries(
  manager: EntityManager,
  keystoreId: string,
  entries: KeystoreEntryRecord[],
): Promise<void> {
  const current = await manager.getRepository(KeystoreEntryEntity).findBy({ keystoreId });
  if (sameEntries(current, entries)) return;
  await manager.getRepository(KeystoreEntryEntity).delete({ keystoreId });
  if (entries.length === 0) return;
  await manager
    .createQueryBuilder()
    .insert()
    .into(KeystoreEntryEntity)
    .values(
      entries.map((entry) => ({
        keystoreId,
        alias: entry.alias,
        role: entry.role,
        hasPrivateKey: entry.hasPrivateKey,
        certificateFingerprint: entry.certificateFingerprint,
      })),
    )
    .execute();
}

/** Records a keystore as just read or reported: its place, its encryption when known, and its entries. */
export async function recordKeystore(
  manager: EntityManager,
  input: KeystoreRecordInput,
): Promise<{ keystore: KeystoreEntity; created: boolean }> {
  const { keystore, created } = await findOrCreateKeystore(
    manager,
    input.organisationId,
    input,
    input.encryption,
  );
  if (!created && input.encryption !== null && keystore.encryption !== input.encryption) {
    await manager.getRepository(KeystoreEntity).update({ id: keystore.id }, { encryption: input.encryption });
    keystore.encryption = input.encryption;
  }
  await replaceKeystoreEntries(manager, keystore.id, input.entries);
  return { keystore, created };
}

function sameEntries(stored: KeystoreEntryRecord[], read: KeystoreEntryRecord[]): boolean {
  const key = (e: KeystoreEntryRecord) =>
    JSON.stringify([e.alias, e.role, e.hasPrivateKey, e.certificateFingerprint]);
  const a = stored.map(key).sort();
  const b = read.map(key).sort();
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** A certificate of a keystore just read: whether the keystore holds its key, and under which alias. */
export interface KeystoreCertificateLink {
  certificateId: string;
  hasPrivateKey: boolean;
  alias: string | null;
}

/** What linking changed on one certificate (its keystore, its key, its alias), for the audit trail. */
export interface KeystoreLinkChange {
  certificateId: string;
  before: { keystoreId: string | null; hasPrivateKey: boolean; alias: string | null };
  after: { keystoreId: string; hasPrivateKey: boolean; alias: string | null };
}

/**
 * Points certificates at the keystore they were just read from, in one statement whatever their number: the keystore
 * becomes theirs, a key it holds is recorded, and its alias kept. Answers the certificates this changed, with their
 * values before and after (a certificate already linked so changes nothing and is not listed).
 */
export async function linkCertificatesToKeystore(
  manager: EntityManager,
  keystoreId: string,
  links: KeystoreCertificateLink[],
): Promise<KeystoreLinkChange[]> {
  const unique = [...new Map(links.map((l) => [l.certificateId, l])).values()];
  if (unique.length === 0) return [];
  interface Row {
    id: string;
    previous_keystore_id: string | null;
    previous_has_private_key: boolean;
    previous_alias: string | null;
    has_private_key: boolean;
    alias: string | null;
  }
  // `previous` is the row as it was before this statement (a self-join reads the statement's snapshot). TypeORM
  // answers an UPDATE ... RETURNING as [rows, count].
  const [returned]: [Row[], number] = await manager.query(
    `UPDATE certificate c
        SET keystore_id = $1,
            has_private_key = c.has_private_key OR v.has_private_key,
            alias = coalesce(v.alias, c.alias)
       FROM certificate previous,
            unnest($2::uuid[], $3::boolean[], $4::text[]) AS v(id, has_private_key, alias)
      WHERE c.id = v.id AND previous.id = c.id
        AND (c.keystore_id IS DISTINCT FROM $1
             OR (v.has_private_key AND NOT c.has_private_key)
             OR (v.alias IS NOT NULL AND c.alias IS DISTINCT FROM v.alias))
  RETURNING c.id, previous.keystore_id AS previous_keystore_id,
            previous.has_private_key AS previous_has_private_key, previous.alias AS previous_alias,
            c.has_private_key, c.alias`,
    [
      keystoreId,
      unique.map((l) => l.certificateId),
      unique.map((l) => l.hasPrivateKey),
      unique.map((l) => l.alias),
    ],
  );
  return returned.map((row) => ({
    certificateId: row.id,
    before: {
      keystoreId: row.previous_keystore_id,
      hasPrivateKey: row.previous_has_private_key,
      alias: row.previous_alias,
    },
    after: { keystoreId, hasPrivateKey: row.has_private_key, alias: row.alias },
  }));
}

/** A keystore's place as the audit trail records it. */
export function keystoreLocationOf(keystore: KeystoreEntity): KeystoreLocation & { id: string } {
  return { id: keystore.id, fileName: keystore.fileName, host: keystore.host, path: keystore.path };
}

/** The places of these keystores, by id, in one query. */
export async function keystoreLocations(
  manager: EntityManager,
  keystoreIds: (string | null)[],
): Promise<Map<string, KeystoreLocation & { id: string }>> {
  const ids = [...new Set(keystoreIds.filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const keystores = await manager.getRepository(KeystoreEntity).findBy({ id: In(ids) });
  return new Map(keystores.map((k) => [k.id, keystoreLocationOf(k)]));
}
