import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { labelKey, MAX_LABEL_LENGTH, parseLabel } from '@certdesk/domain';
import { $api } from '../api/client.js';
import type { Certificate } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';

/** The labels of my organisations (or of one), as the api counts them. */
export function useLabels(organisationId?: string) {
  return $api.useQuery('get', '/api/v1/labels', {
    params: { query: organisationId ? { organisationId } : {} },
  });
}

/** Label names across organisations, each spelling once per key (every organisation keeps its own label). */
export function distinctLabelNames(labels: readonly { name: string }[]): string[] {
  const byKey = new Map<string, string>();
  for (const { name } of labels) if (!byKey.has(labelKey(name))) byKey.set(labelKey(name), name);
  return [...byKey.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, name]) => name);
}

/** A certificate's labels as chips. */
export function LabelChips({ labels }: { labels: readonly string[] }) {
  const { m } = useI18n();
  if (labels.length === 0) return null;
  return (
    <ul className="label-chips" aria-label={m.labels.title}>
      {labels.map((label) => (
        <li key={label} className="label-chip">
          {label}
        </li>
      ))}
    </ul>
  );
}

/** The list's label filter: certificates carrying every label ticked. */
export function LabelFilter({ selected }: { selected: readonly string[] }) {
  const { m } = useI18n();
  const labels = useLabels();
  const names = distinctLabelNames(labels.data?.labels ?? []);
  const chosen = new Set(selected.map(labelKey));
  // A label in the address that no organisation has (any more) stays ticked, so the view it names is kept.
  for (const name of selected) if (!names.some((n) => labelKey(n) === labelKey(name))) names.push(name);
  if (names.length === 0) return null;
  return (
    <fieldset className="label-filter">
      <legend>{m.labels.filter}</legend>
      {names.map((name) => (
        <label key={name} className="check">
          <input type="checkbox" name="label" value={name} defaultChecked={chosen.has(labelKey(name))} />
          {name}
        </label>
      ))}
      <small className="hint">{m.labels.filterHint}</small>
    </fieldset>
  );
}

/**
 * A label as typed, checked in the browser with libs/domain's rule before it is sent: the reason in the reader's
 * language, or null when it is fine.
 */
export function labelProblem(m: ReturnType<typeof useI18n>['m'], text: string): string | null {
  const parsed = parseLabel(text);
  return parsed.ok ? null : m.labels.invalid[parsed.reason];
}

/** A text field for a label, suggesting the organisation's (or my organisations') labels. */
export function LabelInput({
  organisationId,
  value,
  onChange,
  label,
}: {
  organisationId?: string;
  value: string;
  onChange(value: string): void;
  label: string;
}) {
  const listId = useId();
  const labels = useLabels(organisationId);
  return (
    <label>
      <span>{label}</span>
      <input
        name="label"
        list={listId}
        value={value}
        maxLength={MAX_LABEL_LENGTH * 2}
        autoComplete="off"
        onChange={(e) => onChange(e.target.value)}
      />
      <datalist id={listId}>
        {distinctLabelNames(labels.data?.labels ?? []).map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
    </label>
  );
}

/** The labels on the certificate page: shown to everyone, added and taken off by those who may change it. */
export function CertificateLabels({
  certificate: c,
  editable,
}: {
  certificate: Certificate;
  editable: boolean;
}) {
  const { m } = useI18n();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries();
  const add = $api.useMutation('post', '/api/v1/certificates/{id}/labels', {
    onSuccess: async () => {
      setText('');
      await refresh();
    },
  });
  const remove = $api.useMutation('delete', '/api/v1/certificates/{id}/labels/{label}', {
    onSuccess: refresh,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = labelProblem(m, text);
    setProblem(found);
    if (!found) add.mutate({ params: { path: { id: c.id } }, body: { label: text } });
  };
  return (
    <section className="card" aria-labelledby="labels-heading">
      <h2 id="labels-heading">{m.labels.title}</h2>
      {c.labels.length === 0 ? (
        <p className="hint">{m.labels.none}</p>
      ) : (
        <ul className="label-chips" aria-label={m.labels.title}>
          {c.labels.map((label) => (
            <li key={label} className="label-chip">
              {label}
              {editable && (
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={m.labels.removeOne(label)}
                  title={m.labels.removeOne(label)}
                  disabled={remove.isPending}
                  onClick={() => remove.mutate({ params: { path: { id: c.id, label } } })}
                >
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {editable && (
        <form className="form inline" onSubmit={submit} aria-label={m.labels.add}>
          <LabelInput
            organisationId={c.organisationId}
            value={text}
            onChange={setText}
            label={m.labels.newLabel}
          />
          <button type="submit" disabled={add.isPending || text.trim() === ''}>
            {m.labels.add}
          </button>
          {problem && (
            <p className="error" role="alert">
              {problem}
            </p>
          )}
          <ErrorMessage error={add.error ?? remove.error} />
        </form>
      )}
    </section>
  );
}
