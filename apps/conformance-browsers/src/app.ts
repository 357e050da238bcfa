import type { Tab } from './tabs.js';

/** Polls `probe` in `tab` until `ok` holds (a navigation in between just means "not yet"). */
export async function until<T>(
  tab: Tab,
  probe: () => T,
  ok: (v: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined;
  let error: unknown;
  while (Date.now() < end) {
    try {
      last = await tab.run(probe);
      if (ok(last)) return last;
    } catch (e) {
      error = e; // the page is navigating
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)} ${error ?? ''}`);
}

/** The text of `[data-testid=id]` in the example apps (null when absent). */
export function text(tab: Tab, id: string): Promise<string | null> {
  return tab.run((sel: string) => document.querySelector(`[data-testid="${sel}"]`)?.textContent ?? null, id);
}

export function waitText(tab: Tab, id: string, want: RegExp, timeoutMs = 20_000): Promise<string> {
  const probe = new Function(
    `return document.querySelector('[data-testid="${id}"]')?.textContent ?? null;`,
  ) as () => string | null;
  return until(
    tab,
    probe,
    (v) => v !== null && want.test(v),
    `${id} ~ ${want}`,
    timeoutMs,
  ) as Promise<string>;
}

export function click(tab: Tab, id: string): Promise<void> {
  return tab.run((sel: string) => {
    (document.querySelector(`[data-testid="${sel}"]`) as HTMLElement).click();
  }, id);
}

/**
 * Signs in through the kit's IdP as a user would: the app's sign-in button, then the login form the first time
 * in a profile (straight back afterwards: the IdP's session cookie). Resolves once credentials are ready.
 */
export async function signIn(tab: Tab, appUrl: string, user = 'alice'): Promise<void> {
  await tab.goto(appUrl);
  await waitText(tab, 'status', /^signed-out$/);
  await click(tab, 'sign-in');
  const where = await until(
    tab,
    () =>
      document.querySelector('input[name="login"]')
        ? 'form'
        : (document.querySelector('[data-testid="status"]')?.textContent ?? ''),
    (v) => v === 'form' || /^(loading|ready|refreshing)$/.test(v),
    'the login form or the app',
  );
  if (where === 'form') {
    await tab.run((u: string) => {
      (document.querySelector('input[name="login"]') as HTMLInputElement).value = u;
      (document.querySelector('input[name="password"]') as HTMLInputElement).value = 'password';
      const submit = document.querySelector('button[type="submit"], input[type="submit"]') as HTMLElement;
      submit.click();
    }, user);
  }
  await waitText(tab, 'status', /^ready$/);
  await waitText(tab, 'subject', new RegExp(`^${user}$`));
}

/** Uploads a text file through the example's file input and upload button. */
export async function upload(tab: Tab, name: string, body: string): Promise<void> {
  await tab.run(
    ({ name, body }: { name: string; body: string }) => {
      const input = document.querySelector('[data-testid="file-input"]') as HTMLInputElement;
      const dt = new DataTransfer();
      dt.items.add(new File([body], name, { type: 'text/plain' }));
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    },
    { name, body },
  );
  await click(tab, 'upload');
}
