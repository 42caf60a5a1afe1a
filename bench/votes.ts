// npm run bench:votes [-- --annotators 100 --seconds 30 --images 20000]
// Simulated annotators against the production build (next build && next start) on a fresh
// database: each loops GET tasks/next -> POST votes for `seconds`. Writes votes/s and latency
// percentiles to bench/results/votes.json, checks acknowledged votes == stored votes, then runs
// the ceiling: the same SQL statements one task+vote cycle runs, from a raw `pg` pool of the same
// size as the app's (10) with the same number of concurrent loops.
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { Agent, request } from "undici";
import { createInvite } from "../lib/auth/invites";
import { createUserWithPassword } from "../lib/auth/users";
import { db, disconnectDb } from "../lib/db";
import { FERPLUS_LABELS } from "../lib/projects/labels";
import { startAppServer } from "../tests/helpers/app-server";
import { syntheticFace } from "../tests/helpers/annotation-fixtures";
import { percentile, rawCycle, seedImages } from "./votes-sql";
import { freshDatabase } from "./fresh-database";

const { values } = parseArgs({
  options: {
    annotators: { type: "string", default: "100" },
    seconds: { type: "string", default: "30" },
    images: { type: "string", default: "20000" },
  },
});
const ANNOTATORS = Number(values.annotators);
const SECONDS = Number(values.seconds);
const IMAGES = Number(values.images);
const log = (line: string) => process.stderr.write(`${line}\n`);

async function main() {
  const database = await freshDatabase("votes");
  log(`fresh database ${new URL(database.url).pathname.slice(1)}; seeding ${IMAGES} images`);
  const researcher = await createUserWithPassword({
    email: "bench@chorus.local",
    name: "Bench",
    role: "researcher",
    password: "bench-password",
  });
  const faces = await Promise.all(Array.from({ length: 32 }, (_, i) => syntheticFace(i)));
  const project = await seedImages({
    name: "bench-http",
    ownerId: researcher.id,
    images: IMAGES,
    faces,
    labels: [...FERPLUS_LABELS],
  });
  const ceilingProject = await seedImages({
    name: "bench-raw",
    ownerId: researcher.id,
    images: IMAGES,
    faces,
    labels: [...FERPLUS_LABELS],
  });
  const invite = await createInvite(project.id, researcher.id);

  log("building and starting the production server (next build is skipped when up to date)");
  const app = await startAppServer({ databaseUrl: database.url });
  const agent = new Agent({ connections: ANNOTATORS + 10, pipelining: 1 });
  try {
    const cookies: string[] = [];
    for (let i = 0; i < ANNOTATORS; i++) {
      const response = await request(`${app.url}/api/auth/join`, {
        method: "POST",
        dispatcher: agent,
        headers: { "content-type": "application/json", origin: app.url },
        body: JSON.stringify({ token: invite.token, workerId: `bench-${i}` }),
      });
      await response.body.dump();
      const setCookie = response.headers["set-cookie"];
      const lines = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
      if (response.statusCode !== 200 || lines.length === 0)
        throw new Error(`join failed: ${response.statusCode}`);
      cookies.push(lines.map((line) => line.split(";")[0]).join("; "));
    }
    // Warm-up: compile-on-first-use paths and connection pools, not measured.
    await runHttp(app.url, agent, cookies.slice(0, 10), project.id, 3);
    // An answer is stored as a vote, or as a hidden repeat's answer (quality_repeats, see the README's
    // Quality control section): both are acknowledged with 201, so both are counted.
    const storedAnswers = async () =>
      (await db.vote.count({ where: { projectId: project.id } })) +
      (await db.qualityRepeat.count({ where: { projectId: project.id, answeredAt: { not: null } } }));
    const warmVotes = await storedAnswers();
    log(`running ${ANNOTATORS} annotators for ${SECONDS} s over HTTP`);
    const http = await runHttp(app.url, agent, cookies, project.id, SECONDS);
    const stored = (await storedAnswers()) - warmVotes;
    const overTarget = await db.image.count({
      where: { projectId: project.id, voteCount: { gt: project.targetVotes } },
    });

    log(`running the raw pg ceiling: ${ANNOTATORS} loops for ${SECONDS} s`);
    const raw = await rawCycle({
      url: database.url,
      projectId: ceilingProject.id,
      annotators: ANNOTATORS,
      seconds: SECONDS,
      poolSize: 10,
    });

    const result = {
      measuredAt: new Date().toISOString(),
      // Shared machine: the load average says how much else was running during the measurement.
      machine: { cpus: os.cpus().length, loadAverage1m: round(os.loadavg()[0] ?? 0), node: process.version },
      annotators: ANNOTATORS,
      seconds: SECONDS,
      images: IMAGES,
      http: {
        votesPerSecond: round(http.acknowledged / http.elapsedSeconds),
        cyclesPerSecond: round(http.acknowledged / http.elapsedSeconds),
        voteLatencyMs: { p50: round(percentile(http.voteMs, 50)), p99: round(percentile(http.voteMs, 99)) },
        taskLatencyMs: { p50: round(percentile(http.taskMs, 50)), p99: round(percentile(http.taskMs, 99)) },
        acknowledgedVotes: http.acknowledged,
        storedVotes: stored,
        acknowledgedEqualsStored: http.acknowledged === stored,
        imagesOverTarget: overTarget,
        errors: http.errors,
      },
      ceiling: {
        method:
          "raw pg: the SQL statements of one GET tasks/next + POST votes (auth lookups, assignment, vote insert), pool of 10 like the app",
        votesPerSecond: round(raw.votes / raw.elapsedSeconds),
        cycleLatencyMs: { p50: round(percentile(raw.cycleMs, 50)), p99: round(percentile(raw.cycleMs, 99)) },
        votes: raw.votes,
      },
      ratioHttpToCeiling:
        Math.round((100 * (http.acknowledged / http.elapsedSeconds)) / (raw.votes / raw.elapsedSeconds)) /
        100,
    };
    mkdirSync("bench/results", { recursive: true });
    writeFileSync("bench/results/votes.json", `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (!result.http.acknowledgedEqualsStored) {
      log(`MISMATCH: acknowledged ${http.acknowledged} != stored ${stored}`);
      process.exitCode = 1;
    }
  } finally {
    await agent.close();
    await app.stop();
    await disconnectDb();
    await database.close();
  }
}

async function runHttp(baseUrl: string, agent: Agent, cookies: string[], projectId: number, seconds: number) {
  const voteMs: number[] = [];
  const taskMs: number[] = [];
  const errors: Record<string, number> = {};
  let acknowledged = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    cookies.map(async (cookie, index) => {
      while (performance.now() < deadline) {
        try {
          if (!(await cycle())) return;
        } catch (error) {
          const key = `network ${(error as { code?: string }).code ?? "error"}`;
          errors[key] = (errors[key] ?? 0) + 1;
        }
      }
      /** One task + vote; false when no task is left. */
      async function cycle(): Promise<boolean> {
        let t0 = performance.now();
        const next = await request(`${baseUrl}/api/projects/${projectId}/tasks/next`, {
          dispatcher: agent,
          headers: { cookie },
        });
        const body = (await next.body.json()) as { task: { imageId: number } | null };
        taskMs.push(performance.now() - t0);
        if (next.statusCode !== 200) {
          errors[`next ${next.statusCode}`] = (errors[`next ${next.statusCode}`] ?? 0) + 1;
          return true;
        }
        if (!body.task) return false;
        t0 = performance.now();
        const vote = await request(`${baseUrl}/api/projects/${projectId}/votes`, {
          method: "POST",
          dispatcher: agent,
          headers: { cookie, "content-type": "application/json" },
          body: JSON.stringify({
            imageId: body.task.imageId,
            label: FERPLUS_LABELS[(index + acknowledged) % FERPLUS_LABELS.length],
            durationMs: 800 + (index % 2000),
            idempotencyKey: randomUUID(),
          }),
        });
        await vote.body.dump();
        voteMs.push(performance.now() - t0);
        if (vote.statusCode === 201) acknowledged++;
        else errors[`vote ${vote.statusCode}`] = (errors[`vote ${vote.statusCode}`] ?? 0) + 1;
        return true;
      }
    }),
  );
  return { acknowledged, voteMs, taskMs, errors, elapsedSeconds: (performance.now() - started) / 1000 };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
