// Ambiguity gallery (researchers): faces ranked by entropy, most ambiguous first, with their vote
// bars; filters by split, majority label and entropy range; paginated; click through to the image.
import Link from "next/link";
import { VoteBars } from "@/app/components/charts/vote-bars";
import { formatCount, formatMeasure } from "@/app/components/format";
import { loadGallery, parseGalleryFilters, type GalleryFilters } from "@/lib/analytics/gallery";
import { getProject } from "@/lib/projects/projects";
import { Forbidden, researcherAccess } from "@/app/components/researcher-access";

export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;

function pageHref(projectId: number, filters: GalleryFilters, page: number): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, page })) {
    if (value !== undefined) query.set(key, String(value));
  }
  return `/projects/${projectId}/gallery?${query.toString()}`;
}

export default async function GalleryPage(props: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { id } = await props.params;
  const access = await researcherAccess(id, `/projects/${id}/gallery`);
  if (!access.allowed) return <Forbidden />;
  const project = await getProject(access.projectId);
  const parsed = parseGalleryFilters(await props.searchParams);
  const filters: GalleryFilters = parsed.success ? parsed.data : { page: 1 };
  const { images, total, pageSize } = await loadGallery(access.projectId, filters);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <section className="dashboard">
      <form className="card filters" method="get" aria-label="gallery filters">
        <label>
          Split
          <select name="split" defaultValue={filters.split ?? ""}>
            <option value="">any</option>
            <option value="train">train</option>
            <option value="valid">valid</option>
            <option value="test">test</option>
          </select>
        </label>
        <label>
          Majority label
          <select name="label" defaultValue={filters.label === undefined ? "" : String(filters.label)}>
            <option value="">any</option>
            {project.labels.map((label, index) => (
              <option key={label} value={index}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Entropy from (nats)
          <input
            name="minEntropy"
            type="number"
            step="0.05"
            min="0"
            defaultValue={filters.minEntropy ?? ""}
          />
        </label>
        <label>
          to (nats)
          <input
            name="maxEntropy"
            type="number"
            step="0.05"
            min="0"
            defaultValue={filters.maxEntropy ?? ""}
          />
        </label>
        <button type="submit">Apply</button>
      </form>
      {!parsed.success && (
        <p className="error" role="alert">
          Ignored invalid filters:{" "}
          {parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}
        </p>
      )}
      <p className="muted">
        {formatCount(total)} faces match, most ambiguous first (entropy of the vote distribution, nats). Page{" "}
        {filters.page} of {formatCount(pages)}.
      </p>
      <div className="face-grid">
        {images.map((image) => (
          <Link key={image.id} href={`/images/${image.id}`} className="face-card">
            {/* eslint-disable-next-line @next/next/no-img-element -- 48x48 faces, served with immutable caching */}
            <img
              className="face"
              src={`/api/images/${image.id}/file`}
              width={96}
              height={96}
              alt={image.externalName}
              loading="lazy"
            />
            <span className="small">
              H {formatMeasure(image.entropy, 2)} · {image.voteCount} votes
              {image.split ? ` · ${image.split}` : ""}
            </span>
            <VoteBars labels={project.labels} counts={image.counts} />
          </Link>
        ))}
      </div>
      <nav className="pager" aria-label="pages">
        {filters.page > 1 && (
          <Link href={pageHref(access.projectId, filters, filters.page - 1)}>← Previous</Link>
        )}
        {filters.page < pages && (
          <Link href={pageHref(access.projectId, filters, filters.page + 1)}>Next →</Link>
        )}
      </nav>
    </section>
  );
}
