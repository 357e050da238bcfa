import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { useAwsClient, useAwsCredentials } from '@web-identity/solid';
import { createSignal, For, type JSX } from 'solid-js';
import { useApp } from '../context.js';
import { describeS3Error } from '../format.js';

export function UploadPanel(): JSX.Element {
  const { config } = useApp();
  const { identity } = useAwsCredentials();
  // One S3 client for the whole app, signing with whatever keys the library holds at the time of each call.
  const s3 = useAwsClient(S3Client, {
    region: config.region,
    endpoint: config.s3Endpoint,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

  let fileInput: HTMLInputElement | undefined;
  const [uploadResult, setUploadResult] = createSignal('');
  const [s3Error, setS3Error] = createSignal('');
  const [keys, setKeys] = createSignal<string[]>([]);

  const prefix = () => `uploads/${identity()?.subject ?? 'unknown'}/`;
  const put = async (key: string, body: Uint8Array, contentType?: string): Promise<void> => {
    await s3.send(
      new PutObjectCommand({ Bucket: config.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  };

  const upload = async (): Promise<void> => {
    const file = fileInput?.files?.[0];
    setUploadResult('');
    setS3Error('');
    if (!file) {
      setS3Error('Choose a file first.');
      return;
    }
    const key = `${prefix()}${file.name}`;
    try {
      await put(key, new Uint8Array(await file.arrayBuffer()), file.type || undefined);
      setUploadResult(`uploaded ${key}`);
    } catch (e) {
      setS3Error(describeS3Error(e));
    }
  };

  const list = async (): Promise<void> => {
    setS3Error('');
    try {
      const out = await s3.send(new ListObjectsV2Command({ Bucket: config.bucket, Prefix: prefix() }));
      setKeys((out.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
    } catch (e) {
      setKeys([]);
      setS3Error(describeS3Error(e));
    }
  };

  const otherUpload = async (): Promise<void> => {
    setS3Error('');
    try {
      await put('uploads/someone-else/probe.txt', new TextEncoder().encode('probe'), 'text/plain');
      setUploadResult('uploaded uploads/someone-else/probe.txt');
    } catch (e) {
      setS3Error(describeS3Error(e));
    }
  };

  return (
    <section>
      <h2>Photos</h2>
      <input ref={fileInput} data-testid="file-input" type="file" />
      <button data-testid="upload" type="button" onClick={upload}>
        Upload
      </button>
      <button data-testid="list" type="button" onClick={list}>
        Reload list
      </button>
      <button data-testid="other-upload" type="button" onClick={otherUpload}>
        Try someone else's folder
      </button>
      <p data-testid="upload-result">{uploadResult()}</p>
      <p class="error" data-testid="s3-error">
        {s3Error()}
      </p>
      <ul data-testid="uploads">
        <For each={keys()}>{(key) => <li>{key}</li>}</For>
      </ul>
    </section>
  );
}
