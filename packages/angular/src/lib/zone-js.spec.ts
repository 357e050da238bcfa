// zone.js is loaded by this file only: `ng test --configuration zone-js` runs it on its own.
import 'zone.js';
import { Component, inject, NgZone, provideZoneChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClient } from '../../test/fake-client';
import { AwsCredentialsService } from './aws-credentials.service';
import { provideAwsCredentials } from './provide-aws-credentials';

@Component({
  selector: 'wi-status',
  template: `<p>{{ aws.status() }} {{ aws.credentials()?.accessKeyId ?? '-' }}</p>`,
})
class StatusComponent {
  readonly aws = inject(AwsCredentialsService);
}

/** Records whether the client is called inside Angular's zone. */
class ZoneRecordingClient extends FakeClient {
  readonly calls: { method: string; inAngularZone: boolean }[] = [];
  override subscribe = (listener: Parameters<FakeClient['subscribe']>[0]) => {
    this.calls.push({ method: 'subscribe', inAngularZone: NgZone.isInAngularZone() });
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };
  override refresh() {
    this.calls.push({ method: 'refresh', inAngularZone: NgZone.isInAngularZone() });
    return super.refresh();
  }
}

describe('with zone.js change detection', () => {
  afterEach(() => TestBed.resetTestingModule());

  it('renders transitions and stays stable while the client keeps its refresh timer', async () => {
    expect(typeof (globalThis as { Zone?: unknown }).Zone).toBe('function');
    // A long credential lifetime: after the exchange the client keeps a ~10 minute refresh timer.
    const client = new ZoneRecordingClient(1, 600_000, 10_000);
    TestBed.configureTestingModule({
      providers: [provideZoneChangeDetection(), provideAwsCredentials(() => client)],
    });
    const fixture = TestBed.createComponent(StatusComponent);
    const zone = TestBed.inject(NgZone);
    fixture.autoDetectChanges();
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent.trim()).toBe('signed-out -');

    // As a (click) handler would: inside the Angular zone.
    await zone.run(() => fixture.componentInstance.aws.refresh());
    await fixture.whenStable();
    expect(fixture.nativeElement.textContent.trim()).toBe('ready ASIA0001');
    // The client's timers were started outside the Angular zone, so nothing keeps the app unstable.
    expect(zone.hasPendingMacrotasks).toBe(false);
    expect(fixture.isStable()).toBe(true);
    expect(client.calls).toEqual([
      { method: 'subscribe', inAngularZone: false },
      { method: 'refresh', inAngularZone: false },
    ]);
  });
});
