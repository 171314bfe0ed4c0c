import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';

/** A page: its title as the document's title and as the heading focus moves to, so screen readers hear it. */
export function Page({
  title,
  actions,
  children,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const { m } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · ${m.app.name}`;
  }, [title, m.app.name]);
  useEffect(() => {
    // After moving from another page (focus was on a link or button), screen readers start at the new heading; a
    // page loaded afresh keeps the browser's order, the skip link first.
    if (document.activeElement && document.activeElement !== document.body) heading.current?.focus();
  }, []);
  return (
    <>
      <div className="page-header">
        <h1 tabIndex={-1} ref={heading}>
          {title}
        </h1>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
      {children}
    </>
  );
}

export function Loading() {
  const { m } = useI18n();
  return (
    <p role="status" className="loading">
      {m.common.loading}
    </p>
  );
}

/**
 * A value still on its way, in a table's cell or a sentence: a muted ellipsis, "Loading…" to a screen reader. Not a live
 * region: a table holds many, and the value that replaces it is what the reader then reads.
 */
export function LoadingInline() {
  const { m } = useI18n();
  return (
    <span className="muted">
      <span aria-hidden="true">…</span>
      <span className="visually-hidden">{m.common.loading}</span>
    </span>
  );
}
