import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** apps/dashboard/dist, found from this module whether it runs from apps/api/src or apps/api/dist. */
export const DASHBOARD_DIST = fileURLToPath(new URL('../../../dashboard/dist', import.meta.url));

/** The api's own paths: everything else that a browser GETs is the dashboard's to route. */
const API_PATHS = /^\/(api|health|metrics|calendar)(\/|$)/;

/**
 * Serves the built dashboard at `/`: its files as they are (the hashed ones under /assets cached for good),
 * and index.html for any other GET that is not the api's, so the dashboard's own routes survive a reload.
 * Does nothing when the dashboard has not been built (the api alone, its tests).
 */
export function serveDashboard(app: NestExpressApplication, directory: string = DASHBOARD_DIST): boolean {
  const indexHtml = join(directory, 'index.html');
  if (!existsSync(indexHtml)) return false;
  const files = express.static(directory, {
    index: false,
    setHeaders: (res, path) => {
      res.setHeader(
        'Cache-Control',
        path.startsWith(join(directory, 'assets')) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  // The api's requests never touch the disk.
  app.use((req: Request, res: Response, next: NextFunction) =>
    API_PATHS.test(req.path) ? next() : files(req, res, next),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATHS.test(req.path)) return next();
    // index.html by the same handler as the files: its Cache-Control (no-cache) and its ETag, so a reload
    // revalidates the page rather than fetching it again (the api's own answers carry no ETag).
    req.url = '/index.html';
    files(req, res, next);
  });
  return true;
}
