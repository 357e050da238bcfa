import { spawn } from 'node:child_process';

/** What a finished child process left. */
export interface ChildRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A running child: `done` when it exits by itself, `stop()` to end it and get what it left. */
export interface Child {
  done: Promise<ChildRun>;
  exited(): boolean;
  /** Sends `signal` (default SIGTERM) unless it has exited, and waits for it. */
  stop(signal?: NodeJS.Signals): Promise<ChildRun>;
}

/** Starts `command` with `args` (killed after `timeoutMs`), with `env` added to this process's environment. */
export function startChild(
  command: string,
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string; timeoutMs: number },
): Child {
  const started = Date.now();
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let exited = false;
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
  const done = new Promise<ChildRun>((resolve, reject) => {
    child.on('error', (err) => {
      exited = true;
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      exited = true;
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
  return {
    done,
    exited: () => exited,
    stop(signal = 'SIGTERM') {
      if (!exited) child.kill(signal);
      return done;
    },
  };
}

/** Runs `command` to the end and collects its output. */
export function runChild(
  command: string,
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string; timeoutMs: number },
): Promise<ChildRun> {
  return startChild(command, args, options).done;
}
