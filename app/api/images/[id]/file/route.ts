// GET /api/images/{id}/file - the image's bytes, for members of its project; cached by the browser.
import { requireProjectAccess, requireRole } from "@/lib/auth/guard";
import { AppError } from "@/lib/errors";
import { idParam, route } from "@/lib/http/route";
import { findImageBlob, findImageFileRef } from "@/lib/images/files";

type Context = { params: Promise<{ id: string }> };

const CONTENT_TYPES: Record<string, string> = {
  png: "image/png",
  jpeg: "image/jpeg",
  jpg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
};

export const GET = route(async (request: Request, { params }: Context) => {
  const imageId = idParam((await params).id, "image");
  // Signed-out callers learn nothing, not even whether the image exists.
  await requireRole(request.headers, ["annotator", "researcher"]);
  const image = await findImageFileRef(imageId);
  if (!image) throw new AppError("not_found", `image ${imageId} not found`);
  // A non-member's 404 names the image, not the project it lies in.
  await requireProjectAccess(request.headers, image.projectId, ["annotator", "researcher"]).catch(
    (error: unknown) => {
      if (error instanceof AppError && error.code === "not_found") {
        throw new AppError("not_found", `image ${imageId} not found`);
      }
      throw error;
    },
  );
  // Content-addressed: the sha256 never changes for an image id, so the browser may keep it.
  const etag = `"${image.sha256}"`;
  const headers = {
    etag,
    "cache-control": "private, max-age=31536000, immutable",
  };
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  const blob = await findImageBlob(image.sha256);
  if (!blob) throw new AppError("not_found", `image ${imageId} has no bytes`);
  return new Response(new Uint8Array(blob.data), {
    headers: {
      ...headers,
      "content-type": CONTENT_TYPES[blob.format.toLowerCase()] ?? "application/octet-stream",
    },
  });
});
