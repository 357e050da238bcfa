import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './tests',
  // Each spec file starts its own kit and app server; two workers for two cores.
  workers: 2,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: { actionTimeout: 15_000, trace: 'off', screenshot: 'off' },
});
