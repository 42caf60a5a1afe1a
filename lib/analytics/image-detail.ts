// One image for its page: counts, and the latest published model's predicted distribution if any.
import { db } from "../db";
import { NEWEST_PUBLISHED_FIRST } from "../model-store/versions";

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
    // The newest published model that has predicted this image (the latest may still be predicting).
    orderBy: NEWEST_PUBLISHED_FIRST.map((order) => ({ model: order })),
    select: {
      distribution: true,
      model: { select: { id: true, number: true, paradigm: true, publishedAt: true } },
    },
  });
  return { image, prediction };
}
