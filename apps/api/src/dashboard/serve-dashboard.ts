import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** apps/dashboard/dist, found from this module whether it runs from apps/api/src or apps/api/dist. */
export const DASHBOARD_DIST = fileURLToPath(new URL('../../../dashboard/dist', import.meta.url));

/** The api's own paths: everything else that a browser GETs is the dashboard's to route. */
const API_PATHS = /^\/(api|health|metrics|calendar)(\/|\?|$)/;

/**
 * Serves the built dashboard at `/`: its files as they are (the hashed ones under /assets cached for good),
 * and index.html for any other GET that is not the api's, so the dashboard's own routes survive a reload.
 * Does nothing when the dashboard has not been built (the api alone, its tests).
 */
export async function serveDashboard(
  app: NestFastifyApplication,
  directory: string = DASHBOARD_DIST,
): Promise<boolean> {
  const indexHtml = join(directory, 'index.html');
  if (!existsSync(indexHtml)) return false;
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.register(fastifyStatic, {
    root: directory,
    index: false,
    // One route per file, read at start: any other path is the fallback's below, and the api's never touch the disk.
    wildcard: false,
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header(
        'Cache-Control',
        path.startsWith(join(directory, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  // index.html by the same handler as the files: its Cache-Control (no-cache) and its ETag, so a reload
  // revalidates the page rather than fetching it again (the api's own answers carry no ETag). A path of the api's
  // that no route took is the api's 404.
  fastify.get('/*', (request, reply) =>
    API_PATHS.test(request.url) ? reply.callNotFound() : reply.sendFile('index.html'),
  );
  return true;
}
