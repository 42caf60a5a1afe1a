// What an export actually contains, as the dataset card describes it: the files and folders of the
// bundle and the fields of the data file, built by each format writer from the same column lists it
// writes (lib/export/csv.ts, jsonl.ts, parquet.ts, ferplus.ts). The card (card.ts) only renders this,
// so it cannot describe a column or a folder the file does not have.
import type { SplitName } from "./options";
import { countColumns, SPLIT_FOLDERS, UNSPLIT_FOLDER } from "./rows";

export interface LayoutFile {
  /** Path in the bundle; a folder ends with "/". */
  path: string;
  what: string;
}

export interface LayoutField {
  name: string;
  what: string;
}

export interface ExportLayout {
  files: LayoutFile[];
  /** Fields of the data file(s), in their order. */
  fields: LayoutField[];
}

export interface LayoutContext {
  labels: readonly string[];
  bundle: boolean;
  /** Splits that hold at least one exported image ("none": images without a split). */
  splits: readonly (SplitName | "none")[];
}

/** One home for the meaning of each field name the formats share. */
export const FIELD_TEXT = {
  id: "Chorus image id",
  name: "the image's name, as imported",
  image: "path of the image file in this bundle",
  split: "train, valid, test, or null",
  counts: "votes per label, in label order",
  votes: "every vote: `annotator` (pseudonym or null), `label`, `durationMs`",
  distribution: "counts / number of votes, in label order",
  entropy: "Shannon entropy of the distribution, nats",
  majority: "the label with the most votes (ties: first label); null without votes",
  prediction: "the latest published model's distribution, in label order; null without one",
} as const;

/** The folders images of each exported split go to, FERPlus's names; `unsplit` says where the rest go. */
export function splitFolders(context: LayoutContext, unsplit: string | null): LayoutFile[] {
  return context.splits.flatMap((split): LayoutFile[] => {
    if (split !== "none") return [{ path: `${SPLIT_FOLDERS[split]}/`, what: `the ${split} split` }];
    return unsplit === null ? [] : [{ path: unsplit, what: "images without a split" }];
  });
}

/** Count columns named as the file names them (FER+ projects: FERPlus's `NF` for not_a_face). */
export function countFields(labels: readonly string[]): LayoutField[] {
  return countColumns(labels).map((column, index) => ({
    name: column,
    what: `votes for ${labels[index] ?? column}`,
  }));
}

export { UNSPLIT_FOLDER };
