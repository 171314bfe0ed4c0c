import { useState } from 'react';
import { $api, toApiError } from '../api/client.js';
import type { AuditVerification as Verification } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';

/** A running verification is read again this often: its progress is written every half second. */
const FOLLOW_MS = 1_000;

const finished = (v: Verification | undefined) => v?.status === 'done' || v?.status === 'failed';

/**
 * A verification of the audit chains, run by the api as a job (every chain of a national installation takes minutes,
 * past a load balancer's timeout for one request) and followed until done. When the log-in already has one running
 * (started in another tab, or before a reload), that one is followed.
 */
export function useAuditVerification() {
  const [id, setId] = useState<string | null>(null);
  const starting = $api.useMutation('post', '/api/v1/audit/verifications', {
    onSuccess: (started) => setId(started.id),
    onError: (error) => {
      const running = toApiError(error).body.details?.verificationId;
      if (typeof running === 'string') setId(running);
    },
  });
  const followed = $api.useQuery(
    'get',
    '/api/v1/audit/verifications/{id}',
    { params: { path: { id: id ?? '' } } },
    { enabled: id !== null, refetchInterval: (query) => (finished(query.state.data) ? false : FOLLOW_MS) },
  );
  // The log-in's running verification was found and is followed: its 409 is not an error to show.
  const startError = id !== null && starting.isError ? null : starting.error;
  return {
    start: (organisationId?: string) => {
      setId(null);
      starting.mutate(organisationId ? { params: { query: { organisationId } } } : {});
    },
    /** Forgets the verification shown (the filter it was for changed); a running one goes on in the api. */
    reset: () => {
      setId(null);
      starting.reset();
    },
    busy: starting.isPending || (id !== null && !finished(followed.data)),
    verification: id === null ? undefined : followed.data,
    error: startError ?? followed.error,
  };
}

/** Where a verification stands, then each chain's verdict. */
export function AuditVerificationResult({
  verification,
  error,
}: {
  verification: Verification | undefined;
  error: unknown;
}) {
  const { m } = useI18n();
  if (!verification) return <ErrorMessage error={error} />;
  const { status, progress, chains } = verification;
  return (
    <section className="card" aria-labelledby="verification-heading" data-verification={status}>
      <h2 id="verification-heading">{m.audit.verification}</h2>
      {status === 'queued' || status === 'running' ? (
        <p role="status">
          {status === 'queued'
            ? m.audit.verificationQueued
            : progress
              ? m.audit.verificationProgress(progress)
              : m.audit.verificationStarted}
          {progress && progress.chainsTotal > 0 && (
            <>
              {' '}
              <progress max={progress.chainsTotal} value={progress.chainsChecked} />
            </>
          )}
        </p>
      ) : status === 'failed' ? (
        <p role="alert" className="error">
          {m.audit.verificationFailed}
        </p>
      ) : chains && chains.length === 0 ? (
        <p role="status">{m.audit.nothingToVerify}</p>
      ) : (
        <div role="status">
          <ul className="plain chains">
            {chains?.map((chain) => (
              <li key={chain.chain} className={chain.ok ? 'ok' : 'error'} data-chain={chain.chain}>
                <span aria-hidden="true">{chain.ok ? '✓ ' : '✕ '}</span>
                <strong>{chain.organisationName ?? m.audit.installation}</strong>
                {': '}
                {chain.ok ? m.audit.chainOk(chain.events) : m.audit.chainBroken(chain.brokenAt?.reason ?? '')}
              </li>
            ))}
          </ul>
        </div>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
