import type { RedisCommands, Subscriber } from './redisClient.js';

/** One wait for an identity's "done" message. */
export interface DoneWait {
  /** Resolves once the subscription is confirmed (or has failed, or `done` settled): then re-read the entry. */
  ready: Promise<void>;
  /** `true` when the identity is announced, `false` after the wait's time. */
  done: Promise<boolean>;
  cancel(): void;
}

/** Wakes the waiters of this process when any instance finishes an identity's exchange. */
export interface DoneChannel {
  /**
   * Waits for `channel` (the identity's, in its hash slot) to be announced, at most `ms`. Subscribes first: a
   * caller re-reads the entry after `ready`, so an announcement between that read and the wait is not lost.
   */
  wait(channel: string, ms: number): DoneWait;
  announce(channel: string): Promise<unknown>;
  close(): void;
}

interface ChannelState {
  wakes: Set<() => void>;
  subscribed: Promise<unknown>;
}

/**
 * One channel per identity (`<prefix>d:{<id>}`, in the slot of its entry and lock), subscribed while this process
 * has a waiter for it, on one subscriber connection per store opened at the first wait. Sharded pub/sub
 * (`SSUBSCRIBE` / `SPUBLISH`) on a cluster, so a message travels to one shard, not the whole cluster; classic on
 * one server (`pubsub` option). Without the subscriber (Redis down, subscribe refused) waiters poll; it is tried
 * again after `retryMs`.
 *
 * @example
 * const wait = channel.wait(names.channel, 250);
 * await wait.ready; // then re-read, then await wait.done
 */
export function doneChannel(
  redis: RedisCommands,
  run: (args: string[]) => Promise<unknown>,
  opts: { retryMs: number },
): DoneChannel {
  const channels = new Map<string, ChannelState>();
  /** Unsubscriptions in flight: a new subscription to the same channel is sent after them, never before. */
  const removals = new Map<string, Promise<unknown>>();
  let subscriber: Promise<Subscriber> | undefined;
  let retryAt = 0;
  let closed = false;

  function open(): Promise<Subscriber> {
    if (closed) return Promise.reject(new Error('closed'));
    if (Date.now() < retryAt) return Promise.reject(new Error('subscriber down'));
    subscriber ??= redis.subscriber(onMessage).then(
      (sub) => {
        if (closed) sub.close();
        return sub;
      },
      (err) => {
        subscriber = undefined;
        retryAt = Date.now() + opts.retryMs; // poll meanwhile
        throw err;
      },
    );
    return subscriber;
  }

  function drop(channel: string, state: ChannelState): void {
    if (channels.get(channel) !== state) return;
    channels.delete(channel);
    // Also after a failed subscription: a client that keeps a wanted set (GLIDE) would retry it forever.
    const removal = state.subscribed
      .catch(() => {})
      .then(() => subscriber?.then((sub) => sub.remove(channel)))
      .catch(() => {})
      .finally(() => {
        if (removals.get(channel) === removal) removals.delete(channel);
      });
    removals.set(channel, removal);
  }

  function onMessage(channel: string): void {
    const state = channels.get(channel);
    if (!state) return;
    drop(channel, state);
    for (const wake of state.wakes) wake();
  }

  function stateOf(channel: string): ChannelState {
    let state = channels.get(channel);
    if (!state) {
      const prior = removals.get(channel) ?? Promise.resolve();
      const subscribed = prior.then(open).then((sub) => sub.add(channel));
      subscribed.catch(() => {});
      state = { wakes: new Set(), subscribed };
      channels.set(channel, state);
    }
    return state;
  }

  return {
    wait(channel, ms) {
      const state = stateOf(channel);
      let wake!: () => void;
      let timer: NodeJS.Timeout | undefined;
      const remove = () => {
        clearTimeout(timer);
        state.wakes.delete(wake);
        if (state.wakes.size === 0) drop(channel, state);
      };
      const done = new Promise<boolean>((resolve) => {
        wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        timer = setTimeout(() => {
          remove();
          resolve(false);
        }, ms);
        timer.unref?.();
      });
      state.wakes.add(wake);
      const ready = Promise.race([state.subscribed, done]).then(
        () => {},
        () => {},
      );
      return { ready, done, cancel: remove };
    },
    announce: (channel) => run([redis.pubsub === 'sharded' ? 'SPUBLISH' : 'PUBLISH', channel, '1']),
    close() {
      closed = true;
      channels.clear();
      void subscriber?.then((sub) => sub.close()).catch(() => {});
      subscriber = undefined;
    },
  };
}
