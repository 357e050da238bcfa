import { Component, inject } from '@angular/core';
import { AwsCredentialsService } from '@web-identity/angular';
import { UserManager } from 'oidc-client-ts';
import { Consumer } from './consumer';
import { CredentialsPanel } from './credentials-panel';
import { SignedCall } from './signed-call';
import { Uploads } from './uploads';

@Component({
  selector: 'app-root',
  imports: [CredentialsPanel, Uploads, SignedCall, Consumer],
  template: `
    <h1>web-identity · Angular</h1>
    <p>
      <button data-testid="sign-in" type="button" (click)="signIn()">Sign in</button>
      <button data-testid="sign-out" type="button" (click)="signOut()">Sign out</button>
      <button data-testid="refresh" type="button" (click)="aws.refresh()">Refresh</button>
    </p>
    <app-credentials-panel />
    <app-uploads />
    <app-signed-call />
    <section data-testid="consumers">
      <h2>Components sharing the credentials</h2>
      <app-consumer name="A" />
      <app-consumer name="B" />
      <app-consumer name="C" />
    </section>
  `,
})
export class App {
  protected readonly aws = inject(AwsCredentialsService);
  readonly #users = inject(UserManager);

  protected async signIn(): Promise<void> {
    // Full-page redirect to the IdP; main.ts finishes the sign-in when it comes back, and the
    // service's first exchange then sees the new user. (After a sign-in without leaving the page,
    // e.g. a popup, call this.aws.refresh().)
    await this.#users.signinRedirect();
  }

  protected async signOut(): Promise<void> {
    this.aws.signOut();
    await this.#users.removeUser();
  }
}
