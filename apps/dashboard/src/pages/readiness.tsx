import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent } from 'react';
import { Link } from 'react-router';
import { $api } from '../api/client.js';
import type { components } from '../api/schema.js';
import type { CertificateDetail } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import type { ReadinessFilterValue } from './certificates-query.js';

type ConditionCode = keyof ReturnType<typeof useI18n>['m']['readiness']['conditions'];
type ReadinessOverview = components['schemas']['ReadinessOverviewDto'];

/**
 * Renewal readiness on a certificate's page: each condition met or not, with what to do; where the custodian is
 * missing, naming one right here.
 */
export function CertificateReadiness({
  certificate: c,
  editable,
}: {
  certificate: CertificateDetail;
  editable: boolean;
}) {
  const { m } = useI18n();
  const readiness = c.readiness;
  if (!readiness) return null;
  const missingCustodian = readiness.conditions.some((x) => x.code === 'CUSTODIAN_NAMED' && !x.met);
  return (
    <section aria-labelledby="readiness-heading">
      <h2 id="readiness-heading">{m.readiness.title}</h2>
      <p className="summary">
        <span className={readiness.ready ? 'tag' : 'tag warning'}>
          {readiness.ready ? m.readiness.ready : m.readiness.notReady}
        </span>{' '}
        {readiness.ready ? m.readiness.readyExplained : m.readiness.notReadyExplained}
      </p>
      <ul className="plain readiness-conditions">
        {readiness.conditions.map((condition) => {
          const words = m.readiness.conditions[condition.code as ConditionCode];
          return (
            <li key={condition.code} data-code={condition.code} data-met={condition.met}>
              <span aria-hidden="true">{condition.met ? '✓ ' : '✗ '}</span>
              <strong>{words?.title ?? condition.code}</strong>
              <span className="visually-hidden">{condition.met ? m.readiness.met : m.readiness.unmet}</span>
              {': '}
              <small>{condition.detail}</small>
              {!condition.met && words && <p className="hint">{words.whatToDo}</p>}
            </li>
          );
        })}
      </ul>
      {missingCustodian && editable && <NameCustodian certificate={c} />}
    </section>
  );
}

function NameCustodian({ certificate: c }: { certificate: CertificateDetail }) {
  const { m } = useI18n();
  const queryClient = useQueryClient();
  const people = $api.useQuery('get', '/api/v1/people', {
    params: { query: { organisationId: c.organisationId } },
  });
  const update = $api.useMutation('patch', '/api/v1/certificates/{id}', {
    onSuccess: () => queryClient.invalidateQueries(),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const custodian = String(new FormData(event.currentTarget).get('custodian') ?? '');
    if (custodian)
      update.mutate({ params: { path: { id: c.id } }, body: { passwordCustodianId: custodian } });
  };
  return (
    <form className="form inline" onSubmit={submit} aria-label={m.readiness.nameCustodian}>
      <label>
        <span>{m.readiness.custodian}</span>
        <select name="custodian" defaultValue="" required>
          <option value="">{m.common.choose}</option>
          {people.data
            ?.filter((p) => p.memberships.some((x) => x.organisationId === c.organisationId && x.employed))
            .map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
        </select>
      </label>
      <ErrorMessage error={update.error} />
      <button type="submit" disabled={update.isPending}>
        {m.readiness.nameCustodian}
      </button>
    </form>
  );
}

/** A list row's readiness: ready, not ready, or nothing for a certificate that is not active. */
export function ReadinessBadge({ ready }: { ready: boolean | null | undefined }) {
  const { m } = useI18n();
  if (ready === null || ready === undefined) return <>—</>;
  return (
    <span className={ready ? 'tag' : 'tag warning'}>{ready ? m.readiness.ready : m.readiness.notReady}</span>
  );
}

/** The list's readiness filter (active certificates only). */
export function ReadinessFilter({ value }: { value: ReadinessFilterValue | undefined }) {
  const { m } = useI18n();
  return (
    <label>
      <span>{m.readiness.filter}</span>
      <select name="readiness" defaultValue={value ?? ''}>
        <option value="">{m.common.all}</option>
        <option value="ready">{m.readiness.ready}</option>
        <option value="not-ready">{m.readiness.notReady}</option>
      </select>
    </label>
  );
}

/** The overview's count of certificates within the digest horizon whose renewal is not ready, per organisation. */
export function OverviewReadiness({ readiness: r }: { readiness: ReadinessOverview }) {
  const { m, number } = useI18n();
  const listOf = (organisationId?: string) =>
    `/certificates?readiness=not-ready&expiresWithinDays=${r.horizonDays}` +
    (organisationId ? `&organisationId=${organisationId}` : '');
  return (
    <section aria-labelledby="readiness-overview-heading">
      <h2 id="readiness-overview-heading">{m.readiness.overviewTitle(r.horizonDays)}</h2>
      {r.notReady === 0 ? (
        <p className="empty">{m.readiness.noneNotReady(r.horizonDays)}</p>
      ) : (
        <>
          <p>
            <Link to={listOf()}>{m.readiness.notReadyCount(r.notReady, r.horizonDays)}</Link>
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">{m.organisations.name}</th>
                <th scope="col">{m.readiness.notReady}</th>
              </tr>
            </thead>
            <tbody>
              {r.byOrganisation.map((o) => (
                <tr key={o.organisationId}>
                  <th scope="row">
                    <Link to={`/organisations/${o.organisationId}`}>{o.name}</Link>
                  </th>
                  <td>
                    <Link to={listOf(o.organisationId)}>{number(o.count)}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {r.organisations > r.byOrganisation.length && (
            <p>
              <Link to={listOf()}>
                {m.readiness.moreOrganisations(r.organisations - r.byOrganisation.length)}
              </Link>
            </p>
          )}
        </>
      )}
    </section>
  );
}
