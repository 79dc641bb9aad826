// End-to-end tests of volto-collective-locking: Debian's Chromium against
// the production build (`npm run build`) and a Plone started for the run.
// Run with `make test-volto` (or `npx playwright test` here).
const { defineConfig } = require('@playwright/test');
const { BACKEND, VOLTO, VOLTO_DE, VOLTO_STOCK } = require('./e2e/addresses');

const volto = (port, site, env = {}) => ({
  command: 'node build/server.js',
  url: `http://127.0.0.1:${port}/ok`,
  timeout: 120000,
  reuseExistingServer: false,
  env: {
    HOST: '127.0.0.1',
    RAZZLE_BIND_ADDRESS: '127.0.0.1',
    PORT: String(port),
    NODE_ENV: 'production',
    RAZZLE_API_PATH: `http://127.0.0.1:${port}`,
    RAZZLE_INTERNAL_API_PATH: `http://127.0.0.1:${BACKEND}/${site}`,
    ...env,
  },
});

module.exports = defineConfig({
  testDir: './e2e',
  timeout: 120000,
  expect: { timeout: 15000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${VOLTO}`,
    screenshot: 'only-on-failure',
    viewport: { width: 1400, height: 1000 },
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      command: 'bash e2e/backend.sh',
      url: `http://127.0.0.1:${BACKEND}/Stock/++api++`,
      timeout: 600000,
      reuseExistingServer: false,
    },
    volto(VOLTO, 'Plone'),
    volto(VOLTO_STOCK, 'Stock'),
    volto(VOLTO_DE, 'Plone', { SITE_DEFAULT_LANGUAGE: 'de' }),
  ],
});
