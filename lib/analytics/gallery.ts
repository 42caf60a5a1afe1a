// The gallery: faces with votes, the crowd's counts beside the latest model's top label, confidence
// and divergence, filtered and sorted in SQL and paged by keyset (sort value, id), so that any page
// of a 32k-image project costs an index range scan rather than an OFFSET over the preceding pages.
import { db } from "../db";
import { projectTotals } from "../projects/queries";
import type { ParsedGalleryFilters } from "./gallery-filters";
import { latestPredictedModel } from "./model-panels";
import { ensurePredictionFacts } from "./prediction-facts";
import {
  galleryCountRows,
  galleryPageRows,
  galleryScope,
  gallerySortValueRows,
  type GalleryRow,
  type GalleryScope,
} from "./sql/gallery";

export { parseGalleryFilters, galleryQuery } from "./gallery-filters";

/** Parsed filters, where sort and direction may be left out (entropy, highest first). */
export type GalleryFilters = Partial<ParsedGalleryFilters>;

function withDefaults(filters: GalleryFilters): ParsedGalleryFilters {
  return { ...filters, sort: filters.sort ?? "entropy", dir: filters.dir ?? "desc" };
}

export const GALLERY_PAGE_SIZE = 48;

/** A face of the gallery: its row (the model's top label, confidence and divergence from the crowd included). */
export interface GalleryImage extends Omit<GalleryRow, "key"> {
  /** Keyset cursor of this face under the requested sort ("value~id"). */
  cursor: string;
}

interface Scope extends GalleryScope {
  /** Vote count the model figures were computed at (null without a model), and the project's now. */
  factsVotes: number | null;
  votes: number;
}

/** Makes the latest model's facts current and returns the SQL pieces every gallery query shares. */
async function scope(projectId: number, filters: ParsedGalleryFilters): Promise<Scope> {
  const [model, totals, project] = await Promise.all([
    latestPredictedModel(projectId),
    projectTotals(projectId),
    db.project.findUniqueOrThrow({ where: { id: projectId }, select: { labels: true } }),
  ]);
  const facts = model
    ? await ensurePredictionFacts(projectId, model.id, project.labels.length, totals.votes)
    : null;
  return {
    ...galleryScope(projectId, filters, model?.id ?? 0),
    factsVotes: facts?.voteCount ?? null,
    votes: totals.votes,
  };
}

/** Faces after (or before) a cursor in the requested order, `limit` of them, in display order. */
async function keysetRows(
  shared: Scope,
  filters: ParsedGalleryFilters,
  cursor: { value: number; id: number; backwards: boolean } | null,
  limit: number,
): Promise<GalleryImage[]> {
  const descending = filters.dir === "desc";
  // Reading backwards walks the reversed order from the cursor, then flips the page back. The id
  // runs in the key's direction (ties: highest id first when descending), so the order is exactly
  // an index's order, read forwards or backwards.
  const walkDesc = cursor?.backwards ? !descending : descending;
  const rows = await galleryPageRows(shared, cursor, walkDesc, limit);
  const page = rows.map(({ key: value, ...row }) => ({ ...row, cursor: `${value}~${row.id}` }));
  return cursor?.backwards ? page.reverse() : page;
}

/** One page of faces and the number of matching faces; `hasPrevious`/`hasNext` drive the pager. */
export async function loadGallery(projectId: number, input: GalleryFilters) {
  const filters = withDefaults(input);
  const shared = await scope(projectId, filters);
  const backwards = Boolean(filters.before);
  const cursor = filters.before ?? filters.after;
  const [rows, [total]] = await Promise.all([
    keysetRows(shared, filters, cursor ? { ...cursor, backwards } : null, GALLERY_PAGE_SIZE + 1),
    galleryCountRows(shared),
  ]);
  const more = rows.length > GALLERY_PAGE_SIZE;
  // The extra row read tells whether another page lies beyond, on the side we walked towards.
  const images = backwards ? rows.slice(more ? 1 : 0) : rows.slice(0, GALLERY_PAGE_SIZE);
  return {
    images,
    total: total?.count ?? 0,
    pageSize: GALLERY_PAGE_SIZE,
    hasPrevious: backwards ? more : Boolean(filters.after),
    hasNext: backwards ? true : more,
    modelId: shared.modelId || null,
    factsVotes: shared.factsVotes,
    votes: shared.votes,
  };
}

/** The faces just before and after `imageId` in the gallery order the filters describe. */
export async function galleryNeighbours(projectId: number, imageId: number, input: GalleryFilters) {
  const filters = withDefaults({ ...input, after: undefined, before: undefined });
  const shared = await scope(projectId, filters);
  const [self] = await gallerySortValueRows(shared, projectId, imageId);
  if (self?.key === null || self?.key === undefined) return { previous: null, next: null };
  const at = { value: self.key, id: imageId };
  const [previous, next] = await Promise.all([
    keysetRows(shared, filters, { ...at, backwards: true }, 1),
    keysetRows(shared, filters, { ...at, backwards: false }, 1),
  ]);
  return { previous: previous[0] ?? null, next: next[0] ?? null };
}
