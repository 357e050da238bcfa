// startLocalRedis runs the real redis-server; it fails with what to install when it cannot.
import { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { startLocalRedis, startLocalRedisCluster } from '../src/redis.js';

function send(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    socket.once('error', reject);
    socket.connect(port, '127.0.0.1', () => socket.write(`${command}\r\n`));
    socket.once('data', (d) => {
      socket.destroy();
      resolve(String(d));
    });
  });
}

describe('startLocalRedis', () => {
  it('starts a real server without persistence, kills it and restarts it empty on the same port', async () => {
    const redis = await startLocalRedis();
    try {
      expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
      expect(await send(redis.port, 'SET a 1')).toBe('+OK\r\n');
      expect(await send(redis.port, 'CONFIG GET save')).toContain('save');
      expect(await send(redis.port, 'CONFIG GET appendonly')).toContain('no');
      await redis.kill();
      await expect(send(redis.port, 'PING')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      await redis.restart();
      expect(await send(redis.port, 'GET a')).toBe('$-1\r\n');
    } finally {
      await redis.close();
      await redis.close();
    }
  });

  it('rejects with what to install when the binary is missing', async () => {
    await expect(startLocalRedis({ binary: '/nonexistent/redis-server' })).rejects.toThrow(
      /apt-get install -y redis-server/,
    );
  });

  it('serves TLS only, with a certificate that verifies against the test CA and not without it; ACL users apply', async () => {
    const redis = await startLocalRedis({ tls: true, users: ['app on >pw ~app:* +get'] });
    const tlsSend = (command: string, ca?: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = tlsConnect({
          port: redis.port,
          host: '127.0.0.1',
          servername: 'localhost',
          ...(ca ? { ca } : {}),
        });
        socket.once('error', reject);
        socket.once('secureConnect', () => socket.write(`${command}\r\n`));
        socket.once('data', (d) => {
          socket.destroy();
          resolve(String(d));
        });
      });
    try {
      expect(redis.url).toBe(`rediss://127.0.0.1:${redis.port}`);
      expect(await tlsSend('PING', redis.tls!.ca)).toBe('+PONG\r\n');
      await expect(tlsSend('PING')).rejects.toMatchObject({ code: 'SELF_SIGNED_CERT_IN_CHAIN' });
      await expect(send(redis.port, 'PING')).rejects.toThrow(); // no plaintext: the TLS port drops it
      expect(await tlsSend('AUTH app pw', redis.tls!.ca)).toBe('+OK\r\n');
    } finally {
      await redis.close();
    }
  });

  it('starts a 3-master cluster that covers every slot; a killed node comes back with its slots', async () => {
    const cluster = await startLocalRedisCluster();
    try {
      expect(cluster.rootNodes).toHaveLength(3);
      for (const { port } of cluster.rootNodes) {
        const info = await send(port, 'CLUSTER INFO');
        expect(info).toContain('cluster_state:ok');
        expect(info).toContain('cluster_slots_assigned:16384');
      }
      await cluster.kill(1);
      await expect(send(cluster.rootNodes[1]!.port, 'PING')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      await cluster.restart(1);
      expect(await send(cluster.rootNodes[1]!.port, 'CLUSTER INFO')).toContain('cluster_state:ok');
    } finally {
      await cluster.close();
    }
  }, 60_000);
});
