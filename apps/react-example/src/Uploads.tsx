import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { useAwsClient, useAwsCredentials } from '@web-identity/react';
import { useState } from 'react';
import type { AppConfig } from './config.js';
import { describeError } from './format.js';
import { s3Config } from './s3.js';

export function Uploads({ config }: { config: AppConfig }) {
  const s3 = useAwsClient(S3Client, s3Config(config));
  const { identity } = useAwsCredentials();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState('');
  const [keys, setKeys] = useState<string[]>([]);
  const [s3Error, setS3Error] = useState('');
  const prefix = identity ? `uploads/${identity.subject}/` : 'uploads/';

  async function put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    setResult('');
    setS3Error('');
    try {
      await s3.send(
        new PutObjectCommand({ Bucket: config.bucket, Key: key, Body: body, ContentType: contentType }),
      );
      setResult(`uploaded ${key}`);
    } catch (error) {
      setS3Error(describeError(error));
    }
  }

  async function upload(): Promise<void> {
    if (!file) {
      setS3Error('Choose a file first.');
      return;
    }
    await put(
      `${prefix}${file.name}`,
      new Uint8Array(await file.arrayBuffer()),
      file.type || 'application/octet-stream',
    );
  }

  async function list(): Promise<void> {
    setS3Error('');
    try {
      const out = await s3.send(new ListObjectsV2Command({ Bucket: config.bucket, Prefix: prefix }));
      setKeys((out.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
    } catch (error) {
      setKeys([]);
      setS3Error(describeError(error));
    }
  }

  const probe = () => put('uploads/someone-else/probe.txt', new TextEncoder().encode('probe'), 'text/plain');

  return (
    <section aria-labelledby="uploads-title">
      <h2 id="uploads-title">Your uploads</h2>
      <p className="hint">
        Stored in <code>{config.bucket}</code> under <code>{prefix}</code>.
      </p>
      <div className="buttons">
        <input
          type="file"
          data-testid="file-input"
          onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
        />
        <button type="button" data-testid="upload" onClick={upload}>
          Upload
        </button>
        <button type="button" data-testid="list" onClick={list}>
          Reload list
        </button>
        <button type="button" data-testid="other-upload" onClick={probe}>
          Try someone else's folder
        </button>
      </div>
      <p data-testid="upload-result">{result}</p>
      <p data-testid="s3-error" role={s3Error ? 'alert' : undefined}>
        {s3Error}
      </p>
      <ul data-testid="uploads">
        {keys.map((key) => (
          <li key={key}>{key}</li>
        ))}
      </ul>
    </section>
  );
}
