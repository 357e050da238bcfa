import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, Socket } from 'node:net';

/** Options of `startLocalRedis`. */
export interface LocalRedisOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** The `redis-server` (or `valkey-server`) binary. Default `REDIS_SERVER` or `redis-server` on PATH. */
  binary?: string;
  /** How long to wait for it to answer. Default 10 s. */
  startTimeoutMs?: number;
}

/** A running `redis-server`; see `startLocalRedis`. */
export interface LocalRedis {
  /** `redis://127.0.0.1:<port>`; the same after `restart()`. */
  readonly url: string;
  readonly port: number;
  /** Kills the server at once (SIGKILL), as an outage would. */
  kill(): Promise<void>;
  /** Starts it again on the same port, empty (no persistence). */
  restart(): Promise<void>;
  /** Stops it (SIGTERM). Safe to call twice. */
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/**
 * Starts a real `redis-server` on 127.0.0.1 (a free port by default) with persistence off
 * (`--save '' --appendonly no`), for tests of `@web-identity/redis`. Rejects with a message saying what to
 * install when the binary is missing or the server does not answer: a test that needs Redis fails, never skips.
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
  let child: ChildProcess | null = null;

  async function start(): Promise<void> {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    const proc = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr?.on('data', (d) => {
      stderr += String(d);
    });
    const failed = new Promise<Error>((resolve) => {
      proc.once('error', (err) =>
        resolve(
          new Error(
            `startLocalRedis: cannot run ${binary} (${(err as NodeJS.ErrnoException).code ?? err.message}); install it (Debian: apt-get install -y redis-server) or set REDIS_SERVER.`,
          ),
        ),
      );
      proc.once('exit', (code) =>
        resolve(new Error(`startLocalRedis: ${binary} exited with ${code}: ${stderr.slice(0, 500)}`)),
      );
    });
    const deadline = Date.now() + timeout;
    let error: Error | null = null;
    void failed.then((e) => {
      error = e;
    });
    while (!(await ping(port))) {
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
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: () => stop('SIGKILL'),
    async restart() {
      await stop('SIGKILL');
      await start();
    },
    close: () => stop('SIGTERM'),
  };
}
