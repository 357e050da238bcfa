import { generateKeyPairSync, type KeyObject, randomUUID, sign } from 'node:crypto';
import type { ServiceResponse } from './context.js';

/** Options for `signAlbOidcData`. */
export interface AlbSignOptions {
  /** The `iss` header field and claim; default the kit's first issuer. */
  iss?: string;
  /** The `client` header field; default `web-identity-demo`. */
  client?: string;
  /** The `signer` header field; default the kit's ALB ARN. */
  signer?: string;
  /** The `kid` header field; default the kit's ALB key (another value makes the key lookup fail). */
  kid?: string;
  /** Seconds until `exp`; default 120 (ALBs sign short-lived headers). Negative = already expired. */
  expiresIn?: number;
  /** Pad base64url segments with `=` as ALBs do; default true. */
  padding?: boolean;
  /** Sign with a key that is not published (the signature will not verify). */
  foreignKey?: boolean;
}

const b64 = (data: Buffer | string, padding: boolean) => {
  const s = Buffer.from(data).toString('base64url');
  return padding ? s.padEnd(Math.ceil(s.length / 4) * 4, '=') : s;
};

/** @internal An ALB's signing key, its public key endpoint and header minting. */
export class AlbSigner {
  private constructor(
    readonly signerArn: string,
    readonly kid: string,
    private readonly privateKey: KeyObject,
    private readonly publicPem: string,
    private readonly foreign: KeyObject,
  ) {}

  static async create(signerArn: string): Promise<AlbSigner> {
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const foreign = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const pem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    return new AlbSigner(signerArn, randomUUID(), pair.privateKey, pem, foreign.privateKey);
  }

  /** GET /alb-keys/<kid>: the PEM public key, like `https://public-keys.auth.elb.<region>.amazonaws.com/<kid>`. */
  handle(rawPath: string, method: string): ServiceResponse {
    const kid = decodeURIComponent(rawPath.slice('/alb-keys/'.length));
    if (method !== 'GET' && method !== 'HEAD') {
      return { status: 405, headers: { 'Content-Type': 'text/plain' }, body: 'Method Not Allowed' };
    }
    if (kid !== this.kid)
      return { status: 404, headers: { 'Content-Type': 'text/plain' }, body: 'Not Found' };
    return {
      status: 200,
      headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'max-age=3600' },
      body: this.publicPem,
    };
  }

  sign(claims: Record<string, unknown>, options: AlbSignOptions = {}): string {
    const padding = options.padding ?? true;
    const exp = Math.floor(Date.now() / 1000) + (options.expiresIn ?? 120);
    const iss = options.iss ?? 'http://127.0.0.1';
    const header = {
      typ: 'JWT',
      kid: options.kid ?? this.kid,
      alg: 'ES256',
      iss,
      client: options.client ?? 'web-identity-demo',
      signer: options.signer ?? this.signerArn,
      exp,
    };
    const payload = { sub: 'alice', ...claims, exp, iss };
    const input = `${b64(JSON.stringify(header), padding)}.${b64(JSON.stringify(payload), padding)}`;
    const signature = sign('sha256', Buffer.from(input), {
      key: options.foreignKey ? this.foreign : this.privateKey,
      dsaEncoding: 'ieee-p1363',
    });
    return `${input}.${b64(signature, padding)}`;
  }
}
