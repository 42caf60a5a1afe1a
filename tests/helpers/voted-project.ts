// A tiny project with images in train/valid/test and real vote rows (the DB triggers keep counts).
import { createHash, randomBytes } from "node:crypto";
import sharp from "sharp";
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
  /** Real, distinct 48x48 PNG faces (random noise) instead of one placeholder blob: for the real model. */
  realImages?: boolean;
}) {
  const labels = options.labels ?? ["neutral", "happiness", "surprise", "sadness"];
  const project = await createProject({ name: options.name, labels, targetVotes: 10 });
  if (options.settings)
    await db.project.update({ where: { id: project.id }, data: { settings: options.settings } });
  const placeholder = randomBytes(32).toString("hex");
  await db.imageBlob.create({
    data: { sha256: placeholder, data: Buffer.from([0]), width: 48, height: 48, format: "png", byteSize: 1 },
  });
  const blob = async () => (options.realImages ? noisePng() : placeholder);
  const perSplit = options.perSplit ?? 4;
  const votesPerImage = options.votesPerImage ?? 3;
  const imageIds: number[] = [];
  for (const split of ["train", "valid", "test"] as const) {
    for (let i = 0; i < perSplit; i += 1) {
      const image = await db.image.create({
        data: {
          projectId: project.id,
          sha256: await blob(),
          externalName: `${split}-${i}.png`,
          split,
          counts: labels.map(() => 0),
        },
      });
      imageIds.push(image.id);
      await addVotes(project.id, image.id, votesPerImage, labels.length, `${split}${i}`);
    }
  }
  for (let i = 0; i < (options.unvoted ?? 0); i += 1) {
    const image = await db.image.create({
      data: {
        projectId: project.id,
        sha256: await blob(),
        externalName: `new-${i}.png`,
        counts: labels.map(() => 0),
      },
    });
    imageIds.push(image.id);
  }
  return { project, imageIds };
}

/** Inserts `n` imported votes on an image, labels cycling through the first two labels. */
export async function addVotes(
  projectId: number,
  imageId: number,
  n: number,
  labelCount: number,
  tag: string,
) {
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

/** Stores a random 48x48 grayscale PNG and returns its sha256. */
async function noisePng(): Promise<string> {
  const data = await sharp(randomBytes(48 * 48), { raw: { width: 48, height: 48, channels: 1 } })
    .png()
    .toBuffer();
  const sha256 = createHash("sha256").update(data).digest("hex");
  await db.imageBlob.create({
    data: { sha256, data, width: 48, height: 48, format: "png", byteSize: data.length },
  });
  return sha256;
}
