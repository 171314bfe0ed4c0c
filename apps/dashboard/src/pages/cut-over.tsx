import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { $api } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';

/**
 * A certificate's cut-over after its renewal: per deployment, confirmed by whom and when or pending until when (and
 * how often its contact was reminded), how many systems still use the old certificate, and (administrators) closing
 * it without the missing confirmations.
 * Shown only once a renewal's phase 3 asked the deployments.
 */
export function CertificateCutOver({
  certificateId,
  mayOverride,
}: {
  certificateId: string;
  mayOverride: boolean;
}) {
  const { m, dateTime } = useI18n();
  const queryClient = useQueryClient();
  const cutOver = $api.useQuery('get', '/api/v1/certificates/{id}/cut-over', {
    params: { path: { id: certificateId } },
  });
  const override = $api.useMutation('post', '/api/v1/certificates/{id}/cut-over/override', {
    onSuccess: () => queryClient.invalidateQueries(),
  });
  const [reason, setReason] = useState('');
  if (!cutOver.data || cutOver.data.requests.length === 0) return null;
  const { stillInUseBy, requests } = cutOver.data;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    override.mutate({ params: { path: { id: certificateId } }, body: { reason } });
  };
  return (
    <section aria-labelledby="cut-over-heading">
      <h2 id="cut-over-heading">{m.cutOver.sectionTitle}</h2>
      <p className={stillInUseBy ? 'tag warning' : 'tag'} data-testid="still-in-use">
        {m.cutOver.stillInUse(stillInUseBy)}
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">{m.certificate.software}</th>
            <th scope="col">{m.certificate.contactEmail}</th>
            <th scope="col">{m.cutOver.state}</th>
          </tr>
        </thead>
        <tbody>
          {requests.map((r) => (
            <tr key={r.id}>
              <td>{r.software}</td>
              <td>{r.contactEmail ?? m.cutOver.noContact}</td>
              <td>
                {r.state === 'confirmed'
                  ? m.cutOver.confirmedBy(r.confirmedBy ?? '—', dateTime(r.confirmedAt))
                  : r.state === 'overridden'
                    ? m.cutOver.overriddenWith(r.overrideReason ?? '', dateTime(r.overriddenAt))
                    : r.state === 'expired'
                      ? m.cutOver.expiredOn(dateTime(r.expiresAt))
                      : m.cutOver.pendingUntil(dateTime(r.expiresAt))}
                {/* Whether the contact was chased: only while it still matters. */}
                {r.remindersSent > 0 && (r.state === 'pending' || r.state === 'expired') && (
                  <div className="hint">
                    {m.cutOver.reminded(r.remindersSent, dateTime(r.lastRemindedAt))}
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {mayOverride && stillInUseBy > 0 && (
        <form className="form" onSubmit={submit}>
          <label>
            <span>{m.cutOver.overrideReason}</span>
            <input
              name="reason"
              required
              maxLength={2000}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          </label>
          <p className="hint">{m.cutOver.overrideHint}</p>
          <ErrorMessage error={override.error} />
          <div className="buttons">
            <button type="submit" disabled={override.isPending || !reason.trim()}>
              {m.cutOver.override}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
