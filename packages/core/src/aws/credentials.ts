import type { AwsCredentials } from '../types.js';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * `ASIA…WXYZ`: enough to tell keys apart in a UI or a log, never enough to use them.
 *
 * @example
 * maskAccessKeyId('ASIAEXAMPLEKEY1WXYZ'); // 'ASIA…WXYZ'
 */
export function maskAccessKeyId(accessKeyId: string): string {
  return accessKeyId.length > 8 ? `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}` : '…';
}

class RedactedCredentials implements AwsCredentials {
  declare readonly accessKeyId: string;
  declare readonly secretAccessKey: string;
  declare readonly sessionToken: string;
  declare readonly expiration: Date;

  toJSON(): Record<string, unknown> {
    return {
      accessKeyId: maskAccessKeyId(this.accessKeyId),
      secretAccessKey: '[redacted]',
      sessionToken: '[redacted]',
      expiration: this.expiration.toISOString(),
    };
  }

  toString(): string {
    return `AwsCredentials(${maskAccessKeyId(this.accessKeyId)}, expires ${this.expiration.toISOString()})`;
  }

  [INSPECT](): string {
    return `AwsCredentials { accessKeyId: '${maskAccessKeyId(this.accessKeyId)}', secretAccessKey: [redacted], sessionToken: [redacted], expiration: ${this.expiration.toISOString()} }`;
  }
}

/**
 * A frozen credentials object whose fields stay readable (the AWS SDK reads them) but which redacts its
 * secrets in `JSON.stringify`, `String()` and Node's `util.inspect` / `console.log`.
 *
 * @example
 * const creds = redactedCredentials({ accessKeyId, secretAccessKey, sessionToken, expiration });
 * JSON.stringify(creds); // {"accessKeyId":"ASIA…WXYZ","secretAccessKey":"[redacted]",...}
 */
export function redactedCredentials(
  fields: {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken: string;
    expiration: Date;
  },
  /** Once this says true (sign-out), `expiration` reads as the epoch, so SDK caches drop the keys. */
  revoked?: () => boolean,
  /**
   * When given, `expiration` is read from it (ms on the local clock, as the clock reads at that moment), so a
   * device clock set back after the exchange cannot make the keys look valid past their real expiry.
   */
  expiresAt?: () => number,
): AwsCredentials {
  const creds = Object.create(RedactedCredentials.prototype) as RedactedCredentials;
  let expiration = new Date(fields.expiration.getTime());
  const epoch = new Date(0);
  const current = () => {
    if (revoked?.()) return epoch;
    if (expiresAt) {
      const t = expiresAt();
      // The same object while the value stands, a new one if it moved (or a caller mutated ours).
      if (expiration.getTime() !== t) expiration = new Date(t);
    }
    return expiration;
  };
  Object.defineProperties(creds, {
    accessKeyId: { value: fields.accessKeyId, enumerable: true },
    secretAccessKey: { value: fields.secretAccessKey, enumerable: true },
    sessionToken: { value: fields.sessionToken, enumerable: true },
    expiration:
      revoked || expiresAt ? { get: current, enumerable: true } : { value: expiration, enumerable: true },
  });
  return Object.freeze(creds);
}
