import { Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { AwsCredentialsService, maskAccessKeyId } from '@web-identity/angular';

/** Status, subject, role, masked key id, expiry countdown, next refresh, exchange count. */
@Component({
  selector: 'app-credentials-panel',
  template: `
    <section>
      <h2>Credentials</h2>
      <dl>
        <dt>Status</dt>
        <dd data-testid="status">{{ aws.status() }}</dd>
        <dt>Subject</dt>
        <dd data-testid="subject">{{ aws.identity()?.subject ?? '' }}</dd>
        <dt>Role</dt>
        <dd data-testid="role-arn">{{ aws.identity()?.assumedRoleArn ?? '' }}</dd>
        <dt>Access key</dt>
        <dd data-testid="access-key">{{ accessKey() }}</dd>
        <dt>Expires in (s)</dt>
        <dd data-testid="expires-in">{{ expiresIn() }}</dd>
        <dt>Next refresh</dt>
        <dd data-testid="refresh-at">{{ aws.refreshAt()?.toISOString() ?? '' }}</dd>
        <dt>Exchanges</dt>
        <dd data-testid="exchange-count">{{ aws.exchangeCount() }}</dd>
        <dt>Error</dt>
        <dd data-testid="error" class="error">{{ aws.error()?.message ?? '' }}</dd>
      </dl>
    </section>
  `,
})
export class CredentialsPanel {
  protected readonly aws = inject(AwsCredentialsService);
  readonly #now = signal(Date.now());

  protected readonly accessKey = computed(() => {
    const credentials = this.aws.credentials();
    return credentials ? maskAccessKeyId(credentials.accessKeyId) : '';
  });

  protected readonly expiresIn = computed(() => {
    const expiresAt = this.aws.expiresAt();
    return expiresAt ? String(Math.max(0, Math.round((expiresAt.getTime() - this.#now()) / 1000))) : '';
  });

  constructor() {
    const timer = setInterval(() => this.#now.set(Date.now()), 1000);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }
}
