import { useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useId, useState, type FormEvent } from 'react';
import { labelKey, MAX_LABEL_LENGTH, parseLabel } from '@certdesk/domain';
import { $api } from '../api/client.js';
import type { Certificate } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import { ErrorMessage } from '../ui/error-message.js';
import { onePage } from '../ui/pager.js';

/** The labels of my organisations (or of one), as the api counts them. */
export function useLabels(organisationId?: string) {
  return $api.useQuery('get', '/api/v1/labels', {
    params: { query: organisationId ? { organisationId } : {} },
  });
}

/** Names of labels across organisations, one per key (libs/domain labelKey), by key: a page, or a search. */
function useLabelNames(
  query: { organisationId?: string | undefined; q?: string | undefined; limit: number },
  enabled = true,
) {
  return $api.useQuery('get', '/api/v1/labels/names', { params: { query } }, { enabled });
}

/** How many labels the list's filter offers to tick; past them, one is typed (the api searches every one). */
export const LABEL_FILTER_SHOWN = 30;

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

/**
 * The list's label filter: certificates carrying every label ticked. The first labels by name are offered; with more
 * (a national installation's organisations each name their own), another is typed, with suggestions.
 */
export function LabelFilter({ selected }: { selected: readonly string[] }) {
  const { m } = useI18n();
  const [other, setOther] = useState('');
  const labels = useLabelNames({ limit: LABEL_FILTER_SHOWN + 1 });
  const { rows, hasNext: more } = onePage(labels.data?.names, LABEL_FILTER_SHOWN);
  const names = rows.map((n) => n.name);
  const chosen = new Set(selected.map(labelKey));
  // A label in the address that is not offered (past the first ones, or no organisation's any more) stays ticked, so
  // the view it names is kept.
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
      {more && <LabelInput value={other} onChange={setOther} label={m.labels.another} />}
      <small className="hint">{more ? m.labels.filterHintMore : m.labels.filterHint}</small>
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

/** How many labels a label field suggests as its text is typed. */
const SUGGESTIONS = 20;

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
  // Suggestions as the text is typed, from every label the user can see (or the organisation's).
  const typed = useDeferredValue(value).trim();
  // Text no label could be (too long, a control character) is not asked about; the form says why when it is sent.
  const suggestions = useLabelNames(
    { organisationId, q: typed || undefined, limit: SUGGESTIONS },
    typed === '' || parseLabel(typed).ok,
  );
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
        {suggestions.data?.names.map(({ key, name }) => (
          <option key={key} value={name} />
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
