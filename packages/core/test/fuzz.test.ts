// Property-based fuzzing of every core parser that reads outside input (security review): the JWT shape check,
// the STS XML reader, the Cognito JSON reader and the credential endpoint's JSON. Each returns a typed result
// or rejects with a CredentialsError — never a raw exception — and takes linear time on adversarial input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scrub } from '../src/aws/awsError.js';
import {
  CredentialsError,
  checkIdTokenShape,
  credentialEndpoint,
  fetchTransport,
  readIdToken,
  type TransportWithCalls,
} from '../src/index.js';
import { xmlText } from '../src/transport/fetch.js';

const b64 = (v: string) => Buffer.from(v).toString('base64url');
const json = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string(),
);
/** Three segments of arbitrary JSON (or not), the shape that reaches the claim checks. */
const jwtLike = fc.oneof(
  fc.string(),
  fc.tuple(json, json, fc.string()).map(([h, c, s]) => `${b64(h)}.${b64(c)}.${s}`),
  fc
    .tuple(fc.dictionary(fc.string(), fc.jsonValue()), fc.dictionary(fc.string(), fc.jsonValue()))
    .map(
      ([h, c]) =>
        `${b64(JSON.stringify({ alg: 'RS256', ...h }))}.${b64(JSON.stringify({ aud: 'a', iat: 1, ...c }))}.x`,
    ),
);

const XML_PARTS = [
  '<AssumeRoleWithWebIdentityResponse>',
  'AssumeRoleWithWebIdentityResult',
  '<Credentials>',
  '<AccessKeyId>ASIA1</AccessKeyId>',
  '<SecretAccessKey>s</SecretAccessKey>',
  '<SessionToken>t</SessionToken>',
  '<Expiration>2030-01-01T00:00:00Z</Expiration>',
  '<Expiration>not a date</Expiration>',
  '<Code>Throttling</Code>',
  '<a:Code xmlns:a="x">InvalidIdentityToken</a:Code>',
  '<Message>',
  '</Message>',
  '<Code ',
  '&amp;',
  '&#x110000;',
  '&#x1F600;',
  '&#99999999;',
  '&',
  '<',
  '>',
];
const xml = fc
  .array(fc.oneof(fc.constantFrom(...XML_PARTS), fc.string()), { maxLength: 40 })
  .map((p) => p.join(''));
const status = fc.oneof(fc.constantFrom(200, 400, 403, 429, 500, 503), fc.integer({ min: 200, max: 599 }));
const dateHeader = fc.option(
  fc.oneof(
    fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
    fc.string(),
  ),
);
/** A JSON object that `String()` cannot convert (its own `toString` is not a function). */
const hostile = fc.constant({ toString: false, valueOf: false });
const anyValue = fc.oneof(fc.jsonValue(), hostile);
const cognitoJson = fc.oneof(
  json,
  fc
    .record({
      IdentityId: anyValue,
      Token: anyValue,
      Credentials: fc.oneof(
        anyValue,
        fc.record({
          AccessKeyId: anyValue,
          SecretKey: anyValue,
          SessionToken: anyValue,
          Expiration: fc.oneof(fc.double(), fc.integer(), fc.string(), anyValue),
        }),
      ),
      __type: anyValue,
      message: anyValue,
    })
    .map((o) => JSON.stringify(o)),
);

/** Resolves to the outcome; fails the property on anything but a CredentialsError. */
async function typed(p: Promise<unknown>): Promise<unknown> {
  try {
    return await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CredentialsError);
    return e;
  }
}

function respond(body: string, code: number, date: string | null): TransportWithCalls {
  const headers: Record<string, string> = date === null ? {} : { date: date.replace(/[^\t\x20-\x7e]/g, '') };
  return fetchTransport({ fetch: async () => new Response(body, { status: code, headers }) });
}

const opts = () => ({
  region: 'eu-west-1',
  endpoint: 'https://aws.test/',
  signal: new AbortController().signal,
});
const sane = (r: unknown) => {
  if (r instanceof CredentialsError) return;
  const out = r as { accessKeyId: unknown; expiration: Date };
  expect(typeof out.accessKeyId).toBe('string');
  expect(Number.isNaN(out.expiration.getTime())).toBe(false);
};

describe('fuzz: core parsers of outside input', () => {
  it('readIdToken: claims or a CredentialsError', () => {
    fc.assert(
      fc.property(jwtLike, (t) => {
        try {
          expect(typeof readIdToken(t)).toBe('object');
        } catch (e) {
          expect(e).toBeInstanceOf(CredentialsError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('checkIdTokenShape: never throws on any JSON header and claims', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.double(),
        (h, c, now) => {
          const issue = checkIdTokenShape(h, c, { nowSec: now });
          if (issue) expect(['NotAnIdToken', 'InvalidIdentityToken']).toContain(issue.code);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('xmlText: text, undefined or a CredentialsError', () => {
    fc.assert(
      fc.property(xml, fc.constantFrom('Code', 'Message', 'AccessKeyId', 'Expiration'), (doc, tag) => {
        try {
          const v = xmlText(doc, tag);
          expect(v === undefined || typeof v === 'string').toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(CredentialsError);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('fetchTransport STS: credentials or a CredentialsError for any answer', async () => {
    await fc.assert(
      fc.asyncProperty(xml, status, dateHeader, async (body, code, date) => {
        const input = {
          roleArn: 'arn:aws:iam::123456789012:role/R',
          roleSessionName: 's',
          webIdentityToken: 't',
        };
        sane(await typed(respond(body, code, date).assumeRoleWithWebIdentity(input, opts())));
      }),
      { numRuns: 300 },
    );
  });

  it('fetchTransport Cognito: ids and credentials or a CredentialsError for any answer', async () => {
    await fc.assert(
      fc.asyncProperty(cognitoJson, status, dateHeader, async (body, code, date) => {
        const t = respond(body, code, date);
        const got = await typed(t.cognitoGetId({ identityPoolId: 'p', logins: {} }, opts()));
        if (!(got instanceof CredentialsError))
          expect(typeof (got as { identityId: unknown }).identityId).toBe('string');
        sane(await typed(t.cognitoGetCredentialsForIdentity({ identityId: 'i', logins: {} }, opts())));
        const oid = await typed(t.cognitoGetOpenIdToken({ identityId: 'i', logins: {} }, opts()));
        if (!(oid instanceof CredentialsError))
          expect(typeof (oid as { token: unknown }).token).toBe('string');
      }),
      { numRuns: 300 },
    );
  });

  it("credentialEndpoint source: credentials or a CredentialsError for any endpoint's JSON", async () => {
    const body = fc.oneof(
      json,
      fc
        .record({
          AccessKeyId: anyValue,
          SecretAccessKey: anyValue,
          SessionToken: anyValue,
          Expiration: fc.oneof(fc.double(), fc.integer(), fc.string(), anyValue),
          code: anyValue,
          detail: anyValue,
          Subject: anyValue,
        })
        .map((o) => JSON.stringify(o)),
    );
    await fc.assert(
      fc.asyncProperty(body, status, dateHeader, async (text, code, date) => {
        const headers: Record<string, string> =
          date === null ? {} : { date: date.replace(/[^\t\x20-\x7e]/g, '') };
        const source = credentialEndpoint({
          url: 'https://api.test/aws',
          fetch: async () => new Response(text, { status: code, headers }),
        });
        const ctx = {
          region: 'eu-west-1',
          claims: {},
          transport: respond('', 500, null),
          signal: new AbortController().signal,
        };
        const r = await typed(source.exchange('t', ctx));
        sane(r);
        if (!(r instanceof CredentialsError)) {
          const d = (r as { serverDate?: Date }).serverDate;
          expect(d === undefined || !Number.isNaN(d.getTime())).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** Best of three: the time one call takes on `unit` repeated to `size` characters. */
/**
 * The best of seven runs on `unit` repeated to `small` and to `large` characters, the two sizes measured in
 * turn so a load spike on a shared machine hits both alike.
 */
function costs(fn: (input: string) => unknown, unit: string, small: number, large: number): [number, number] {
  const fill = (size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const inputs = [fill(small), fill(large)];
  const best = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  for (let i = 0; i < 7; i++) {
    for (const k of [0, 1]) {
      const t0 = performance.now();
      try {
        fn(inputs[k]!);
      } catch {
        // typed errors are fine here; only time matters
      }
      best[k] = Math.min(best[k]!, performance.now() - t0);
    }
  }
  return [best[0]!, best[1]!];
}

describe('fuzz: linear time on adversarial input', () => {
  // 16x the input may cost about 16x (linear); a quadratic parser costs 256x. The bound (64x) sits between the
  // two with a factor of 4 either side, so a loaded machine does not make it flaky; a floor keeps timer noise out.
  const cases: [string, (s: string) => unknown, string[]][] = [
    ['xmlText', (s) => xmlText(s, 'Code'), ['<Code ', '<Code', '<a:', '&#x', '&', '<Code>a', '<']],
    ['readIdToken', (s) => readIdToken(s), ['a.', '.', 'eyJ', '-_']],
    ['scrub (AWS messages)', (s) => scrub(s), ['eyJ', 'eyJ.', 'a-', 'eyJ ']],
    [
      'readIdToken (claims)',
      (s) => readIdToken(`${b64('{"alg":"RS256"}')}.${b64(s)}.x`),
      ['{"a":', '["', '\\u'],
    ],
  ];
  for (const [name, fn, units] of cases) {
    it(`${name}`, () => {
      for (const unit of units) {
        const [small, large] = costs(fn, unit, 4 * 1024, 64 * 1024);
        expect(large, `${name} on ${JSON.stringify(unit)}`).toBeLessThan(Math.max(64 * small, 25));
      }
    });
  }
});
