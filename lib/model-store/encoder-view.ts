// The Models page's encoder panel and GET /api/projects/{id}/encoders: a project's encoders as plain
// JSON (dates as ISO strings, the reconstruction picture as a data: URL), newest first.
import { z } from "zod";
import { architectureOf, type Architecture } from "./architecture";
import { listEncoders } from "./encoders";

const curveSchema = z.array(
  z.object({ step: z.number(), epoch: z.number(), loss: z.number(), seconds: z.number() }),
);
const settingsSchema = z
  .object({
    modelSize: z.string(),
    maskRatio: z.number(),
    includeTest: z.boolean(),
    epochs: z.number().optional(),
    minutes: z.number().optional(),
  })
  .partial();

export type EncoderView = {
  id: number;
  status: string;
  createdAt: string;
  publishedAt: string | null;
  faceCount: number;
  settings: z.infer<typeof settingsSchema>;
  /** How the trunk scales its input (encoders of 2026-11 lack the setting: [-1, 1]); null if unreadable. */
  inputNorm: Architecture["inputNorm"] | null;
  lossCurve: z.infer<typeof curveSchema>;
  /** PNG rows of original | masked | reconstructed faces, as a data: URL; null until published. */
  samples: string | null;
  durationMs: number | null;
  error: string | null;
  /** Model versions fine-tuned from this encoder (directly or through a warm start). */
  models: { id: number; number: number }[];
};

/** A project's newest encoders for display (stored JSON is re-validated: it crossed a process boundary). */
export async function loadEncoderViews(projectId: number): Promise<EncoderView[]> {
  const rows = await listEncoders(projectId);
  return rows.map((row) => ({
    id: row.id,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    faceCount: row.faceCount,
    settings: settingsSchema.catch({}).parse(row.settings),
    inputNorm: architectureOf(row.settings)?.inputNorm ?? null,
    lossCurve: curveSchema.catch([]).parse(row.lossCurve),
    samples: row.samplesPng
      ? `data:image/png;base64,${Buffer.from(row.samplesPng).toString("base64")}`
      : null,
    durationMs: row.durationMs,
    error: row.error,
    models: row.models,
  }));
}
