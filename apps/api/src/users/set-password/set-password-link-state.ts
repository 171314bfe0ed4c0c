import type { SetPasswordLinkEntity, UserEntity } from '@certdesk/persistence';
import { UnprocessableError } from '../../common/errors.js';

/**
 * Why a set-password link no longer works, as the person who opened it is told: each with its own code, so the page
 * can say what to do (ask for a new link, use the newest mail, log in). An unknown token, a forged one and one whose
 * log-in was disabled all read the same.
 */
export function refuseUnusableLink(
  link: SetPasswordLinkEntity | null,
  user: UserEntity | null,
  now: Date,
): void {
  if (!link || !user || user.disabled) {
    throw new UnprocessableError(
      'SET_PASSWORD_LINK_INVALID',
      'this set-password link is not valid: ask your administrator for a new one',
    );
  }
  if (link.usedAt) {
    throw new UnprocessableError(
      'SET_PASSWORD_LINK_USED',
      'this set-password link was used already: log in with the password chosen then, or ask for a new link',
    );
  }
  if (link.revokedAt) {
    throw new UnprocessableError(
      'SET_PASSWORD_LINK_REPLACED',
      'a newer set-password link was sent (or the password was reset since): use the newest mail',
    );
  }
  if (link.expiresAt.getTime() <= now.getTime()) {
    throw new UnprocessableError(
      'SET_PASSWORD_LINK_EXPIRED',
      'this set-password link has expired: ask your administrator for a new one',
    );
  }
}
