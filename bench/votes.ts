// npm run bench:votes [-- --annotators 200 --think 3 --seconds 60 --closed-annotators 50
//                        --closed-seconds 20 --images 20000 --scale 20000,200000 --web-processes N]
// The vote path measured as annotators use it (docs/vote-path.md): the production build served by
// the multi-process web tier (bin/web-server.ts) on a fresh database.
// - openLoop: `annotators` people thinking 3 s +- 50 % per face, one POST votes {next: true} each.
// - closedLoop: no think time, the most votes per second; CPU per cycle of the web processes and
//   of this database's PostgreSQL backends, from /proc, during that run.
// - pgbench: the same SQL statements (rendered from lib/) at the closed loop's concurrency.
// - scale: one pgbench client's time per cycle in projects of 20,000 and 200,000 images.
// Writes bench/results/votes.json; exits 1 when an acknowledged vote was not stored exactly once.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { Agent } from "undici";
import { createInvite } from "../lib/auth/invites";
import { createUserWithPassword } from "../lib/auth/users";
import { db, disconnectDb } from "../lib/db";
import { FERPLUS_LABELS } from "../lib/projects/labels";
import { buildApp } from "../tests/helpers/app-server";
import { syntheticFace } from "../tests/helpers/annotation-fixtures";
import { freshDatabase } from "./fresh-database";
import { cycleScript, runPgbench } from "./pgbench-cycle";
import { processTree, totalCpuMs } from "./proc-cpu";
import { joinAnnotators, runAnnotators } from "./votes-load";
import { addPgbenchAnnotators, percentile, seedImages } from "./votes-sql";
import { startWebTier } from "./web-tier";

const { values } = parseArgs({
  options: {
    annotators: { type: "string", default: "200" },
    think: { type: "string", default: "3" },
    seconds: { type: "string", default: "60" },
    "closed-annotators": { type: "string", default: "50" },
    "closed-seconds": { type: "string", default: "20" },
    images: { type: "string", default: "20000" },
    scale: { type: "string", default: "20000,200000" },
    "scale-seconds": { type: "string", default: "10" },
    "web-processes": { type: "string", default: String(os.availableParallelism()) },
  },
});
const ANNOTATORS = Number(values.annotators);
const THINK = Number(values.think);
const CLOSED = Number(values["closed-annotators"]);
const IMAGES = Number(values.images);
const WEB_PROCESSES = Number(values["web-processes"]);
const log = (line: string) => process.stderr.write(`${line}\n`);
const round = (value: number) => Math.round(value * 10) / 10;
const latency = (samples: number[]) => ({
  p50: round(percentile(samples, 50)),
  p99: round(percentile(samples, 99)),
});
const labels = [...FERPLUS_LABELS];

async function main() {
  const database = await freshDatabase("votes");
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  const researcher = await createUserWithPassword({
    email: "bench@chorus.local",
    name: "Bench",
    role: "researcher",
    password: "bench-password",
  });
  const faces = await Promise.all(Array.from({ length: 32 }, (_, i) => syntheticFace(i)));
  const seed = (name: string, images: number) =>
    seedImages({ name, ownerId: researcher.id, images, faces, labels });
  log(`fresh database ${new URL(database.url).pathname.slice(1)}; seeding ${IMAGES} images`);
  const project = await seed("bench-http", IMAGES);
  const invite = await createInvite(project.id, researcher.id);
  const web = await startWebTier(database.url, await buildApp(), WEB_PROCESSES);
  const agent = new Agent({ connections: ANNOTATORS + CLOSED + 10, pipelining: 1 });
  try {
    const openCookies = await joinAnnotators(web.url, agent, invite.token, ANNOTATORS, "open");
    const closedCookies = await joinAnnotators(web.url, agent, invite.token, CLOSED, "closed");
    const run = (cookies: string[], seconds: number, thinkSeconds: number) =>
      runAnnotators({
        baseUrl: web.url,
        agent,
        cookies,
        projectId: project.id,
        labels,
        seconds,
        thinkSeconds,
      });
    log("warm-up (not measured)");
    await run(closedCookies, 5, 0);
    const storedBefore = await storedAnswers(project.id);

    log(`open loop: ${ANNOTATORS} annotators thinking ${THINK} s +- 50 % for ${values.seconds} s`);
    const open = await run(openCookies, Number(values.seconds), THINK);
    log(`closed loop: ${CLOSED} annotators, no think time, for ${values["closed-seconds"]} s`);
    const backends = async () =>
      (
        await pool.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE datname = current_database()",
        )
      ).rows.map((r) => r.pid);
    const webPids = processTree(web.pid);
    const dbPidsBefore = await backends();
    const cpuBefore = { web: totalCpuMs(webPids), database: totalCpuMs(dbPidsBefore) };
    const closed = await run(closedCookies, Number(values["closed-seconds"]), 0);
    // Backends opened during the run started from zero CPU.
    const dbPidsAfter = [...new Set([...dbPidsBefore, ...(await backends())])];
    const cpu = {
      web: totalCpuMs(webPids) - cpuBefore.web,
      database: totalCpuMs(dbPidsAfter) - cpuBefore.database,
    };
    const stored = (await storedAnswers(project.id)) - storedBefore;
    const overTarget = await db.image.count({
      where: { projectId: project.id, voteCount: { gt: project.targetVotes } },
    });
    await web.stop();

    log(`pgbench: the same statements, ${CLOSED} clients for ${values["closed-seconds"]} s`);
    const pgbenchProject = await seed("bench-pgbench", IMAGES);
    await addPgbenchAnnotators(pool, pgbenchProject.id, CLOSED);
    const bench = await runPgbench({
      url: database.url,
      script: cycleScript(pgbenchProject),
      clients: CLOSED,
      seconds: Number(values["closed-seconds"]),
    });

    const scale = [];
    for (const images of values.scale.split(",").map(Number)) {
      log(`scale: ${images} images, one pgbench client for ${values["scale-seconds"]} s`);
      const scaleProject = await seed(`bench-scale-${images}`, images);
      await addPgbenchAnnotators(pool, scaleProject.id, 1);
      // Database time: the CPU of pgbench's one backend, sampled until it ends (its /proc entry
      // goes with it), per cycle. Its latency also counts waiting for a core on a shared machine.
      let backend: { pid: number; first: number; last: number } | undefined;
      const sampler = setInterval(() => {
        void (async () => {
          if (!backend) {
            const found = await pool.query<{ pid: number }>(
              "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'pgbench'",
            );
            const pid = found.rows[0]?.pid;
            if (pid) backend = { pid, first: totalCpuMs([pid]), last: totalCpuMs([pid]) };
          } else {
            backend.last = Math.max(backend.last, totalCpuMs([backend.pid]));
          }
        })();
      }, 100);
      const single = await runPgbench({
        url: database.url,
        script: cycleScript(scaleProject),
        clients: 1,
        seconds: Number(values["scale-seconds"]),
      });
      clearInterval(sampler);
      const votes = Number((await pool.query("SELECT count(*) FROM votes")).rows[0].count);
      const dbMs = backend ? (backend.last - backend.first) / Math.max(1, single.cycles) : NaN;
      const hundredths = (value: number) => Math.round(value * 100) / 100;
      scale.push({ images, votes, dbMsPerCycle: hundredths(dbMs), latencyMs: hundredths(single.latencyMs) });
    }

    const httpRate = closed.acknowledged / closed.elapsedSeconds;
    const result = {
      measuredAt: new Date().toISOString(),
      // Shared machine: the load average says how much else was running while this was measured.
      machine: {
        cpus: os.cpus().length,
        loadAverage1m: round(os.loadavg()[0] ?? 0),
        node: process.version,
        webProcesses: WEB_PROCESSES,
      },
      images: IMAGES,
      openLoop: {
        annotators: ANNOTATORS,
        thinkSeconds: THINK,
        seconds: Number(values.seconds),
        votesPerSecond: round(open.acknowledged / open.elapsedSeconds),
        voteLatencyMs: latency(open.voteMs),
        taskLatencyMs: latency(open.taskMs),
        errors: open.errors,
      },
      closedLoop: { annotators: CLOSED, votesPerSecond: round(httpRate), errors: closed.errors },
      cpuMsPerCycle: {
        web: round(cpu.web / Math.max(1, closed.acknowledged)),
        database: round(cpu.database / Math.max(1, closed.acknowledged)),
      },
      pgbench: { clients: CLOSED, cyclesPerSecond: round(bench.cyclesPerSecond) },
      ratioHttpToPgbench: Math.round((100 * httpRate) / Math.max(1e-9, bench.cyclesPerSecond)) / 100,
      scale,
      acknowledgedEqualsStored: open.acknowledged + closed.acknowledged === stored && overTarget === 0,
      acknowledged: open.acknowledged + closed.acknowledged,
      stored,
      imagesOverTarget: overTarget,
    };
    mkdirSync("bench/results", { recursive: true });
    writeFileSync("bench/results/votes.json", `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (!result.acknowledgedEqualsStored) process.exitCode = 1;
  } finally {
    await agent.close();
    await web.stop();
    await pool.end();
    await disconnectDb();
    await database.close();
  }
}

/** Votes and answered hidden repeats: both are acknowledged with 201 (docs/vote-path.md). */
async function storedAnswers(projectId: number): Promise<number> {
  return (
    (await db.vote.count({ where: { projectId } })) +
    (await db.qualityRepeat.count({ where: { projectId, answeredAt: { not: null } } }))
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
