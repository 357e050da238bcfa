import { abortedError, scrub } from './awsError.js';
import { elapsedSince, stamp as readClocks, type Stamp, wallTimeOf } from './clock.js';
import { redactedCredentials } from './credentials.js';
import { devWarn, unrefTimer } from './env.js';
import { CredentialsError } from './errors.js';
import { readIdToken } from './jwt.js';
import { checkRegion, configError } from './sources/validate.js';
import { defaultTransport } from './transport/default.js';
import type {
  AwsCredentials,
  CredentialsClient,
  CredentialsClientOptions,
  CredentialsIdentity,
  CredentialsSnapshot,
  ExchangeResult,
  IdTokenClaims,
  Listener,
} from './types.js';

/** Longest a timer is set for, so a jump of either clock (sleep, suspended tab, clock set) is noticed within this delay. */
const HEARTBEAT_MS = 30_000;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 60_000;
const WAKE_EVENTS = ['online', 'focus', 'pageshow'] as const;

/**
 * A moment `ms` after `from`, measured on every clock (see clock.ts): a wall clock set back cannot postpone
 * it, a sleep that pauses the monotonic clock cannot either.
 */
interface Deadline {
  from: Stamp;
  ms: number;
}

/** Milliseconds until `d` (≤ 0: due), on the local wall clock corrected as in `wallTimeOf`. */
function left(d: Deadline, now: Stamp): number {
  return wallTimeOf(d.from, d.ms, now) - now.wall;
}

interface Held {
  value: AwsCredentials;
  /** When AWS stops accepting the keys: the lifetime AWS granted, from when they arrived. */
  expiry: Deadline;
  refresh: Deadline;
  /** The mandatory window: below this much left, callers wait for a new exchange. */
  mandatoryMs: number;
}

interface Flight {
  promise: Promise<AwsCredentials>;
  resolve(c: AwsCredentials): void;
  reject(e: CredentialsError): void;
  controller: AbortController;
}

class SignedOut extends Error {}

const IDENTITY_CODES = new Set(['InvalidIdentityToken', 'ExpiredIdentityToken']);

function toCredentialsError(e: unknown): CredentialsError {
  if (e instanceof CredentialsError) return e;
  return new CredentialsError(
    'NoIdentityToken',
    `getIdToken() threw (${scrub((e as Error)?.name)}: ${scrub((e as Error)?.message ?? e)}). Sign the user in again, then call refresh().`,
    { cause: e },
  );
}

function sameDate(a: Date | null, b: Date | null): boolean {
  return a === b || (a !== null && b !== null && a.getTime() === b.getTime());
}

/**
 * The one signed-out snapshot: what a client shows before a session and after `signOut()`, and what the
 * adapters render on the server (credentials live in the browser's memory only).
 *
 * @example
 * client.getSnapshot() === SIGNED_OUT_SNAPSHOT; // true before the first subscribe()
 */
export const SIGNED_OUT_SNAPSHOT: CredentialsSnapshot = Object.freeze({
  status: 'signed-out',
  credentials: null,
  identity: null,
  expiresAt: null,
  refreshAt: null,
  error: null,
  exchangeCount: 0,
});
const SIGNED_OUT = SIGNED_OUT_SNAPSHOT;

/**
 * The snapshot to render on the server and during hydration: always signed out. The browser takes over
 * once hydrated (React) or mounted (Vue).
 *
 * @example
 * useSyncExternalStore(client.subscribe, client.getSnapshot, getServerSnapshot);
 */
export function getServerSnapshot(): CredentialsSnapshot {
  return SIGNED_OUT_SNAPSHOT;
}

/**
 * The channel name other tabs listen on for sign-out, unless `broadcastChannel` says otherwise.
 *
 * @example
 * new BroadcastChannel(DEFAULT_BROADCAST_CHANNEL).onmessage = () => console.log('signed out in another tab');
 */
export const DEFAULT_BROADCAST_CHANNEL = 'web-identity';

export interface CreateCredentialsClientOptions extends CredentialsClientOptions {
  /**
   * BroadcastChannel name used to sign other tabs out when this one signs out. Default
   * `'web-identity'` in browsers and workers, off in Node (where one process serves many users); `false` turns it off.
   */
  broadcastChannel?: string | false;
}

/**
 * Creates a credentials client: it trades the user's ID token for temporary AWS credentials through
 * `source`, keeps them in memory, refreshes them before they expire and shares one exchange between every
 * caller. Creating it does nothing: the session starts with the first `subscribe()`, `getCredentials()` or
 * `refresh()`.
 *
 * @example
 * const client = createCredentialsClient({
 *   region: 'eu-west-1',
 *   source: webIdentity({ roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader' }),
 *   getIdToken: async () => (await userManager.getUser())?.id_token ?? null,
 * });
 * const s3 = new S3Client({ region: 'eu-west-1', credentials: client.provider });
 */
export function createCredentialsClient(options: CreateCredentialsClientOptions): CredentialsClient {
  const { region, source, getIdToken } = options ?? ({} as CreateCredentialsClientOptions);
  if (typeof region !== 'string')
    throw configError('createCredentialsClient: region is required (e.g. "eu-west-1").');
  checkRegion(region, 'createCredentialsClient');
  if (!source || typeof source.exchange !== 'function') {
    throw configError(
      'createCredentialsClient: source must be webIdentity(...), cognitoIdentityPool(...), credentialEndpoint(...) or an object with exchange().',
    );
  }
  if (typeof getIdToken !== 'function') {
    throw configError(
      'createCredentialsClient: getIdToken must be a function returning the ID token, or null when signed out.',
    );
  }
  const refreshBefore = options.refreshBeforeExpiryMs ?? 5 * 60_000;
  const minValidity = options.minValidityMs ?? 60_000;
  for (const [name, v] of [
    ['refreshBeforeExpiryMs', refreshBefore],
    ['minValidityMs', minValidity],
  ] as const) {
    if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) {
      throw configError(`createCredentialsClient: ${name} must be a number of milliseconds ≥ 0.`);
    }
  }
  if (refreshBefore < minValidity) {
    devWarn(
      'windows',
      `refreshBeforeExpiryMs (${refreshBefore}) is shorter than minValidityMs (${minValidity}): every refresh will make callers wait.`,
      'refreshbeforeexpiryms-shorter-than-minvalidityms',
    );
  }
  const transport = options.transport ?? defaultTransport();
  const g = globalThis as unknown as {
    addEventListener?: (t: string, f: () => void) => void;
    removeEventListener?: (t: string, f: () => void) => void;
    document?: {
      visibilityState?: string;
      addEventListener?: (t: string, f: () => void) => void;
      removeEventListener?: (t: string, f: () => void) => void;
    };
    BroadcastChannel?: typeof BroadcastChannel;
  };
  const channelName =
    options.broadcastChannel === undefined
      ? g.document !== undefined ||
        typeof (globalThis as { importScripts?: unknown }).importScripts === 'function'
        ? DEFAULT_BROADCAST_CHANNEL
        : false
      : options.broadcastChannel;

  let disposed = false;
  /** Bumped by every wipe: credentials handed out before it read as expired (AWS SDK caches drop them). */
  let generation = 0;
  let session = false;
  let everStarted = false;
  let held: Held | null = null;
  let identity: CredentialsIdentity | null = null;
  let error: CredentialsError | null = null;
  let halted = false;
  let retry: Deadline | null = null;
  let attempts = 0;
  let exchangeCount = 0;
  let clockOffset = 0;
  let flight: Flight | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** The delays of this client's timers that fired, summed: time that certainly went by (see clock.ts). */
  let timerClock = 0;
  const stamp = () => readClocks(timerClock);
  let channel: BroadcastChannel | null = null;
  let snapshot: CredentialsSnapshot = SIGNED_OUT;
  let notified: CredentialsSnapshot = SIGNED_OUT;
  const listeners = new Set<Listener>();

  // ---- store ---------------------------------------------------------------------------------------

  function expire(now: Stamp): void {
    if (held && left(held.expiry, now) <= 0) held = null;
  }

  /** Whether the next attempt (a backoff retry, or the advisory refresh) is due. */
  function due(now: Stamp): boolean {
    return retry ? left(retry, now) <= 0 : !held || left(held.refresh, now) <= 0;
  }

  function compute(): CredentialsSnapshot {
    const now = stamp();
    expire(now);
    const status = flight
      ? held
        ? 'refreshing'
        : 'loading'
      : held
        ? 'ready'
        : session
          ? error
            ? 'error'
            : 'loading'
          : 'signed-out';
    const next = retry ?? held?.refresh;
    const planned = !session || flight || halted || !next ? null : wallTimeOf(next.from, next.ms, now);
    const prev = snapshot;
    const expiresAt = held ? new Date(wallTimeOf(held.expiry.from, held.expiry.ms, now)) : null;
    const refreshAt = planned === null ? null : new Date(planned);
    if (
      prev.status === status &&
      prev.credentials === (held?.value ?? null) &&
      prev.identity === identity &&
      prev.error === error &&
      prev.exchangeCount === exchangeCount &&
      sameDate(prev.expiresAt, expiresAt) &&
      sameDate(prev.refreshAt, refreshAt)
    ) {
      return prev;
    }
    return Object.freeze({
      status,
      credentials: held?.value ?? null,
      identity,
      expiresAt,
      refreshAt,
      error,
      exchangeCount,
    });
  }

  function publish(): void {
    snapshot = compute();
    if (snapshot === notified) return;
    notified = snapshot;
    for (const l of [...listeners]) {
      try {
        l(snapshot);
      } catch (e) {
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }

  // ---- scheduler -----------------------------------------------------------------------------------

  function clearTimer(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  function schedule(): void {
    clearTimer();
    if (!session || flight) return;
    const now = stamp();
    const next = retry ?? held?.refresh;
    let wait = halted ? Number.POSITIVE_INFINITY : next ? left(next, now) : 0;
    if (held) wait = Math.min(wait, left(held.expiry, now));
    if (wait === Number.POSITIVE_INFINITY) return;
    const delay = Math.max(0, Math.min(wait, HEARTBEAT_MS));
    timer = unrefTimer(() => {
      timerClock += delay;
      tick();
    }, delay);
  }

  /** Re-checks everything against both clocks: on timers, wake-up events and late timers alike. */
  function tick(): void {
    timer = undefined;
    if (!session) return;
    const now = stamp();
    expire(now);
    if (!flight && !halted && due(now)) start();
    publish();
    schedule();
  }

  function onWake(this: unknown, ev?: Event): void {
    if (g.document?.visibilityState === 'hidden') return;
    if (ev?.type === 'online' && retry && error?.code === 'Network') retry = { from: stamp(), ms: 0 };
    tick();
  }

  function attach(): void {
    for (const t of WAKE_EVENTS) g.addEventListener?.(t, onWake);
    g.document?.addEventListener?.('visibilitychange', onWake);
    if (channelName && g.BroadcastChannel && !channel) {
      channel = new g.BroadcastChannel(channelName);
      (channel as unknown as { unref?: () => void }).unref?.();
      channel.onmessage = (ev: MessageEvent) => {
        if ((ev.data as { type?: unknown })?.type === 'web-identity:sign-out') wipe(false);
      };
    }
  }

  function detach(): void {
    for (const t of WAKE_EVENTS) g.removeEventListener?.(t, onWake);
    g.document?.removeEventListener?.('visibilitychange', onWake);
    channel?.close();
    channel = null;
  }

  function startSession(): void {
    session = true;
    everStarted = true;
    halted = false;
    error = null;
    retry = null;
    attempts = 0;
    attach();
  }

  function wipe(broadcast: boolean): void {
    generation++;
    const f = flight;
    flight = null;
    session = false;
    held = null;
    identity = null;
    error = null;
    halted = false;
    retry = null;
    attempts = 0;
    clearTimer();
    if (f) {
      f.controller.abort();
      f.reject(abortedError());
    }
    if (broadcast && channelName && g.BroadcastChannel) {
      const ch = channel ?? new g.BroadcastChannel(channelName);
      try {
        ch.postMessage({ type: 'web-identity:sign-out' });
      } finally {
        if (ch !== channel) ch.close();
      }
    }
    detach();
    publish();
  }

  // ---- exchange ------------------------------------------------------------------------------------

  function start(): Flight {
    if (flight) return flight;
    let resolve!: (c: AwsCredentials) => void;
    let reject!: (e: CredentialsError) => void;
    const promise = new Promise<AwsCredentials>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    promise.catch(() => {});
    const f: Flight = { promise, resolve, reject, controller: new AbortController() };
    flight = f;
    clearTimer();
    run(f).then(
      (out) => {
        if (flight !== f) return;
        flight = null;
        let value: AwsCredentials;
        try {
          value = accept(out.result, out.claims, out.startedAt);
        } catch (e) {
          fail(f, e);
          return;
        }
        publish();
        schedule();
        f.resolve(value);
      },
      (e) => {
        if (flight !== f) return;
        flight = null;
        fail(f, e);
      },
    );
    return f;
  }

  function fail(f: Flight, e: unknown): void {
    if (e instanceof SignedOut) {
      wipe(false);
      f.reject(
        new CredentialsError(
          'NoIdentityToken',
          'getIdToken() returned null: no user is signed in. Sign in, then call refresh().',
        ),
      );
      return;
    }
    let err = toCredentialsError(e);
    if (err.retryable) {
      attempts++;
      const delay = Math.round(
        Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempts - 1)),
      );
      const now = stamp();
      retry = { from: now, ms: delay };
      err = new CredentialsError(err.code, err.message, {
        cause: err.cause,
        retryAt: new Date(now.wall + delay),
      });
    } else {
      halted = true;
      retry = null;
    }
    error = err;
    publish();
    schedule();
    f.reject(err);
  }

  async function run(
    f: Flight,
  ): Promise<{ result: ExchangeResult; claims: IdTokenClaims; startedAt: Stamp }> {
    const signal = f.controller.signal;
    const check = () => {
      if (flight !== f || signal.aborted) throw abortedError();
    };
    const token = async (forceRefresh: boolean) => {
      const t = await getIdToken({ forceRefresh, signal });
      check();
      if (t === null || t === undefined) throw new SignedOut();
      return { token: t, claims: readIdToken(t) };
    };
    const exchange = async (t: { token: string; claims: IdTokenClaims }) => {
      const startedAt = stamp();
      const result = await source.exchange(t.token, { region, claims: t.claims, transport, signal });
      check();
      return { result, claims: t.claims, startedAt };
    };
    let t = await token(false);
    let forced = false;
    if (typeof t.claims.exp === 'number' && t.claims.exp * 1000 <= Date.now() + clockOffset) {
      // Expired by AWS's clock as far as we know it: get a fresh one instead of wasting an STS call.
      forced = true;
      t = await token(true);
    }
    try {
      return await exchange(t);
    } catch (e) {
      check();
      if (forced || !(e instanceof CredentialsError) || !IDENTITY_CODES.has(e.code)) throw e;
    }
    return exchange(await token(true));
  }

  function accept(r: ExchangeResult, claims: IdTokenClaims, startedAt: Stamp): AwsCredentials {
    const now = stamp();
    if (
      !r ||
      typeof r.accessKeyId !== 'string' ||
      typeof r.secretAccessKey !== 'string' ||
      typeof r.sessionToken !== 'string' ||
      !(r.expiration instanceof Date) ||
      Number.isNaN(r.expiration.getTime())
    ) {
      throw new CredentialsError(
        'ServerError',
        `The ${source.kind} source returned incomplete credentials; the client retries.`,
      );
    }
    // The lifetime left, measured on AWS's clock; from here on it runs on the monotonic clock (and the wall
    // clock, whichever says less is left), so setting the device clock cannot stretch it.
    let lifetime: number;
    if (r.serverDate instanceof Date && !Number.isNaN(r.serverDate.getTime())) {
      const offset = r.serverDate.getTime() - now.wall;
      // The Date header has one-second resolution: below that there is nothing to correct.
      clockOffset = Math.abs(offset) < 1000 ? 0 : offset;
      lifetime = r.expiration.getTime() - clockOffset - now.wall;
    } else {
      const byDuration = r.durationSeconds
        ? r.durationSeconds * 1000 - elapsedSince(startedAt, now)
        : Number.POSITIVE_INFINITY;
      const stated = r.expiration.getTime() - clockOffset - now.wall;
      lifetime = stated > 0 ? Math.min(stated, byDuration) : byDuration;
    }
    if (!(lifetime > 0) || !Number.isFinite(lifetime)) {
      throw new CredentialsError(
        'ServerError',
        'AWS returned credentials that are already expired by this device clock and no Date header was readable to correct it; expose the Date header (CORS) or fix the clock.',
      );
    }
    const advisory = Math.min(refreshBefore, lifetime / 2);
    const mandatory = Math.min(minValidity, lifetime / 4);
    const jitter = Math.random() * 0.1 * advisory;
    const gen = generation;
    const expiry: Deadline = { from: now, ms: lifetime };
    const value = redactedCredentials(
      {
        accessKeyId: r.accessKeyId,
        secretAccessKey: r.secretAccessKey,
        sessionToken: r.sessionToken,
        expiration: new Date(wallTimeOf(now, lifetime, now)),
      },
      () => generation !== gen,
      // Read on the local clock as it is now: a clock set back since the exchange moves it back too.
      () => wallTimeOf(expiry.from, expiry.ms, stamp()),
    );
    held = {
      value,
      expiry,
      refresh: { from: now, ms: lifetime - advisory - jitter },
      mandatoryMs: mandatory,
    };
    const aud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
    const next: CredentialsIdentity = {
      subject: r.identity?.subject ?? claims.sub ?? '',
      provider: claims.iss ?? r.identity?.provider ?? source.kind,
    };
    const audience = r.identity?.audience ?? aud;
    if (audience !== undefined) next.audience = audience;
    if (r.identity?.assumedRoleArn) next.assumedRoleArn = r.identity.assumedRoleArn;
    if (r.identity?.identityId) next.identityId = r.identity.identityId;
    if (
      !identity ||
      identity.subject !== next.subject ||
      identity.provider !== next.provider ||
      identity.audience !== next.audience ||
      identity.assumedRoleArn !== next.assumedRoleArn ||
      identity.identityId !== next.identityId
    ) {
      identity = Object.freeze(next);
    }
    error = null;
    halted = false;
    retry = null;
    attempts = 0;
    exchangeCount++;
    return value;
  }

  // ---- public API ----------------------------------------------------------------------------------

  function ensureUsable(): void {
    if (disposed)
      throw new CredentialsError('Aborted', 'This credentials client was disposed; create a new one.');
    if (!session) startSession();
  }

  async function getCredentials(): Promise<AwsCredentials> {
    ensureUsable();
    const now = stamp();
    expire(now);
    if (held && left(held.expiry, now) > held.mandatoryMs) {
      if (!flight && !halted && due(now)) {
        start();
        publish();
      }
      return held.value;
    }
    if (flight) return flight.promise;
    if (error && (halted || (retry && left(retry, now) > 0))) throw error;
    const f = start();
    publish();
    return f.promise;
  }

  async function refresh(): Promise<AwsCredentials> {
    ensureUsable();
    if (flight) return flight.promise;
    halted = false;
    retry = null;
    attempts = 0;
    const f = start();
    publish();
    return f.promise;
  }

  function getSnapshot(): CredentialsSnapshot {
    if (held && left(held.expiry, stamp()) <= 0) {
      // Never hand out an expired snapshot, even if no timer fired (sleep, throttled tab).
      snapshot = compute();
      queueMicrotask(tick);
    }
    return snapshot;
  }

  function subscribe(listener: Listener): () => void {
    listeners.add(listener);
    if (!everStarted && !disposed) {
      startSession();
      start();
      publish();
    }
    return () => {
      listeners.delete(listener);
    };
  }

  const provider = () => getCredentials();

  return Object.freeze({
    getSnapshot,
    subscribe,
    getCredentials,
    refresh,
    provider,
    signOut: () => wipe(true),
    dispose() {
      wipe(false);
      disposed = true;
      listeners.clear();
    },
  });
}
