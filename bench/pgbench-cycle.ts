// The pgbench script of one task + vote cycle, rendered from the very statements the app runs
// (the exported SQL builders of lib/), so that pgbench and HTTP measure the same SQL. The session
// check is left out: the web tier answers it from its cache (lib/auth/session-cache.ts).
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { Prisma } from "../lib/generated/prisma/client";
import { projectWithRoleSql } from "../lib/projects/sql";
import { leaseFirstSql, renewHeldLeaseSql } from "../lib/tasks/sql/leases";
import { levelCandidatesSql } from "../lib/tasks/sql/selection";
import { answersSql } from "../lib/votes/sql";
import { insertVoteSql } from "../lib/votes/sql";

// Values that stand for pgbench variables or per-run expressions in the rendered text.
const ANNOTATOR = "__annotator__";
const CANDIDATES = [-111];
const IMAGE = -222;
const LABEL = -333;
const KEY = "__key__";

function literal(value: unknown): string {
  if (value === ANNOTATOR) return `('pgb-' || :client_id)`;
  if (value === KEY) return "md5(random()::text)";
  if (value === IMAGE) return ":img";
  if (value === LABEL) return "floor(random() * 3)::int";
  if (Array.isArray(value)) return value === CANDIDATES ? ":ids" : `'{${value.join(",")}}'`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null) return "NULL";
  return `'${String(value).replace(/'/g, "''")}'`;
}

/** A statement as one line of a pgbench script, its parameters written in. */
function render(sql: Prisma.Sql, gset = false): string {
  const text = sql.text.replace(/\$(\d+)/g, (_, n: string) => literal(sql.values[Number(n) - 1]));
  return `${text
    .replace(/\s*--[^\n]*/g, "")
    .replace(/\s+/g, " ")
    .trim()}${gset ? "\n\\gset" : ";"}`;
}

/** The script: access check, held lease, candidates, lease, vote on the leased image, answers. */
export function cycleScript(project: { id: number; targetVotes: number }): string {
  const projectId = project.id;
  const context = {
    projectId,
    annotatorId: ANNOTATOR,
    targetVotes: project.targetVotes,
    exclude: [],
    limit: 8,
  };
  const lease = { projectId, annotatorId: ANNOTATOR, targetVotes: project.targetVotes, leaseSeconds: 120 };
  return [
    render(projectWithRoleSql(projectId, ANNOTATOR)),
    render(renewHeldLeaseSql({ ...lease, exclude: [] })),
    render(levelCandidatesSql(context, 0), true),
    render(
      Prisma.sql`SELECT coalesce(leased_image_id, 0) AS img FROM (${leaseFirstSql({ ...lease, candidates: CANDIDATES, wait: false })}) leased`,
      true,
    ),
    render(
      insertVoteSql({
        projectId,
        annotatorId: ANNOTATOR,
        label: LABEL,
        vote: { imageId: IMAGE, durationMs: 900, idempotencyKey: KEY },
      }),
    ),
    render(answersSql(projectId, ANNOTATOR)),
    "",
  ].join("\n");
}

/** Runs pgbench (prepared statements) with `clients` for `seconds`; returns cycles per second. */
export async function runPgbench(input: {
  url: string;
  script: string;
  clients: number;
  seconds: number;
  onStarted?: () => void;
}): Promise<{ cyclesPerSecond: number; latencyMs: number; cycles: number; output: string }> {
  const file = `/tmp/chorus-pgbench-${process.pid}.sql`;
  writeFileSync(file, input.script);
  const args = ["-n", "-M", "prepared", "-c", String(input.clients), "-j", "2", "-T", String(input.seconds)];
  const child = spawn("pgbench", [...args, "-f", file, input.url], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  input.onStarted?.();
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`pgbench failed (${code}):\n${output.slice(-3000)}`);
  const tps = /tps = ([\d.]+)/.exec(output);
  const latency = /latency average = ([\d.]+) ms/.exec(output);
  const cycles = /number of transactions actually processed: (\d+)/.exec(output);
  return {
    cyclesPerSecond: Number(tps?.[1] ?? 0),
    latencyMs: Number(latency?.[1] ?? 0),
    cycles: Number(cycles?.[1] ?? 0),
    output,
  };
}
