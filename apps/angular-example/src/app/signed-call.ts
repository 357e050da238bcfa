import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Component, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { APP_SETTINGS } from './app-settings';

/** The kit's execute-api echo: the caller as SigV4 verification saw it. */
interface Echo {
  arn: string;
}

/** One HttpClient call to an IAM-authorized API, signed by withAwsSigV4 in app.config.ts. */
@Component({
  selector: 'app-signed-call',
  template: `
    <section>
      <h2>Signed API call</h2>
      <button data-testid="signed-call" type="button" (click)="call()">Call the API</button>
      <p data-testid="signed-call-result">{{ result() }}</p>
    </section>
  `,
})
export class SignedCall {
  readonly #http = inject(HttpClient);
  readonly #url = inject(APP_SETTINGS).apiEndpoint;
  protected readonly result = signal('');

  protected async call(): Promise<void> {
    this.result.set('');
    if (!this.#url) {
      this.result.set('No apiEndpoint in /config.json');
      return;
    }
    try {
      const echo = await firstValueFrom(this.#http.get<Echo>(this.#url));
      this.result.set(echo.arn);
    } catch (err) {
      if (err instanceof HttpErrorResponse) this.result.set(`HTTP ${err.status}: ${err.statusText}`);
      else this.result.set(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
    }
  }
}
