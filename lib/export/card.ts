// The dataset card (README.md) written with every export: what is in it, how the soft labels were
// computed, how much the crowd agreed, and the license and provenance the researcher filled in.
import type { ExportFilters, ExportFormat } from "./options";
import { countColumns, SPLIT_FOLDERS, UNSPLIT_FOLDER } from "./rows";
import type { ExportSummary } from "./summary";

export interface CardInput {
  project: {
    id: number;
    name: string;
    labels: readonly string[];
    license: string | null;
    provenance: string | null;
  };
  format: ExportFormat;
  filters: ExportFilters;
  summary: ExportSummary;
  model: { id: number; paradigm: string; publishedAt: Date | null } | null;
  exportedAt: Date;
}

const fixed = (value: number | null, digits = 3) => (value === null ? "n/a" : value.toFixed(digits));
const percent = (part: number, whole: number) => (whole ? `${((100 * part) / whole).toFixed(1)}%` : "n/a");

function filterLines(filters: ExportFilters): string[] {
  const lines: string[] = [];
  if (filters.splits?.length) lines.push(`- split: ${filters.splits.join(", ")}`);
  if (filters.majority !== undefined) lines.push(`- majority label: ${filters.majority}`);
  if (filters.minVotes !== undefined) lines.push(`- at least ${filters.minVotes} votes`);
  if (filters.entropyMin !== undefined) lines.push(`- entropy >= ${filters.entropyMin} nats`);
  if (filters.entropyMax !== undefined) lines.push(`- entropy <= ${filters.entropyMax} nats`);
  return lines.length ? lines : ["- none: every image of the project"];
}

function fileLines(format: ExportFormat): string[] {
  const splitFolders = `${Object.values(SPLIT_FOLDERS).join("/, ")}/ (and ${UNSPLIT_FOLDER}/ for images without a split)`;
  switch (format) {
    case "csv":
      return [
        "- `data.csv`: FERPlus `fer2013new.csv` columns: `Usage` (Training / PublicTest / PrivateTest), `Image name`, one vote count per label.",
        `- images in ${splitFolders}.`,
      ];
    case "jsonl":
      return [
        "- `data.jsonl`: one image a line: `id`, `name`, `image` (path of its file), `split`, `counts`, `votes` " +
          "(`annotator`, `label`, `durationMs`), `distribution`, `entropy`, `majority`, `prediction`.",
        "- `images/`: the image files.",
      ];
    case "parquet":
      return [
        "- `data.parquet`: one row per image: `image` (Hugging Face Image struct {bytes, path}), `id`, `name`, `split`, " +
          "`counts` and `distribution` (lists in label order), `entropy`, `majority`.",
      ];
    case "ferplus":
      return [
        `- FERPlus training layout: ${splitFolders}, each with \`label.csv\` (no header: name, face box, counts) and the images.`,
      ];
  }
}

/** The README.md text. */
export function renderCard(input: CardInput): string {
  const { project, summary } = input;
  const columns = countColumns(project.labels);
  const labelRows = project.labels.map(
    (label, i) =>
      `| ${i} | ${label} | ${columns[i]} | ${summary.votesByLabel[i] ?? 0} | ${percent(summary.votesByLabel[i] ?? 0, summary.votes)} | ${summary.majorityByLabel[i] ?? 0} |`,
  );
  const splitRows = (["train", "valid", "test", "none"] as const)
    .filter((s) => summary.imagesBySplit[s] > 0)
    .map((s) => `| ${s} | ${summary.imagesBySplit[s]} | ${summary.votesBySplit[s]} |`);
  const lines = [
    `# ${project.name}: soft-label dataset`,
    "",
    `Exported from Chorus on ${input.exportedAt.toISOString()} as \`${input.format}\`: ${summary.images} images, ${summary.votes} votes.`,
    "",
    "## Files",
    ...fileLines(input.format),
    "",
    "## Selection",
    ...filterLines(input.filters),
    "",
    "## Label set",
    "Labels in this order everywhere (count columns, lists, vote indices):",
    "",
    "| index | label | column | votes | share of votes | majority of images |",
    "| --- | --- | --- | --- | --- | --- |",
    ...labelRows,
    "",
    "## Splits",
    "| split | images | votes |",
    "| --- | --- | --- |",
    ...(splitRows.length ? splitRows : ["| (none) | 0 | 0 |"]),
    "",
    `Votes per image: ${summary.minVotes ?? "n/a"} to ${summary.maxVotes ?? "n/a"}` +
      ` (${summary.imagesWithoutVotes} images without votes); mean entropy ${fixed(summary.meanEntropy)} nats.`,
    "",
    "## Agreement",
    `- Krippendorff's alpha (nominal): ${fixed(summary.alpha)}, over the ${summary.alphaImages} images with 2 or more votes ` +
      '(Krippendorff 2011, "Computing Krippendorff\'s Alpha-Reliability").',
    `- Fleiss' kappa: ${fixed(summary.kappa)}, over the ${summary.kappaImages} images with exactly ` +
      `${summary.kappaVotesPerImage ?? "n/a"} votes, the most common number (Fleiss 1971, Psychol. Bull. 76(5)).`,
    "",
    "Low agreement is not an error here: the disagreement is the signal this dataset keeps.",
    "",
    "## How the soft labels were computed",
    "- `counts`: the number of votes for each label; every vote is one annotator's single choice.",
    "- `distribution`: counts divided by the image's number of votes (maximum-likelihood estimate, no smoothing; all zeros without votes).",
    "- `entropy`: Shannon entropy of the distribution in nats, -sum p ln p (0 = unanimous).",
    "- `majority`: the label with the most votes; ties go to the label that comes first in the label order (as numpy's argmax); empty without votes.",
    "- Annotators are pseudonymous: `annotator` is HMAC-SHA256 of a secret drawn for this export alone over the project and the annotator, " +
      "so it is stable within this export, differs in every other export and project, and is never an account or worker id. " +
      "Imported votes whose annotator was unknown have none.",
    input.model
      ? `- \`prediction\` (JSONL only): the distribution predicted by model #${input.model.id} (${input.model.paradigm}), ` +
        `the latest published model${input.model.publishedAt ? `, published ${input.model.publishedAt.toISOString()}` : ""}.`
      : "- No model was published for this project: `prediction` is empty.",
    "",
    "## License",
    project.license?.trim() || "Not stated by the project's researchers.",
    "",
    "## Provenance",
    project.provenance?.trim() || "Not stated by the project's researchers.",
    "",
  ];
  return lines.join("\n");
}
