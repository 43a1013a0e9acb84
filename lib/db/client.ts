import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client";

// One client per process; Next.js reloads modules in development, so the client lives on globalThis.
const globalForPrisma = globalThis as unknown as { buildlabPrisma?: PrismaClient };

/** Returns the process-wide Prisma client for DATABASE_URL. */
export function getDb(): PrismaClient {
  if (globalForPrisma.buildlabPrisma) return globalForPrisma.buildlabPrisma;

  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) {
    throw new Error("DATABASE_URL is not set: start Buildlab with scripts/start.sh, or set DATABASE_URL to a PostgreSQL database.");
  }

  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
  globalForPrisma.buildlabPrisma = client;
  return client;
}

export type { PrismaClient };
