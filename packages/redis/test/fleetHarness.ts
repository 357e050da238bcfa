// The fleet test's machinery: three instances (child processes) on a shared Redis, the kit's STS with two roles,
// and the checks every answer goes through (its subject, its role, never another user's or role's keys).
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { defaultRoles, type LocalKit, startLocalKit } from '@web-identity/testing';
import type { Inspector } from './helpers.js';

const child = fileURLToPath(new URL('./fleetInstance.mjs', import.meta.url));

export const SECOND_ROLE = 'arn:aws:iam::123456789012:role/PhotoViewer';

/** The kit with a second role that trusts the same IdP (a copy of PhotoUploader under another ARN). */
export async function startFleetKit(): Promise<LocalKit> {
  return startLocalKit({
    resolve: (issuer) => {
      const roles = defaultRoles([issuer]);
      return { roles: [...roles, { ...roles[0]!, arn: SECOND_ROLE }] };
    },
  });
}

/** Where the instances find Redis (JSON for the child's argv). */
export type FleetTarget =
  | { url: string; ca?: string; user?: { name: string; password: string }; port: number }
  | { rootNodes: { host: string; port: number }[] };

export interface Instance {
  proc: ChildProcess;
  url: string;
  logs: { event: string; code?: string; message?: string }[];
}

export async function startInstance(
  kit: LocalKit,
  target: FleetTarget,
  opts: { keys: string; prefix: string; client: string; timeoutMs?: number },
): Promise<Instance> {
  const cfg = { ...kit.config, target, roles: [kit.config.roleArn, SECOND_ROLE], ...opts };
  const proc = fork(child, [JSON.stringify(cfg)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const logs: Instance['logs'] = [];
  const port = await new Promise<number>((resolve, reject) => {
    proc.on('message', (m: { port?: number; log?: Instance['logs'][number] }) => {
      if (m.port) resolve(m.port);
      if (m.log) logs.push(m.log);
      if (m.log && process.env.FLEET_DEBUG)
        console.error(`[${new Date().toISOString()}] ${opts.client}`, JSON.stringify(m.log));
    });
    proc.once('exit', (code) => reject(new Error(`fleet instance exited with ${code}`)));
  });
  return { proc, url: `http://127.0.0.1:${port}`, logs };
}

export async function stopInstance(instance: Instance): Promise<void> {
  if (instance.proc.exitCode !== null) return;
  const exited = new Promise((r) => instance.proc.once('exit', r));
  instance.proc.kill('SIGKILL');
  await exited;
}

interface Answer {
  status: number;
  subject?: string;
  role?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
}

/** Every answer checked: right subject, right role, keys never seen for another user or role. */
export class FleetChecks {
  readonly problems: string[] = [];
  readonly secrets = new Set<string>();
  private readonly owner = new Map<string, string>(); // accessKeyId → `${role} ${subject}` it was first handed to
  constructor(
    private readonly tokens: string[],
    private readonly roles: Record<'a' | 'b', string>,
  ) {}

  async ask(instance: Instance, user: number, role: 'a' | 'b' = 'a'): Promise<void> {
    const res = await fetch(`${instance.url}/api/${role}/me`, {
      headers: { authorization: `Bearer ${this.tokens[user]}` },
    });
    const body = (await res.json()) as Answer;
    const subject = `user-${user}`;
    if (res.status !== 200) {
      this.problems.push(`${subject}: HTTP ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
      return;
    }
    if (body.subject !== subject) this.problems.push(`${subject}: answered as ${body.subject}`);
    const assumed = `${this.roles[role].replace(':iam:', ':sts:').replace(':role/', ':assumed-role/')}/`;
    if (!body.role?.startsWith(assumed))
      this.problems.push(`${subject}: role ${role} answered with ${body.role}`);
    const who = `${role} ${subject}`;
    const first = this.owner.get(body.accessKeyId!) ?? who;
    this.owner.set(body.accessKeyId!, first);
    if (first !== who) this.problems.push(`${who}: got ${first}'s credentials`);
    this.secrets.add(body.secretAccessKey!);
    this.secrets.add(body.sessionToken!);
  }

  /** Every user in `users` sends to all instances at once, `concurrency` users at a time. */
  async load(
    instances: Instance[],
    users: number[],
    opts: { concurrency: number; role?: 'a' | 'b'; onProgress?: (done: number) => void | Promise<void> },
  ): Promise<void> {
    let next = 0;
    let done = 0;
    await Promise.all(
      Array.from({ length: opts.concurrency }, async () => {
        while (next < users.length) {
          const user = users[next++]!;
          await Promise.all(instances.map((instance) => this.ask(instance, user, opts.role)));
          await opts.onProgress?.(++done);
        }
      }),
    );
  }

  /** Nothing in Redis names a user, holds a secret or a token part, or is unsealed. */
  async scan(look: Inspector, prefix: string, kid: string, tokenCount: number): Promise<number> {
    const keys = await look.keys('*');
    const texts: string[] = [];
    for (const key of keys) {
      const value = (await look.get(key)) ?? '';
      const text = `${key} ${value}`;
      texts.push(text);
      if (/user-\d/.test(text)) this.problems.push(`${key}: names a subject`);
      if (key.startsWith(`${prefix}c:`) && !value.startsWith(`v1.${kid}.`))
        this.problems.push(`${key}: not sealed`);
      for (const secret of this.secrets)
        if (text.includes(secret)) this.problems.push(`${key}: holds a secret in clear`);
    }
    const joined = texts.join('\n');
    for (const token of this.tokens.slice(0, tokenCount)) {
      const [, payload, signature] = token.split('.');
      if (joined.includes(payload!) || joined.includes(signature!))
        this.problems.push('an ID token in Redis');
    }
    return keys.length;
  }
}

export const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
