// Checks that Chorus works behind PgBouncer in transaction mode (docs/deployment.md): migrations
// from four processes at once, the vote path (Prisma + raw SQL in interactive transactions) for 20
// concurrent annotators, and pg-boss (20 jobs, two workers, each job run exactly once).
//
//   DIRECT_URL=postgresql://postgres@127.0.0.1:5432/postgres \
//   POOLED_URL=postgresql://postgres@127.0.0.1:6432/postgres node --import tsx scripts/check-pgbouncer.ts
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { migrate } from "../lib/database/migrate";
import { createDatabaseIfMissing, withDatabase } from "../lib/database/setup";

async function main() {
  const direct = process.env.DIRECT_URL;
  const pooled = process.env.POOLED_URL;
  if (!direct || !pooled) throw new Error("set DIRECT_URL (the server) and POOLED_URL (PgBouncer)");
  const name = `chorus_pgbouncer_${Date.now()}`;
  await createDatabaseIfMissing(withDatabase(direct, "postgres"), name);
  const url = withDatabase(pooled, name);
  process.env.DATABASE_URL = url;

  const applied = await Promise.all([migrate(url), migrate(url), migrate(url), migrate(url)]);
  const { readMigrations } = await import("../lib/database/migrate");
  const expected = (await readMigrations()).length;
  if (applied.flat().length !== expected)
    throw new Error(`migrations applied ${applied.flat().length}x, want ${expected}`);
  console.log(`migrations: 4 processes at once through PgBouncer applied ${expected} migrations once each`);

  const { db, disconnectDb } = await import("../lib/db");
  const { createProject } = await import("../lib/projects/projects");
  const { nextTask } = await import("../lib/tasks/next-task");
  const { recordVote } = await import("../lib/votes/record-vote");
  const { hiddenRepeatAnswers } = await import("../lib/tasks/policies/repeat-answers");
  const project = await createProject({ name: "pgbouncer", labels: ["a", "b"], targetVotes: 3 });
  await db.imageBlob.create({
    data: { sha256: "blob", data: Buffer.from([0]), width: 1, height: 1, format: "png", byteSize: 1 },
  });
  for (let i = 0; i < 30; i += 1) {
    await db.image.create({
      data: { projectId: project.id, sha256: "blob", externalName: `${i}.png`, counts: [0, 0] },
    });
  }
  const annotators = await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const id = randomUUID();
      await db.user.create({ data: { id, name: `a${i}`, email: `${id}@check.invalid`, role: "annotator" } });
      await db.projectMember.create({ data: { projectId: project.id, userId: id, role: "annotator" } });
      return id;
    }),
  );
  let acknowledged = 0;
  await Promise.all(
    annotators.map(async (annotatorId) => {
      for (;;) {
        const task = await nextTask({ projectId: project.id, annotatorId });
        if (!task) return;
        const vote = { imageId: task.imageId, label: "a", durationMs: 100, idempotencyKey: randomUUID() };
        await recordVote({ project, annotatorId, vote, repeats: hiddenRepeatAnswers });
        acknowledged += 1;
      }
    }),
  );
  const stored = await db.vote.count({ where: { projectId: project.id } });
  const over = await db.image.count({ where: { projectId: project.id, voteCount: { gt: 3 } } });
  if (stored !== acknowledged || stored !== 90 || over !== 0) {
    throw new Error(`votes: acknowledged ${acknowledged}, stored ${stored}, images over target ${over}`);
  }
  console.log(`vote path: 20 annotators, ${stored} votes acknowledged = stored, none over target`);

  const { startWorker } = await import("../lib/jobs/worker");
  const { enqueue, stopBoss } = await import("../lib/jobs/queue");
  const runs = new Map<number, number>();
  const job = {
    name: "pgbouncer-check",
    schema: z.object({ n: z.number() }),
    handle: async ({ n }: { n: number }) => void runs.set(n, (runs.get(n) ?? 0) + 1),
  };
  const quiet = { log: () => undefined, pollingIntervalSeconds: 0.5 };
  const workers = [await startWorker([job], quiet), await startWorker([job], quiet)];
  for (let n = 0; n < 20; n += 1) await enqueue(job.name, { n });
  const deadline = Date.now() + 60_000;
  while (runs.size < 20 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
  await new Promise((resolve) => setTimeout(resolve, 2000));
  if (runs.size !== 20 || [...runs.values()].some((count) => count !== 1)) {
    throw new Error(`pg-boss: ${runs.size} of 20 jobs ran, counts ${[...runs.values()].join(",")}`);
  }
  console.log("pg-boss: 20 jobs, two workers, each job ran exactly once");
  for (const worker of workers) await worker.stop();
  await stopBoss();
  await disconnectDb();
  console.log(`PgBouncer check passed (database ${name})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
