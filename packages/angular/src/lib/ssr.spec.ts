import { Component, inject, provideZonelessChangeDetection } from '@angular/core';
import { type BootstrapContext, bootstrapApplication } from '@angular/platform-browser';
import { provideServerRendering, renderApplication } from '@angular/platform-server';
import { describe, expect, it } from 'vitest';
import { FakeClient } from '../../test/fake-client';
import { AwsCredentialsService } from './aws-credentials.service';
import { provideAwsCredentials } from './provide-aws-credentials';

@Component({
  selector: 'wi-root',
  template: `<p data-testid="status">{{ aws.status() }}</p><p data-testid="usable">{{ aws.credentials() != null }}</p>`,
})
class Root {
  readonly aws = inject(AwsCredentialsService);
}

describe('server-side rendering', () => {
  it('renders signed-out on platform-server without starting a session', async () => {
    const client = new FakeClient();
    // Even a client that already holds keys in this process is not shown on the server.
    client.snapshot = { ...client.snapshot, status: 'ready', exchangeCount: 4 };
    const bootstrap = (context: BootstrapContext) =>
      bootstrapApplication(
        Root,
        {
          providers: [
            provideZonelessChangeDetection(),
            provideServerRendering(),
            provideAwsCredentials(() => client),
          ],
        },
        context,
      );
    const html = await renderApplication(bootstrap, {
      document: '<html><head></head><body><wi-root></wi-root></body></html>',
      url: 'http://localhost/',
      allowedHosts: ['localhost'],
    });
    expect(html).toContain('<p data-testid="status">signed-out</p>');
    expect(html).toContain('<p data-testid="usable">false</p>');
    expect(client.subscribeCalls).toBe(0);
    expect(client.snapshot.exchangeCount).toBe(4);
  });
});
