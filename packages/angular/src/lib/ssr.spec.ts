import { Component, inject, provideZonelessChangeDetection, signal } from '@angular/core';
import { type BootstrapContext, bootstrapApplication } from '@angular/platform-browser';
import { provideServerRendering, renderApplication } from '@angular/platform-server';
import { webIdentity } from '@web-identity/core';
import { describe, expect, it } from 'vitest';
import { FakeClient } from '../../test/fake-client';
import { AwsCredentialsService } from './aws-credentials.service';
import { provideAwsCredentials } from './provide-aws-credentials';

@Component({
  selector: 'wi-root',
  template: `<p data-testid="status">{{ aws.status() }}</p><p data-testid="usable">{{ aws.credentials() != null }}</p><p data-testid="server-error">{{ serverError() }}</p>`,
})
class Root {
  readonly aws = inject(AwsCredentialsService);
  readonly serverError = signal('');
  constructor() {
    this.aws.getCredentials().catch((e: { code: string }) => this.serverError.set(e.code));
  }
}

async function render(providers: Parameters<typeof provideAwsCredentials>[0]): Promise<string> {
  const bootstrap = (context: BootstrapContext) =>
    bootstrapApplication(
      Root,
      {
        providers: [
          provideZonelessChangeDetection(),
          provideServerRendering(),
          provideAwsCredentials(providers),
        ],
      },
      context,
    );
  return renderApplication(bootstrap, {
    document: '<html><head></head><body><wi-root></wi-root></body></html>',
    url: 'http://localhost/',
    allowedHosts: ['localhost'],
  });
}

describe('server-side rendering', () => {
  it('renders signed-out without creating the client from options or reading a token', async () => {
    let tokenReads = 0;
    const html = await render({
      region: 'eu-west-1',
      source: webIdentity({ roleArn: 'arn:aws:iam::123456789012:role/PhotoUploader' }),
      getIdToken: () => {
        tokenReads++;
        return 'not-a-token';
      },
    });
    expect(html).toContain('<p data-testid="status">signed-out</p>');
    expect(html).toContain('<p data-testid="usable">false</p>');
    expect(html).toContain('<p data-testid="server-error">NoIdentityToken</p>');
    expect(tokenReads).toBe(0);
  });

  it('never calls a factory-provided client on the server', async () => {
    const client = new FakeClient();
    // Even a client that already holds keys in this process is not shown on the server.
    client.snapshot = { ...client.snapshot, status: 'ready', exchangeCount: 4 };
    let factoryCalls = 0;
    const html = await render(() => {
      factoryCalls++;
      return client;
    });
    expect(html).toContain('<p data-testid="status">signed-out</p>');
    expect(factoryCalls).toBe(0);
    expect(client.subscribeCalls).toBe(0);
    expect(client.snapshot.exchangeCount).toBe(4);
  });
});
