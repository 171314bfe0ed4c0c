import { useDeferredValue, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { OrganisationName } from '../api/types.js';
import { useI18n } from '../i18n/i18n.js';
import {
  matchOrganisations,
  organisationNamed,
  searchable,
  searchableOrganisations,
} from './organisation-matches.js';

/** Past this many organisations a choice is typed, with suggestions, rather than picked from a list. */
export const SEARCH_ABOVE = 50;
/** How many suggestions the typed choice shows. */
const SUGGESTIONS = 20;

export interface OrganisationSelectProps {
  organisations: readonly OrganisationName[];
  /**
   * The field's label, drawn above it (a label wrapping the typed choice would take its suggestions' text into its
   * name). Without it, the page labels `id` itself.
   */
  label?: string;
  /** The form field holding the chosen organisation's id (the choice before any, such as "All", is `first`'s value). */
  name?: string;
  id?: string;
  required?: boolean;
  /** Controlled: the chosen id, and each new choice. Otherwise `defaultValue`, and the form reads `name`. */
  value?: string;
  defaultValue?: string;
  onChange?(organisationId: string): void;
  /** A form's required choice: nothing chosen at first ("Choose…"). */
  choose?: boolean;
  /** A choice before the organisations, such as "All" (value ''). */
  first?: { value: string; label: string } | undefined;
}

const NONE: readonly OrganisationName[] = [];

/**
 * A choice of organisation by name. A few are a <select>; past SEARCH_ABOVE (a national installation's 10,000), the
 * name is typed and the matching ones suggested (OrganisationSearch), since no one scrolls through 10,000 options.
 */
export function OrganisationSelect({ label, ...props }: OrganisationSelectProps) {
  const ownId = useId();
  const id = props.id ?? ownId;
  // The options come in a render of their own, after the page around them has been shown: 10,000 of them took a
  // quarter of a second, which held back the first rows of the page that offers them.
  const shown = useDeferredValue(props.organisations, NONE);
  // Built anew whenever the list changes length, so that a default chosen before the names arrived applies to them.
  const field =
    shown.length > SEARCH_ABOVE ? (
      <OrganisationSearch key={shown.length} {...props} id={id} organisations={shown} />
    ) : (
      <OrganisationList key={shown.length} {...props} id={id} organisations={shown} />
    );
  if (label === undefined) return field;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {field}
    </div>
  );
}

/**
 * The <select>: with `choose`, a disabled "Choose" first (a form's required choice), then `first`, then the
 * organisations. Rebuilt rather than updated when the list grows: React places children added to a mounted parent one
 * at a time, each looking past every new one after it (quadratic), but builds a new parent's children in one pass.
 */
function OrganisationList({
  organisations,
  name,
  id,
  required,
  value,
  defaultValue,
  onChange,
  choose,
  first,
}: OrganisationSelectProps) {
  const { m } = useI18n();
  return (
    <select
      name={name}
      id={id}
      required={required}
      value={value}
      defaultValue={defaultValue}
      onChange={onChange && ((e) => onChange(e.target.value))}
    >
      {choose && (
        <option value="" disabled>
          {m.common.choose}
        </option>
      )}
      {first && <option value={first.value}>{first.label}</option>}
      {organisations.map((o) => (
        <option key={o.id} value={o.id}>
          {o.name}
        </option>
      ))}
    </select>
  );
}

/**
 * A typed choice (the ARIA combobox pattern, list autocomplete): the organisations whose name holds what is typed are
 * suggested, arrows move among them, Enter or a click takes one, Escape closes. Leaving the field keeps the name typed
 * (or `first`'s label) when exactly one organisation has it, else the choice before; an emptied field is no choice
 * ("All" for a filter). The chosen id is in a hidden field named `name`, so a form reads it as it read the <select>.
 */
function OrganisationSearch({
  organisations,
  name,
  id,
  required,
  value,
  defaultValue,
  onChange,
  first,
}: OrganisationSelectProps) {
  const { m, number } = useI18n();
  const listId = useId();
  const searchIndex = useMemo(() => searchableOrganisations(organisations), [organisations]);
  const [ownChoice, setOwnChoice] = useState(defaultValue ?? value ?? first?.value ?? '');
  const chosen = value ?? ownChoice;
  // Nothing chosen, or "All" (`first` with the empty value), is an empty field under its placeholder.
  const labelOf = (choice: string) =>
    choice === ''
      ? ''
      : first && choice === first.value
        ? first.label
        : (organisations.find((o) => o.id === choice)?.name ?? '');
  const [text, setText] = useState(() => labelOf(chosen));
  // A choice changed from outside (a controlled value reset by the page) shows its name.
  const [shownChoice, setShownChoice] = useState(chosen);
  if (shownChoice !== chosen) {
    setShownChoice(chosen);
    setText(labelOf(chosen));
  }
  const [open, setOpen] = useState(false);
  // A required choice holds only with an organisation chosen: text that names none is refused, in words.
  const field = useRef<HTMLInputElement>(null);
  const unchosen = Boolean(required) && chosen === '';
  useEffect(() => {
    field.current?.setCustomValidity(unchosen && text.trim() !== '' ? m.organisationSearch.pickOne : '');
  }, [unchosen, text, m]);
  const [active, setActive] = useState(0);
  const typed = useDeferredValue(text);
  const { matches, total } = useMemo(
    () => matchOrganisations(searchIndex, typed, SUGGESTIONS),
    [searchIndex, typed],
  );
  const options = [
    ...(first && typed.trim() === '' ? [{ id: first.value, name: first.label }] : []),
    ...matches,
  ];

  const choose = (choice: string) => {
    setOwnChoice(choice);
    setText(labelOf(choice));
    setOpen(false);
    if (choice !== chosen) onChange?.(choice);
  };
  /**
   * Leaving the field: nothing typed is no choice ("All" for a filter), `first`'s label or the name of exactly one
   * organisation is that one, anything else puts back the choice before.
   */
  const settle = () => {
    setOpen(false);
    if (text.trim() === '') return choose('');
    if (first && searchable(text) === searchable(first.label)) return choose(first.value);
    const named = organisationNamed(searchIndex, text);
    if (named) return choose(named.id);
    setText(labelOf(chosen));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(0);
        return;
      }
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((index) => (options.length ? (index + step + options.length) % options.length : 0));
    } else if (event.key === 'Enter' && open && options[active]) {
      // Takes the suggestion rather than sending the form.
      event.preventDefault();
      choose(options[active].id);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
      setText(labelOf(chosen));
    }
  };
  const optionId = (index: number) => `${listId}-${index}`;
  const expanded = open && (options.length > 0 || typed.trim() !== '');
  const activeId = expanded && options[active] ? optionId(active) : undefined;
  // The suggestion the arrows reached stays in view in the list's scroll.
  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);
  return (
    <span className="organisation-search">
      <input
        id={id}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={activeId}
        autoComplete="off"
        ref={field}
        required={unchosen}
        placeholder={first?.value === '' ? first.label : m.organisationSearch.placeholder}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={settle}
        onKeyDown={onKeyDown}
      />
      {name !== undefined && <input type="hidden" name={name} value={chosen} />}
      <span className="suggestions" hidden={!expanded}>
        <ul id={listId} role="listbox" aria-label={m.organisationSearch.suggestions}>
          {options.map((o, index) => (
            <li
              key={o.id || 'first'}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              // Before the field's blur, so the click is the choice.
              onMouseDown={(e) => {
                e.preventDefault();
                choose(o.id);
              }}
            >
              {o.name}
            </li>
          ))}
        </ul>
        {total === 0 ? (
          <small className="hint">{m.organisationSearch.none}</small>
        ) : total > matches.length ? (
          <small className="hint">{m.organisationSearch.more(number(total - matches.length))}</small>
        ) : null}
      </span>
    </span>
  );
}

/** A list's organisation filter: "All", then each organisation, under the label every list gives it. */
export function OrganisationFilter(props: Omit<OrganisationSelectProps, 'first' | 'choose' | 'label'>) {
  const { m } = useI18n();
  return (
    <OrganisationSelect
      {...props}
      label={m.certificates.organisation}
      first={{ value: '', label: m.common.all }}
    />
  );
}
