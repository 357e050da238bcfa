import { Component, computed, inject, signal } from '@angular/core';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AwsCredentialsService, injectAwsClient } from '@web-identity/angular';
import { APP_SETTINGS } from './app-settings';

function plainWords(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

/** Uploads to, and lists, uploads/<sub>/ in the bucket; shows S3 refusing another user's folder. */
@Component({
  selector: 'app-uploads',
  template: `
    <section>
      <h2>Photos</h2>
      <input data-testid="file-input" type="file" (change)="pick($event)" />
      <button data-testid="upload" type="button" (click)="upload()" [disabled]="!file() || !aws.credentials()">
        Upload
      </button>
      <button data-testid="list" type="button" (click)="list()">List</button>
      <button data-testid="other-upload" type="button" (click)="uploadElsewhere()">
        Try someone else's folder
      </button>
      <p data-testid="upload-result">{{ uploadResult() }}</p>
      <p data-testid="s3-error" class="error">{{ s3Error() }}</p>
      <ul data-testid="uploads">
        @for (key of keys(); track key) {
          <li>{{ key }}</li>
        }
      </ul>
    </section>
  `,
})
export class Uploads {
  protected readonly aws = inject(AwsCredentialsService);
  readonly #settings = inject(APP_SETTINGS);
  readonly #s3 = injectAwsClient(S3Client, {
    region: this.#settings.region,
    endpoint: this.#settings.s3Endpoint,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

  protected readonly file = signal<File | null>(null);
  protected readonly uploadResult = signal('');
  protected readonly s3Error = signal('');
  protected readonly keys = signal<string[]>([]);
  readonly #prefix = computed(() => `uploads/${this.aws.identity()?.subject ?? ''}/`);

  protected pick(event: Event): void {
    this.file.set((event.target as HTMLInputElement).files?.[0] ?? null);
  }

  protected async upload(): Promise<void> {
    const file = this.file();
    if (!file) return;
    const key = `${this.#prefix()}${file.name}`;
    await this.#put(key, file, () => this.uploadResult.set(`uploaded ${key}`));
    await this.list();
  }

  protected async uploadElsewhere(): Promise<void> {
    await this.#put('uploads/someone-else/probe.txt', new Blob(['probe'], { type: 'text/plain' }), () =>
      this.uploadResult.set('uploaded uploads/someone-else/probe.txt'),
    );
  }

  protected async list(): Promise<void> {
    try {
      const out = await this.#s3.send(
        new ListObjectsV2Command({ Bucket: this.#settings.bucket, Prefix: this.#prefix() }),
      );
      this.keys.set((out.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : [])));
      this.s3Error.set('');
    } catch (err) {
      this.s3Error.set(plainWords(err));
    }
  }

  async #put(key: string, body: Blob, onSuccess: () => void): Promise<void> {
    this.uploadResult.set('');
    try {
      await this.#s3.send(
        new PutObjectCommand({
          Bucket: this.#settings.bucket,
          Key: key,
          Body: new Uint8Array(await body.arrayBuffer()),
          ContentType: body.type || 'application/octet-stream',
        }),
      );
      this.s3Error.set('');
      onSuccess();
    } catch (err) {
      this.s3Error.set(plainWords(err));
    }
  }
}
