// One image for its page: counts, and the latest published model's predicted distribution if any.
import { db } from "../db";

export async function loadImageDetail(imageId: number) {
  const image = await db.image.findUnique({
    where: { id: imageId },
    include: {
      project: { select: { id: true, name: true, labels: true } },
      blob: { select: { width: true, height: true, format: true } },
    },
  });
  if (!image) return null;
  const prediction = await db.prediction.findFirst({
    where: { imageId, model: { status: "published" } },
    orderBy: [{ model: { publishedAt: "desc" } }, { modelId: "desc" }],
    select: {
      distribution: true,
      model: { select: { id: true, number: true, paradigm: true, publishedAt: true } },
    },
  });
  return { image, prediction };
}
