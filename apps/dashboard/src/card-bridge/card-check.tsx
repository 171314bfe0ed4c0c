import { useState } from 'react';
import type { CardCheckDto, CardCheckProblemDto } from '@certdesk/contracts';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { CardBridgePairing, usePairedBridge } from './bridge-panel.js';

/**
 * "Check my card" before a renewal step or a handover signature: the card-bridge on this PC reads the middleware, the
 * reader and the eID card (no PIN) and this says, in the reader's language, what will not work.
 */
export function CardCheck({
  mustStayValidUntil,
  withPairing = true,
}: {
  /** The day the card must still sign on (the renewal window's end); none for a signature now. */
  mustStayValidUntil?: string;
  /** False where the page already shows the pairing next to it. */
  withPairing?: boolean;
}) {
  const { m } = useI18n();
  const bridge = usePairedBridge();
  const [check, setCheck] = useState<CardCheckDto | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const run = async () => {
    if (!bridge) return;
    setBusy(true);
    setError(null);
    try {
      setCheck(await bridge.checkCard(mustStayValidUntil));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card-check">
      {withPairing && <CardBridgePairing />}
      {bridge && (
        <button type="button" onClick={() => void run()} disabled={busy}>
          {busy ? m.common.working : m.cardCheck.check}
        </button>
      )}
      <ErrorMessage error={error} />
      {check && <CardCheckReport check={check} />}
    </div>
  );
}

function CardCheckReport({ check }: { check: CardCheckDto }) {
  const { m, date } = useI18n();
  const problemText = (problem: CardCheckProblemDto) =>
    m.cardCheck.problems[problem.code]({
      certificate: problem.certificate ? m.cardCheck.certificateLabels[problem.certificate] : '',
      date: problem.date ? date(problem.date) : '',
      until: check.mustStayValidUntil ? date(check.mustStayValidUntil) : '',
      version: check.middleware.libraryVersion ?? '',
    });
  const { middleware, card } = check;
  return (
    <div className="card-check-report" data-ready={check.ready}>
      <p className={check.ready ? 'ok' : 'error'} role="status">
        <span aria-hidden="true">{check.ready ? '✓ ' : '✗ '}</span>
        {check.ready ? m.cardCheck.ready : m.cardCheck.notReady}
      </p>
      {check.problems.length > 0 && (
        <ul className="plain card-problems">
          {check.problems.map((problem, index) => (
            <li key={index} className={`problem ${problem.severity}`} data-code={problem.code}>
              <strong>{m.cardCheck.severities[problem.severity]}: </strong>
              {problemText(problem)}
            </li>
          ))}
        </ul>
      )}
      <dl className="facts">
        <dt>{m.cardCheck.middleware}</dt>
        <dd>
          {middleware.libraryDescription
            ? m.cardCheck.middlewareVersion(
                middleware.libraryDescription || middleware.manufacturer || '',
                middleware.libraryVersion ?? '',
              )
            : m.cardCheck.notFound}
        </dd>
        <dt>{m.cardCheck.readers}</dt>
        <dd>{check.readers.map((reader) => reader.description).join(', ') || m.cardCheck.notFound}</dd>
        {card && (
          <>
            <dt>{m.cardCheck.holder}</dt>
            <dd>{card.holder.name}</dd>
            <dt>{m.cardCheck.keyType}</dt>
            <dd>{card.appletKeyType ? m.cardCheck.keyTypes[card.appletKeyType] : m.cardCheck.notKnown}</dd>
          </>
        )}
      </dl>
      {card && (
        <table>
          <caption>{m.cardCheck.certificates}</caption>
          <thead>
            <tr>
              <th scope="col">{m.cardCheck.certificate}</th>
              <th scope="col">{m.cardCheck.validFrom}</th>
              <th scope="col">{m.cardCheck.validUntil}</th>
              <th scope="col">{m.cardCheck.validToday}</th>
              {check.mustStayValidUntil && (
                <th scope="col">{m.cardCheck.validThrough(date(check.mustStayValidUntil))}</th>
              )}
            </tr>
          </thead>
          <tbody>
            {card.certificates.map((certificate) => (
              <tr key={certificate.label}>
                <th scope="row">{m.cardCheck.certificateLabels[certificate.label]}</th>
                <td>{date(certificate.notBefore)}</td>
                <td>{date(certificate.notAfter)}</td>
                <td>{certificate.validToday ? m.common.yes : m.cardCheck.no}</td>
                {check.mustStayValidUntil && (
                  <td>{certificate.validUntilRequired ? m.common.yes : m.cardCheck.no}</td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
