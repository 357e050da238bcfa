/**
 * React Native's globals for a bare Hermes VM, installed before anything else as RN's `InitializeCore` does.
 *
 * What is React Native's own JavaScript (from the `react-native` package the app installs): `fetch`, `Headers`,
 * `Request`, `Response` (RN's `Libraries/Network/fetch`, i.e. whatwg-fetch over `XMLHttpRequest`), `URL` and
 * `URLSearchParams` (`Libraries/Blob/URL`), `Blob` and `FileReader` (`Libraries/Blob`), `AbortController` /
 * `AbortSignal` (the `abort-controller` package RN installs them from).
 *
 * What is bridged to the host, standing in for RN's native modules: the `XMLHttpRequest` transport (RN's
 * Networking module: OkHttp / NSURLSession; here the Node host's HTTP client makes the request), timers (RN's
 * Timing module: `setTimeout` and friends; the 0.12 `hermes` CLI's own timers ignore their delay), the Blob and
 * FileReader native modules (the bytes of a `Blob` live on the native side), the console (RN's
 * `nativeLoggingHook`) and AsyncStorage (a native module). One line on stdout per message out
 * (`@@rn {json}`); the host answers by evaluating `__rn.receive({json})` in the VM's REPL.
 *
 * Deliberately absent, as on a device without polyfills: `crypto` (no `getRandomValues`, no `subtle`),
 * `document`, `window`, `navigator`, `localStorage`. Absent because this 0.12 VM is older than React Native
 * 0.86's Hermes: `TextEncoder` (Hermes has it since RN 0.74), `TextDecoder` (0.85), `atob` (0.74); core needs
 * none of them.
 *
 * `performance.now()`, which React Native has (a native monotonic clock; its own `Event` reads it), is the VM's
 * `Date.now()` since start here: the host has no synchronous clock to offer, and the wall clock does not step
 * during a run.
 */

declare const print: (line: string) => void;

type Message = Record<string, unknown> & { t: string };
type Json = Record<string, unknown>;

const g = globalThis as Record<string, unknown>;
const send = (msg: Message) => print(`@@rn ${JSON.stringify(msg)}`);

// --- replies and host events -------------------------------------------------------------------------------
let nextCall = 1;
const calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
const timers = new Map<
  number,
  { fn: (...a: unknown[]) => void; args: unknown[]; ms: number; repeat: boolean }
>();
const eventListeners = new Map<string, Set<(payload: Json) => void>>();

/** Asks the host to do `name` (fetch, storage, a token, …); resolves with its answer. */
export function hostCall(name: string, args: Json = {}): Promise<unknown> {
  const id = nextCall++;
  return new Promise((resolve, reject) => {
    calls.set(id, { resolve, reject });
    send({ t: 'call', id, name, args });
  });
}

/** Listens to unsolicited host events of `type`; returns the function that stops listening. */
export function onHostEvent(type: string, fn: (payload: Json) => void): () => void {
  const set = eventListeners.get(type) ?? new Set();
  eventListeners.set(type, set);
  set.add(fn);
  return () => set.delete(fn);
}

/** Tells the host something (a result, the end of the run). */
export function tellHost(type: string, payload: Json = {}): void {
  send({ t: 'event', type, payload });
}

g.__rn = {
  receive(msg: Message) {
    if (msg.t === 'reply') {
      const call = calls.get(msg.id as number);
      calls.delete(msg.id as number);
      if (msg.error) call?.reject(new Error(String(msg.error)));
      else call?.resolve(msg.value);
    } else if (msg.t === 'fire') {
      const timer = timers.get(msg.id as number);
      if (!timer) return;
      if (timer.repeat) send({ t: 'timer', id: msg.id, ms: timer.ms });
      else timers.delete(msg.id as number);
      timer.fn(...timer.args);
    } else if (msg.t === 'event') {
      for (const fn of eventListeners.get(msg.type as string) ?? []) fn(msg.payload as Json);
    }
  },
};

// --- timers (RN: the Timing native module) ---------------------------------------------------------------
let nextTimer = 1;
function addTimer(repeat: boolean, fn: unknown, ms: unknown, args: unknown[]): number {
  const id = nextTimer++;
  const delay = Math.max(0, Number(ms) || 0);
  timers.set(id, { fn: fn as (...a: unknown[]) => void, args, ms: delay, repeat });
  send({ t: 'timer', id, ms: delay });
  return id;
}
function clearTimer(id: unknown): void {
  if (timers.delete(id as number)) send({ t: 'clearTimer', id });
}
g.setTimeout = (fn: unknown, ms?: unknown, ...args: unknown[]) => addTimer(false, fn, ms, args);
g.setInterval = (fn: unknown, ms?: unknown, ...args: unknown[]) => addTimer(true, fn, ms, args);
g.clearTimeout = clearTimer;
g.clearInterval = clearTimer;

// --- performance.now (RN: a native monotonic clock) ----------------------------------------------------------
const started = Date.now();
g.performance = { now: () => Date.now() - started };

// --- console (RN: nativeLoggingHook) -----------------------------------------------------------------------
g.nativeLoggingHook = (message: string, level: number) => send({ t: 'log', level, message });
const log =
  (level: number) =>
  (...args: unknown[]) =>
    send({
      t: 'log',
      level,
      message: args
        .map((a) => (typeof a === 'string' ? a : a instanceof Error ? String(a) : JSON.stringify(a)))
        .join(' '),
    });
const noop = () => {};
g.console = {
  log: log(1),
  info: log(1),
  debug: log(0),
  trace: log(0),
  warn: log(2),
  error: log(3),
  assert: (ok: unknown, ...args: unknown[]) => {
    if (!ok) log(3)('Assertion failed:', ...args);
  },
  group: noop,
  groupCollapsed: noop,
  groupEnd: noop,
  table: log(1),
  time: noop,
  timeEnd: noop,
};

// --- uncaught errors (RN: ExceptionsManager as ErrorUtils' global handler) -----------------------------------
type ErrorUtilsLike = { setGlobalHandler(fn: (e: unknown, isFatal?: boolean) => void): void };
(g.ErrorUtils as ErrorUtilsLike | undefined)?.setGlobalHandler((e, isFatal) =>
  send({
    t: 'log',
    level: 3,
    message: `${isFatal ? 'fatal: ' : ''}${String(e)} ${(e as Error)?.stack ?? ''}`,
  }),
);

// --- native modules: BlobModule and FileReaderModule, played by the host; no other -------------------------
const NATIVE_MODULES: Record<string, object> = {
  BlobModule: {
    getConstants: () => ({ BLOB_URI_SCHEME: 'content', BLOB_URI_HOST: null }),
    createFromParts: (parts: unknown[], blobId: string) => send({ t: 'blob', op: 'create', blobId, parts }),
    release: (blobId: string) => send({ t: 'blob', op: 'release', blobId }),
    addNetworkingHandler() {},
    addWebSocketHandler() {},
    removeWebSocketHandler() {},
    sendOverSocket() {},
  },
  FileReaderModule: {
    readAsDataURL: (data: Json) => hostCall('blob.readAsDataURL', { data }),
    readAsText: (data: Json, encoding: string) => hostCall('blob.readAsText', { data, encoding }),
  },
};
g.nativeModuleProxy = {};
g.__turboModuleProxy = (name: string) => NATIVE_MODULES[name] ?? null;

// --- URL, URLSearchParams, AbortController: React Native's own ---------------------------------------------
// biome-ignore lint/suspicious/noReactNativeDeepImports: RN's InitializeCore installs these same modules
const url = require('react-native/Libraries/Blob/URL');
g.URL = url.URL;
g.URLSearchParams = url.URLSearchParams;
const abort = require('abort-controller/dist/abort-controller');
g.AbortController = abort.AbortController;
g.AbortSignal = abort.AbortSignal;
// biome-ignore lint/suspicious/noReactNativeDeepImports: RN's InitializeCore installs these same modules
g.Blob = require('react-native/Libraries/Blob/Blob').default;
// biome-ignore lint/suspicious/noReactNativeDeepImports: RN's InitializeCore installs these same modules
g.FileReader = require('react-native/Libraries/Blob/FileReader').default;

// --- XMLHttpRequest (RN: the Networking native module) --------------------------------------------------------
function bodyText(body: unknown): string | null {
  if (body === null || body === undefined) return null;
  if (typeof body === 'string') return body;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    const view =
      body instanceof ArrayBuffer
        ? new Uint8Array(body)
        : new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    let s = '';
    for (const b of view) s += String.fromCharCode(b);
    return s; // one byte per char; the host reads it as latin1
  }
  return String(body); // URLSearchParams and the like
}

class BridgedXMLHttpRequest {
  readyState = 0;
  status = 0;
  statusText = '';
  responseText = '';
  responseURL = '';
  withCredentials = false;
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  ontimeout: (() => void) | null = null;
  onabort: (() => void) | null = null;
  onreadystatechange: (() => void) | null = null;
  private method = 'GET';
  private url = '';
  private headers: Record<string, string> = {};
  private answerHeaders = '';
  private aborted = false;
  private callId = 0;

  get response(): string {
    return this.responseText;
  }
  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
    this.readyState = 1;
  }
  setRequestHeader(name: string, value: string): void {
    this.headers[name.toLowerCase()] = value;
  }
  getAllResponseHeaders(): string {
    return this.answerHeaders;
  }
  abort(): void {
    if (this.aborted || this.readyState === 4) return;
    this.aborted = true;
    if (this.callId) send({ t: 'abortFetch', id: this.callId });
    this.readyState = 4;
    this.onabort?.();
  }
  send(body?: unknown): void {
    this.callId = nextCall;
    hostCall('fetch', {
      method: this.method,
      url: this.url,
      headers: this.headers,
      body: bodyText(body),
    }).then(
      (value) => {
        if (this.aborted) return;
        const answer = value as {
          status: number;
          statusText: string;
          headers: [string, string][];
          body: string;
        };
        this.status = answer.status;
        this.statusText = answer.statusText;
        this.answerHeaders = answer.headers.map(([k, v]) => `${k}: ${v}`).join('\r\n');
        this.responseText = answer.body;
        this.responseURL = this.url;
        this.readyState = 4;
        this.onreadystatechange?.();
        this.onload?.();
      },
      () => {
        if (this.aborted) return;
        this.readyState = 4;
        this.onerror?.();
      },
    );
  }
}
g.XMLHttpRequest = BridgedXMLHttpRequest;

// --- fetch: React Native's own (whatwg-fetch over XMLHttpRequest) -------------------------------------------
// biome-ignore lint/suspicious/noReactNativeDeepImports: RN's InitializeCore installs this same module
require('react-native/Libraries/Network/fetch');
