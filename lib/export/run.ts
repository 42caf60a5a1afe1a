// The export pipeline: one streamed query -> export rows -> the format's writer -> a target, with the
// dataset card's figures gathered on the way. The CLI, the API route and the background job all call
// runExport; only the target differs.
import { db } from "../db";
import { AppError } from "../errors";
import { getProject } from "../projects/projects";
import { renderCard } from "./card";
import { csvWriter } from "./csv";
import { ferplusWriter } from "./ferplus";
import type { FormatWriter } from "./format";
import { jsonlWriter } from "./jsonl";
import { exportFiltersSchema, type ExportFilters, type ExportFormat } from "./options";
import { parquetWriter } from "./parquet";
import { createPseudonymizer, newExportSecret } from "./pseudonym";
import {
  beginSnapshot,
  connectExportClient,
  countImages,
  endSnapshot,
  filterSql,
  streamImages,
  type ImageQueryOptions,
} from "./sql";
import { toExportRow, type ExportRow } from "./rows";
import { SummaryAccumulator, type ExportSummary } from "./summary";
import type { ExportTarget } from "./targets";
import { latestPublishedModel } from "../model-store/versions";

export const WRITERS: Record<ExportFormat, FormatWriter> = {
  csv: csvWriter,
  jsonl: jsonlWriter,
  parquet: parquetWriter,
  ferplus: ferplusWriter,
};

export interface ExportProgress {
  done: number;
  total: number;
}

export interface RunExportOptions {
  projectId: number;
  format: ExportFormat;
  filters?: ExportFilters;
  target: ExportTarget;
  /** Secret behind the annotator pseudonyms; a fresh random one per export unless given (tests). */
  pseudonymSecret?: string;
  /** Date written in the card (tests fix it). */
  exportedAt?: Date;
  onProgress?: (progress: ExportProgress) => void;
  /** License and provenance for this export's card instead of the project's (a direct download's form). */
  card?: CardFields;
  /** Stops the export between rows (a download that was cancelled, a worker asked to stop). */
  signal?: AbortSignal;
}

export interface CardFields {
  license?: string;
  provenance?: string;
}

export interface ExportResult {
  format: ExportFormat;
  summary: ExportSummary;
  /** README.md text (also written into bundles). */
  card: string;
}

/**
 * Checks what can be checked before any byte is sent (the project, the majority label, a folder
 * format on a single file), so that a bad request is a 4xx and not a broken download.
 */
export async function checkExport(
  options: Pick<RunExportOptions, "projectId" | "format" | "filters"> & { bundle: boolean },
) {
  const writer = WRITERS[options.format];
  if (writer.requiresBundle && !options.bundle) {
    throw new AppError(
      "bad_request",
      `the ${options.format} format is a folder: export it to a folder or a zip`,
      {
        field: "format",
      },
    );
  }
  const project = await getProject(options.projectId);
  const filters = exportFiltersSchema.parse(options.filters ?? {});
  filterSql({ projectId: project.id, labels: project.labels, filters });
  return { writer, project, filters };
}

/**
 * Exports project `projectId` in `format` to `target`, then writes the card (bundles) and closes the
 * target. On failure the target is left open: the caller discards it (temporary file, broken stream).
 */
export async function runExport(options: RunExportOptions): Promise<ExportResult> {
  const { writer, project, filters } = await checkExport({ ...options, bundle: options.target.bundle });
  // The latest published model, whose predictions go into the JSONL export.
  const model = await latestPublishedModel(project.id);
  const needs = writer.needs(options.target.bundle);
  const query: ImageQueryOptions = {
    projectId: project.id,
    labels: project.labels,
    filters,
    include: {
      bytes: needs.bytes,
      votes: needs.votes,
      predictionsOf: needs.prediction ? (model?.id ?? null) : null,
    },
  };
  const summary = new SummaryAccumulator(project.labels);
  const pseudonymize = createPseudonymizer(options.pseudonymSecret ?? newExportSecret(), project.id);
  const client = await connectExportClient();
  try {
    // One snapshot for the count, the rows and hence the card.
    await beginSnapshot(client);
    const total = await countImages(client, query);
    options.onProgress?.({ done: 0, total });
    async function* rows(): AsyncGenerator<ExportRow> {
      let done = 0;
      for await (const record of streamImages(client, query)) {
        options.signal?.throwIfAborted();
        const row = toExportRow(record, project.labels, pseudonymize);
        summary.add(row);
        yield row;
        options.onProgress?.({ done: ++done, total });
      }
    }
    await writer.write(rows(), { labels: project.labels, target: options.target });
    await endSnapshot(client);
  } finally {
    await client.end();
  }
  const result = summary.result();
  const splits = (["train", "valid", "test", "none"] as const).filter(
    (split) => result.imagesBySplit[split] > 0,
  );
  const bundle = options.target.bundle;
  const card = renderCard({
    project: {
      ...project,
      license: options.card?.license ?? project.license,
      provenance: options.card?.provenance ?? project.provenance,
    },
    layout: writer.layout({ labels: project.labels, bundle, splits }),
    bundle,
    format: options.format,
    filters,
    summary: result,
    model: model ? { id: model.id, paradigm: model.paradigm, publishedAt: model.publishedAt } : null,
    exportedAt: options.exportedAt ?? new Date(),
  });
  if (options.target.bundle) await options.target.put("README.md", card);
  await options.target.close();
  return { format: options.format, summary: result, card };
}
