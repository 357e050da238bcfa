/**
 * React Native's native side, played by the Node host for the Hermes VM: the Timing module (timers on Node's
 * clock), Networking (the HTTP request, with Node's `fetch`: real HTTP to the kit), Blob and FileReader (a blob's
 * bytes by id), AsyncStorage (a Map), the console (`nativeLoggingHook`), and the WebCrypto module an app adds for
 * `signedFetch` (node:crypto). One message in, at most one reply out, through `deliver`.
 */
import { createHash, createHmac } from 'node:crypto';

export type Message = {
  t: string;
  id?: number;
  ms?: number;
  name?: string;
  args?: Record<string, unknown>;
} & Record<string, unknown>;

/** A blob as React Native's JavaScript names it to the native side. */
type BlobData = { blobId: string; offset: number; size: number; type?: string };

export interface NativeSide {
  /** Handles a message from the VM; `false` when it is not for the native side. */
  handle(msg: Message): boolean;
  /** Cancels the timers and requests still pending. */
  stop(): void;
  /** What the VM logged. */
  logs: string[];
  /** AsyncStorage's contents, and every value ever written to it. */
  storage: Map<string, string>;
  stored: string[];
}

async function httpRequest(a: Record<string, unknown>, signal: AbortSignal) {
  const res = await fetch(a.url as string, {
    method: a.method as string,
    headers: a.headers as Record<string, string>,
    body: a.body === null ? undefined : Buffer.from(a.body as string, 'latin1'),
    signal,
  });
  return {
    status: res.status,
    statusText: res.statusText,
    headers: [...res.headers],
    body: await res.text(),
  };
}

export function createNativeSide(deliver: (msg: object) => void): NativeSide {
  const timers = new Map<number, NodeJS.Timeout>();
  const requests = new Map<number, AbortController>();
  const storage = new Map<string, string>();
  const stored: string[] = [];
  const logs: string[] = [];
  const blobs = new Map<string, Buffer>();
  const blobBytes = (d: BlobData) =>
    (blobs.get(d.blobId) ?? Buffer.alloc(0)).subarray(d.offset, d.offset + d.size);

  const onBlob = (msg: Message) => {
    if (msg.op === 'release') blobs.delete(msg.blobId as string);
    if (msg.op !== 'create') return;
    const parts = msg.parts as { type: string; data: string | BlobData }[];
    const bytes = parts.map((p) =>
      p.type === 'string' ? Buffer.from(p.data as string, 'utf8') : blobBytes(p.data as BlobData),
    );
    blobs.set(msg.blobId as string, Buffer.concat(bytes));
  };

  const answer = async (msg: Message): Promise<unknown> => {
    const a = msg.args ?? {};
    switch (msg.name) {
      case 'fetch': {
        const abort = new AbortController();
        requests.set(msg.id as number, abort);
        try {
          return await httpRequest(a, abort.signal);
        } finally {
          requests.delete(msg.id as number);
        }
      }
      case 'blob.readAsDataURL': {
        const data = a.data as BlobData;
        return `data:${data.type || 'application/octet-stream'};base64,${blobBytes(data).toString('base64')}`;
      }
      case 'blob.readAsText':
        return blobBytes(a.data as BlobData).toString('utf8');
      case 'crypto.sha256':
        return createHash('sha256')
          .update(Buffer.from(a.data as string, 'base64'))
          .digest('base64');
      case 'crypto.hmacSha256':
        return createHmac('sha256', Buffer.from(a.key as string, 'base64'))
          .update(Buffer.from(a.data as string, 'base64'))
          .digest('base64');
      case 'storage.get':
        return storage.get(a.key as string) ?? null;
      case 'storage.set':
        storage.set(a.key as string, a.value as string);
        stored.push(a.value as string);
        return null;
      case 'storage.remove':
        storage.delete(a.key as string);
        return null;
      default:
        throw new Error(`unknown host call ${msg.name}`);
    }
  };

  const handle = (msg: Message): boolean => {
    const id = msg.id as number;
    if (msg.t === 'timer') {
      const fire = () => {
        timers.delete(id);
        deliver({ t: 'fire', id });
      };
      timers.set(id, setTimeout(fire, msg.ms));
    } else if (msg.t === 'clearTimer') {
      clearTimeout(timers.get(id));
      timers.delete(id);
    } else if (msg.t === 'abortFetch') requests.get(id)?.abort();
    else if (msg.t === 'blob') onBlob(msg);
    else if (msg.t === 'log') logs.push(String(msg.message));
    else if (msg.t === 'call') {
      answer(msg).then(
        (value) => deliver({ t: 'reply', id, value }),
        (e: unknown) => deliver({ t: 'reply', id, error: String(e) }),
      );
    } else return false;
    return true;
  };

  return {
    handle,
    stop() {
      for (const t of timers.values()) clearTimeout(t);
      for (const r of requests.values()) r.abort();
    },
    logs,
    storage,
    stored,
  };
}
