import { Link } from 'react-router';
import type { components } from '../api/schema.js';
import { useI18n } from '../i18n/i18n.js';

type Delivery = components['schemas']['ReminderDeliveryDto'];

/** Reminder e-mails: to whom, when, for which milestone, and whether they went out (state in words and symbol). */
export function RemindersTable({
  deliveries,
  showCertificate = false,
}: {
  deliveries: Delivery[];
  showCertificate?: boolean;
}) {
  const { m, dateTime } = useI18n();
  if (deliveries.length === 0) return <p className="empty">{m.reminders.none}</p>;
  const symbol = { queued: '…', sent: '✓', failed: '✕', cancelled: '–' } as const;
  return (
    <div className="table-wrap">
      <table className="reminders">
        <thead>
          <tr>
            <th scope="col">{m.reminders.when}</th>
            {showCertificate && <th scope="col">{m.certificates.organisation}</th>}
            {showCertificate && <th scope="col">{m.audit.certificate}</th>}
            <th scope="col">{m.reminders.recipient}</th>
            <th scope="col">{m.reminders.milestone}</th>
            <th scope="col">{m.reminders.state}</th>
          </tr>
        </thead>
        <tbody>
          {deliveries.map((d) => (
            <tr key={d.id} data-state={d.state}>
              <td>{dateTime(d.sentAt ?? d.lastAttemptAt ?? d.queuedAt)}</td>
              {showCertificate && (
                <td>
                  <Link to={`/organisations/${d.organisationId}`}>{d.organisationName}</Link>
                </td>
              )}
              {showCertificate && (
                <td>
                  <Link to={`/certificates/${d.certificateId}`}>{d.certificateLabel}</Link>
                </td>
              )}
              <td>
                {d.recipient}
                {d.recipientFlagged && <span className="tag warning"> {m.organisations.deliveryFailed}</span>}
              </td>
              <td>
                {m.reminders.milestoneText(d.milestone)}{' '}
                <span className="muted">({m.reminders.kinds[d.kind]})</span>
              </td>
              <td>
                <span className={`badge reminder-${d.state}`}>
                  <span aria-hidden="true">{symbol[d.state]} </span>
                  {m.reminders.states[d.state]}
                </span>
                {d.error && (
                  <p className="error-text">
                    <span className="visually-hidden">{m.reminders.why} </span>
                    {d.error}
                  </p>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
