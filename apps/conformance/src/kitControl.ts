import type { KitUrls } from './types.js';

/** One request the local AWS answered, as its control API lists it (never a secret). */
export interface KitCall {
  service: string;
  action: string;
  status: number;
  outcome: string;
  subject?: string;
}

/** The faults a scenario uses; the kit's `Faults` methods of the same names. */
export type KitFault =
  | ['latency', number]
  | ['skewClock', number]
  | ['shortCredentials', number | null]
  | ['throttle', number]
  | ['error', string, number]
  | ['reset'];

/**
 * The kit's control API (`/__kit/…`) over `fetch`: mint ID tokens, inject faults, count calls. It works from any
 * runtime with `fetch`, so the kit stays in the host process and the target talks to it over real HTTP.
 */
export class KitControl {
  readonly #base: string;

  constructor(kit: Pick<KitUrls, 'awsEndpoint'>) {
    this.#base = `${kit.awsEndpoint}/__kit`;
  }

  /** A correctly signed ID token for `sub` (aud: the kit's client), valid an hour. */
  async idToken(sub: string, claims: Record<string, unknown> = {}): Promise<string> {
    const res = await this.#send('POST', '/id-tokens', { sub, ...claims });
    return ((await res.json()) as { id_token: string }).id_token;
  }

  async fault(...[fault, ...args]: KitFault): Promise<void> {
    await this.#send('POST', '/faults', { fault, args });
  }

  async calls(filter: { service?: string; action?: string } = {}): Promise<KitCall[]> {
    const query = new URLSearchParams(filter as Record<string, string>).toString();
    const res = await this.#send('GET', `/calls${query ? `?${query}` : ''}`);
    return (await res.json()) as KitCall[];
  }

  /** Clears the faults and the call log: every scenario starts from a quiet kit. */
  async reset(): Promise<void> {
    await this.fault('reset');
    await this.#send('DELETE', '/calls');
  }

  async #send(method: string, path: string, body?: unknown): Promise<Response> {
    const res = await fetch(`${this.#base}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (!res.ok) throw new Error(`kit control ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return res;
  }
}
