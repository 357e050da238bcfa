import { createHash } from 'node:crypto';

type Listener = (ev: Event) => void;

interface Grant {
  tab: number;
  release: () => void;
}

interface Waiter {
  tab: number;
  grant: () => void;
  abort: () => void;
}

interface ChannelEnd {
  tab: number;
  deliver: (data: unknown) => void;
  closed: boolean;
}

/** The Web Locks subset a fake tab offers (`request` with `ifAvailable` and `signal`, exclusive mode). */
export interface FakeLockManager {
  /** Requests the lock `name`, as `navigator.locks.request` does. */
  request(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => unknown,
  ): Promise<unknown>;
}

/** One in-process "tab" of a fake browser profile. */
export interface FakeTab {
  readonly id: number;
  /** What the tab's code sees as globals: install them (e.g. `vi.stubGlobal`) before its client starts. */
  readonly globals: {
    BroadcastChannel: typeof BroadcastChannel | undefined;
    navigator: { locks?: FakeLockManager };
    /** Web Crypto's SHA-256, answered on the microtask queue so a fake clock stays in control. */
    crypto: { subtle: Pick<SubtleCrypto, 'digest'> };
  };
  /** The tab's window events (`pagehide`, `pageshow`, …): `addEventListener` / `removeEventListener` / `dispatch`. */
  readonly window: {
    /** Adds a window listener. */
    addEventListener(type: string, fn: Listener): void;
    /** Removes a window listener. */
    removeEventListener(type: string, fn: Listener): void;
    /** Fires `type` (e.g. `pagehide`) on this tab's window. */
    dispatch(type: string): void;
    /** How many listeners of `type` are registered. */
    count(type: string): number;
  };
}

const aborted = () => new DOMException('The request was aborted.', 'AbortError');

/** One Web Locks manager for the whole profile: exclusive locks, FIFO queues, `ifAvailable`, `signal`. */
function lockSpace() {
  const held = new Map<string, Grant>();
  const queues = new Map<string, Waiter[]>();
  const frozen = new Set<number>();
  const requested: string[] = [];

  const grantNext = (name: string) => {
    if (!held.has(name)) queues.get(name)?.shift()?.grant();
  };

  function grantTo(tab: number, name: string, cb: (lock: unknown) => unknown): Promise<unknown> {
    let released = false;
    const grant: Grant = {
      tab,
      release: () => {
        if (released) return;
        released = true;
        if (held.get(name) === grant) held.delete(name);
        grantNext(name);
      },
    };
    held.set(name, grant);
    const done = () => {
      if (!frozen.has(tab)) grant.release();
    };
    const result = Promise.resolve().then(() => cb({ name, mode: 'exclusive' }));
    result.then(done, done);
    return result;
  }

  function locksFor(tab: number): FakeLockManager {
    return {
      request(name, options, cb) {
        requested.push(name);
        const queue = queues.get(name) ?? [];
        queues.set(name, queue);
        if (options.ifAvailable && (held.has(name) || queue.length > 0)) {
          return Promise.resolve().then(() => cb(null));
        }
        if (options.signal?.aborted) return Promise.reject(aborted());
        return new Promise((resolve, reject) => {
          const waiter: Waiter = {
            tab,
            grant: () => grantTo(tab, name, cb).then(resolve, reject),
            abort: () => {
              const i = queue.indexOf(waiter);
              if (i < 0) return;
              queue.splice(i, 1);
              reject(aborted());
            },
          };
          options.signal?.addEventListener('abort', () => waiter.abort(), { once: true });
          queue.push(waiter);
          grantNext(name);
        });
      },
    };
  }

  /** What the browser does for a closed tab: its locks are released and its requests dropped. */
  function crash(tab: number): void {
    for (const [name, g] of [...held]) {
      if (g.tab !== tab) continue;
      held.delete(name);
      grantNext(name);
    }
    for (const queue of queues.values()) for (const w of [...queue]) if (w.tab === tab) w.abort();
  }

  return { held, frozen, requested, locksFor, crash };
}

/** One BroadcastChannel space for the whole profile: structured clones, delivered on a later task. */
function channelSpace() {
  const channels = new Map<string, Set<ChannelEnd>>();
  const posted: unknown[] = [];

  function channelFor(tab: number): typeof BroadcastChannel {
    class FakeBroadcastChannel {
      onmessage: ((ev: MessageEvent) => void) | null = null;
      readonly end: ChannelEnd;
      constructor(readonly name: string) {
        this.end = { tab, deliver: (data) => this.onmessage?.({ data } as MessageEvent), closed: false };
        const set = channels.get(name) ?? new Set();
        channels.set(name, set);
        set.add(this.end);
      }
      postMessage(data: unknown): void {
        if (this.end.closed) throw new DOMException('The channel is closed.', 'InvalidStateError');
        posted.push(data);
        const copy = structuredClone(data);
        for (const end of channels.get(this.name) ?? []) {
          if (end === this.end) continue;
          setTimeout(() => {
            if (!end.closed) end.deliver(structuredClone(copy));
          }, 0);
        }
      }
      close(): void {
        this.end.closed = true;
        channels.get(this.name)?.delete(this.end);
      }
    }
    return FakeBroadcastChannel as unknown as typeof BroadcastChannel;
  }

  return {
    posted,
    channelFor,
    openChannels: (tab: number): number =>
      [...channels.values()].reduce((n, set) => n + [...set].filter((e) => e.tab === tab).length, 0),
    /** A closed tab's channels close. */
    crash(tab: number): void {
      for (const set of channels.values()) for (const end of [...set]) if (end.tab === tab) set.delete(end);
    },
  };
}

/** A tab's window events. */
function fakeWindow(): FakeTab['window'] {
  const listeners = new Map<string, Set<Listener>>();
  return {
    addEventListener(type, fn) {
      const set = listeners.get(type) ?? new Set();
      listeners.set(type, set);
      set.add(fn);
    },
    removeEventListener: (type, fn) => void listeners.get(type)?.delete(fn),
    dispatch(type) {
      for (const fn of [...(listeners.get(type) ?? [])]) fn({ type } as Event);
    },
    count: (type) => listeners.get(type)?.size ?? 0,
  };
}

/** Web Crypto's SHA-256 digest on node:crypto, answered on the microtask queue. */
const digest = async (_algorithm: unknown, data: BufferSource) => {
  const bytes = ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data);
  return new Uint8Array(createHash('sha256').update(bytes).digest()).buffer;
};

/**
 * A browser profile with in-process tabs, for testing code that coordinates tabs (cross-tab credentials) under
 * fake timers: one BroadcastChannel space (messages structured-cloned and delivered on a later `setTimeout(0)`
 * task, as browsers deliver them on a later task) and one Web Locks manager, shared by every tab. `crash(tab)`
 * is what closing or killing a tab does: its channels close, the browser releases its locks and drops its
 * requests; `freeze(tab)` keeps whatever lock it holds, whatever its code does (a frozen or hidden tab).
 *
 * @example
 * const profile = fakeBrowserProfile();
 * const tab = profile.openTab();
 * vi.stubGlobal('BroadcastChannel', tab.globals.BroadcastChannel);
 * vi.stubGlobal('navigator', tab.globals.navigator);
 */
export function fakeBrowserProfile() {
  const locks = lockSpace();
  const space = channelSpace();
  let tabs = 0;
  return {
    /** Every message posted on any channel, in order (to count shares, or to search them). */
    posted: space.posted,
    /** Every lock name requested, in order. */
    requested: locks.requested,
    /** The tab holding lock `name`, if any. */
    holder: (name: string): number | undefined => locks.held.get(name)?.tab,
    /** The names of the locks held now. */
    heldNames: (): string[] => [...locks.held.keys()],
    /** How many channels tab `id` has open. */
    openChannels: (id: number): number => space.openChannels(id),
    /** A new tab; `{ locks: false }` / `{ channel: false }` for a browser without Web Locks / BroadcastChannel. */
    openTab(options: { locks?: boolean; channel?: boolean } = {}): FakeTab {
      const id = ++tabs;
      return {
        id,
        globals: {
          BroadcastChannel: options.channel === false ? undefined : space.channelFor(id),
          navigator: options.locks === false ? {} : { locks: locks.locksFor(id) },
          crypto: { subtle: { digest: digest as SubtleCrypto['digest'] } },
        },
        window: fakeWindow(),
      };
    },
    /** Closing or killing tab `id`: its channels close, its locks are released, its lock requests dropped. */
    crash(id: number): void {
      space.crash(id);
      locks.crash(id);
    },
    /** Freezes tab `id`: it keeps whatever lock it holds (a frozen or discarded background tab). */
    freeze(id: number): void {
      locks.frozen.add(id);
    },
  };
}

/** A fake browser profile (see `fakeBrowserProfile`). */
export type FakeBrowserProfile = ReturnType<typeof fakeBrowserProfile>;
