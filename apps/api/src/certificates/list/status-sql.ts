import { type CertificateStatus, type StatusThresholds, statusThresholds } from '@certdesk/domain';
import type { SqlParams } from './sql-params.js';

/**
 * A certificate's status as SQL range conditions on its notAfter/notBefore, from libs/domain's statusThresholds
 * (the rule stays there: here only its bounds are bound as parameters). `alias` is the certificate table's alias.
 */
export class StatusSql {
  private readonly thresholds: StatusThresholds;
  private nowParam?: string;
  private renewableBeforeParam?: string;

  constructor(
    private readonly params: SqlParams,
    at: Date,
    private readonly alias = 'c',
  ) {
    this.thresholds = statusThresholds(at);
  }

  // Bound on first use only: Postgres refuses a parameter that no condition mentions.
  private get now(): string {
    return (this.nowParam ??= `${this.params.add(this.thresholds.now)}::timestamptz`);
  }

  private get renewableBefore(): string {
    return (this.renewableBeforeParam ??= `${this.params.add(this.thresholds.renewableBefore)}::timestamptz`);
  }

  /** The condition selecting certificates in `status`. */
  is(status: CertificateStatus): string {
    const c = this.alias;
    switch (status) {
      case 'expired':
        return `${c}.not_after < ${this.now}`;
      case 'not-yet-valid':
        return `(${c}.not_after >= ${this.now} AND ${c}.not_before > ${this.now})`;
      case 'renewable':
        return `(${c}.not_after >= ${this.now} AND ${c}.not_after < ${this.renewableBefore} AND ${c}.not_before <= ${this.now})`;
      case 'valid':
        return `(${c}.not_after >= ${this.renewableBefore} AND ${c}.not_before <= ${this.now})`;
    }
  }

  /** Any of `statuses`. */
  isAny(statuses: readonly CertificateStatus[]): string {
    return statuses.length === 0 ? 'FALSE' : `(${statuses.map((s) => this.is(s)).join(' OR ')})`;
  }

  /** Not expired yet (notAfter is inclusive). */
  notExpired(): string {
    return `${this.alias}.not_after >= ${this.now}`;
  }

  /** The status as a text expression, in the order libs/domain's certificateStatus decides it. */
  expression(): string {
    const c = this.alias;
    return (
      `CASE WHEN ${c}.not_after < ${this.now} THEN 'expired' ` +
      `WHEN ${c}.not_before > ${this.now} THEN 'not-yet-valid' ` +
      `WHEN ${c}.not_after < ${this.renewableBefore} THEN 'renewable' ELSE 'valid' END`
    );
  }
}
