import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { $api } from '../api/client.js';
import type { components } from '../api/schema.js';
import { useSession } from '../auth/session.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { Loading, Page } from '../ui/page.js';
import { RemindersTable } from './reminders.js';
import { OrganisationFilter } from '../ui/organisation-select.js';
import { useOrganisations } from './use-organisations.js';

type Run = components['schemas']['ReminderRunDto'];
type QueueState = components['schemas']['QueueStateDto'];

const STATES = ['queued', 'sent', 'failed', 'cancelled'] as const;
const DELIVERIES_PER_PAGE = 50;
/** How often a scan in progress, and the deliveries it queues, are read again: the page follows it without a reload. */
const FOLLOW_MS = 1_500;

/** A run is over once the notifier finished it and none of its mail waits any more. */
const settled = (run: Run | undefined) => !!run?.finishedAt && run.deliveries.queued === 0;

/**
 * "Send due reminders now" (central administrators): starts a scan, then says what it found and what went out,
 * following the run until its mail has left, and refreshes the deliveries, runs and queues shown beside it.
 */
export function RunRemindersNow() {
  const { m } = useI18n();
  const queryClient = useQueryClient();
  const run = $api.useMutation('post', '/api/v1/reminders/run');
  const runId = run.data?.runId;
  const progress = $api.useQuery(
    'get',
    '/api/v1/reminders/runs/{id}',
    { params: { path: { id: runId ?? '' } } },
    { enabled: !!runId, refetchInterval: (query) => (settled(query.state.data) ? false : FOLLOW_MS) },
  );
  const seen = progress.dataUpdatedAt;
  useEffect(() => {
    if (!seen) return;
    // Everything that shows reminders reads them again: the new deliveries, the run's counts, the queues.
    for (const path of ['/api/v1/reminders', '/api/v1/reminders/runs', '/api/v1/reminders/queues'])
      void queryClient.invalidateQueries({ queryKey: ['get', path] });
  }, [seen, queryClient]);
  const current = progress.data;
  return (
    <div className="run-now">
      <button type="button" disabled={run.isPending} onClick={() => run.mutate({})}>
        {m.reminders.runNow}
      </button>
      <ErrorMessage error={run.error} />
      {runId && (
        <div role="status" className="card run-progress" data-run-id={runId} data-settled={settled(current)}>
          <p className="ok">{m.reminders.runStarted}</p>
          {!current?.finishedAt ? (
            <p>{current?.error ? m.reminders.runRetrying(current.error) : m.reminders.runScanning}</p>
          ) : (
            current.counts && (
              <>
                <p>{m.reminders.runFound(current.counts)}</p>
                <p>{m.reminders.runDeliveries(current.deliveries)}</p>
              </>
            )
          )}
        </div>
      )}
    </div>
  );
}

/** Every reminder delivery (filtered by organisation, state, scan), and for central administrators the scans and queues. */
export function RemindersPage() {
  const { m } = useI18n();
  const session = useSession();
  const central = !!session.me?.centralAdmin;
  return (
    <Page title={m.reminders.title} actions={central && <RunRemindersNow />}>
      <p className="hint">{m.reminders.intro}</p>
      <Deliveries />
      {central && <Runs />}
      {central && <Queues />}
    </Page>
  );
}

function Deliveries() {
  const { m, dateTime } = useI18n();
  const [search, setSearch] = useSearchParams();
  const organisationId = search.get('organisationId') || undefined;
  const state = STATES.find((s) => s === search.get('state'));
  const runId = search.get('runId') || undefined;
  const [cursors, setCursors] = useState<string[]>([]);
  const list = $api.useQuery('get', '/api/v1/reminders', {
    params: {
      query: { organisationId, state, runId, limit: DELIVERIES_PER_PAGE, cursor: cursors.at(-1) },
    },
  });
  // The filter's options (every organisation's name) once the list has answered: its rows need none.
  const { organisations } = useOrganisations({ enabled: !list.isPending });
  const run = $api.useQuery(
    'get',
    '/api/v1/reminders/runs/{id}',
    { params: { path: { id: runId ?? '' } } },
    { enabled: !!runId },
  );
  const filter = (next: URLSearchParams) => {
    setCursors([]);
    setSearch(next);
  };
  return (
    <section aria-labelledby="deliveries-heading">
      <h2 id="deliveries-heading">{m.reminders.deliveries}</h2>
      <form
        className="filters"
        aria-label={m.reminders.deliveryFilters}
        key={search.toString()}
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          const next = new URLSearchParams();
          for (const key of ['organisationId', 'state', 'runId']) {
            const value = form.get(key);
            if (typeof value === 'string' && value) next.set(key, value);
          }
          filter(next);
        }}
      >
        <OrganisationFilter
          name="organisationId"
          defaultValue={organisationId ?? ''}
          organisations={organisations}
        />
        <label>
          <span>{m.reminders.state}</span>
          <select name="state" defaultValue={state ?? ''}>
            <option value="">{m.common.all}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {m.reminders.states[s]}
              </option>
            ))}
          </select>
        </label>
        {runId && <input type="hidden" name="runId" value={runId} />}
        <div className="filter-buttons">
          <button type="submit">{m.certificates.applyFilters}</button>
        </div>
      </form>
      {runId && (
        <p className="filter-note">
          {m.reminders.ofRun(dateTime(run.data?.requestedAt))}{' '}
          <button
            type="button"
            className="link"
            onClick={() => {
              const next = new URLSearchParams(search);
              next.delete('runId');
              filter(next);
            }}
          >
            {m.reminders.allRuns}
          </button>
        </p>
      )}
      <ErrorMessage error={list.error} />
      {list.isPending ? (
        <Loading />
      ) : (
        list.data && (
          <>
            <RemindersTable deliveries={list.data.items} showCertificate />
            {(cursors.length > 0 || list.data.nextCursor) && (
              <nav className="pager" aria-label={m.reminders.deliveryPages}>
                <button
                  type="button"
                  className="secondary"
                  disabled={cursors.length === 0}
                  onClick={() => setCursors((c) => c.slice(0, -1))}
                >
                  {m.common.previousPage}
                </button>
                <span>{m.common.pageNumber(cursors.length + 1)}</span>
                <button
                  type="button"
                  className="secondary"
                  disabled={!list.data.nextCursor}
                  onClick={() => list.data.nextCursor && setCursors((c) => [...c, list.data.nextCursor!])}
                >
                  {m.common.nextPage}
                </button>
              </nav>
            )}
          </>
        )
      )}
    </section>
  );
}

/** The latest scans: when, why (the schedule or who asked), what each found and where its mail is now. */
function Runs() {
  const { m, dateTime, number } = useI18n();
  const [search, setSearch] = useSearchParams();
  const runs = $api.useQuery(
    'get',
    '/api/v1/reminders/runs',
    { params: { query: { limit: 20 } } },
    // A scan still running, or mail still queued, is followed until it settles.
    { refetchInterval: (query) => (query.state.data?.every(settled) ? false : FOLLOW_MS * 2) },
  );
  return (
    <section aria-labelledby="runs-heading">
      <h2 id="runs-heading">{m.reminders.runs}</h2>
      <ErrorMessage error={runs.error} />
      {runs.data &&
        (runs.data.length === 0 ? (
          <p className="empty">{m.reminders.noRuns}</p>
        ) : (
          <div className="table-wrap">
            <table className="reminder-runs">
              <thead>
                <tr>
                  <th scope="col">{m.reminders.when}</th>
                  <th scope="col">{m.reminders.trigger}</th>
                  <th scope="col">{m.reminders.found}</th>
                  <th scope="col">{m.reminders.queuedMail}</th>
                  <th scope="col">{m.reminders.whereNow}</th>
                  <th scope="col">
                    <span className="visually-hidden">{m.common.actions}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {runs.data.map((run) => (
                  <tr key={run.id} data-run-id={run.id} data-finished={!!run.finishedAt}>
                    <th scope="row">
                      <time dateTime={run.requestedAt}>{dateTime(run.requestedAt)}</time>
                    </th>
                    <td>
                      {run.trigger === 'manual'
                        ? m.reminders.askedBy(run.requestedBy ?? '—')
                        : m.reminders.daily}
                    </td>
                    <td>
                      {run.counts
                        ? m.reminders.foundCounts(run.counts.candidates, run.counts.reminders)
                        : run.error
                          ? m.reminders.runRetrying(run.error)
                          : m.reminders.runScanning}
                    </td>
                    <td>{run.counts ? number(run.counts.deliveries) : '—'}</td>
                    <td>
                      <ul className="plain run-states">
                        {STATES.filter((s) => run.deliveries[s] > 0).map((s) => (
                          <li key={s} className={`reminder-${s}`}>
                            {number(run.deliveries[s])} {m.reminders.states[s].toLowerCase()}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      <button
                        type="button"
                        className="link"
                        aria-label={m.reminders.seeDeliveriesOf(dateTime(run.requestedAt))}
                        onClick={() => {
                          const next = new URLSearchParams(search);
                          next.set('runId', run.id);
                          setSearch(next);
                          document.getElementById('deliveries-heading')?.scrollIntoView();
                        }}
                      >
                        {m.reminders.seeDeliveries}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}

/** The notifier's queues (names from libs/contracts): jobs by state, the latest failures, the daily schedule. */
function Queues() {
  const { m, dateTime, number } = useI18n();
  const queues = $api.useQuery('get', '/api/v1/reminders/queues', {}, { refetchInterval: 10_000 });
  const counted = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;
  const failures = queues.data?.queues.flatMap((q) => q.failed.map((job) => ({ queue: q.name, job }))) ?? [];
  return (
    <section aria-labelledby="queues-heading">
      <h2 id="queues-heading">{m.reminders.queues}</h2>
      <ErrorMessage error={queues.error} />
      {queues.data && (
        <>
          <p>
            {queues.data.schedule
              ? m.reminders.schedule(
                  queues.data.schedule.pattern,
                  queues.data.schedule.timeZone,
                  dateTime(queues.data.schedule.nextRunAt),
                )
              : m.reminders.noSchedule}
          </p>
          <div className="table-wrap">
            <table className="queues">
              <thead>
                <tr>
                  <th scope="col">{m.reminders.queue}</th>
                  {counted.map((state) => (
                    <th scope="col" key={state} className="number">
                      {m.reminders.jobStates[state]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {queues.data.queues.map((queue: QueueState) => (
                  <tr key={queue.name} data-queue={queue.name}>
                    <th scope="row">
                      {m.reminders.queueNames[queue.name] ?? queue.name}
                      {queue.paused && <span className="tag warning"> {m.reminders.paused}</span>}
                    </th>
                    {counted.map((state) => (
                      <td key={state} className="number" data-state={state}>
                        {number(queue.counts[state])}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {failures.length > 0 && (
            <>
              <h3>{m.reminders.failedJobs}</h3>
              <ul className="plain failed-jobs">
                {failures.map(({ queue, job }) => (
                  <li key={`${queue}/${job.id}`}>
                    <time dateTime={job.finishedAt ?? undefined}>{dateTime(job.finishedAt)}</time>{' '}
                    {m.reminders.queueNames[queue] ?? queue}:{' '}
                    <span className="error-text">{job.failedReason}</span>{' '}
                    <span className="muted">({m.reminders.attempts(job.attemptsMade)})</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
