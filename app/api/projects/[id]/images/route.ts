// POST /api/projects/{id}/images - upload images (multipart `files`: image files and/or one zip;
// optional `split`: train, valid, test or auto, the default, where Chorus places each image).
// The response streams NDJSON: {"type":"progress","done","total"} lines, then {"type":"summary",...}.
import { requireProjectAccess } from "@/lib/auth/guard";
import { AppError, toHttpError } from "@/lib/errors";
import { readBody } from "@/lib/http/body";
import { idParam, multipartRoute } from "@/lib/http/route";
import { splitChoiceSchema } from "@/lib/splits/assign";
import { importUploadedImages } from "@/lib/import/upload";
import { MAX_UPLOAD_BYTES, unpackUploads } from "@/lib/uploads/unpack";

type Context = { params: Promise<{ id: string }> };

export const POST = multipartRoute(async (request: Request, { params }: Context) => {
  const projectId = idParam((await params).id, "project");
  await requireProjectAccess(request.headers, projectId, ["researcher"]);
  // Read (and capped) before parsing: the multipart parser would buffer any size.
  const body = await readBody(request, MAX_UPLOAD_BYTES, "files");
  const type = request.headers.get("content-type") ?? "";
  const form = await new Response(new Uint8Array(body.buffer, body.byteOffset, body.length), {
    headers: { "content-type": type },
  })
    .formData()
    .catch(() => {
      throw new AppError("bad_request", "send the images as multipart/form-data in `files`", {
        field: "files",
      });
    });
  const split = splitChoiceSchema.safeParse(form.get("split") ?? undefined);
  if (!split.success)
    throw new AppError("bad_request", "split must be train, valid, test or auto", { field: "split" });
  const uploads = await Promise.all(
    form
      .getAll("files")
      .filter((entry): entry is File => typeof entry !== "string")
      .map(async (file) => ({ name: file.name, data: Buffer.from(await file.arrayBuffer()) })),
  );
  if (uploads.length === 0)
    throw new AppError("bad_request", "choose at least one image or zip file", { field: "files" });
  const { files, skipped } = await unpackUploads(uploads);

  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (value: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
      let last = 0;
      try {
        const summary = await importUploadedImages({
          projectId,
          files,
          split: split.data,
          onProgress: ({ done, total }) => {
            // At most ~10 progress lines a second: enough for a progress bar.
            if (Date.now() - last < 100 && done < total) return;
            last = Date.now();
            send({ type: "progress", done, total });
          },
        });
        send({
          type: "summary",
          ...summary,
          skipped: [...skipped.map((s) => ({ line: null, ...s })), ...summary.skipped],
        });
      } catch (error) {
        send({ type: "error", ...toHttpError(error).body.error });
      }
      controller.close();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "application/x-ndjson", "cache-control": "no-store" },
  });
});
