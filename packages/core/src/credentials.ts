import type { AwsCredentials } from './types.js';

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
): AwsCredentials {
  const creds = Object.create(RedactedCredentials.prototype) as RedactedCredentials;
  const expiration = new Date(fields.expiration.getTime());
  const epoch = new Date(0);
  Object.defineProperties(creds, {
    accessKeyId: { value: fields.accessKeyId, enumerable: true },
    secretAccessKey: { value: fields.secretAccessKey, enumerable: true },
    sessionToken: { value: fields.sessionToken, enumerable: true },
    expiration: revoked
      ? { get: () => (revoked() ? epoch : expiration), enumerable: true }
      : { value: expiration, enumerable: true },
  });
  return Object.freeze(creds);
}
