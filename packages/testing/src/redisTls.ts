import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A test CA and a server certificate it signed (for `127.0.0.1` and `localhost`), as PEM and as files. */
export interface TestCertificate {
  /** The CA's certificate (PEM): what a client passes as `ca` to verify the server. */
  readonly ca: string;
  /** The CA's certificate file (`--tls-ca-cert-file`). */
  readonly caFile: string;
  /** The server's certificate file (`--tls-cert-file`), for `127.0.0.1` and `localhost`. */
  readonly certFile: string;
  /** The server's private key file (`--tls-key-file`). */
  readonly keyFile: string;
  /** Deletes the files. */
  remove(): void;
}

function openssl(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d) => {
      stderr += String(d);
    });
    proc.once('error', (err) =>
      reject(
        new Error(
          `startLocalRedis: cannot run openssl (${(err as NodeJS.ErrnoException).code ?? err.message}) to make the TLS test certificate; install it (Debian: apt-get install -y openssl).`,
        ),
      ),
    );
    proc.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`openssl ${args[0]}: ${stderr.slice(0, 500)}`)),
    );
  });
}

/**
 * Makes a throw-away CA (P-256, one day) and a server certificate it signs for `127.0.0.1` and `localhost`,
 * with `openssl` in a temporary folder: a client that verifies the server (the default of every Redis client)
 * trusts it only when handed `ca`.
 *
 * @example
 * const cert = await makeTestCertificate();
 * spawn('redis-server', ['--tls-cert-file', cert.certFile, '--tls-key-file', cert.keyFile, ...]);
 */
export async function makeTestCertificate(): Promise<TestCertificate> {
  const dir = mkdtempSync(join(tmpdir(), 'web-identity-tls-'));
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    await openssl(
      [
        'req',
        '-x509',
        ...ec,
        '-keyout',
        'ca.key',
        '-out',
        'ca.crt',
        '-days',
        '1',
        '-subj',
        '/CN=web-identity test CA',
      ],
      dir,
    );
    await openssl(
      ['req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'],
      dir,
    );
    writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    await openssl(
      [
        'x509',
        '-req',
        '-in',
        'server.csr',
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        'server.crt',
        '-days',
        '1',
        '-extfile',
        'san.ext',
      ],
      dir,
    );
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    ca: readFileSync(join(dir, 'ca.crt'), 'utf8'),
    caFile: join(dir, 'ca.crt'),
    certFile: join(dir, 'server.crt'),
    keyFile: join(dir, 'server.key'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
