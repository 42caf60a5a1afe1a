// npm run bench:vote-path-explain [-- --images 20000,200000]
// EXPLAIN (ANALYZE, BUFFERS) of every statement of the task and vote path (the SQL builders of
// lib/, so the plans are those of the running code), for docs/vote-path.md. Per size: a fresh
// database with two projects of that many images (the other project's rows must never be read),
// an annotator with 200 votes of history and 1,000 expired leases, and half the images voted once.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Prisma } from "../lib/generated/prisma/client";
import { createUserWithPassword } from "../lib/auth/users";
import { db, disconnectDb } from "../lib/db";
import { projectWithRoleSql } from "../lib/projects/sql";
import { repeatTaskSql } from "../lib/tasks/sql/repeats";
import { leaseFirstSql, renewHeldLeaseSql } from "../lib/tasks/sql/leases";
import { levelCandidatesSql } from "../lib/tasks/sql/selection";
import { answersSql } from "../lib/votes/sql";
import { insertVoteSql } from "../lib/votes/sql";
import { syntheticFace } from "../tests/helpers/annotation-fixtures";
import { freshDatabase } from "./fresh-database";
import { seedImages } from "./votes-sql";

const { values } = parseArgs({ options: { images: { type: "string", default: "20000,200000" } } });
const labels = ["neutral", "happiness", "surprise"];

async function explain(title: string, sql: Prisma.Sql): Promise<string> {
  // Inside a rolled-back transaction: ANALYZE runs the statement, and writes must not stay.
  let plan = "";
  await db
    .$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ "QUERY PLAN": string }[]>(
        Prisma.sql`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) ${sql}`,
      );
      plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
      throw new Error("rollback");
    })
    .catch((error: unknown) => {
      if (!(error instanceof Error) || error.message !== "rollback") throw error;
    });
  return `#### ${title}\n\n\`\`\`\n${plan}\n\`\`\`\n`;
}

async function size(images: number): Promise<string> {
  const database = await freshDatabase(`explain_${images}`);
  try {
    const owner = await createUserWithPassword({
      email: "e@chorus.local",
      name: "E",
      role: "researcher",
      password: "explain-pw",
    });
    const faces = await Promise.all(Array.from({ length: 8 }, (_, i) => syntheticFace(i)));
    const other = await seedImages({ name: "other", ownerId: owner.id, images, faces, labels });
    const project = await seedImages({ name: "measured", ownerId: owner.id, images, faces, labels });
    const annotatorId = "explain-annotator";
    await db.user.create({ data: { id: annotatorId, name: "A", email: "a@explain.invalid" } });
    await db.projectMember.create({
      data: { projectId: project.id, userId: annotatorId, role: "annotator" },
    });
    // History: 200 votes by the annotator (spread over time), other annotators' votes on half the images.
    await db.$executeRaw`INSERT INTO users (id, name, email) SELECT 'crowd-' || g, 'c', 'c' || g || '@x.invalid' FROM generate_series(1, 50) g`;
    for (const projectId of [other.id, project.id]) {
      await db.$executeRaw`
        INSERT INTO votes (project_id, image_id, annotator_id, label, created_at)
        SELECT project_id, id, 'crowd-' || (1 + id % 50), id % 3, now() - interval '1 day'
        FROM images WHERE project_id = ${projectId} AND id % 2 = 0`;
    }
    await db.$executeRaw`
      INSERT INTO votes (project_id, image_id, annotator_id, label, created_at)
      SELECT project_id, id, ${annotatorId}, 0, now() - make_interval(mins => id % 1000)
      FROM images WHERE project_id = ${project.id} AND id % 2 = 1 ORDER BY id LIMIT 200`;
    await db.$executeRaw`
      INSERT INTO task_leases (project_id, image_id, annotator_id, expires_at, created_at)
      SELECT project_id, id, ${annotatorId}, now() - interval '1 hour', now() - interval '2 hours'
      FROM images WHERE project_id = ${project.id} AND id % 2 = 1 ORDER BY id DESC LIMIT 1000`;
    await db.$executeRaw`VACUUM ANALYZE`;
    const lease = { projectId: project.id, annotatorId, targetVotes: 3, leaseSeconds: 120 };
    const [candidates] = await db.$queryRaw<{ ids: number[] }[]>(
      levelCandidatesSql({ ...lease, exclude: [], limit: 8 }, 0),
    );
    const imageId = candidates?.ids[0] ?? 0;
    const sections = [
      await explain("Access: project and membership", projectWithRoleSql(project.id, annotatorId)),
      await explain("Held lease (renew)", renewHeldLeaseSql({ ...lease, exclude: [] })),
      await explain(
        "Candidates (lowest level, random start)",
        levelCandidatesSql({ ...lease, exclude: [], limit: 8 }, 0),
      ),
      await explain(
        "Lease the first candidate (chorus_lease_first)",
        leaseFirstSql({ ...lease, candidates: candidates?.ids ?? [], wait: false }),
      ),
      await explain(
        "Vote (insert, counts trigger, lease release)",
        insertVoteSql({
          projectId: project.id,
          annotatorId,
          label: 1,
          vote: { imageId, durationMs: 900, idempotencyKey: "explain-key-1" },
        }),
      ),
      await explain("Answers of the annotator", answersSql(project.id, annotatorId)),
      await explain(
        "Hidden repeat (served with repeatRate)",
        repeatTaskSql({
          projectId: project.id,
          annotatorId,
          exclude: [],
          repeatAfterTasks: 20,
          leaseSeconds: 120,
        }),
      ),
    ];
    sections.push("#### Before: the statements these replaced (main before issue 14), same data\n");
    for (const [title, sql] of beforeStatements(project.id, annotatorId))
      sections.push(await explain(title, sql));
    const votes = await db.vote.count();
    return `### ${images.toLocaleString("en")} images per project (2 projects, ${votes.toLocaleString("en")} votes)\n\n${sections.join("\n")}`;
  } finally {
    await disconnectDb();
    await database.close();
  }
}

/** The statements of the vote path before issue 14, verbatim, for the before/after comparison. */
function beforeStatements(projectId: number, annotatorId: string): [string, Prisma.Sql][] {
  const utcNow = Prisma.sql`(now() AT TIME ZONE 'UTC')`;
  const eligible = Prisma.sql`
      i.project_id = ${projectId} AND i.vote_count = 0
      AND i.id <> ALL(${[]}::int[])
      AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.image_id = i.id AND v.annotator_id = ${annotatorId})
      AND i.vote_count + (SELECT count(*) FROM task_leases l
                          WHERE l.image_id = i.id AND l.expires_at > ${utcNow}) < 3`;
  return [
    [
      "Before: lowest level",
      Prisma.sql`SELECT min(vote_count) AS level FROM images WHERE project_id = ${projectId}`,
    ],
    [
      "Before: candidates (bounds as min(id)/max(id))",
      Prisma.sql`
      WITH bounds AS (
        SELECT min(id) AS lo, max(id) AS hi FROM images WHERE project_id = ${projectId} AND vote_count = 0
      ), pivot AS (
        SELECT lo + floor(random() * (hi - lo + 1))::int AS id FROM bounds
      )
      (SELECT i.id FROM images i WHERE ${eligible} AND i.id >= (SELECT id FROM pivot) ORDER BY i.id LIMIT 8)
      UNION ALL
      (SELECT i.id FROM images i WHERE ${eligible} AND i.id < (SELECT id FROM pivot) ORDER BY i.id LIMIT 8)`,
    ],
    [
      "Before: live leases",
      Prisma.sql`
      SELECT l.image_id, l.expires_at FROM task_leases l
      WHERE l.project_id = ${projectId} AND l.annotator_id = ${annotatorId} AND l.expires_at > ${utcNow}
        AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.image_id = l.image_id AND v.annotator_id = l.annotator_id)
      ORDER BY l.created_at, l.image_id`,
    ],
    [
      "Before: the annotator's vote count (one of two counts)",
      Prisma.sql`SELECT count(*) FROM votes WHERE project_id = ${projectId} AND annotator_id = ${annotatorId}`,
    ],
    [
      "Before: hidden repeat candidates (row_number over the history)",
      Prisma.sql`
      WITH ranked AS (
        SELECT v.id, v.image_id, v.label, row_number() OVER (ORDER BY v.created_at DESC, v.id DESC) AS ago
        FROM votes v WHERE v.project_id = ${projectId} AND v.annotator_id = ${annotatorId}
      )
      SELECT r.id, r.image_id, r.label FROM ranked r JOIN images i ON i.id = r.image_id
      WHERE r.ago - 1 >= 20 AND i.gold_distribution IS NULL
        AND NOT EXISTS (SELECT 1 FROM quality_repeats q WHERE q.annotator_id = ${annotatorId} AND q.image_id = r.image_id)
      ORDER BY random() LIMIT 1`,
    ],
  ];
}

async function main() {
  const parts = [];
  for (const images of values.images.split(",").map(Number)) parts.push(await size(images));
  const text = parts.join("\n");
  writeFileSync("bench/results/vote-path-explain.md", text);
  process.stdout.write(text);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
