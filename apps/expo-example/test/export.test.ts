/**
 * `expo export` bundles the app for Android as a user's build would: Metro with the app's config, then Hermes
 * bytecode (hermesc). Offline, from the registry install alone. The bundle holds core's exchange, the S3 client
 * and no Node built-in.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const appRoot = join(import.meta.dirname, '..');
let out: string;
let exit: { code: number | null; output: string };

function exportAndroid(dir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const cli = join(appRoot, 'node_modules', 'expo', 'bin', 'cli');
    const child = spawn(process.execPath, [cli, 'export', '--platform', 'android', '--output-dir', dir], {
      cwd: appRoot,
      env: { ...process.env, CI: '1', EXPO_NO_TELEMETRY: '1', EXPO_OFFLINE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'expo-export-'));
  exit = await exportAndroid(out);
}, 300_000);

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('expo export --platform android', () => {
  it('exits 0', () => {
    expect(exit.code, exit.output.slice(-2000)).toBe(0);
  });

  it('writes one Hermes bytecode bundle with core, the S3 client and no Node built-in', async () => {
    const metadata = JSON.parse(await readFile(join(out, 'metadata.json'), 'utf8'));
    const bundle = await readFile(join(out, metadata.fileMetadata.android.bundle));
    // Hermes bytecode files start with this magic number (0x1F1903C103BC1FC6, little-endian).
    expect(bundle.subarray(0, 8).toString('hex')).toBe('c61fbc03c103191f');
    const text = bundle.toString('latin1');
    expect(text).toContain('AssumeRoleWithWebIdentity'); // core's STS call
    expect(text).toContain('web-identity:guest-identity-id:'); // core's guest key, for SecureStore
    expect(text).toContain('PutObject'); // the S3 upload
    expect(text).not.toContain('node:https');
  });
});
