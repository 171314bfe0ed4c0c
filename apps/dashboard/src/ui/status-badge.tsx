import type { Certificate } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { daysLeftInWords } from './days-left.js';

/** Status in words with a colour and a symbol: never colour alone. */
export function StatusBadge({ status }: { status: Certificate['status'] }) {
  const { m } = useI18n();
  const symbol = { expired: '✕', renewable: '!', valid: '✓', 'not-yet-valid': '…' }[status];
  return (
    <span className={`badge badge-${status}`} data-status={status}>
      <span aria-hidden="true">{symbol} </span>
      {m.status[status]}
    </span>
  );
}

/** Days left in words ("12 days left", "expired today", "expired 3 days ago"); `notAfter` counts the days since. */
export function DaysLeft({ days, notAfter }: { days: number; notAfter?: string }) {
  const { m } = useI18n();
  return <span className={days < 0 ? 'days days-past' : 'days'}>{daysLeftInWords(m, days, notAfter)}</span>;
}
