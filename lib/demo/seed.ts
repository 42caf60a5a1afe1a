// The demo a new user sees on first start: a project of real FER+ faces when CHORUS_DEMO_DATA
// names a FERPlus folder, else synthetic faces with simulated crowd votes.
import { db } from "../db";
import { createDemoAccess } from "./access";
import { env } from "../env";
import { importFerplusFolder } from "../import/ferplus";
import { runImport, type SourceRow } from "../import/run-import";
import type { ImportSummary, ProgressListener, Split } from "../import/types";
import { findOrCreateFerplusProject } from "../projects/projects";
import { seededRng } from "../random";
import { generateFaces, renderFace, simulateVotes } from "./synthetic-faces";

export const FERPLUS_DEMO_PROJECT = "FER+ demo";
export const SYNTHETIC_DEMO_PROJECT = "Synthetic faces demo";

/** Imports `count` synthetic faces with `votesPerFace` simulated votes each into `projectName`. */
export async function seedSyntheticProject(options: {
  projectName: string;
  count: number;
  votesPerFace?: number;
  seed?: number;
  onProgress?: ProgressListener;
}): Promise<ImportSummary> {
  const seed = options.seed ?? 1;
  const votesPerFace = options.votesPerFace ?? 10;
  const faces = generateFaces(options.count, seed);
  const random = seededRng(seed + 1);
  const project = await findOrCreateFerplusProject(options.projectName);
  if (!project.provenance) {
    await db.project.update({
      where: { id: project.id },
      data: {
        provenance: `Synthetic schematic faces drawn by Chorus (seed ${seed}); votes simulated from a known distribution per face.`,
        license: "CC0-1.0",
      },
    });
  }
  const rows: SourceRow[] = faces.map((face, index) => {
    // 70% train, 15% valid, 15% test, deterministic by position.
    const bucket = index % 20;
    const split: Split = bucket < 14 ? "train" : bucket < 17 ? "valid" : "test";
    const votes = simulateVotes(face.distribution, votesPerFace, random).map((label) => ({ label }));
    return { line: index + 1, name: face.name, split, votes, load: () => renderFace(face.params) };
  });
  return runImport(project, rows, { onProgress: options.onProgress });
}

/** Seeds the demo project when the database has no project yet; returns what was done, or null. */
export async function seedDemoIfEmpty(log: (line: string) => void): Promise<ImportSummary | null> {
  if ((await db.project.count()) > 0) return null;
  const demoData = env().CHORUS_DEMO_DATA;
  const onProgress: ProgressListener = ({ done, total }) => {
    if (done === total || done % 5000 === 0) log(`demo import: ${done}/${total}`);
  };
  let summary: ImportSummary;
  if (demoData) {
    log(`seeding the demo project from ${demoData}`);
    // One folder is all a demo gets (often FER2013Valid alone): ignore the split its name implies
    // and let Chorus place the faces 80/10/10, so the demo has train and valid images to retrain on.
    summary = await importFerplusFolder({
      projectName: FERPLUS_DEMO_PROJECT,
      dir: demoData,
      split: null,
      onProgress,
    });
  } else {
    log("seeding the synthetic demo project (set CHORUS_DEMO_DATA to a FERPlus folder for real faces)");
    summary = await seedSyntheticProject({ projectName: SYNTHETIC_DEMO_PROJECT, count: 400, onProgress });
  }
  // The seeded faces already carry their crowd's votes; a target two above them leaves work for
  // annotators who open the demo invite link.
  const votesPerImage = summary.images ? Math.ceil(summary.votes / summary.images) : 0;
  await db.project.update({ where: { id: summary.projectId }, data: { targetVotes: votesPerImage + 2 } });
  log(`demo project "${summary.project}": ${summary.images} images, ${summary.votes} votes`);
  await createDemoAccess(summary.projectId);
  return summary;
}
