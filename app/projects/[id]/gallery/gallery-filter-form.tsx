// The gallery's filter and sort form (a plain GET form, so every view is a shareable URL).
import type { ParsedGalleryFilters } from "@/lib/analytics/gallery-filters";

const SORT_NAMES = {
  entropy: "Crowd entropy",
  confidence: "Model confidence",
  divergence: "Model vs crowd (JSD)",
  votes: "Vote count",
} as const;

function LabelSelect(props: { name: string; title: string; labels: string[]; value: number | undefined }) {
  return (
    <label>
      {props.title}
      <select name={props.name} defaultValue={props.value === undefined ? "" : String(props.value)}>
        <option value="">any</option>
        {props.labels.map((label, index) => (
          <option key={label} value={index}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function GalleryFilterForm({
  filters,
  labels,
  hasModel,
}: {
  filters: ParsedGalleryFilters;
  labels: string[];
  hasModel: boolean;
}) {
  return (
    <form className="card filters" method="get" aria-label="gallery filters">
      <label>
        Name contains
        <input name="q" type="search" defaultValue={filters.q ?? ""} placeholder="e.g. fer0001" />
      </label>
      <label>
        Split
        <select name="split" defaultValue={filters.split ?? ""}>
          <option value="">any</option>
          <option value="train">train</option>
          <option value="valid">valid</option>
          <option value="test">test</option>
        </select>
      </label>
      <LabelSelect name="label" title="Crowd majority" labels={labels} value={filters.label} />
      {hasModel && <LabelSelect name="model" title="Model top label" labels={labels} value={filters.model} />}
      <label>
        Gold
        <select name="gold" defaultValue={filters.gold ?? ""}>
          <option value="">any</option>
          <option value="yes">gold only</option>
          <option value="no">not gold</option>
        </select>
      </label>
      <label>
        Entropy from (nats)
        <input name="minEntropy" type="number" step="0.05" min="0" defaultValue={filters.minEntropy ?? ""} />
      </label>
      <label>
        to (nats)
        <input name="maxEntropy" type="number" step="0.05" min="0" defaultValue={filters.maxEntropy ?? ""} />
      </label>
      <label>
        Sort by
        <select name="sort" defaultValue={filters.sort}>
          {Object.entries(SORT_NAMES)
            .filter(([sort]) => hasModel || sort === "entropy" || sort === "votes")
            .map(([sort, name]) => (
              <option key={sort} value={sort}>
                {name}
              </option>
            ))}
        </select>
      </label>
      <label>
        Order
        <select name="dir" defaultValue={filters.dir}>
          <option value="desc">highest first</option>
          <option value="asc">lowest first</option>
        </select>
      </label>
      <button type="submit">Apply</button>
    </form>
  );
}

const SORT_PHRASES = {
  entropy: "crowd entropy",
  confidence: "model confidence",
  divergence: "model-crowd divergence (JSD)",
  votes: "vote count",
} as const;

/** A phrase saying what the order is, for the line above the faces. */
export function describeSort(filters: ParsedGalleryFilters): string {
  const order = filters.dir === "desc" ? "highest first" : "lowest first";
  return `${SORT_PHRASES[filters.sort]}, ${order}`;
}
