import { Inject, Injectable } from '@nestjs/common';
import { TokenHasher } from '../auth/token-hasher.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

/**
 * The calendar feed's secret URL. Nothing is stored: the token is an HMAC (TOKEN_SECRET) of the organisation id
 * and its calendarTokenVersion, so bumping the version (rotate) invalidates every URL given out before.
 */
@Injectable()
export class CalendarFeedLinks {
  constructor(
    private readonly hasher: TokenHasher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  token(organisationId: string, version: number): string {
    return this.hasher.derive('calendar-feed', organisationId, String(version));
  }

  url(organisationId: string, version: number): string {
    return `${this.config.publicUrl}/calendar/${organisationId}/${this.token(organisationId, version)}.ics`;
  }

  matches(organisationId: string, version: number, token: string): boolean {
    return this.hasher.equals(this.token(organisationId, version), token);
  }

  /** Where the dashboard shows one certificate. */
  certificateUrl(certificateId: string): string {
    return `${this.config.publicUrl}/certificates/${certificateId}`;
  }
}
