import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { useAwsClient, useAwsCredentials } from '@web-identity/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { PlaygroundConfig } from './config.js';
import type { TrustExplanation } from './kit.js';
import { Json } from './Md.js';
import { describeSigned, type SignedRequest, type SignedView } from './sigv4.js';

interface CallResult {
  id: number;
  label: string;
  outcome: string;
  signed: SignedView | null;
}

const MIDDLEWARE = 'playgroundSigV4View';

/** One line for an S3 answer or error: `200 OK · …` or `AccessDenied: Access Denied`. */
function outcomeOf(err: unknown): string {
  const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  return `${e.$metadata?.httpStatusCode ?? ''} ${e.name ?? 'Error'}: ${e.message ?? ''}`.trim();
}

/**
 * The page's S3 client (`useAwsClient`, credentials from the provider) with a middleware right after
 * SigV4 signing that keeps the last signed request for display.
 */
function useWatchedS3(config: PlaygroundConfig) {
  const s3Options = useMemo(
    () => ({
      region: config.region,
      ...(config.s3Endpoint ? { endpoint: config.s3Endpoint, forcePathStyle: true } : {}),
      requestChecksumCalculation: 'WHEN_REQUIRED' as const,
      responseChecksumValidation: 'WHEN_REQUIRED' as const,
    }),
    [config],
  );
  const s3 = useAwsClient(S3Client, s3Options);
  const lastSigned = useRef<SignedRequest | null>(null);
  useEffect(() => {
    // After the SDK signed the request: keep it for display (the view masks it before showing anything).
    const capture = (next: (args: unknown) => Promise<unknown>) => async (args: unknown) => {
      lastSigned.current = (args as { request: SignedRequest }).request;
      return next(args);
    };
    s3.middlewareStack.addRelativeTo(
      capture as unknown as Parameters<S3Client['middlewareStack']['addRelativeTo']>[0],
      { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: MIDDLEWARE, override: true },
    );
    return () => void s3.middlewareStack.remove(MIDDLEWARE);
  }, [s3]);
  return { s3, lastSigned };
}

/** One call: its outcome, the canonical request and string-to-sign, and the signature check. */
function CallResultView({ result: r }: { result: CallResult }) {
  return (
    <div className="call" data-testid="call-result">
      <h3>
        {r.label}: <span data-testid="call-outcome">{r.outcome}</span>
      </h3>
      {r.signed && (
        <>
          <h4>Canonical request</h4>
          <pre data-testid="call-canonical">{r.signed.canonicalRequest}</pre>
          <h4>String to sign</h4>
          <pre data-testid="call-string-to-sign">{r.signed.stringToSign}</pre>
          <p>
            <code data-testid="call-authorization">{r.signed.authorization}</code>
            <br />
            Signature recomputed here from this string-to-sign:{' '}
            <strong data-testid="call-signature-check">{r.signed.signatureCheck}</strong>
          </p>
        </>
      )}
    </div>
  );
}

/** Step 5: signed S3 calls in the user's own prefix and in another user's, with what SigV4 signed. */
export function CallStep({ config, why }: { config: PlaygroundConfig; why: TrustExplanation | null }) {
  const { s3, lastSigned } = useWatchedS3(config);
  const { identity, credentials } = useAwsCredentials();
  const seq = useRef(0);
  const [results, setResults] = useState<CallResult[]>([]);

  const sub = identity?.subject ?? '';
  const other = sub === 'bob' ? 'alice' : 'bob';
  async function run(label: string, send: () => Promise<string>) {
    lastSigned.current = null;
    let outcome: string;
    try {
      outcome = await send();
    } catch (err) {
      outcome = outcomeOf(err);
    }
    const req = lastSigned.current;
    const signed = req ? await describeSigned(req, credentials) : null;
    const id = ++seq.current;
    setResults((r) => [{ id, label, outcome, signed }, ...r].slice(0, 3));
  }
  const put = (key: string) =>
    run(`PutObject ${key}`, async () => {
      const out = await s3.send(
        new PutObjectCommand({
          Bucket: config.bucket,
          Key: key,
          Body: 'hello from the playground',
          ContentType: 'text/plain',
        }),
      );
      return `${out.$metadata.httpStatusCode} OK · ETag ${out.ETag ?? ''}`;
    });
  const list = () =>
    run(`ListObjectsV2 uploads/${sub}/`, async () => {
      const out = await s3.send(
        new ListObjectsV2Command({ Bucket: config.bucket, Prefix: `uploads/${sub}/` }),
      );
      return `${out.$metadata.httpStatusCode} OK · ${(out.Contents ?? []).map((o) => o.Key).join(', ') || 'empty'}`;
    });

  return (
    <section data-testid="step-call" aria-labelledby="call-title">
      <h2 id="call-title">5. A signed call</h2>
      <p className="hint">
        The temporary keys sign each S3 request with SigV4. The role’s <em>permissions</em> policy (not the
        trust policy) decides what they may do; its <code>$&#123;…:sub&#125;</code> variable becomes this
        user.
      </p>
      <div className="buttons">
        <button
          type="button"
          data-testid="call-put"
          disabled={!credentials}
          onClick={() => put(`uploads/${sub}/hello.txt`)}
        >
          PutObject uploads/{sub || '…'}/hello.txt
        </button>
        <button type="button" data-testid="call-list" disabled={!credentials} onClick={list}>
          List uploads/{sub || '…'}/
        </button>
        <button
          type="button"
          data-testid="call-denied"
          disabled={!credentials}
          onClick={() => put(`uploads/${other}/probe.txt`)}
        >
          PutObject uploads/{other}/probe.txt (someone else’s)
        </button>
      </div>
      {results.map((r) => (
        <CallResultView key={r.id} result={r} />
      ))}
      <h3>Permissions policy, its variables resolved for {sub || 'this user'}</h3>
      {why?.permissions.length ? (
        <>
          <Json value={why.permissions} testId="call-permissions" />
          <details>
            <summary>As written in the role, with its policy variables</summary>
            <Json value={why.role?.permissions} testId="call-permissions-written" />
          </details>
        </>
      ) : (
        <p className="hint" data-testid="call-permissions">
          {why
            ? 'Not allowed to assume the role: no permissions apply.'
            : 'The local kit shows the role’s permissions here.'}
        </p>
      )}
    </section>
  );
}
