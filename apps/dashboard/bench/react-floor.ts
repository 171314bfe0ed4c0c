// A second floor for the dashboard's figures: what React itself costs here to show the list's first page. The page
// in ./react-floor/ is React and react-dom alone (the dashboard's versions, production builds), no router, no query
// cache, no layout: a button, and the list's rows with the cells of ./floor-page.ts as components. Between the
// framework-free floor and the dashboard, it tells what of the dashboard's time is React's and what is the
// dashboard's own. Built by Vite into the dashboard's build for the bench's run and removed after it.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

export const REACT_FLOOR_PAGE = '/bench-react-floor/index.html';
const REACT_FLOOR_DIR = 'bench-react-floor';
const source = fileURLToPath(new URL('./react-floor/', import.meta.url));

/** Builds the React floor's page into `dist` (before the api starts: its static files are read at start). */
export async function buildReactFloorPage(dist: string): Promise<void> {
  const mode = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production'; // React's production build, as the dashboard's (vite.config.ts)
  try {
    await build({
      configFile: false,
      root: source,
      base: `/${REACT_FLOOR_DIR}/`,
      logLevel: 'warn',
      plugins: [react()],
      build: { outDir: join(dist, REACT_FLOOR_DIR), emptyOutDir: true },
    });
  } finally {
    if (mode === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = mode;
  }
}

export async function removeReactFloorPage(dist: string): Promise<void> {
  await rm(join(dist, REACT_FLOOR_DIR), { recursive: true, force: true });
}
