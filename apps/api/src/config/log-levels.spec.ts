import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './config.js';
import { nestLogLevels } from './log-levels.js';

const REQUIRED_ENV = { TOKEN_SECRET: 'test-token-secret-that-is-long-enough-000' };

describe('LOG_LEVEL', () => {
  it('shows its level and every more severe one, in Nest terms', () => {
    expect(nestLogLevels('silent')).toBe(false);
    expect(nestLogLevels('fatal')).toEqual(['fatal']);
    expect(nestLogLevels('error')).toEqual(['fatal', 'error']);
    expect(nestLogLevels('warn')).toEqual(['fatal', 'error', 'warn']);
    expect(nestLogLevels('info')).toEqual(['fatal', 'error', 'warn', 'log']);
    expect(nestLogLevels('debug')).toEqual(['fatal', 'error', 'warn', 'log', 'debug']);
    expect(nestLogLevels('trace')).toEqual(['fatal', 'error', 'warn', 'log', 'debug', 'verbose']);
  });

  it('is info by default, and refuses a level it does not know, naming the variable', () => {
    expect(loadConfig(REQUIRED_ENV).logLevel).toBe('info');
    expect(() => loadConfig({ ...REQUIRED_ENV, LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ ...REQUIRED_ENV, LOG_LEVEL: 'warn\n' })).toThrow(/LOG_LEVEL/);
  });
});
