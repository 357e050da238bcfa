/**
 * Each source brings the AWS calls it makes (issue 23): an app built with `webIdentity` alone carries STS's call
 * and the Query protocol but no Cognito call, no JSON 1.1 reader and no AWS SDK; the Cognito app (the control,
 * so the check can fail) carries Cognito's calls. Built from core's `dist/` with the bench's Vite, unminified so
 * the action names can be read.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '.tmp', 'sources-bring-calls');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function bundle(name: string, code: string): Promise<string> {
  const root = join(dir, name);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'entry.js'), code);
  const out = await build({
    configFile: false,
    root,
    logLevel: 'silent',
    mode: 'production',
    define: { 'process.env.NODE_ENV': '"production"' },
    build: { write: false, minify: false, rolldownOptions: { input: join(root, 'entry.js') } },
  });
  return (Array.isArray(out) ? out : [out])
    .flatMap((o) => (o as { output: { type: string; code?: string }[] }).output)
    .filter((c) => c.type === 'chunk')
    .map((c) => c.code)
    .join('\n');
}

const app = (source: string) =>
  `import { createCredentialsClient, ${source.split('(')[0]} } from '@web-identity/core';\n` +
  `const c = createCredentialsClient({ region: 'eu-west-1', source: ${source}, getIdToken: async () => null });\n` +
  'c.getCredentials().then(console.log);\n';

describe('sources bring their calls', () => {
  it('a webIdentity app has STS AssumeRoleWithWebIdentity and nothing of Cognito or the SDK', async () => {
    const code = await bundle('sts', app("webIdentity({ roleArn: 'arn:aws:iam::123456789012:role/R' })"));
    expect(code).toMatch(/["']AssumeRoleWithWebIdentity["']/);
    expect(code).toContain('2011-06-15');
    // As quoted names: the client's fallback transport has methods *named* after Cognito's calls (cognitoGetId…).
    for (const absent of [
      /AWSCognitoIdentityService/,
      /["']GetCredentialsForIdentity["']/,
      /["']GetOpenIdToken["']/,
      /@aws-sdk/,
    ]) {
      expect(code).not.toMatch(absent);
    }
  });

  it('a cognitoIdentityPool app has Cognito Identity calls (the control)', async () => {
    const code = await bundle(
      'cognito',
      app("cognitoIdentityPool({ identityPoolId: 'eu-west-1:11111111-2222-3333-4444-555555555555' })"),
    );
    expect(code).toContain('AWSCognitoIdentityService');
    expect(code).toContain('application/x-amz-json-1.1');
    expect(code).toMatch(/["']GetCredentialsForIdentity["']/);
    expect(code).not.toContain('@aws-sdk');
  });
});
