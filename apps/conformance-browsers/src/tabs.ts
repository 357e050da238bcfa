import type { Browser, Page } from 'puppeteer-core';
import { By, type WebDriver } from 'selenium-webdriver';

/**
 * One browser tab as the tests drive it, the same for Firefox (puppeteer-core over WebDriver BiDi) and WebKit
 * (selenium-webdriver over WebKitWebDriver): so a test is written once for both engines.
 */
export interface Tab {
  goto(url: string): Promise<void>;
  /** Runs `fn(arg)` in the page (a function declaration, serialised) and returns its JSON-able result. */
  run<T, A = unknown>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  close(): Promise<void>;
}

/** A tab driven by puppeteer-core: Firefox over WebDriver BiDi, Chromium over CDP. */
export function firefoxTab(page: Page): Tab {
  return {
    async goto(url) {
      await page.goto(url, { waitUntil: 'load' });
    },
    run: (fn, arg) => page.evaluate(fn as never, arg as never) as never,
    close: () => page.close(),
  };
}

export async function newFirefoxTab(browser: Browser): Promise<Tab> {
  return firefoxTab(await browser.newPage());
}

/**
 * A WebKit tab: selenium talks to one window at a time, so every call first switches to this tab's handle
 * (calls are serialised per driver).
 */
export function webkitTab(driver: WebDriver, handle: string): Tab {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(op: () => Promise<T>): Promise<T> => {
    const next = queue.then(async () => {
      await driver.switchTo().window(handle);
      return op();
    });
    queue = next.catch(() => {});
    return next;
  };
  return {
    goto: (url) => serial(() => driver.get(url)),
    run: (fn, arg) =>
      serial(() =>
        driver.executeAsyncScript(
          `const done = arguments[arguments.length - 1];
           Promise.resolve().then(() => (${fn.toString()})(arguments[0]))
             .then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ err: String(e && e.stack || e) }));`,
          arg ?? null,
        ),
      ).then((r) => {
        const out = r as { ok?: unknown; err?: string };
        if (out.err) throw new Error(out.err);
        return out.ok as never;
      }),
    close: () => serial(() => driver.close()),
  };
}

/** Every WebKit tab shares one driver: a shared queue so two tabs never interleave a switch and a call. */
export function webkitTabs(driver: WebDriver): { first(): Promise<Tab>; open(): Promise<Tab> } {
  let queue: Promise<unknown> = Promise.resolve();
  const wrap = (handle: string): Tab => {
    const inner = webkitTab(driver, handle);
    const serial = <T>(op: () => Promise<T>): Promise<T> => {
      const next = queue.then(op);
      queue = next.catch(() => {});
      return next;
    };
    return {
      goto: (url) => serial(() => inner.goto(url)),
      run: (fn, arg) => serial(() => inner.run(fn, arg)),
      close: () => serial(() => inner.close()),
    };
  };
  return {
    first: async () => wrap(await driver.getWindowHandle()),
    open: async () => {
      const next = queue.then(async () => {
        await driver.switchTo().newWindow((process.env.WK_NEW as 'tab' | 'window') ?? 'tab');
        return driver.getWindowHandle();
      });
      queue = next.catch(() => {});
      return wrap(await next);
    },
  };
}

export { By };
