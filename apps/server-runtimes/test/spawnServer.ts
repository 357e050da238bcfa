import { type ChildProcess, spawn } from 'node:child_process';
import type { GlueApp } from '../../../packages/node/test/glue.js';

/** Resolves once `url` answers at all (workerd prints no line when its socket is up). */
async function answering(url: string, child: ChildProcess): Promise<void> {
  while (child.exitCode === null) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/**
 * Starts `command args` with `env` and waits until it serves: its `listening <url>` line, or — with `url` — until
 * that URL answers. `close()` stops that process by its pid. Output is kept for the failure message (the
 * servers log no token).
 */
export function spawnServer(
  command: string,
  args: string[],
  opts: { env: Record<string, string>; cwd: string; url?: string },
): Promise<GlueApp> {
  const child: ChildProcess = spawn(command, args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise<GlueApp>((resolve, reject) => {
    const timer = setTimeout(() => {
      void close();
      reject(new Error(`${command} did not start within 30 s:\n${output}`));
    }, 30_000);
    const ready = (url: string) => {
      clearTimeout(timer);
      resolve({ url, close });
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening (http:\/\/\S+)/.exec(output);
      if (m && !opts.url) ready(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited (${code}) before serving:\n${output}`));
    });
    if (opts.url) {
      const url = opts.url;
      void answering(url, child).then(() => child.exitCode === null && ready(url));
    }
  });
}
