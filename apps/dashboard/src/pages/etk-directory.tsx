import { useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { Link } from 'react-router';
import { $api } from '../api/client.js';
import type { components } from '../api/schema.js';
import { useSession } from '../auth/session.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';

type Publication = components['schemas']['EtkPublicationDto'];
type DiscoveryState = components['schemas']['EtkDiscoveryStateDto'];

/** The warnings the ETK directory raises (apps/api src/warnings/etk-warnings-sql.ts). */
const ETK_WARNING_CODES = [
  'ETK_UNKNOWN_TO_INVENTORY',
  'ETK_KEYSTORE_MISMATCH',
  'ETK_RENEWAL_NOT_ACTIVATED',
] as const;

/** A keystore match state as a word with a symbol (colour only adds to it). */
function MatchState({ state }: { state: Publication['keystoreMatch'] }) {
  const { m } = useI18n();
  const symbol = state === 'matches' ? '✓' : state === 'mismatch' ? '✗' : '?';
  return (
    <span className={`tag etk-${state}${state === 'mismatch' ? ' warning' : ''}`} data-match={state}>
      <span aria-hidden="true">{symbol} </span>
      {m.etkDirectory.match[state]}
    </span>
  );
}

/** How the last searches went: when, and a failure while it stands (shown, never silent). */
function DiscoveryStatus({ state, depotEnabled }: { state: DiscoveryState | null; depotEnabled: boolean }) {
  const { m, dateTime } = useI18n();
  if (!depotEnabled) return <p className="hint">{m.etkDirectory.depotOff}</p>;
  return (
    <>
      <p className="hint">
        {state?.lastSuccessAt
          ? m.etkDirectory.lastSearch(dateTime(state.lastSuccessAt))
          : m.etkDirectory.neverSearched}
      </p>
      {state?.failure && (
        <p role="alert" className="error">
          {m.etkDirectory.failed(dateTime(state.failure.at), state.consecutiveFailures)}{' '}
          {state.failure.message}
        </p>
      )}
    </>
  );
}

/**
 * On an organisation: "Search the eHealth ETK directory" (its administrators), what the directory publishes for it
 * with each ETK's match with the keystore, and the directory's warnings.
 */
export function OrganisationEtkDirectory({ organisationId }: { organisationId: string }) {
  const { m, date, dateTime } = useI18n();
  const session = useSession();
  const queryClient = useQueryClient();
  const headingId = useId();
  const directory = $api.useQuery('get', '/api/v1/organisations/{id}/etks', {
    params: { path: { id: organisationId } },
  });
  const warnings = $api.useQuery('get', '/api/v1/warnings', {
    params: { query: { organisationId, code: [...ETK_WARNING_CODES] } },
  });
  const search = $api.useMutation('post', '/api/v1/organisations/{id}/etk-discovery', {
    onSettled: async () => {
      await queryClient.invalidateQueries();
    },
  });
  const data = directory.data;
  return (
    <section aria-labelledby={headingId} className="etk-directory">
      <h2 id={headingId}>{m.etkDirectory.title}</h2>
      <p className="hint">{m.etkDirectory.intro}</p>
      {data && <DiscoveryStatus state={data.discovery} depotEnabled={data.depotEnabled} />}
      {data?.depotEnabled && session.can('etk.discover', organisationId) && (
        <p>
          <button
            type="button"
            disabled={search.isPending}
            onClick={() => search.mutate({ params: { path: { id: organisationId } } })}
          >
            {search.isPending ? m.etkDirectory.searching : m.etkDirectory.search}
          </button>
        </p>
      )}
      {search.data && (
        <p role="status">
          {m.etkDirectory.searched(
            search.data.summary.published,
            search.data.summary.addedCertificateIds.length,
          )}
        </p>
      )}
      <ErrorMessage error={search.error} />
      <ErrorMessage error={directory.error} />
      {data && data.etks.length === 0 && <p>{m.etkDirectory.none}</p>}
      {data && data.etks.length > 0 && (
        <table>
          <caption>{m.etkDirectory.findings}</caption>
          <thead>
            <tr>
              <th scope="col">{m.etkDirectory.identifier}</th>
              <th scope="col">{m.etkDirectory.environment}</th>
              <th scope="col">{m.etkDirectory.certificate}</th>
              <th scope="col">{m.etkDirectory.expires}</th>
              <th scope="col">{m.etkDirectory.keystoreMatch}</th>
              <th scope="col">{m.etkDirectory.firstSeen}</th>
            </tr>
          </thead>
          <tbody>
            {data.etks.map((etk) => (
              <tr key={`${etk.environment}/${etk.encryptionCertificate.sha256Fingerprint}`}>
                <td>
                  {etk.identifierType}={etk.identifierValue}
                  {etk.applicationId ? ` · ${etk.applicationId}` : ''}
                </td>
                <td>{m.environments[etk.environment as 'production' | 'acceptance']}</td>
                <td>
                  {etk.certificateId ? (
                    <Link to={`/certificates/${etk.certificateId}`}>
                      {m.etkDirectory.serial(etk.authenticationCertificate.serialNumber)}
                    </Link>
                  ) : (
                    m.etkDirectory.serial(etk.authenticationCertificate.serialNumber)
                  )}
                </td>
                <td>{date(etk.authenticationCertificate.notAfter)}</td>
                <td>
                  <MatchState state={etk.keystoreMatch} />
                </td>
                <td>{dateTime(etk.firstSeenAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {warnings.data && warnings.data.length > 0 && (
        <>
          <h3>{m.etkDirectory.warnings}</h3>
          <ul className="etk-warnings">
            {warnings.data.map((w, index) => (
              <li key={`${w.code}/${w.certificateId ?? index}`} data-code={w.code}>
                <strong>{m.warnings.kinds[w.code]}</strong>
                {w.certificateId ? (
                  <>
                    {' · '}
                    <Link to={`/certificates/${w.certificateId}`}>{m.etkDirectory.theCertificate}</Link>
                  </>
                ) : null}
                {' — '}
                {m.warnings.advice[w.code]}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** On a certificate: whether and since when the directory publishes its ETK, and the match with its keystore. */
export function CertificateEtkPublication({
  organisationId,
  certificateId,
}: {
  organisationId: string;
  certificateId: string;
}) {
  const { m, dateTime } = useI18n();
  const headingId = useId();
  const directory = $api.useQuery('get', '/api/v1/organisations/{id}/etks', {
    params: { path: { id: organisationId }, query: { certificateId, includeWithdrawn: true } },
  });
  const data = directory.data;
  const published = data?.etks.filter((etk) => etk.withdrawnAt === null) ?? [];
  const withdrawn = data?.etks.filter((etk) => etk.withdrawnAt !== null) ?? [];
  return (
    <section className="card etk-publication" aria-labelledby={headingId}>
      <h2 id={headingId}>{m.etkDirectory.title}</h2>
      <ErrorMessage error={directory.error} />
      {data && <DiscoveryStatus state={data.discovery} depotEnabled={data.depotEnabled} />}
      {data && published.length === 0 && <p>{m.etkDirectory.notPublished}</p>}
      {published.length > 0 && (
        <ul className="plain">
          {published.map((etk) => (
            <li key={`${etk.environment}/${etk.encryptionCertificate.sha256Fingerprint}`}>
              {m.etkDirectory.publishedSince(
                m.environments[etk.environment as 'production' | 'acceptance'],
                dateTime(etk.firstSeenAt),
                dateTime(etk.lastSeenAt),
              )}
              {etk.applicationId ? ` (${etk.applicationId})` : ''} <MatchState state={etk.keystoreMatch} />
            </li>
          ))}
        </ul>
      )}
      {withdrawn.length > 0 && (
        <ul className="plain muted">
          {withdrawn.map((etk) => (
            <li key={`${etk.environment}/${etk.encryptionCertificate.sha256Fingerprint}`}>
              {m.etkDirectory.withdrawnSince(dateTime(etk.withdrawnAt))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
