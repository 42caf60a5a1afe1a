// The one Prisma client of the process (Prisma 7, Rust-free, over node-postgres).
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client";
import { databaseUrl } from "./env";

// Kept on globalThis so that Next.js hot reloads do not open a new pool each time; keyed by URL so a
// test file that points DATABASE_URL at its own database never reuses another file's client.
const globalForDb = globalThis as unknown as { chorusDb?: { url: string; client: PrismaClient } };

function getClient(): PrismaClient {
  const url = databaseUrl();
  if (globalForDb.chorusDb?.url !== url) {
    const adapter = new PrismaPg({ connectionString: url, max: 10 });
    globalForDb.chorusDb = { url, client: new PrismaClient({ adapter }) };
  }
  return globalForDb.chorusDb.client;
}

/** The Prisma client, created on first use from DATABASE_URL. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = getClient();
    const value = Reflect.get(client, property, client) as unknown;
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(client) : value;
  },
});

/** Close the client's pool (CLI commands and tests call this before exiting). */
export async function disconnectDb(): Promise<void> {
  const current = globalForDb.chorusDb;
  globalForDb.chorusDb = undefined;
  await current?.client.$disconnect();
}

export type { PrismaClient };
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
