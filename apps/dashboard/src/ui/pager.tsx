import { useState } from 'react';
import { useI18n } from '../i18n/i18n.js';

/**
 * Keyset pages: each page starts after the last row of the one before, and a stack of those keys goes back. The
 * stack belongs to one `scope` (the filters as a string): another scope (new filters typed, or back in the browser's
 * history) starts at the first page.
 */
export function usePageStack(scope: string) {
  const [stack, setStack] = useState<{ scope: string; keys: string[] }>({ scope, keys: [] });
  const keys = stack.scope === scope ? stack.keys : [];
  return {
    /** Where the page shown starts; undefined for the first. */
    after: keys.at(-1),
    /** 1 for the first page. */
    number: keys.length + 1,
    previous: keys.length > 0 ? () => setStack({ scope, keys: keys.slice(0, -1) }) : null,
    next: (lastKey: string) => setStack({ scope, keys: [...keys, lastKey] }),
    first: () => setStack({ scope, keys: [] }),
  };
}

/** "Previous page", "Page n", "Next page": a button without a page to go to is disabled. */
export function Pager({
  label,
  number,
  previous,
  next,
}: {
  label: string;
  number: number;
  previous: (() => void) | null;
  next: (() => void) | null;
}) {
  const { m } = useI18n();
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" className="secondary" disabled={!previous} onClick={() => previous?.()}>
        {m.common.previousPage}
      </button>
      <span>{m.common.pageNumber(number)}</span>
      <button type="button" className="secondary" disabled={!next} onClick={() => next?.()}>
        {m.common.nextPage}
      </button>
    </nav>
  );
}

/** A later page that could not be read: the way back to the page before stays (no row to go on after). */
export function PagerBack({
  label,
  number,
  previous,
}: {
  label: string;
  number: number;
  previous: (() => void) | null;
}) {
  if (!previous) return null;
  return <Pager label={label} number={number} previous={previous} next={null} />;
}

/**
 * A list asked for one row more than a page (`size + 1`): the page's rows, and whether a next page exists, known
 * without counting every row.
 */
export function onePage<T>(
  rows: readonly T[] | undefined,
  size: number,
): { rows: readonly T[]; hasNext: boolean } {
  return { rows: rows?.slice(0, size) ?? [], hasNext: (rows?.length ?? 0) > size };
}

/**
 * The Pager of a keyset list: nothing while its one page holds everything; Next goes after `lastKey` (the page's last
 * row).
 */
export function ListPager({
  label,
  pages,
  hasNext,
  lastKey,
}: {
  label: string;
  pages: ReturnType<typeof usePageStack>;
  hasNext: boolean;
  lastKey: string | undefined;
}) {
  if (pages.number === 1 && !hasNext) return null;
  return (
    <Pager
      label={label}
      number={pages.number}
      previous={pages.previous}
      next={hasNext && lastKey ? () => pages.next(lastKey) : null}
    />
  );
}
