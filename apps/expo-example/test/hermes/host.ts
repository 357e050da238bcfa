/**
 * The host side of the Hermes run: starts the `hermes` VM (hermes-engine-cli) in REPL mode, loads the bundle,
 * and plays React Native's native side for it — timers on Node's clock, HTTP requests with Node's `fetch` (real
 * HTTP to the kit), AsyncStorage in a Map — one line per message each way.
 */
import { spawn } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TargetResults } from '@web-identity/conformance';

const require = createRequire(import.meta.url);

/** The Linux `hermes` binary that hermes-engine-cli ships (Hermes 0.12). */
export const HERMES = join(
  dirname(require.resolve('hermes-engine-cli/package.json')),
  'linux64-bin',
  'hermes',
);

export interface HermesRun {
  /** The conformance suite's results (`results/hermes.json`). */
  suite: TargetResults;
  /** React Native's own scenarios. */
  reactNative: TargetResults;
  /** Everything the VM logged through `console` / `nativeLoggingHook`. */
  logs: string[];
  /** The AsyncStorage contents at the end. */
  storage: Map<string, string>;
  /** Every value ever written to AsyncStorage. */
  stored: string[];
}

type Message = {
  t: string;
  id?: number;
  ms?: number;
  name?: string;
  args?: Record<string, unknown>;
} & Record<string, unknown>;

/** A blob as React Native's JavaScript names it to the native side. */
type BlobData = { blobId: string; offset: number; size: number; type?: string };

/** Runs `bundlePath` in Hermes; its `start` event gets `config`. Rejects with the VM's output on a timeout. */
export async function runInHermes(opts: {
  bundlePath: string;
  config: Record<string, unknown>;
  timeoutMs: number;
  /** Called as each scenario ends (progress for a long run). */
  onScenario?: (result: { id: string; status: string; reason?: string }) => void;
}): Promise<HermesRun> {
  const bundle = await readFile(opts.bundlePath, 'utf8');
  const vm = spawn(HERMES, ['-Xmicrotask-queue', '-Xes6-proxy', '-prompt=', '-prompt2='], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const timers = new Map<number, NodeJS.Timeout>();
  const requests = new Map<number, AbortController>();
  const storage = new Map<string, string>();
  const stored: string[] = [];
  const logs: string[] = [];
  const other: string[] = [];
  // The Blob native module: a blob's bytes by id; a blob part is text or a slice of another blob.
  const blobs = new Map<string, Buffer>();
  const blobBytes = (d: BlobData) =>
    (blobs.get(d.blobId) ?? Buffer.alloc(0)).subarray(d.offset, d.offset + d.size);
  const onBlob = (msg: Message) => {
    if (msg.op === 'release') blobs.delete(msg.blobId as string);
    if (msg.op !== 'create') return;
    const parts = msg.parts as { type: string; data: string | BlobData }[];
    const bytes = parts.map((p) =>
      p.type === 'string' ? Buffer.from(p.data as string, 'utf8') : blobBytes(p.data as BlobData),
    );
    blobs.set(msg.blobId as string, Buffer.concat(bytes));
  };
  const deliver = (msg: object) => {
    if (vm.stdin.writable) vm.stdin.write(`__rn.receive(${JSON.stringify(msg)})\n`);
  };

  const answer = async (msg: Message): Promise<unknown> => {
    const a = msg.args ?? {};
    switch (msg.name) {
      case 'fetch': {
        const abort = new AbortController();
        requests.set(msg.id as number, abort);
        try {
          const res = await fetch(a.url as string, {
            method: a.method as string,
            headers: a.headers as Record<string, string>,
            body: a.body === null ? undefined : Buffer.from(a.body as string, 'latin1'),
            signal: abort.signal,
          });
          return {
            status: res.status,
            statusText: res.statusText,
            headers: [...res.headers],
            body: await res.text(),
          };
        } finally {
          requests.delete(msg.id as number);
        }
      }
      case 'blob.readAsDataURL': {
        const data = a.data as BlobData;
        return `data:${data.type || 'application/octet-stream'};base64,${blobBytes(data).toString('base64')}`;
      }
      case 'blob.readAsText':
        return blobBytes(a.data as BlobData).toString('utf8');
      case 'crypto.sha256':
        return createHash('sha256')
          .update(Buffer.from(a.data as string, 'base64'))
          .digest('base64');
      case 'crypto.hmacSha256':
        return createHmac('sha256', Buffer.from(a.key as string, 'base64'))
          .update(Buffer.from(a.data as string, 'base64'))
          .digest('base64');
      case 'storage.get':
        return storage.get(a.key as string) ?? null;
      case 'storage.set':
        storage.set(a.key as string, a.value as string);
        stored.push(a.value as string);
        return null;
      case 'storage.remove':
        storage.delete(a.key as string);
        return null;
      default:
        throw new Error(`unknown host call ${msg.name}`);
    }
  };

  return new Promise<HermesRun>((resolve, reject) => {
    const stop = () => {
      for (const t of timers.values()) clearTimeout(t);
      for (const r of requests.values()) r.abort();
      clearTimeout(deadline);
      vm.stdin.end();
      vm.kill();
    };
    const deadline = setTimeout(() => {
      stop();
      reject(new Error(`Hermes run timed out; output:\n${[...other, ...logs].slice(-40).join('\n')}`));
    }, opts.timeoutMs);
    const onMessage = (msg: Message) => {
      if (msg.t === 'timer') {
        timers.set(
          msg.id as number,
          setTimeout(() => {
            timers.delete(msg.id as number);
            deliver({ t: 'fire', id: msg.id });
          }, msg.ms),
        );
      } else if (msg.t === 'clearTimer') {
        clearTimeout(timers.get(msg.id as number));
        timers.delete(msg.id as number);
      } else if (msg.t === 'abortFetch') {
        requests.get(msg.id as number)?.abort();
      } else if (msg.t === 'blob') {
        onBlob(msg);
      } else if (msg.t === 'log') {
        logs.push(String(msg.message));
      } else if (msg.t === 'call') {
        answer(msg).then(
          (value) => deliver({ t: 'reply', id: msg.id, value }),
          (e: unknown) => deliver({ t: 'reply', id: msg.id, error: String(e) }),
        );
      } else if (msg.t === 'event' && msg.type === 'scenario') {
        opts.onScenario?.(msg.payload as { id: string; status: string; reason?: string });
      } else if (msg.t === 'event' && msg.type === 'ready') {
        deliver({ t: 'event', type: 'start', payload: opts.config });
      } else if (msg.t === 'event' && msg.type === 'done') {
        stop();
        const { suite, reactNative } = msg.payload as Pick<HermesRun, 'suite' | 'reactNative'>;
        resolve({ suite, reactNative, logs, storage, stored });
      }
    };
    let buffered = '';
    vm.stdout.setEncoding('utf8');
    vm.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const at = line.indexOf('@@rn ');
        if (at >= 0) onMessage(JSON.parse(line.slice(at + 5)) as Message);
        else if (line.trim() && line.trim() !== 'undefined') other.push(line);
      }
    });
    vm.stderr.setEncoding('utf8');
    vm.stderr.on('data', (chunk: string) => other.push(chunk));
    vm.on('error', reject);
    // The whole bundle as one REPL line: an indirect eval runs it in the global scope, as a script.
    vm.stdin.write(`(0, eval)(${JSON.stringify(bundle)});\n`);
  });
}
