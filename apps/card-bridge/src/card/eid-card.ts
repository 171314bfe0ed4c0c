// The Belgian eID card over PKCS#11: finds the card among the middleware's slots, reads its certificates
// and holder, and signs with its Authentication or Signature key. Every failure becomes a CardBridgeError
// with a code the dashboard can act on.
import { existsSync } from 'node:fs';
import pkcs11js from 'pkcs11js';
import {
  type CardCertificateDto,
  type CardDto,
  type CardHolderDto,
  type CardInfoDto,
  type CardObjectLabel,
  type CardReaderDto,
  type DigestAlgorithm,
  EID_OBJECT_LABELS,
  type PinTries,
} from '@certdesk/contracts';
import { type CertificateFacts, describeCertificate, dnValues } from '@certdesk/domain';
import { CardBridgeError } from '../errors.js';
import { loadPki } from '../pki.js';
import {
  type Handle,
  type ModuleInfo,
  type OpenedSigningSession,
  type Pkcs11Api,
  Pkcs11CallError,
  type SignatureRequest,
  type TokenInfo,
} from '../pkcs11/pkcs11-api.js';
import { closeQuietly, finishSignature, openSigningSession } from '../pkcs11/signing-sequence.mjs';
import { digestInfo } from './digest.js';
import type { PinEntry } from './pin-entry.js';

const {
  CKA_CLASS,
  CKA_KEY_TYPE,
  CKA_LABEL,
  CKA_VALUE,
  CKF_PROTECTED_AUTHENTICATION_PATH,
  CKF_SERIAL_SESSION,
  CKF_TOKEN_INITIALIZED,
  CKF_USER_PIN_COUNT_LOW,
  CKF_USER_PIN_FINAL_TRY,
  CKF_USER_PIN_LOCKED,
  CKK_EC,
  CKK_RSA,
  CKM_ECDSA,
  CKM_RSA_PKCS,
  CKM_SHA256_RSA_PKCS,
  CKM_SHA384_RSA_PKCS,
  CKO_CERTIFICATE,
  CKO_PRIVATE_KEY,
} = pkcs11js;
// Exported by pkcs11js at run time, missing from its type definitions.
const { CKF_TOKEN_PRESENT } = pkcs11js as unknown as { CKF_TOKEN_PRESENT: number };

/** What to sign: a digest, and optionally the data it is the digest of (RSA tokens may hash it themselves). */
export interface SignInput {
  digestAlgorithm: DigestAlgorithm;
  digest: Buffer;
  data?: Buffer;
}

export interface CardSignature {
  signature: Buffer;
  /** The certificate of the key that signed, DER. */
  certificateDer: Buffer;
  certificate: CardCertificateDto;
  holder: CardDto['holder'];
  keyFamily: 'RSA' | 'EC';
  /** What was signed. */
  input: SignInput;
}

/** What "check my card" reads, without the PIN: the raw facts card-check.ts judges. */
export interface CardCheckReading {
  /** Null when the module is missing or cannot be loaded. */
  moduleInfo: ModuleInfo | null;
  /** Empty when the middleware reports no reader. */
  readers: CardReaderDto[];
  card: {
    card: CardDto;
    pin: 'usable' | 'blocked' | PinTries;
    /** The Signature private key's CKA_KEY_TYPE; null when the card hides the key object without the PIN. */
    signatureKeyType: 'RSA' | 'EC' | 'other' | null;
  } | null;
}

interface FoundCard {
  slot: Handle;
  tokenInfo: TokenInfo;
}

/**
 * A slot and the serial number of the token it held. Remembered for the last signature's card: the next signature
 * asks that slot first (one C_GetTokenInfo) instead of scanning every slot. Only a hint: the certificates are read
 * again in the signing session every time, because another card may carry the same serial number, and a certificate
 * is attributed only to the card that signs.
 */
interface CardPlace {
  slot: Handle;
  serialNumber: string;
}

const trimmed = (text: string) => text.replace(/[\s\0]+$/, '');
const hasFlag = (flags: number, flag: number) => (flags & flag) !== 0;

function pinTriesOf(tokenInfo: TokenInfo | null): PinTries {
  if (!tokenInfo) return 'unknown';
  if (hasFlag(tokenInfo.flags, CKF_USER_PIN_FINAL_TRY)) return 'last-try';
  if (hasFlag(tokenInfo.flags, CKF_USER_PIN_COUNT_LOW)) return 'few-left';
  return 'unknown';
}

const PIN_BLOCKED_MESSAGE =
  'The eID PIN is blocked after too many wrong tries. It can be unblocked with the PUK code at the commune.';

export class EidCard {
  private opened = false;
  private remembered: CardPlace | null = null;
  /** Card certificates already parsed, keyed by their DER (hex), so a look-up can never answer another card's. */
  private readonly parsed = new Map<string, CertificateFacts>();

  constructor(
    private readonly pkcs11: Pkcs11Api,
    private readonly modulePath: string,
    private readonly pinEntry: PinEntry,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get middlewareFound(): boolean {
    return existsSync(this.modulePath);
  }

  async close(): Promise<void> {
    this.opened = false;
    await this.pkcs11.close();
  }

  /** The readers, and the eID card in one of them (null when none holds one). */
  async readCardInfo(): Promise<CardInfoDto> {
    await this.open();
    const { readers, cards } = await this.scanSlots();
    for (const found of cards) {
      const card = await this.withSession(found, async (session) => {
        const certificates = await this.readCertificates(session);
        return certificates.authentication ? this.describeCard(found, certificates) : null;
      });
      if (card) return { readers, card };
    }
    return { readers, card: null };
  }

  /** The middleware, the readers and the eID card in one of them, for a check: never logs in. */
  async readForCheck(): Promise<CardCheckReading> {
    try {
      await this.open();
    } catch (error) {
      if (error instanceof CardBridgeError && error.code === 'MIDDLEWARE_UNAVAILABLE')
        return { moduleInfo: null, readers: [], card: null };
      throw error;
    }
    const moduleInfo = await this.callOutsideSession(() => this.pkcs11.getInfo());
    let scanned;
    try {
      scanned = await this.scanSlots();
    } catch (error) {
      if (error instanceof CardBridgeError && error.code === 'NO_READER')
        return { moduleInfo, readers: [], card: null };
      throw error;
    }
    for (const found of scanned.cards) {
      const card = await this.withSession(found, async (session) => {
        const certificates = await this.readCertificates(session);
        if (!certificates.authentication) return null;
        const flags = found.tokenInfo.flags;
        return {
          card: await this.describeCard(found, certificates),
          pin: hasFlag(flags, CKF_USER_PIN_LOCKED) ? ('blocked' as const) : pinTriesOf(found.tokenInfo),
          signatureKeyType: await this.keyTypeOf(session, EID_OBJECT_LABELS.signature),
        };
      });
      if (card) return { moduleInfo, readers: scanned.readers, card };
    }
    return { moduleInfo, readers: scanned.readers, card: null };
  }

  /** A private key's type, read without logging in: the eID shows its key objects; other tokens may not. */
  private async keyTypeOf(session: Handle, label: string): Promise<'RSA' | 'EC' | 'other' | null> {
    const [key] = await this.pkcs11.findObjects(session, [
      { type: CKA_CLASS, value: CKO_PRIVATE_KEY },
      { type: CKA_LABEL, value: label },
    ]);
    if (!key) return null;
    const [attribute] = await this.pkcs11.getAttributeValue(session, key, [{ type: CKA_KEY_TYPE }]);
    const value = attribute?.value;
    // A CK_ULONG in the platform's byte order (little-endian on the PCs the bridge runs on).
    const keyType = Buffer.isBuffer(value) && value.length >= 4 ? value.readUInt32LE(0) : value;
    if (keyType === CKK_RSA) return 'RSA';
    if (keyType === CKK_EC) return 'EC';
    return keyType === undefined ? null : 'other';
  }

  /**
   * Signs with the card's key labelled `keyLabel` ('Authentication' or 'Signature'), asking the local
   * user for the PIN when the card has no protected authentication path.
   */
  async sign(
    keyLabel: 'Authentication' | 'Signature',
    prepare: (keyAlgorithm: string) => SignInput,
    purpose: string,
  ): Promise<CardSignature> {
    await this.open();
    const labels =
      keyLabel === 'Authentication'
        ? [EID_OBJECT_LABELS.authentication]
        : [EID_OBJECT_LABELS.authentication, keyLabel];
    // The last signature's card first, when its slot still holds a token with its serial number.
    const remembered = this.remembered;
    if (remembered) {
      const opened = await this.openSigningSession(remembered, remembered.serialNumber, labels);
      if (opened.session && opened.tokenInfo) {
        const found = { slot: remembered.slot, tokenInfo: opened.tokenInfo };
        const signed = await this.signInSession(found, opened, keyLabel, prepare, purpose);
        if (signed) return signed;
      }
      // Gone, or now a token with the same serial that holds no eID: look in every slot.
      this.remembered = null;
    }
    for (const found of (await this.scanSlots()).cards) {
      const place = { slot: found.slot, serialNumber: found.tokenInfo.serialNumber };
      const opened = await this.openSigningSession(place, null, labels);
      const signed = await this.signInSession(found, opened, keyLabel, prepare, purpose);
      if (signed) return signed;
    }
    throw new CardBridgeError(
      'NO_CARD',
      'No eID card was found: insert the card in the reader and try again.',
    );
  }

  /** Step 1 of a signature (signing-sequence.mjs), one message to a PKCS#11 thread. */
  private async openSigningSession(
    place: CardPlace,
    expectedSerialNumber: string | null,
    labels: string[],
  ): Promise<OpenedSigningSession> {
    try {
      return await (this.pkcs11.openSigningSession
        ? this.pkcs11.openSigningSession(place.slot, expectedSerialNumber, labels)
        : openSigningSession(this.pkcs11, place.slot, expectedSerialNumber, labels));
    } catch (error) {
      throw await this.explain(error, place);
    }
  }

  /**
   * The rest of a signature, in the session step 1 opened and with the certificates read in it: a card swapped since
   * is a closed session, not another's certificate. Null when the card holds no Authentication certificate (not an
   * eID). The session is closed in every case.
   */
  private async signInSession(
    found: FoundCard,
    { session, certificates }: OpenedSigningSession,
    keyLabel: 'Authentication' | 'Signature',
    prepare: (keyAlgorithm: string) => SignInput,
    purpose: string,
  ): Promise<CardSignature | null> {
    const place = { slot: found.slot, serialNumber: found.tokenInfo.serialNumber };
    let request: SignatureRequest;
    let signing: Omit<CardSignature, 'signature'>;
    try {
      const [authenticationDer, signatureDer] = certificates;
      if (!authenticationDer) {
        await closeQuietly(this.pkcs11, session!);
        return null;
      }
      const certificateDer = keyLabel === 'Authentication' ? authenticationDer : signatureDer;
      if (!certificateDer) {
        throw new CardBridgeError('CARD_UNSUPPORTED', `This card has no ${keyLabel} certificate.`);
      }
      const holder = await this.holderOf(authenticationDer);
      const certificate = await this.describeCertificate(keyLabel, certificateDer);
      const keyFamily: CardSignature['keyFamily'] | null = certificate.keyAlgorithm.startsWith('RSA')
        ? 'RSA'
        : certificate.keyAlgorithm.startsWith('EC')
          ? 'EC'
          : null;
      if (!keyFamily) {
        throw new CardBridgeError(
          'CARD_UNSUPPORTED',
          `The card's ${keyLabel} key is ${certificate.keyAlgorithm}, which the bridge cannot sign with.`,
        );
      }
      const input = prepare(certificate.keyAlgorithm);
      const pin = await this.pinFor(found, keyLabel, purpose);
      request = { pin, keyLabel, ...mechanismFor(keyFamily, input) };
      signing = { certificateDer, certificate, holder, keyFamily, input };
    } catch (error) {
      const explained = await this.explain(error, place);
      await closeQuietly(this.pkcs11, session!);
      throw explained;
    }
    let signature: Buffer | null;
    try {
      ({ signature } = await (this.pkcs11.finishSignature
        ? this.pkcs11.finishSignature(found.slot, session!, request)
        : finishSignature(this.pkcs11, found.slot, session!, request)));
    } catch (error) {
      throw await this.explain(error, place);
    }
    if (!signature)
      throw new CardBridgeError('CARD_UNSUPPORTED', `This card has no ${keyLabel} private key.`);
    this.remembered = { slot: found.slot, serialNumber: found.tokenInfo.serialNumber };
    return { signature, ...signing };
  }

  /** parseCertificate, once per certificate: the same card's are read again at every signature. */
  private async parseCardCertificate(der: Buffer): Promise<CertificateFacts> {
    const key = der.toString('hex');
    const known = this.parsed.get(key);
    if (known) return known;
    const { parseCertificate } = await loadPki();
    const facts = parseCertificate(der);
    if (this.parsed.size >= 16) this.parsed.clear(); // a few cards' worth; a new card starts afresh
    this.parsed.set(key, facts);
    return facts;
  }

  private async open(): Promise<void> {
    if (this.opened) return;
    if (!existsSync(this.modulePath)) {
      throw new CardBridgeError(
        'MIDDLEWARE_UNAVAILABLE',
        `The eID middleware is not installed: ${this.modulePath} does not exist. Install the Belgian eID software, or point the bridge at the PKCS#11 module with --module.`,
      );
    }
    try {
      await this.pkcs11.open(this.modulePath);
    } catch (error) {
      if (!(error instanceof Pkcs11CallError && error.ckr === 'CKR_CRYPTOKI_ALREADY_INITIALIZED')) {
        throw new CardBridgeError(
          'MIDDLEWARE_UNAVAILABLE',
          `The PKCS#11 module ${this.modulePath} cannot be loaded (${error instanceof Error ? error.message : String(error)}).`,
        );
      }
    }
    this.opened = true;
  }

  private async scanSlots(): Promise<{ readers: CardReaderDto[]; cards: FoundCard[] }> {
    const slots = await this.callOutsideSession(() => this.pkcs11.getSlotList(false));
    if (slots.length === 0) {
      throw new CardBridgeError('NO_READER', 'No card reader was found: connect a reader and try again.');
    }
    const readers: CardReaderDto[] = [];
    const cards: FoundCard[] = [];
    for (const slot of slots) {
      const slotInfo = await this.callOutsideSession(() => this.pkcs11.getSlotInfo(slot));
      // A token the middleware cannot read (not an eID, not initialised, just pulled out) is no card.
      const tokenInfo = hasFlag(slotInfo.flags, CKF_TOKEN_PRESENT)
        ? await this.pkcs11.getTokenInfo(slot).catch(() => null)
        : null;
      const cardPresent = tokenInfo !== null && hasFlag(tokenInfo.flags, CKF_TOKEN_INITIALIZED);
      readers.push({
        slotId: slot.toString('hex'),
        description: trimmed(slotInfo.slotDescription),
        manufacturer: trimmed(slotInfo.manufacturerID),
        cardPresent,
      });
      if (cardPresent && tokenInfo) cards.push({ slot, tokenInfo });
    }
    return { readers, cards };
  }

  private async withSession<T>(found: FoundCard, work: (session: Handle) => Promise<T>): Promise<T> {
    const place = { slot: found.slot, serialNumber: found.tokenInfo.serialNumber };
    let session: Handle;
    try {
      session = await this.pkcs11.openSession(found.slot, CKF_SERIAL_SESSION);
    } catch (error) {
      throw await this.explain(error, place);
    }
    try {
      return await work(session);
    } catch (error) {
      throw await this.explain(error, place);
    } finally {
      await this.pkcs11.closeSession(session).catch(() => undefined);
    }
  }

  private async callOutsideSession<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw await this.explain(error, null);
    }
  }

  /** The PIN for this signature; undefined when a pinpad or the middleware's own dialog asks (the bridge never sees it). */
  private async pinFor(found: FoundCard, keyLabel: string, purpose: string): Promise<string | undefined> {
    // Read at the start of this operation (step 1, or the scan): whether the PIN is locked, whether a pinpad asks.
    const { tokenInfo } = found;
    if (hasFlag(tokenInfo.flags, CKF_USER_PIN_LOCKED))
      throw new CardBridgeError('PIN_BLOCKED', PIN_BLOCKED_MESSAGE);
    return hasFlag(tokenInfo.flags, CKF_PROTECTED_AUTHENTICATION_PATH)
      ? undefined
      : await this.pinEntry.askPin({ keyLabel, purpose });
  }

  private async findCertificates(session: Handle, label: string): Promise<Handle[]> {
    return this.pkcs11.findObjects(session, [
      { type: CKA_CLASS, value: CKO_CERTIFICATE },
      { type: CKA_LABEL, value: label },
    ]);
  }

  private async readCertificate(session: Handle, label: string): Promise<Buffer | null> {
    const [object] = await this.findCertificates(session, label);
    if (!object) return null;
    const [value] = await this.pkcs11.getAttributeValue(session, object, [{ type: CKA_VALUE }]);
    return value?.value ?? null;
  }

  private async readCertificates(
    session: Handle,
  ): Promise<Record<'authentication' | 'signature' | 'ca' | 'root', Buffer | null>> {
    return {
      authentication: await this.readCertificate(session, EID_OBJECT_LABELS.authentication),
      signature: await this.readCertificate(session, EID_OBJECT_LABELS.signature),
      ca: await this.readCertificate(session, EID_OBJECT_LABELS.ca),
      root: await this.readCertificate(session, EID_OBJECT_LABELS.root),
    };
  }

  /** The card holder, from the Authentication certificate's subject. */
  private async holderOf(authenticationDer: Buffer): Promise<CardHolderDto> {
    let subject;
    try {
      subject = (await this.parseCardCertificate(authenticationDer)).subject;
    } catch {
      throw new CardBridgeError('CARD_UNSUPPORTED', "The card's Authentication certificate cannot be read.");
    }
    const first = (type: string) => dnValues(subject, type)[0] ?? '';
    return {
      givenName: first('GIVENNAME'),
      surname: first('SURNAME'),
      name: first('CN').replace(/\s*\(Authentication\)$/i, ''),
      ssin: first('SERIALNUMBER'),
    };
  }

  private async describeCertificate(label: CardObjectLabel, der: Buffer): Promise<CardCertificateDto> {
    let facts;
    try {
      facts = await this.parseCardCertificate(der);
    } catch {
      throw new CardBridgeError('CARD_UNSUPPORTED', `The card's ${label} certificate cannot be read.`);
    }
    return { ...describeCertificate(facts, { now: this.now() }), label, der: der.toString('base64') };
  }

  private async describeCard(
    found: FoundCard,
    certificates: Record<'authentication' | 'signature' | 'ca' | 'root', Buffer | null>,
  ): Promise<CardDto> {
    const describe = (label: CardObjectLabel, der: Buffer | null) =>
      der ? this.describeCertificate(label, der) : Promise.resolve(null);
    const authentication = await describe('Authentication', certificates.authentication);
    if (!authentication) throw new CardBridgeError('NO_CARD', 'The card in the reader is not an eID card.');
    return {
      slotId: found.slot.toString('hex'),
      tokenLabel: trimmed(found.tokenInfo.label),
      tokenSerialNumber: trimmed(found.tokenInfo.serialNumber),
      protectedAuthenticationPath: hasFlag(found.tokenInfo.flags, CKF_PROTECTED_AUTHENTICATION_PATH),
      pinTries: hasFlag(found.tokenInfo.flags, CKF_USER_PIN_LOCKED) ? 'unknown' : pinTriesOf(found.tokenInfo),
      holder: await this.holderOf(certificates.authentication!),
      certificates: {
        authentication,
        signature: await describe('Signature', certificates.signature),
        ca: await describe('CA', certificates.ca),
        root: await describe('Root', certificates.root),
      },
    };
  }

  /** Turns a failure into the error the user must see; a card that vanished mid-way is CARD_REMOVED. */
  private async explain(error: unknown, place: CardPlace | null): Promise<CardBridgeError> {
    if (error instanceof CardBridgeError) return error;
    if (!(error instanceof Pkcs11CallError)) {
      return new CardBridgeError(
        'CARD_ERROR',
        `The card operation failed (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
    switch (error.ckr) {
      case 'CKR_PIN_INCORRECT':
      case 'CKR_PIN_INVALID':
      case 'CKR_PIN_LEN_RANGE': {
        const tokenInfo = place ? await this.pkcs11.getTokenInfo(place.slot).catch(() => null) : null;
        if (tokenInfo && hasFlag(tokenInfo.flags, CKF_USER_PIN_LOCKED)) {
          return new CardBridgeError('PIN_BLOCKED', PIN_BLOCKED_MESSAGE);
        }
        const pinTries = pinTriesOf(tokenInfo);
        const warning =
          pinTries === 'last-try'
            ? ' One try is left before the PIN is blocked.'
            : pinTries === 'few-left'
              ? ' Few tries are left.'
              : '';
        return new CardBridgeError('PIN_INCORRECT', `The PIN is wrong.${warning}`, { pinTries });
      }
      case 'CKR_PIN_LOCKED':
        return new CardBridgeError('PIN_BLOCKED', PIN_BLOCKED_MESSAGE);
      case 'CKR_FUNCTION_CANCELED':
        return new CardBridgeError('PIN_CANCELLED', 'The PIN entry was cancelled.');
      case 'CKR_TOKEN_NOT_RECOGNIZED':
        return new CardBridgeError('NO_CARD', 'The card in the reader is not an eID card.');
      case 'CKR_DEVICE_REMOVED':
      case 'CKR_TOKEN_NOT_PRESENT':
      case 'CKR_SESSION_CLOSED':
      case 'CKR_SESSION_HANDLE_INVALID':
        return place
          ? cardRemoved()
          : new CardBridgeError('NO_CARD', 'No eID card was found: insert the card.');
    }
    // Middleware report a pulled card in many ways (CKR_DEVICE_ERROR, CKR_GENERAL_ERROR, ...): look.
    if (place && !(await this.stillPresent(place))) return cardRemoved();
    return new CardBridgeError(
      'CARD_ERROR',
      `The card or its middleware failed (${error.ckr || error.message} in ${error.operation}).`,
    );
  }

  private async stillPresent(place: CardPlace): Promise<boolean> {
    try {
      const slotInfo = await this.pkcs11.getSlotInfo(place.slot);
      if (!hasFlag(slotInfo.flags, CKF_TOKEN_PRESENT)) return false;
      const tokenInfo = await this.pkcs11.getTokenInfo(place.slot);
      return tokenInfo.serialNumber === place.serialNumber;
    } catch {
      return false;
    }
  }
}

/** The mechanism for a key family, and for RSA with the data at hand, one the token may hash with itself. */
function mechanismFor(
  keyFamily: 'RSA' | 'EC',
  input: SignInput,
): Pick<SignatureRequest, 'mechanism' | 'data' | 'preferred'> {
  if (keyFamily === 'EC') return { mechanism: CKM_ECDSA, data: input.digest, preferred: null };
  // Where the data is at hand and the token hashes it itself, let it (some cards only offer these).
  const preferred = input.data
    ? {
        mechanism: input.digestAlgorithm === 'SHA-256' ? CKM_SHA256_RSA_PKCS : CKM_SHA384_RSA_PKCS,
        data: input.data,
      }
    : null;
  return { mechanism: CKM_RSA_PKCS, data: digestInfo(input.digestAlgorithm, input.digest), preferred };
}

function cardRemoved(): CardBridgeError {
  return new CardBridgeError(
    'CARD_REMOVED',
    'The card was taken out of the reader during the operation: insert it and try again.',
  );
}
