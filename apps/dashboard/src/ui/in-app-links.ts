import { type MouseEvent, useCallback } from 'react';
import { useNavigate } from 'react-router';

/**
 * One click handler, set on a long list's container, that follows the plain `<a href>` links inside it through the
 * router, as a `Link` would, without a `Link` (and its half a dozen router hooks) in every row (50 rows' `Link`s were
 * 3-5% of a click on the certificate list: docs/performance.md). As a `Link`, it leaves to the browser a click with a
 * modifier key or another button, a link with a target or a download, and one to another origin (a new tab, a window,
 * a file).
 */
export function useInAppLinks(): (event: MouseEvent<HTMLElement>) => void {
  const navigate = useNavigate();
  return useCallback(
    (event: MouseEvent<HTMLElement>) => {
      if (event.defaultPrevented || event.button !== 0) return;
      if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
      if (!(link instanceof HTMLAnchorElement)) return;
      if ((link.target && link.target !== '_self') || link.hasAttribute('download')) return;
      if (link.origin !== window.location.origin) return;
      event.preventDefault();
      navigate(`${link.pathname}${link.search}${link.hash}`);
    },
    [navigate],
  );
}
