import { $api } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';

/** How many of the certificate's custody checks the page lists (newest first); the audit trail keeps them all. */
const SHOWN = 5;

/** Who proved, and when, that the keystore still opens with its password; failed attempts included. */
export function CustodyHistory({ certificateId }: { certificateId: string }) {
  const { m, dateTime } = useI18n();
  const checks = $api.useQuery('get', '/api/v1/certificates/{id}/custody-attestations', {
    params: { path: { id: certificateId } },
  });
  if (!checks.data) return <ErrorMessage error={checks.error} />;
  if (checks.data.length === 0) return <p className="hint">{m.custodyCheck.noCheckYet}</p>;
  return (
    <ul className="plain custody-history" aria-label={m.custodyCheck.history}>
      {checks.data.slice(0, SHOWN).map((check) => (
        <li key={check.id} className={check.outcome === 'opened' ? 'ok' : 'warning'}>
          <span aria-hidden="true">{check.outcome === 'opened' ? '✓ ' : '✗ '}</span>
          {m.custodyCheck.historyEntry(
            dateTime(check.checkedAt),
            check.person.name,
            check.outcome === 'opened'
              ? m.custodyCheck.outcomes.opened
              : m.custodyCheck.outcomes[check.failure ?? 'unreadable'],
          )}
        </li>
      ))}
    </ul>
  );
}
