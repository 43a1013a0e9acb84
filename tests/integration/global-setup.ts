import path from "node:path";
import { applyMigrations } from "../../lib/db/apply-migrations";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../../lib/db/start-embedded-postgres";

// Integration tests use a real PostgreSQL: DATABASE_URL when it is set, otherwise an embedded server
// with its own data folder and port, so a developer's dashboard database is never touched.
const TEST_DATABASE_PORT = Number(process.env.BUILDLAB_TEST_DB_PORT ?? 54331);

let database: EmbeddedDatabase | undefined;

export async function setup(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    const dataDir = path.resolve(process.env.BUILDLAB_TEST_DATA_DIR ?? ".data/test");
    database = await startEmbeddedPostgres(dataDir, TEST_DATABASE_PORT);
    process.env.DATABASE_URL = database.url;
  }
  process.env.BUILDLAB_DATA_DIR ??= path.resolve(".data/test");
  await applyMigrations(process.env.DATABASE_URL);
}

export async function teardown(): Promise<void> {
  await database?.stop();
}
