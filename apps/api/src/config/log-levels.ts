import type { LogLevel } from '@nestjs/common';

/** LOG_LEVEL's values, least to most verbose (pino's names, as the README gives them), and `silent`. */
export const API_LOG_LEVELS = ['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type ApiLogLevel = (typeof API_LOG_LEVELS)[number];

/** Nest's levels, least to most verbose, each the counterpart of the LOG_LEVEL at the same place after `silent`. */
const NEST_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** The Nest logger levels LOG_LEVEL shows: that level and every more severe one; `silent`, none (false). */
export function nestLogLevels(level: ApiLogLevel): LogLevel[] | false {
  const shown = API_LOG_LEVELS.indexOf(level);
  return shown === 0 ? false : NEST_LEVELS.slice(0, shown);
}
