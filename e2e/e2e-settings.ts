// Ports and paths shared by playwright.config.ts and the browser tests.

export const E2E_PORT = 3100;

// A port of its own, so that the test's embedded PostgreSQL never collides with a developer's
// dashboard, which uses the default 54329.
export const E2E_DATABASE_PORT = 54339;

export const E2E_DATA_DIR = ".data/e2e";

/** The database the dashboard under test uses: DATABASE_URL when set, as scripts/serve.ts does, else the embedded server. */
export const E2E_DATABASE_URL = process.env.DATABASE_URL ?? `postgresql://buildlab:buildlab@127.0.0.1:${E2E_DATABASE_PORT}/buildlab`;
