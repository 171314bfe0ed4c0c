import { Inject, Injectable } from '@nestjs/common';
import { TokenHasher } from '../auth/token-hasher.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

/**
 * The calendar feed's secret URL. Nothing is stored: the token is an HMAC (TOKEN_SECRET) of the organisation id
 * and its calendarTokenVersion (and, for a label's feed, the label), so bumping the version (rotate) invalidates
 * every URL given out before.
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

  /**
   * A feed of one label's certificates: its token is derived from the label too (and under another purpose), so it
   * opens neither the whole feed nor another label's, and the same rotation ends it.
   */
  labelToken(organisationId: string, version: number, labelId: string): string {
    return this.hasher.derive('calendar-feed-label', organisationId, String(version), labelId);
  }

  labelUrl(organisationId: string, version: number, labelId: string): string {
    return `${this.config.publicUrl}/calendar/${organisationId}/labels/${labelId}/${this.labelToken(organisationId, version, labelId)}.ics`;
  }

  labelMatches(organisationId: string, version: number, labelId: string, token: string): boolean {
    return this.hasher.equals(this.labelToken(organisationId, version, labelId), token);
  }

  /** Where the dashboard shows one certificate. */
  certificateUrl(certificateId: string): string {
    return `${this.config.publicUrl}/certificates/${certificateId}`;
  }
}
