// startLocalRedis runs the real redis-server; it fails with what to install when it cannot.
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startLocalRedis } from '../src/redis.js';

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
});
