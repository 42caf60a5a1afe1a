// Test projects with real (tiny, synthetic) PNG faces, inserted straight into the database.
import { createHash } from "node:crypto";
import sharp from "sharp";
import { db } from "../../lib/db";
import type { Prisma, Project } from "../../lib/generated/prisma/client";
import { createProject } from "../../lib/projects/projects";

/** A 48x48 grayscale PNG whose pattern depends on `seed`, so every image has its own bytes. */
export async function syntheticFace(seed: number): Promise<Buffer> {
  const pixels = Buffer.alloc(48 * 48);
  for (let y = 0; y < 48; y++) {
    for (let x = 0; x < 48; x++) {
      const dx = x - 24;
      const dy = y - 24;
      const inFace = dx * dx + dy * dy < 400;
      const eye = (Math.abs(dx) - 8) ** 2 + (dy + 6) ** 2 < 9;
      const mouth = Math.abs(dy - 9 - ((seed % 5) - 2) * ((dx * dx) / 100)) < 1.5 && Math.abs(dx) < 9;
      pixels[y * 48 + x] = eye || mouth ? 30 : inFace ? 160 + ((seed * 37 + x * y) % 60) : (seed * 53) % 90;
    }
  }
  return sharp(pixels, { raw: { width: 48, height: 48, channels: 1 } })
    .png()
    .toBuffer();
}

/** Creates a project and `images` synthetic faces in it (counts all zero). */
export async function createProjectWithImages(input: {
  name: string;
  labels: string[];
  targetVotes?: number;
  images: number;
  ownerId?: string;
  settings?: Prisma.InputJsonObject;
}): Promise<{ project: Project; imageIds: number[] }> {
  const project = await createProject(
    { name: input.name, labels: input.labels, targetVotes: input.targetVotes ?? 3 },
    input.ownerId,
  );
  if (input.settings)
    await db.project.update({ where: { id: project.id }, data: { settings: input.settings } });
  const imageIds: number[] = [];
  for (let index = 0; index < input.images; index++) {
    const data = await syntheticFace(project.id * 1000 + index);
    const sha256 = createHash("sha256").update(data).digest("hex");
    await db.imageBlob.upsert({
      where: { sha256 },
      create: {
        sha256,
        data: new Uint8Array(data),
        width: 48,
        height: 48,
        format: "png",
        byteSize: data.length,
      },
      update: {},
    });
    const image = await db.image.create({
      data: {
        projectId: project.id,
        sha256,
        externalName: `face-${String(index).padStart(5, "0")}.png`,
        counts: input.labels.map(() => 0),
      },
    });
    imageIds.push(image.id);
  }
  return { project, imageIds };
}

/** A published soft-label model version of the project (no weights: for pages and queries that read
 *  only its row and predictions). */
export function createPublishedModel(projectId: number, voteCount: number) {
  return db.modelVersion.create({
    data: {
      projectId,
      paradigm: "soft",
      settings: {},
      status: "published",
      voteCount,
      publishedAt: new Date(),
    },
  });
}
