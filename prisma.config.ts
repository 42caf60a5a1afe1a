// Prisma CLI configuration. Chorus applies migrations itself (lib/database/migrate.ts) because the
// stock `prisma migrate deploy` needs a native engine download; where that download works, the stock
// CLI reads the same prisma/migrations folder and the same _prisma_migrations table.
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/chorus" },
});
