// A tiny project with images in train/valid/test and real vote rows (the DB triggers keep counts).
import { randomBytes } from "node:crypto";
import { db } from "../../lib/db";
import { createProject } from "../../lib/projects/projects";

/** Creates a project of `perSplit` images per split (plus `unvoted` images without a split) and votes. */
export async function createVotedProject(options: {
  name: string;
  labels?: string[];
  perSplit?: number;
  votesPerImage?: number;
  unvoted?: number;
  settings?: object;
}) {
  const labels = options.labels ?? ["neutral", "happiness", "surprise", "sadness"];
  const project = await createProject({ name: options.name, labels, targetVotes: 10 });
  if (options.settings) await db.project.update({ where: { id: project.id }, data: { settings: options.settings } });
  const sha256 = randomBytes(32).toString("hex");
  await db.imageBlob.create({ data: { sha256, data: Buffer.from([0]), width: 48, height: 48, format: "png", byteSize: 1 } });
  const perSplit = options.perSplit ?? 4;
  const votesPerImage = options.votesPerImage ?? 3;
  const imageIds: number[] = [];
  for (const split of ["train", "valid", "test"] as const) {
    for (let i = 0; i < perSplit; i += 1) {
      const image = await db.image.create({
        data: { projectId: project.id, sha256, externalName: `${split}-${i}.png`, split, counts: labels.map(() => 0) },
      });
      imageIds.push(image.id);
      await addVotes(project.id, image.id, votesPerImage, labels.length, `${split}${i}`);
    }
  }
  for (let i = 0; i < (options.unvoted ?? 0); i += 1) {
    const image = await db.image.create({
      data: { projectId: project.id, sha256, externalName: `new-${i}.png`, counts: labels.map(() => 0) },
    });
    imageIds.push(image.id);
  }
  return { project, imageIds };
}

/** Inserts `n` imported votes on an image, labels cycling through the first two labels. */
export async function addVotes(projectId: number, imageId: number, n: number, labelCount: number, tag: string) {
  await db.vote.createMany({
    data: Array.from({ length: n }, (_, k) => ({
      projectId,
      imageId,
      label: k % Math.min(2, labelCount),
      source: "import" as const,
      externalAnnotatorId: `${tag}-${k}-${randomBytes(3).toString("hex")}`,
    })),
  });
}
