// Redis with Sentinel, all of the test's own on free loopback ports (the machine's shared Redis is never touched):
// a primary, one replica of it and three Sentinels (quorum 2) watching them, as docs/scaling.md describes. Debian's
// redis-server and redis-sentinel.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, waitUntil } from './ports.js';

export const SENTINEL_NAME = 'certdesk';

/**
 * Debian's `redis-sentinel` package only adds a `redis-sentinel` link to redis-server (and a service): without it,
 * `redis-server <config> --sentinel` is the same program in the same mode.
 */
function sentinelCommand(config: string): [string, string[]] {
  try {
    execFileSync('sh', ['-c', 'command -v redis-sentinel'], { stdio: 'ignore' });
    return ['redis-sentinel', [config]];
  } catch {
    return ['redis-server', [config, '--sentinel']];
  }
}

interface Server {
  port: number;
  process: ChildProcess;
  output: string;
}

export class RedisWithSentinel {
  private readonly dir = mkdtempSync(join(tmpdir(), 'certdesk-faults-redis-'));
  private readonly servers: Server[] = [];
  readonly sentinelPorts: number[] = [];
  /** The ports of the two data servers: the first starts as the primary. */
  readonly dataPorts: number[] = [];

  /** `REDIS_SENTINELS` for the api and the notifier. */
  get sentinelsVariable(): string {
    return this.sentinelPorts.map((port) => `127.0.0.1:${port}`).join(',');
  }

  async start(): Promise<void> {
    const primary = await this.startServer('redis-server', await this.dataArgs());
    this.dataPorts.push(primary.port);
    const replica = await this.startServer('redis-server', [
      ...(await this.dataArgs()),
      '--replicaof',
      '127.0.0.1',
      String(primary.port),
    ]);
    this.dataPorts.push(replica.port);
    await waitUntil('the replica in sync with the primary', () => this.replicaInSync(replica.port), 20_000);
    for (let i = 0; i < 3; i++) {
      const port = await freePort();
      const config = join(this.dir, `sentinel-${port}.conf`);
      // Sentinel rewrites its configuration file as it learns (replicas, other Sentinels, failovers).
      writeFileSync(
        config,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${this.dir}`,
          `sentinel monitor ${SENTINEL_NAME} 127.0.0.1 ${primary.port} 2`,
          `sentinel down-after-milliseconds ${SENTINEL_NAME} 1000`,
          `sentinel failover-timeout ${SENTINEL_NAME} 10000`,
          `sentinel parallel-syncs ${SENTINEL_NAME} 1`,
          '',
        ].join('\n'),
      );
      const [command, args] = sentinelCommand(config);
      await this.startServer(command, args, port);
      this.sentinelPorts.push(port);
    }
    // Every Sentinel knows the replica (they learn it from the primary) and the other Sentinels.
    await waitUntil(
      'the Sentinels to know the replica and each other',
      async () => {
        const views = await Promise.all(
          this.sentinelPorts.map((port) =>
            this.askSentinel(port, async (sentinel) => {
              const replicas = (await sentinel.call('SENTINEL', 'REPLICAS', SENTINEL_NAME)) as unknown[];
              const others = (await sentinel.call('SENTINEL', 'SENTINELS', SENTINEL_NAME)) as unknown[];
              return replicas.length === 1 && others.length === 2;
            }),
          ),
        );
        return views.every(Boolean);
      },
      30_000,
      250,
    );
  }

  /** host:port of the primary the Sentinels name now. */
  async primaryPort(): Promise<number> {
    const [, port] = (await this.askSentinel(this.sentinelPorts[0]!, (sentinel) =>
      sentinel.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', SENTINEL_NAME),
    )) as [string, string];
    return Number(port);
  }

  /** SIGKILLs the server that is the primary now (a crashed machine): no goodbye to anyone. */
  async killPrimary(): Promise<number> {
    const port = await this.primaryPort();
    const server = this.servers.find((s) => s.port === port)!;
    await new Promise<void>((resolve) => {
      server.process.once('exit', () => resolve());
      server.process.kill('SIGKILL');
    });
    return port;
  }

  /** A plain connection to one data server, for what the test looks at. */
  connect(port: number): Redis {
    return new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1, lazyConnect: true });
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            // Never started (spawn failed: no 'exit' will come), or already ended.
            const ended = server.process.exitCode !== null || server.process.signalCode !== null;
            if (server.process.pid === undefined || ended) return resolve();
            server.process.once('exit', () => resolve());
            server.process.kill('SIGKILL');
          }),
      ),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** What the servers printed, for a failing test's message. */
  output(): string {
    return this.servers.map((s) => `--- ${s.port}\n${s.output}`).join('\n');
  }

  private async dataArgs(): Promise<string[]> {
    const port = await freePort();
    return [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--dbfilename',
      `dump-${port}.rdb`,
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
    ];
  }

  private async startServer(command: string, args: string[], knownPort?: number): Promise<Server> {
    const port = knownPort ?? Number(args[args.indexOf('--port') + 1]);
    const child = spawn(command, args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    const server: Server = { port, process: child, output: '' };
    const keep = (chunk: Buffer) => (server.output += chunk.toString());
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.once('error', (error) => (server.output += `\n${error.message}`));
    this.servers.push(server);
    await waitUntil(
      `${command} on port ${port} to answer (${server.output.trim().split('\n').pop() ?? ''})`,
      async () => {
        if (child.exitCode !== null) throw new Error(`${command} ended:\n${server.output}`);
        const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, retryStrategy: () => null });
        client.on('error', () => undefined);
        try {
          await client.connect();
          return (await client.ping()) === 'PONG';
        } catch {
          return false;
        } finally {
          client.disconnect();
        }
      },
      20_000,
    );
    return server;
  }

  private async replicaInSync(port: number): Promise<boolean> {
    const client = this.connect(port);
    client.on('error', () => undefined);
    try {
      const info = await client.info('replication');
      return /master_link_status:up/.test(info);
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  }

  private async askSentinel<T>(port: number, ask: (sentinel: Redis) => Promise<T>): Promise<T> {
    const sentinel = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 1 });
    sentinel.on('error', () => undefined);
    try {
      await sentinel.connect();
      return await ask(sentinel);
    } finally {
      sentinel.disconnect();
    }
  }
}
