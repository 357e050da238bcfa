// Security review finding 2: the logger's redaction stalled the event loop (a `\b` next to `-`). These tests
// compare adversarial inputs with normal ones of the same size, measured side by side in the same run; the
// ratio is generous so a loaded 2-core machine does not make them flaky (the old regex took seconds).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webIdentity } from '@web-identity/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCredentials } from '../src/http/express.js';
import type { LogEvent } from '../src/log.js';
import { redact } from '../src/telemetry/logger.js';
import { bestOfInTurn } from './timing.js';

const SIZE = 64 * 1024;
const fill = (unit: string) => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);
const ADVERSARIAL = ['a-', '-a', 'ab-', 'a_-', 'eyJ', 'aaaaaaaa.a-'];

describe('finding 2: redaction runs in linear time', () => {
  it('redact() on 64 KB adversarial strings costs about what a 64 KB plain string costs', async () => {
    const text = fill('lorem ipsum ');
    for (const unit of ADVERSARIAL) {
      const input = fill(unit);
      const [plain, adversarial] = await bestOfInTurn([() => redact(text), () => redact(input)]);
      expect(adversarial, unit).toBeLessThan(Math.max(20 * plain, 20));
    }
  });

  it('still redacts tokens, including one cut short', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlc2lnbmF0dXJl';
    expect(redact(`a-b-c ${jwt} x`)).toBe('a-b-c [redacted token] x');
    expect(redact(`/api/${jwt.slice(0, 30)}`)).toBe('/api/[redacted token]');
  });
});

describe('finding 2: a 401 for a 64 KB adversarial path over real HTTP', () => {
  let server: Server;
  let url: string;
  const logs: LogEvent[] = [];

  beforeAll(async () => {
    const mw = awsCredentials({
      region: 'eu-west-1',
      source: webIdentity({ roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader' }),
      verify: { issuer: 'http://127.0.0.1:1', audience: 'web-identity-demo' },
      logger: (e) => logs.push(e),
    });
    server = createServer({ maxHeaderSize: 256 * 1024 }, (req, res) =>
      mw(req, res, () => res.writeHead(204).end()),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('costs about what a 64 KB plain path costs, and the logged path is cut to 256 characters', async () => {
    const request = async (path: string) => {
      const res = await fetch(`${url}/${path}`);
      await res.arrayBuffer();
      expect(res.status).toBe(401);
    };
    for (const unit of ['a-', 'ab-', 'aaaaaaaa.a-']) {
      const [plain, adversarial] = await bestOfInTurn([() => request(fill('a')), () => request(fill(unit))]);
      expect(adversarial, unit).toBeLessThan(Math.max(10 * plain, 50));
    }
    const rejected = logs.filter((e) => e.event === 'request.rejected');
    expect(rejected.length).toBeGreaterThan(0);
    for (const e of rejected) expect(e.message!.length).toBeLessThan(256 + 200);
  });
});
