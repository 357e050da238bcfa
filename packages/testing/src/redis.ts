import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { makeTestCertificate, type TestCertificate } from './redisTls.js';

export type { TestCertificate } from './redisTls.js';

/** Options of `startLocalRedis`. */
export interface LocalRedisOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** The `redis-server` (or `valkey-server`) binary. Default `REDIS_SERVER` or `redis-server` on PATH. */
  binary?: string;
  /** How long to wait for it to answer. Default 10 s. */
  startTimeoutMs?: number;
  /**
   * Serve TLS only (no plaintext port), with a certificate for `127.0.0.1` and `localhost` signed by a test
   * CA that the kit makes with `openssl` (`LocalRedis.tls.ca` to verify it). Default `false`.
   */
  tls?: boolean;
  /**
   * ACL users, one `user` directive each, e.g. `'app on >secret ~app:* +get'`. The `default` user keeps full
   * access unless a line redefines it.
   */
  users?: string[];
  /** More `redis-server` arguments (`['--cluster-enabled', 'yes']`). */
  args?: string[];
}

/** A running `redis-server`; see `startLocalRedis`. */
export interface LocalRedis {
  /** `redis://127.0.0.1:<port>` (`rediss://` with `tls`); the same after `restart()`. */
  readonly url: string;
  readonly port: number;
  /** The test CA and server certificate when started with `tls`. */
  readonly tls?: TestCertificate;
  /** Kills the server at once (SIGKILL), as an outage would. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty (no persistence). */
  restart(): Promise<void>;
  /** Stops it (SIGTERM). Safe to call twice. */
  close(): Promise<void>;
}

/** A free loopback port; with `clusterBus`, one whose +10000 (the cluster bus) is free too. */
async function freePort(clusterBus = false): Promise<number> {
  for (;;) {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    await new Promise((r) => server.close(r));
    if (!clusterBus) return port;
    if (port + 10_000 > 65_535) continue;
    const bus = createServer();
    const free = await new Promise<boolean>((resolve) => {
      bus.once('error', () => resolve(false));
      bus.listen(port + 10_000, '127.0.0.1', () => resolve(true));
    });
    if (free) await new Promise((r) => bus.close(r));
    if (free) return port;
  }
}

function ping(port: number, tls: TestCertificate | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tls
      ? tlsConnect({ port, host: '127.0.0.1', ca: tls.ca, servername: 'localhost' })
      : new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    if (tls) socket.once('secureConnect', () => socket.write('PING\r\n'));
    else socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    // An ACL'd default user answers NOAUTH: still a server that answers.
    socket.once('data', (data) => done(/^(\+PONG|-NOAUTH)/.test(data.toString())));
  });
}

function serverArgs(port: number, options: LocalRedisOptions, tls: TestCertificate | undefined): string[] {
  const args = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  if (tls) {
    args.push('--port', '0', '--tls-port', String(port), '--tls-auth-clients', 'no');
    args.push(
      '--tls-cert-file',
      tls.certFile,
      '--tls-key-file',
      tls.keyFile,
      '--tls-ca-cert-file',
      tls.caFile,
    );
  } else {
    args.push('--port', String(port));
  }
  for (const user of options.users ?? []) args.push('--user', ...user.split(/\s+/));
  return [...args, ...(options.args ?? [])];
}

/**
 * Starts a real `redis-server` on 127.0.0.1 (a free port by default) with persistence off
 * (`--save '' --appendonly no`), for tests of `@web-identity/redis`; optionally TLS-only with a test CA, ACL
 * users and any other arguments. Rejects with a message saying what to install when the binary is missing or
 * the server does not answer: a test that needs Redis fails, never skips.
 *
 * @example
 * const redis = await startLocalRedis();
 * const client = await createClient({ url: redis.url }).connect();
 * await redis.kill(); // an outage; then await redis.restart();
 * await redis.close();
 */
export async function startLocalRedis(options: LocalRedisOptions = {}): Promise<LocalRedis> {
  const binary = options.binary ?? process.env.REDIS_SERVER ?? 'redis-server';
  const port = options.port || (await freePort());
  const timeout = options.startTimeoutMs ?? 10_000;
  const tls = options.tls ? await makeTestCertificate() : undefined;
  const args = serverArgs(port, options, tls);
  let child: ChildProcess | null = null;

  async function start(): Promise<void> {
    const proc = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = ''; // redis-server logs its start-up errors to stdout
    const keep = (d: unknown) => {
      stderr = (stderr + String(d)).slice(-2_000);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    let error: Error | null = null;
    proc.once('error', (err) => {
      error = new Error(
        `startLocalRedis: cannot run ${binary} (${(err as NodeJS.ErrnoException).code ?? err.message}); install it (Debian: apt-get install -y redis-server) or set REDIS_SERVER.`,
      );
    });
    proc.once('exit', (code) => {
      error ??= new Error(
        `startLocalRedis: ${binary} exited with ${code}: ${
          stderr
            .split('\n')
            .filter((l) => / # /.test(l))
            .slice(-3)
            .join(' ') || stderr.slice(-500)
        }`,
      );
    });
    const deadline = Date.now() + timeout;
    while (!(await ping(port, tls))) {
      if (error) throw error;
      if (Date.now() > deadline) {
        proc.kill('SIGKILL');
        throw new Error(`startLocalRedis: ${binary} did not answer on port ${port} within ${timeout} ms.`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    child = proc;
  }

  async function stop(signal: NodeJS.Signals): Promise<void> {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = once(proc, 'exit');
    proc.kill(signal);
    await exited;
  }

  await start();
  return {
    url: `${tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`,
    port,
    ...(tls ? { tls } : {}),
    kill: () => stop('SIGKILL'),
    async restart() {
      await stop('SIGKILL');
      await start();
    },
    async close() {
      await stop('SIGTERM');
      tls?.remove();
    },
  };
}

/** Options of `startLocalRedisCluster`. */
export interface LocalRedisClusterOptions {
  /** Masters (no replicas). Default 3, the least `redis-cli --cluster create` accepts. */
  masters?: number;
  /** The `redis-cli` binary. Default `REDIS_CLI` or `redis-cli` on PATH. */
  cli?: string;
  /** As `startLocalRedis`: ACL users on every node. */
  users?: string[];
  /** As `startLocalRedis`: the `redis-server` (or `valkey-server`) binary. */
  binary?: string;
}

/** A running Redis Cluster of `startLocalRedisCluster`. */
export interface LocalRedisCluster {
  /** One server per master, in slot order. */
  readonly nodes: readonly LocalRedis[];
  /** `{ host, port }` of each master: the root nodes a cluster client starts from. */
  readonly rootNodes: readonly { host: string; port: number }[];
  /** Kills node `i` (SIGKILL): its slots fail; the others keep serving theirs. */
  kill(i: number): Promise<void>;
  /** Starts node `i` again, empty, with its slots (its `nodes.conf` is kept) and waits for the cluster to be ok. */
  restart(i: number): Promise<void>;
  /**
   * Moves `slots` hash slots, with their keys, from node `from` to node `to` (`redis-cli --cluster reshard`):
   * clients see MOVED and ASK while it runs.
   */
  reshard(from: number, to: number, slots: number): Promise<void>;
  /** Stops every node and removes their files. */
  close(): Promise<void>;
}

function run(binary: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    proc.stdout.on('data', (d) => {
      out += String(d);
    });
    proc.stderr.on('data', (d) => {
      out += String(d);
    });
    proc.once('error', (err) =>
      reject(
        new Error(
          `startLocalRedisCluster: cannot run ${binary} (${(err as NodeJS.ErrnoException).code ?? err.message}); install it (Debian: apt-get install -y redis-tools) or set REDIS_CLI.`,
        ),
      ),
    );
    // 'close', not 'exit': a child can exit before its output was read, and `cluster myid` then read as ''.
    proc.once('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${binary} ${args.join(' ')}: ${out.slice(0, 500)}`)),
    );
  });
}

/**
 * Starts a Redis Cluster on loopback: `masters` real `redis-server`s with `--cluster-enabled yes` (persistence
 * off, `--cluster-require-full-coverage no` so a dead node costs only its own slots), joined with
 * `redis-cli --cluster create`, and waits until every node reports `cluster_state:ok`. Fails (never skips)
 * with what to install when a binary is missing.
 *
 * @example
 * const cluster = await startLocalRedisCluster();
 * const client = await createCluster({ rootNodes: cluster.rootNodes.map((n) => ({ url: `redis://${n.host}:${n.port}` })) }).connect();
 * await cluster.kill(1); // a node down; await cluster.restart(1);
 * await cluster.close();
 */
export async function startLocalRedisCluster(
  options: LocalRedisClusterOptions = {},
): Promise<LocalRedisCluster> {
  const cli = options.cli ?? process.env.REDIS_CLI ?? 'redis-cli';
  const dir = mkdtempSync(join(tmpdir(), 'web-identity-cluster-'));
  const nodes: LocalRedis[] = [];
  const ports: number[] = [];
  const clusterOk = async (port: number) =>
    /cluster_state:ok/.test(await run(cli, ['-p', String(port), 'cluster', 'info']).catch(() => ''));
  const waitOk = async () => {
    const deadline = Date.now() + 30_000;
    while (!(await Promise.all(ports.map(clusterOk))).every(Boolean)) {
      if (Date.now() > deadline)
        throw new Error('startLocalRedisCluster: the cluster did not become ok in 30 s.');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  try {
    for (let i = 0; i < (options.masters ?? 3); i++) {
      const port = await freePort(true);
      const args = ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--dir', dir];
      args.push('--cluster-node-timeout', '1000', '--cluster-require-full-coverage', 'no');
      args.push('--cluster-allow-reads-when-down', 'no');
      nodes.push(
        await startLocalRedis({
          port,
          args,
          ...(options.users ? { users: options.users } : {}),
          ...(options.binary ? { binary: options.binary } : {}),
        }),
      );
      ports.push(port);
    }
    await run(cli, [
      '--cluster',
      'create',
      ...ports.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas',
      '0',
      '--cluster-yes',
    ]);
    await waitOk();
  } catch (err) {
    for (const node of nodes) await node.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    nodes,
    rootNodes: ports.map((port) => ({ host: '127.0.0.1', port })),
    kill: (i) => nodes[i]!.kill(),
    async restart(i) {
      await nodes[i]!.restart();
      await waitOk();
    },
    async reshard(from, to, slots) {
      const id = async (i: number) => {
        const answer = (await run(cli, ['-p', String(ports[i]), 'cluster', 'myid'])).trim();
        if (!/^[0-9a-f]{40}$/.test(answer))
          throw new Error(`startLocalRedisCluster: node ${i} answered CLUSTER MYID with "${answer}".`);
        return answer;
      };
      const [fromId, toId] = await Promise.all([id(from), id(to)]);
      await run(cli, [
        '--cluster',
        'reshard',
        `127.0.0.1:${ports[from]}`,
        '--cluster-from',
        fromId,
        '--cluster-to',
        toId,
        '--cluster-slots',
        String(slots),
        '--cluster-yes',
      ]);
      await waitOk();
    },
    async close() {
      for (const node of nodes) await node.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
