// lib/errors.ts: PostgreSQL failures a caller can retry are told apart from the rest, and answered 503.
import { describe, expect, it } from "vitest";
import { isTransientConflict, retryTransientConflicts, toHttpError } from "../../lib/errors";

// The shape Prisma's pg adapter gives a failed raw query (meta.driverAdapterError.cause.originalCode).
const prismaError = (sqlState: string) =>
  Object.assign(new Error("raw query failed"), {
    code: "P2010",
    meta: { driverAdapterError: { cause: { originalCode: sqlState, kind: "postgres" } } },
  });

describe("database errors", () => {
  it("treats deadlocks and serialization failures as transient, others not", () => {
    expect(isTransientConflict(prismaError("40P01"))).toBe(true);
    expect(isTransientConflict(Object.assign(new Error("pg"), { code: "40001" }))).toBe(true);
    expect(isTransientConflict(prismaError("23505"))).toBe(false);
    expect(isTransientConflict(new Error("plain"))).toBe(false);
    expect(isTransientConflict(null)).toBe(false);
  });

  it("answers a deadlock with 503 and Retry-After, a unique violation with 409", () => {
    const deadlock = toHttpError(prismaError("40P01"));
    expect(deadlock.status).toBe(503);
    expect(deadlock.headers?.["retry-after"] ?? deadlock.headers?.["Retry-After"]).toBeDefined();
    expect(toHttpError(prismaError("23505")).status).toBe(409);
  });

  it("runs again after a deadlock (pg's own error, as pg-boss throws it), not after other errors", async () => {
    const deadlock = Object.assign(new Error("deadlock detected"), { code: "40P01" });
    let calls = 0;
    await expect(
      retryTransientConflicts(async () => {
        if (++calls < 3) throw deadlock;
        return "created";
      }),
    ).resolves.toBe("created");
    expect(calls).toBe(3);

    calls = 0;
    const unique = prismaError("23505");
    await expect(
      retryTransientConflicts(async () => {
        calls++;
        throw unique;
      }),
    ).rejects.toBe(unique);
    expect(calls).toBe(1);

    calls = 0;
    await expect(
      retryTransientConflicts(async () => {
        calls++;
        throw deadlock;
      }, 2),
    ).rejects.toBe(deadlock);
    expect(calls).toBe(2);
  });
});
