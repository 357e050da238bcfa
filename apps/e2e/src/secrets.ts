import type { Page, Response } from '@playwright/test';

/**
 * Collects every secret the browser receives (from the wire, not from the app under test): AWS secret
 * keys and session tokens from STS/Cognito responses, and ID/refresh tokens from the IdP's token
 * endpoint. The suite then searches storage, console output and page text for them.
 */
export class SecretWatcher {
  readonly secrets = new Set<string>();
  readonly accessKeyIds = new Set<string>();
  readonly console: string[] = [];

  attach(page: Page): void {
    page.on('console', (msg) => this.console.push(msg.text()));
    page.on('pageerror', (err) => this.console.push(String(err)));
    page.on('response', (res) => void this.collect(res));
  }

  private async collect(res: Response): Promise<void> {
    let text: string;
    try {
      if (res.request().method() !== 'POST') return;
      text = await res.text();
    } catch {
      return; // body already gone (navigation); nothing to learn
    }
    for (const [, value] of text.matchAll(/<(?:SecretAccessKey|SessionToken)>([^<]+)</g)) this.add(value);
    for (const [, value] of text.matchAll(/<AccessKeyId>([^<]+)</g)) if (value) this.accessKeyIds.add(value);
    if (text.startsWith('{')) {
      try {
        const json = JSON.parse(text) as Record<string, unknown>;
        const creds = json.Credentials as Record<string, unknown> | undefined;
        this.add(creds?.SecretKey);
        this.add(creds?.SessionToken);
        this.add(json.id_token);
        this.add(json.refresh_token);
        this.add(json.access_token);
        if (typeof creds?.AccessKeyId === 'string') this.accessKeyIds.add(creds.AccessKeyId);
      } catch {
        // not JSON after all
      }
    }
  }

  private add(value: unknown): void {
    if (typeof value === 'string' && value.length >= 16) this.secrets.add(value);
  }

  /** The secrets found in `haystack` (shortened so a failure message does not leak them either). */
  leaksIn(haystack: string): string[] {
    return [...this.secrets]
      .filter((s) => haystack.includes(s))
      .map((s) => `${s.slice(0, 4)}…(${s.length} chars)`);
  }
}

/** Everything the page persisted: localStorage, sessionStorage, IndexedDB records and cookies. */
export async function dumpBrowserStorage(page: Page): Promise<string> {
  const inPage = await page.evaluate(async () => {
    const out: string[] = [];
    for (const store of [localStorage, sessionStorage]) {
      for (let i = 0; i < store.length; i++) {
        const key = store.key(i)!;
        out.push(`${key}=${store.getItem(key)}`);
      }
    }
    const dbs = (await indexedDB.databases?.()) ?? [];
    for (const info of dbs) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((ok, ko) => {
        const req = indexedDB.open(info.name!);
        req.onsuccess = () => ok(req.result);
        req.onerror = () => ko(req.error);
      });
      for (const name of Array.from(db.objectStoreNames)) {
        const all = await new Promise<unknown[]>((ok, ko) => {
          const req = db.transaction(name, 'readonly').objectStore(name).getAll();
          req.onsuccess = () => ok(req.result);
          req.onerror = () => ko(req.error);
        });
        out.push(`${info.name}/${name}=${JSON.stringify(all)}`);
      }
      db.close();
    }
    out.push(`document.cookie=${document.cookie}`);
    return out.join('\n');
  });
  const cookies = await page.context().cookies();
  return `${inPage}\n${cookies.map((c) => `${c.name}=${c.value}`).join('\n')}`;
}
