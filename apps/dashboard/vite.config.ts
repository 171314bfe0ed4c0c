import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

/**
 * react-router's production build. Its package offers only its development build through `exports`, whatever the
 * conditions (remix-run/react-router#14102), so a bundle would carry its development warnings and their checks.
 */
function reactRouterProductionBuild(): string {
  const packageJson = createRequire(import.meta.url).resolve('react-router/package.json');
  return join(dirname(packageJson), 'dist', 'production', 'index.mjs');
}

/**
 * Chromium's explicit compile hint (V8's `//# allFunctionsCalledOnLoad`, Chrome 136+; other browsers read a comment):
 * a chunk marked so is compiled whole on a background thread when it is fetched, where V8 would otherwise compile
 * each function on the main thread at its first call. Every page's code is fetched ahead (on idle, app.tsx), so a
 * click then runs code already compiled. Only chunks of the dashboard's own modules: the libraries' chunks
 * (react-dom, React Query) mostly run on the first page anyway, and compiling all of them on every load cost a
 * fresh load more than it gave (docs/performance.md).
 */
function compileHint(chunk: { moduleIds: string[] }): string {
  // Module ids are the files' paths, with the platform's separator.
  return chunk.moduleIds.some((id) => /[\\/]node_modules[\\/]/.test(id))
    ? ''
    : '//# allFunctionsCalledOnLoad';
}

export default defineConfig(({ command }) => {
  // A production bundle whatever NODE_ENV the caller has (Jest sets `test`, `npm start` `development`): Vite and
  // the React plugin read it after this.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    plugins: [react()],
    resolve: {
      // Workspace libs are bundled from their TypeScript sources (docs/decisions.md 2), as Jest and tsc see them.
      conditions: ['@certdesk/source', ...defaultClientConditions],
      alias:
        command === 'build' ? [{ find: /^react-router$/, replacement: reactRouterProductionBuild() }] : [],
    },
    build: {
      outDir: 'dist',
      emptyOutDir: true,
      sourcemap: true,
      // After minification, which would drop a comment (`postBanner`, rolldown's; the source maps follow it).
      rolldownOptions: { output: { postBanner: compileHint } },
    },
    server: {
      // `npm run dev`: the api of `npm start` (port 3000) answers the api paths.
      proxy: { '/api': 'http://127.0.0.1:3000', '/calendar': 'http://127.0.0.1:3000' },
    },
  };
});
