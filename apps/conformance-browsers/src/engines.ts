import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { launchFirefox } from './firefox.js';
import { firefoxTab, type Tab, webkitTabs } from './tabs.js';
import { launchWebKit } from './webkit.js';

/** The three engines, each from Debian. */
export type EngineName = 'chromium' | 'firefox' | 'webkit';
export const ENGINES: readonly EngineName[] = ['chromium', 'firefox', 'webkit'];

/** A running browser of one engine: tabs of one profile, closed together. */
export interface Engine {
  readonly name: EngineName;
  /** The first call gives the browser's first tab, later calls new tabs of the same profile. */
  tab(): Promise<Tab>;
  close(): Promise<void>;
}

/** Debian's Chromium with the flags this closed network needs (as apps/e2e launches it). */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function chromium(): Promise<Engine> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'wi-chromium-'));
  const browser = await puppeteer.launch({
    browser: 'chrome',
    executablePath: CHROMIUM_PATH,
    headless: true,
    userDataDir,
    args: CHROMIUM_ARGS,
  });
  let first = true;
  return {
    name: 'chromium',
    async tab() {
      const blank = first ? (await browser.pages())[0] : undefined;
      first = false;
      return firefoxTab(blank ?? (await browser.newPage()));
    },
    async close() {
      await browser.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

async function firefox(): Promise<Engine> {
  const ff = await launchFirefox();
  let first = true;
  return {
    name: 'firefox',
    async tab() {
      const blank = first ? (await ff.browser.pages())[0] : undefined;
      first = false;
      return firefoxTab(blank ?? (await ff.browser.newPage()));
    },
    close: ff.close,
  };
}

async function webkit(): Promise<Engine> {
  const wk = await launchWebKit();
  const tabs = webkitTabs(wk.driver);
  let first = true;
  return {
    name: 'webkit',
    tab() {
      const t = first ? tabs.first() : tabs.open();
      first = false;
      return t;
    },
    close: wk.close,
  };
}

/** Launches `name` on a fresh profile. */
export function launch(name: EngineName): Promise<Engine> {
  return name === 'chromium' ? chromium() : name === 'firefox' ? firefox() : webkit();
}
