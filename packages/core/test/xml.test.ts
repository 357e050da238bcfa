import { describe, expect, it } from 'vitest';
import { CredentialsError, fetchTransport } from '../src/index.js';
import { xmlText } from '../src/transport/fetch.js';

const signal = new AbortController().signal;
const input = { roleArn: 'arn:aws:iam::123456789012:role/R', roleSessionName: 's', webIdentityToken: 't' };
const sts = (body: string, status = 200) =>
  fetchTransport({ fetch: async () => new Response(body, { status }) }).assumeRoleWithWebIdentity(input, {
    region: 'eu-west-1',
    endpoint: 'https://sts.test/',
    signal,
  });

describe('finding 6: the XML reader never throws a raw exception', () => {
  it.each(['&#x110000;', '&#1114112;', '&#xD800;', '&#55296;'])(
    'xmlText maps %s to a ServerError',
    (entity) => {
      let thrown: unknown;
      try {
        xmlText(`<Code>a${entity}b</Code>`, 'Code');
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(CredentialsError);
      expect(thrown).toMatchObject({ code: 'ServerError', retryable: true });
    },
  );

  it('an STS answer or error with a malformed entity rejects with a retryable ServerError', async () => {
    const ok = `<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIA</AccessKeyId><SecretAccessKey>s&#x110000;</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>`;
    await expect(sts(ok)).rejects.toMatchObject({ name: 'CredentialsError', code: 'ServerError' });
    const bad =
      '<ErrorResponse><Error><Code>Throttling</Code><Message>x&#x110000;</Message></Error></ErrorResponse>';
    await expect(sts(bad, 400)).rejects.toMatchObject({ name: 'CredentialsError', code: 'ServerError' });
  });

  it('still decodes valid references, including astral ones', () => {
    expect(xmlText('<M>&#x1F600;&#65;&amp;&unknown;</M>', 'M')).toBe('😀A&&unknown;');
  });
});
