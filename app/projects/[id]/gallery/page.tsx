// Gallery (researchers): faces with their crowd vote bars beside the latest model's top label,
// confidence and divergence; sorted by entropy, model confidence, divergence or vote count; filtered
// by split, crowd majority, model top label, gold and name; paged both ways by keyset cursor.
import Link from "next/link";
import { formatCount } from "@/app/components/format";
import { galleryQuery, loadGallery, parseGalleryFilters } from "@/lib/analytics/gallery";
import { galleryFiltersSchema } from "@/lib/analytics/gallery-filters";
import { researcherAccess } from "@/app/components/researcher-access";
import { FaceCard } from "./face-card";
import { describeSort, GalleryFilterForm } from "./gallery-filter-form";

export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;

export const metadata = { title: "Gallery" };

export default async function GalleryPage(props: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { id } = await props.params;
  const access = await researcherAccess(id, `/projects/${id}/gallery`);
  const { project } = access;
  const parsed = parseGalleryFilters(await props.searchParams);
  const filters = parsed.success ? parsed.data : galleryFiltersSchema.parse({});
  const gallery = await loadGallery(access.projectId, filters);
  const view = galleryQuery(filters);
  const pageLink = (cursor: "after" | "before", value: string | undefined) => {
    const query = new URLSearchParams(view);
    if (value) query.set(cursor, value);
    return `/projects/${access.projectId}/gallery?${query.toString()}`;
  };
  return (
    <section className="dashboard">
      <GalleryFilterForm filters={filters} labels={project.labels} hasModel={gallery.modelId !== null} />
      {!parsed.success && (
        <p className="error" role="alert">
          Ignored invalid filters:{" "}
          {parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}
        </p>
      )}
      <p className="muted">
        {formatCount(gallery.total)} faces match, by {describeSort(filters)}.
        {gallery.modelId !== null
          ? ` Model figures are those of model #${gallery.modelId} (the latest published), on every split` +
            (gallery.factsVotes !== null && gallery.factsVotes !== gallery.votes
              ? `; JSD computed at ${formatCount(gallery.factsVotes)} votes (now ${formatCount(gallery.votes)}), refreshed at most once a minute.`
              : ".")
          : " No published model has predictions yet."}
      </p>
      <div className="face-grid">
        {gallery.images.map((image) => (
          <FaceCard key={image.id} image={image} labels={project.labels} view={view.toString()} />
        ))}
      </div>
      <nav className="pager" aria-label="pages">
        {gallery.hasPrevious && (
          <Link href={pageLink("before", gallery.images[0]?.cursor)} rel="prev">
            ← Previous
          </Link>
        )}
        {gallery.hasPrevious && <Link href={pageLink("after", undefined)}>First page</Link>}
        {gallery.hasNext && (
          <Link href={pageLink("after", gallery.images.at(-1)?.cursor)} rel="next">
            Next →
          </Link>
        )}
      </nav>
    </section>
  );
}
