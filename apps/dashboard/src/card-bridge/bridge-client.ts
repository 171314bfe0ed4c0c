import {
  CARD_BRIDGE_DEFAULT_PORT,
  CARD_BRIDGE_HOST,
  CARD_BRIDGE_ROUTES,
  type CardBridgeErrorDto,
  type CardBridgeStatusDto,
  type CardCheckDto,
  type CardInfoDto,
  type DigestAlgorithm,
  type EidAuthenticationTokenDto,
  type EidDigestSignatureDto,
  type KeystoreCheckRequestDto,
  type KeystoreCheckResultDto,
  type KeystoreListDto,
  type PairResponseDto,
} from '@certdesk/contracts';
import { ApiError } from '../api/errors.js';

/**
 * The card-bridge on this PC (apps/card-bridge, its wire contract in libs/contracts): found on loopback, paired
 * with the code it prints on its own terminal, then asked to authenticate a log-in challenge or sign a digest.
 * The PIN is never typed here: the middleware or the bridge asks for it.
 */
export class CardBridgeClient {
  constructor(
    readonly port: number = CARD_BRIDGE_DEFAULT_PORT,
    private token: string | null = null,
  ) {}

  get baseUrl(): string {
    return `http://${CARD_BRIDGE_HOST}:${this.port}`;
  }
  get paired(): boolean {
    return this.token !== null;
  }

  private async call<T>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${route}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
    } catch {
      throw new ApiError({ statusCode: 0, code: 'BRIDGE_NOT_FOUND', message: `${this.baseUrl}` });
    }
    const data = (await response.json().catch(() => ({}))) as T | CardBridgeErrorDto;
    if (!response.ok) {
      const error = (data as CardBridgeErrorDto).error;
      throw new ApiError({
        statusCode: response.status,
        code: error?.code ?? 'BRIDGE_ERROR',
        message: error?.message ?? response.statusText,
        ...(error?.details ? { details: error.details } : {}),
      });
    }
    return data as T;
  }

  status(): Promise<CardBridgeStatusDto> {
    return this.call('GET', CARD_BRIDGE_ROUTES.status);
  }
  /** Asks the bridge to print a new pairing code on its terminal (the code never comes back here). */
  async requestPairingCode(): Promise<void> {
    await this.call('POST', CARD_BRIDGE_ROUTES.pairingCode, {});
  }
  async pair(code: string): Promise<PairResponseDto> {
    const answer = await this.call<PairResponseDto>('POST', CARD_BRIDGE_ROUTES.pair, {
      code: code.replace(/\s+/g, ''),
    });
    this.token = answer.token;
    return answer;
  }
  card(): Promise<CardInfoDto> {
    return this.call('GET', CARD_BRIDGE_ROUTES.card);
  }
  /** What the middleware, the reader and the card say, and what will not work; never asks the PIN. */
  checkCard(mustStayValidUntil?: string): Promise<CardCheckDto> {
    return this.call('POST', CARD_BRIDGE_ROUTES.checkCard, mustStayValidUntil ? { mustStayValidUntil } : {});
  }
  keystores(): Promise<KeystoreListDto> {
    return this.call('GET', CARD_BRIDGE_ROUTES.keystores);
  }
  /**
   * Opens a keystore on this PC with the password its person types where the bridge asks (its window or password
   * program): the password never passes through this page. Resolves to what the api records, a failure included.
   */
  checkKeystore(location: KeystoreCheckRequestDto): Promise<KeystoreCheckResultDto> {
    return this.call('POST', CARD_BRIDGE_ROUTES.checkKeystore, location);
  }
  authenticate(nonce: string): Promise<EidAuthenticationTokenDto> {
    return this.call('POST', CARD_BRIDGE_ROUTES.authenticate, { nonce });
  }
  sign(
    digestAlgorithm: DigestAlgorithm,
    digest: string,
    description: string,
  ): Promise<EidDigestSignatureDto> {
    return this.call('POST', CARD_BRIDGE_ROUTES.sign, { digestAlgorithm, digest, description });
  }
}

/** The digest a card's Signature key signs: SHA-384 for the EC P-384 cards (since 2020), SHA-256 for RSA ones. */
export function digestAlgorithmFor(keyAlgorithm: string | undefined): DigestAlgorithm {
  return /^(ec|ecdsa)/i.test(keyAlgorithm ?? '') ? 'SHA-384' : 'SHA-256';
}
