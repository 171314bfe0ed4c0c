// The one error type the bridge answers with: a stable code from @certdesk/contracts and a sentence for
// the person in front of the PC.
import { CARD_BRIDGE_ERRORS, type CardBridgeErrorCode, type CardBridgeErrorDto } from '@certdesk/contracts';

type ErrorDetails = NonNullable<CardBridgeErrorDto['error']['details']>;

export class CardBridgeError extends Error {
  override readonly name = 'CardBridgeError';
  constructor(
    readonly code: CardBridgeErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
  }

  get httpStatus(): number {
    return CARD_BRIDGE_ERRORS[this.code];
  }

  toDto(): CardBridgeErrorDto {
    return {
      error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) },
    };
  }
}
