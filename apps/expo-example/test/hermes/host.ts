/**
 * The host side of the Hermes run: starts the `hermes` VM (hermes-engine-cli) in REPL mode, loads the bundle,
 * and plays React Native's native side for it (./nativeSide.ts), one line per message each way.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TargetResults } from '@web-identity/conformance';
import { createNativeSide, type Message } from './nativeSide.js';

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
  const other: string[] = [];
  const deliver = (msg: object) => {
    if (vm.stdin.writable) vm.stdin.write(`__rn.receive(${JSON.stringify(msg)})\n`);
  };
  const native = createNativeSide(deliver);
  const { logs, storage, stored } = native;

  return new Promise<HermesRun>((resolve, reject) => {
    const stop = () => {
      native.stop();
      clearTimeout(deadline);
      vm.stdin.end();
      vm.kill();
    };
    const deadline = setTimeout(() => {
      stop();
      reject(new Error(`Hermes run timed out; output:\n${[...other, ...logs].slice(-40).join('\n')}`));
    }, opts.timeoutMs);
    const onMessage = (msg: Message) => {
      if (native.handle(msg)) return;
      if (msg.t === 'event' && msg.type === 'scenario') {
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
    vm.stdin.on('error', (e) => other.push(`stdin: ${String(e)}`)); // the VM went away mid-write
    vm.on('exit', (code) => {
      stop(); // no-op after `done`; otherwise the run ended early, and says how
      reject(
        new Error(
          `Hermes exited (${code}) before the run ended:\n${[...other, ...logs].slice(-40).join('\n')}`,
        ),
      );
    });
    // The whole bundle as one REPL line: an indirect eval runs it in the global scope, as a script.
    vm.stdin.write(`(0, eval)(${JSON.stringify(bundle)});\n`);
  });
}
