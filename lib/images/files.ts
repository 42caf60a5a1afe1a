// Named reads of an image's stored bytes for GET /api/images/{id}/file. Bytes are shared by content
// (image_blobs keyed by sha256), so the route first learns the image's project (to check the caller)
// and sha256 (its ETag), and reads the bytes only when the browser's copy is stale.
import { db } from "../db";

/** The project and content hash of image `imageId`, or null when there is no such image. */
export function findImageFileRef(imageId: number): Promise<{ projectId: number; sha256: string } | null> {
  return db.image.findUnique({ where: { id: imageId }, select: { projectId: true, sha256: true } });
}

/** The stored bytes and format ("png", "jpeg", ...) of the blob with that sha256, or null. */
export function findImageBlob(sha256: string): Promise<{ data: Uint8Array; format: string } | null> {
  return db.imageBlob.findUnique({ where: { sha256 }, select: { data: true, format: true } });
}
