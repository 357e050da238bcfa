import { Component, inject, input } from '@angular/core';
import { AwsCredentialsService } from '@web-identity/angular';

/** One of several independent components using the service at once: they share one client. */
@Component({
  selector: 'app-consumer',
  template: `<p>Consumer {{ name() }}: <span data-testid="consumer-status">{{ aws.status() }}</span></p>`,
})
export class Consumer {
  readonly name = input.required<string>();
  protected readonly aws = inject(AwsCredentialsService);
}
