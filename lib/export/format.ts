// The contract between the export pipeline (lib/export/run.ts) and one writer per format.
import type { ExportLayout, LayoutContext } from "./layout";
import type { ExportFormat } from "./options";
import type { ExportRow } from "./rows";
import type { ExportTarget } from "./targets";

export interface WriterContext {
  labels: readonly string[];
  target: ExportTarget;
}

export interface FormatWriter {
  format: ExportFormat;
  /** Name of the data file in a bundle, and the suggested download name of a single file. */
  dataFile: string;
  /** MIME type of the single data file. */
  contentType: string;
  /** Formats that are folders by nature (FERPlus layout) cannot be a single file. */
  requiresBundle: boolean;
  /** Which optional columns the query must fetch for this target. */
  needs(bundle: boolean): { bytes: boolean; votes: boolean; prediction: boolean };
  /** The files and fields this writer produces for `context`, for the dataset card. */
  layout(context: LayoutContext): ExportLayout;
  /** Writes every row to the target (not closing the target: the pipeline adds the card, then closes). */
  write(rows: AsyncIterable<ExportRow>, context: WriterContext): Promise<void>;
}

/** Rows in arrays of up to `size`, so writers can format many lines per write. */
export async function* batches<T>(rows: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
