/**
 * The public contract of @web-identity/core. Names and shapes are fixed: the adapters, the examples and
 * the docs rely on them, so a change here is a breaking change for all of them.
 */

import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { CredentialsError } from './errors.js';
import type { CredentialsEvent, GuestUpgrade, WakeCause } from './events.js';

export type { GuestUpgrade };

/** Temporary AWS credentials. Redacts its secrets in `toJSON()` and `util.inspect`. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** On the local clock, corrected for the offset measured against AWS's clock. */
  readonly expiration: Date;
}

/** Whether usable keys exist: `ready` (usable), `refreshing` (usable, exchange in flight), `loading` (none, exchange in flight), `error` (none, last attempt failed), `signed-out`. */
export type CredentialsStatus = 'signed-out' | 'loading' | 'ready' | 'refreshing' | 'error';

/** Who the credentials belong to: the token's subject and provider, and what AWS answered (role, identity id). */
export interface CredentialsIdentity {
  /** The ID token's `sub`. */
  subject: string;
  /** The ID token's `iss`, or the provider name the source reports. */
  provider: string;
  audience?: string;
  assumedRoleArn?: string;
  identityId?: string;
  /**
   * `true` for a guest of a Cognito identity pool (`cognitoIdentityPool({ guest: true })` while nobody is signed
   * in): unauthenticated credentials, `subject` and `identityId` are the guest's identity id.
   */
  guest?: boolean;
}

/** Immutable; the same object until something changes (safe for `useSyncExternalStore`). */
export interface CredentialsSnapshot {
  readonly status: CredentialsStatus;
  /** Never expired: `null` once past expiry. */
  readonly credentials: AwsCredentials | null;
  readonly identity: CredentialsIdentity | null;
  readonly expiresAt: Date | null;
  /** The next planned attempt, including a backoff retry. */
  readonly refreshAt: Date | null;
  /** The last failure, kept even while `ready` (a failing background refresh); cleared by the next success. */
  readonly error: CredentialsError | null;
  /** Exchanges completed by this client (in a browser: by this tab; keys from another tab do not count). */
  readonly exchangeCount: number;
  /**
   * Where the current credentials came from: this client's own `exchange`, or a `peer` tab of the same
   * browser profile that shared them (see "Many tabs"); `null` while there are none.
   */
  readonly origin: CredentialsOrigin | null;
}

/** `exchange`: this client called AWS; `peer`: another tab of the same browser profile did and shared the keys. */
export type CredentialsOrigin = 'exchange' | 'peer';

/** Called with the new snapshot each time it changes. */
export type Listener = (snapshot: CredentialsSnapshot) => void;

/** What `getIdToken` is asked for. */
export interface GetIdTokenOptions {
  /** Ask the IdP SDK for a new ID token (e.g. `signinSilent()`), the current one was refused. */
  forceRefresh: boolean;
  /** Aborted by `signOut()` / `dispose()`. */
  signal: AbortSignal;
}

/** Returns the signed-in user's OpenID Connect **ID token** (not the access token), or `null` when signed out. */
export type GetIdToken = (options: GetIdTokenOptions) => Promise<string | null> | string | null;

/** Decoded (unverified) JWT claims of the ID token. */
export interface IdTokenClaims {
  iss?: string;
  sub?: string;
  aud?: string | string[];
  exp?: number;
  iat?: number;
  [claim: string]: unknown;
}

/** What a source hands back from an exchange. */
export interface ExchangeResult {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** Expiration as AWS stated it (AWS's clock). */
  expiration: Date;
  /** The response `Date` header (AWS's clock) when readable, to correct the local clock. */
  serverDate?: Date;
  /** The lifetime AWS granted, when known; used to measure expiry when `serverDate` is unreadable (CORS). */
  durationSeconds?: number;
  identity?: Partial<CredentialsIdentity>;
  /**
   * A guest became the signed-in user in this exchange: `linked` (the guest's identity now carries the login,
   * same identity id) or `switched` (the login already belonged to another identity, which is used from now on).
   */
  upgrade?: GuestUpgrade;
}

/** What a source's guest exchange gets: the exchange context without a token or claims. */
export type GuestContext = Omit<ExchangeContext, 'claims'>;

/** What a source's `exchange` gets besides the ID token: the region, the token's claims, the transport and an abort signal. */
export interface ExchangeContext {
  region: string;
  claims: IdTokenClaims;
  transport: Transport;
  signal: AbortSignal;
  /** The client's runtime (clocks, storage, …); absent when a server calls the source (then `defaultPlatform()`). */
  platform?: Platform;
}

/** A way to turn an ID token into AWS credentials. Write your own by implementing `exchange`. */
export interface CredentialsSource {
  readonly kind: string;
  /**
   * `true` when the source hands the ID token itself to AWS, which verifies it (`webIdentity`,
   * `cognitoIdentityPool`). A server may skip its own verification (`verify: false`) only for such a source.
   */
  readonly forwardsToken?: boolean;
  /**
   * The transport this source talks to AWS with when the client's options name none: the lazily loaded SDK
   * transport for `webIdentity` / `cognitoIdentityPool` from `@web-identity/core`, `fetchTransport()` for the
   * same sources from `@web-identity/core/fetch`. A source that calls no AWS API through `ctx.transport` needs none.
   */
  readonly transport?: Transport;
  /**
   * Everything that changes which keys AWS would hand out for the same token (role or pool, session policy and
   * policy ARNs, tags, duration, region, endpoint), as a string. With the identity of the token exchanged it
   * decides whose keys these are (see `scopeKeyInput`): tabs share, and servers cache, keys only between
   * callers with the same scope and identity. A source without one never shares (each tab exchanges for
   * itself; a broker keeps its cache entries to itself). The built-in sources set it.
   */
  readonly scope?: string;
  /** @deprecated The former name of `scope`, still read when `scope` is absent. */
  readonly crossTabScope?: string;
  /**
   * What the source's keys depend on per identity besides the token (e.g. `assumeRole`'s session policy and
   * tags computed from verified claims): part of a server's cache key. Called with the verified identity.
   */
  readonly scopeFor?: (identity: {
    issuer: string;
    subject: string;
    audience?: string;
    claims: IdTokenClaims;
  }) => unknown;
  /** Trades the ID token for credentials; rejects with a `CredentialsError`. */
  exchange(idToken: string, ctx: ExchangeContext): Promise<ExchangeResult>;
  /**
   * Present when the source can give credentials to a guest (nobody signed in): the client calls it instead of
   * signing out when `getIdToken` returns `null`, and after `signOut()`. `cognitoIdentityPool({ guest: true })`.
   */
  exchangeGuest?(ctx: GuestContext): Promise<ExchangeResult>;
  /**
   * Called when the client signs out (this tab or another): a source forgets what it kept for the session, so the
   * next one starts clean (`cognitoIdentityPool({ guest: true })` removes the kept guest id before the next guest).
   */
  signedOut?(ctx: { platform: Platform }): void;
}

/** Where one AWS call goes: the region, an endpoint override and the caller's abort signal. */
export interface CallOptions {
  region: string;
  endpoint?: string;
  signal: AbortSignal;
}

/** What a call's reader gets: any field of AWS's answer by its AWS name, wherever nested, and the answer's date. */
export interface AwsAnswer {
  /** The first field named `name` (an XML tag, a JSON or SDK output key); `undefined` when absent. */
  field(name: string): unknown;
  /** The `Date` header of the answer, when readable. */
  readonly date?: Date;
}

/** An HTTP answer as the fetch layer read it: status, body, `Date` header and the headers. */
export interface HttpAnswer {
  status: number;
  text: string;
  date?: Date;
  headers: Headers;
}

/**
 * How a service's requests and answers look on the wire, for the fetch layer: `AWS_QUERY` (STS: form-encoded,
 * XML) or `AWS_JSON_1_1` (Cognito Identity). A service names its own, so an app bundles only the protocols its
 * sources speak.
 */
export interface WireProtocol {
  /** The POST's headers and body for `action` with `params` (AWS's names). */
  request(
    service: AwsService,
    action: string,
    params: Record<string, unknown>,
  ): { headers: Record<string, string>; body: string };
  /** The answer's fields, or the error it carries as a `CredentialsError`. */
  answer(service: AwsService, action: string, res: HttpAnswer): AwsAnswer;
}

/** A service as the HTTP and SDK layers need it: its name in errors, its endpoint prefix and its wire protocol. */
export interface AwsService {
  /** As errors name it: `STS`, `Cognito Identity`. */
  readonly name: string;
  /** The endpoint's first label (`sts` → `https://sts.<region>.amazonaws.com/`) and the SDK layer's key. */
  readonly prefix: string;
  /** Its wire protocol over `fetch`: `AWS_QUERY` (needs `version`) or `AWS_JSON_1_1` (needs `target`). */
  readonly protocol: WireProtocol;
  /** The API version a Query request names (`2011-06-15` for STS). */
  readonly version?: string;
  /** The JSON 1.1 target prefix (`AWSCognitoIdentityService`). */
  readonly target?: string;
  /**
   * The AWS SDK v3 client of a service `sdkTransport()` does not know (it knows `sts` and `cognito-identity`):
   * its module, loaded on first use, and the client class's name in it.
   */
  readonly sdk?: {
    /** Loads the client's module, e.g. `() => import('@aws-sdk/client-sso')`. */
    load(): Promise<Record<string, unknown>>;
    /** The client class's export name in that module, e.g. `SSOClient`. */
    client: string;
  };
}

/**
 * One AWS call, as the source that needs it describes it: its service, its action, its parameters in AWS's own
 * names (the SDK command's input) and how to read the answer. Any transport with `send` runs any call, so a
 * source that needs a new AWS call defines it next to itself and no transport changes (see `callAws`).
 */
export interface AwsCall<I, O> {
  readonly service: AwsService;
  /** The action (`AssumeRoleWithWebIdentity`); the SDK command is `<action>Command`. */
  readonly action: string;
  /** The `Transport` method a hand-written transport may implement for this call instead of `send`. */
  readonly method?: keyof TransportCalls;
  /** Signed with the sender's AWS credentials (errors then never blame the ID token's signature). */
  readonly signed?: boolean;
  /** The request's parameters in AWS's names (`RoleArn`, `PolicyArns: [{ arn }]`): the SDK command's input. */
  params(input: I): Record<string, unknown>;
  /** Reads AWS's answer (fields by name); throw `CredentialsError('ServerError')` for a missing field. */
  result(answer: AwsAnswer, input: I): O;
}

/** STS `AssumeRoleWithWebIdentity`'s input (unsigned). */
export interface AssumeRoleWithWebIdentityInput {
  roleArn: string;
  roleSessionName: string;
  webIdentityToken: string;
  durationSeconds?: number;
  policy?: string;
  policyArns?: string[];
  providerId?: string;
}

/** The calls the built-in sources make, as methods: what a hand-written transport (a test fake) implements. */
export interface TransportCalls {
  /** STS `AssumeRoleWithWebIdentity` (unsigned). */
  assumeRoleWithWebIdentity(
    input: AssumeRoleWithWebIdentityInput,
    opts: CallOptions,
  ): Promise<ExchangeResult>;
  /** Cognito Identity `GetId`: the identity id for these logins. */
  cognitoGetId(
    input: { identityPoolId: string; logins?: Record<string, string>; accountId?: string },
    opts: CallOptions,
  ): Promise<{ identityId: string; serverDate?: Date }>;
  /** Cognito Identity `GetCredentialsForIdentity`. */
  cognitoGetCredentialsForIdentity(
    input: { identityId: string; logins?: Record<string, string>; customRoleArn?: string },
    opts: CallOptions,
  ): Promise<ExchangeResult>;
  /** Cognito Identity `GetOpenIdToken` (the enhanced-flow token for `AssumeRoleWithWebIdentity`). */
  cognitoGetOpenIdToken(
    input: { identityId: string; logins?: Record<string, string> },
    opts: CallOptions,
  ): Promise<{ identityId: string; token: string; serverDate?: Date }>;
}

/**
 * How sources reach AWS: `send` runs any `AwsCall` (`fetchSender()` over plain `fetch`, the default;
 * `sdkSender()` over the AWS SDK v3 clients). A method of `TransportCalls`, when present, is used for its call
 * instead (a test fake, or a wrapper around one call); `fetchTransport()` and `sdkTransport()` have both.
 */
export interface Transport {
  readonly name: string;
  /**
   * How long one call may take before it fails with `Network` (default 10 s). Across tabs it also bounds how
   * long a tab holds, or waits for, the exchange lock.
   */
  readonly timeoutMs?: number;
  /** `TransportCalls.assumeRoleWithWebIdentity`, when this transport implements it as a method. */
  assumeRoleWithWebIdentity?: TransportCalls['assumeRoleWithWebIdentity'];
  /** `TransportCalls.cognitoGetId`, when this transport implements it as a method. */
  cognitoGetId?: TransportCalls['cognitoGetId'];
  /** `TransportCalls.cognitoGetCredentialsForIdentity`, when this transport implements it as a method. */
  cognitoGetCredentialsForIdentity?: TransportCalls['cognitoGetCredentialsForIdentity'];
  /** `TransportCalls.cognitoGetOpenIdToken`, when this transport implements it as a method. */
  cognitoGetOpenIdToken?: TransportCalls['cognitoGetOpenIdToken'];
  /** Sends one AWS call a source brings. */
  send?<I, O>(call: AwsCall<I, O>, input: I, opts: CallOptions): Promise<O>;
}

/** The options every client takes: region, source and `getIdToken` (see `CreateCredentialsClientOptions` for the rest). */
export interface CredentialsClientOptions {
  region: string;
  source: CredentialsSource;
  getIdToken: GetIdToken;
  /** Advisory: refresh this long before expiry, keep the old keys if it fails. Default 5 min. */
  refreshBeforeExpiryMs?: number;
  /** Mandatory: never hand out keys with less than this left. Default 1 min. */
  minValidityMs?: number;
  /**
   * How AWS is called. Default: the source's own (`webIdentity` / `cognitoIdentityPool` from
   * `@web-identity/core` load the AWS SDK v3 clients lazily; from `@web-identity/core/fetch` they use `fetchTransport()`).
   */
  transport?: Transport;
}

/** Temporary AWS credentials for the signed-in user, refreshed before they expire; see `createCredentialsClient`. */
export interface CredentialsClient {
  /** The current snapshot: the same object until something changes (for `useSyncExternalStore`). */
  getSnapshot(): CredentialsSnapshot;
  /** Calls `listener` on every change and starts the session on the first subscriber; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void;
  /**
   * Receives every `CredentialsEvent` until the returned function is called (see `onEvent`). Always present on
   * clients made by `createCredentialsClient`; optional here so existing test doubles of this interface still fit.
   */
  subscribeEvents?(listener: (event: CredentialsEvent) => void): () => void;
  /** Fresh credentials; concurrent callers share one exchange. Rejects with `CredentialsError`. */
  getCredentials(): Promise<AwsCredentials>;
  /** Force a new exchange. Rejects with `CredentialsError`. */
  refresh(): Promise<AwsCredentials>;
  /** For any AWS SDK v3 client: `new S3Client({ credentials: client.provider })`. */
  readonly provider: AwsCredentialIdentityProvider;
  /** Wipe, abort any in-flight exchange, stop timers, tell other tabs. */
  signOut(): void;
  /** Stops timers, listeners and channels for good; the client cannot be used afterwards. */
  dispose(): void;
}

/** The part of the Web Storage API the client uses (`localStorage`, SecureStore/AsyncStorage behind a facade). */
export interface StorageLike {
  /** The stored value for `key`, or `null` when there is none. */
  getItem(key: string): string | null;
  /** Stores `value` under `key`. */
  setItem(key: string, value: string): void;
  /** Forgets `key`. */
  removeItem(key: string): void;
}

/** The part of the Web Locks API (`navigator.locks`) the exchange lock uses. */
export interface LockManagerLike {
  /** Requests the exclusive lock `name`, as `navigator.locks.request` does. */
  request(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => unknown,
  ): Promise<unknown>;
}

/** The part of `BroadcastChannel` the tabs' channel uses. */
export interface ChannelLike {
  /** Posts `data` to every other end of the channel. */
  postMessage(data: unknown): void;
  /** Receives what the other ends post. */
  onmessage: ((ev: MessageEvent) => void) | null;
  /** Closes this end. */
  close(): void;
}

/**
 * What the client needs from its runtime. `createCredentialsClient({ platform })` takes any part of it; what is
 * left out comes from `defaultPlatform()`.
 *
 * @example
 * // React Native: wake on AppState, keep the guest id in your storage, no tabs.
 * createCredentialsClient({ ...options, platform: { watchWake: (wake) => appStateWake(wake), storage: () => myStorage } });
 */
export interface Platform {
  /** The wall clock, epoch ms (`Date.now()`). */
  now(): number;
  /** A monotonic clock in ms that never steps (`performance.now()`); `null` when there is none. */
  monotonic(): number | null;
  /** Runs `fn` after `ms`; the timer never keeps a process alive. */
  setTimer(fn: () => void, ms: number): unknown;
  /** Cancels a timer of `setTimer`. */
  clearTimer(handle: unknown): void;
  /**
   * Calls `onWake` when the app may have slept, been throttled or been offline (back online, focused, shown,
   * made visible; an app-state source on React Native). Returns the function that stops it.
   */
  watchWake(onWake: (cause: WakeCause) => void): () => void;
  /** Calls `onHide` / `onShow` on `pagehide` / `pageshow` (the back/forward cache); `null` without a page. */
  watchPage(onHide: () => void, onShow: () => void): (() => void) | null;
  /**
   * Where the client runs: `window` (a page: one user; tabs share keys by default), `worker` (one user; a
   * channel for sign-out, no sharing unless asked) or `server` (many users: nothing shared, nothing stored).
   */
  context(): 'window' | 'worker' | 'server';
  /** Storage for the one thing the client keeps (a guest's identity id); `null` when there is none. */
  storage(): StorageLike | null;
  /** Web Locks; `null` without them (each tab then exchanges for itself). */
  locks(): LockManagerLike | null;
  /** A broadcast channel named `name`; `null` without one. */
  channel(name: string): ChannelLike | null;
  /** Web Crypto's `subtle`; `null` without it. */
  subtle(): SubtleCrypto | null;
}
