// One image (researchers of its project): the face, large and crisp, with its crowd vote counts as a
// bar chart, and the latest published model's predicted distribution beside them once one exists.
import { notFound } from "next/navigation";
import { researcherAccess } from "@/app/components/researcher-access";
import { formatMeasure } from "@/app/components/format";
import { distributionEntropy, jensenShannon, toDistribution } from "@/lib/ambiguity/distribution";
import { galleryNeighbours, galleryQuery, parseGalleryFilters } from "@/lib/analytics/gallery";
import { loadImageDetail } from "@/lib/analytics/image-detail";
import { GalleryNeighbours } from "./gallery-neighbours";
import { ImageActions } from "./image-actions";
import { VoteChart } from "./vote-chart";

export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Image ${(await params).id} · Chorus` };
}

export default async function ImagePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  const detail = await loadImageDetail(id);
  // Unknown images and images of other projects look the same to a researcher without access.
  if (!detail) notFound();
  const access = await researcherAccess(String(detail.image.projectId), `/images/${id}`);
  const { image, prediction } = detail;
  // Previous/next follow the gallery view the researcher came from (its filters and sort, in the URL).
  const parsed = parseGalleryFilters(await searchParams);
  const view = parsed.success ? parsed.data : {};
  const neighbours = await galleryNeighbours(image.projectId, image.id, view);
  const viewQuery = parsed.success ? galleryQuery(parsed.data).toString() : "";
  const total = image.voteCount;
  const crowd = toDistribution(image.counts);
  const model = prediction?.distribution;
  const rows = image.project.labels.map((label, index) => ({
    label,
    votes: image.counts[index] ?? 0,
    crowd: crowd[index] ?? 0,
    model: model ? (model[index] ?? 0) : undefined,
  }));
  return (
    <section>
      <p className="muted">
        <a href={`/projects/${image.project.id}`}>{image.project.name}</a> /{" "}
        <a href={`/projects/${image.project.id}/gallery${viewQuery ? `?${viewQuery}` : ""}`}>gallery</a> /{" "}
        {image.externalName}
      </p>
      <GalleryNeighbours previous={neighbours.previous} next={neighbours.next} viewQuery={viewQuery} />
      <h1>{image.externalName}</h1>
      <div style={{ display: "flex", gap: "2rem", flexWrap: "wrap", alignItems: "flex-start" }}>
        {/* eslint-disable-next-line @next/next/no-img-element -- 48x48 face scaled up, served with immutable caching */}
        <img
          className="face card"
          src={`/api/images/${image.id}/file`}
          width={288}
          height={288}
          alt={`face ${image.externalName}`}
        />
        <div className="card" style={{ flex: "1 1 420px", minWidth: 300 }}>
          <p>
            <strong>{total}</strong> votes · split {image.split ?? "none"} · entropy{" "}
            {image.entropy.toFixed(3)} nats · {image.blob.width}x{image.blob.height} {image.blob.format}
          </p>
          {prediction && model && (
            <p className="muted small">
              Model #{prediction.model.number} ({prediction.model.paradigm}): entropy{" "}
              {formatMeasure(distributionEntropy(model))} nats · Jensen-Shannon divergence from the crowd{" "}
              {formatMeasure(jensenShannon(crowd, model))} nats
            </p>
          )}
          <VoteChart rows={rows} showModel={Boolean(model)} />
        </div>
      </div>
      <ImageActions
        projectId={image.projectId}
        imageId={image.id}
        name={image.externalName}
        voteCount={image.voteCount}
        counts={image.counts}
        gold={(image.goldDistribution?.length ?? 0) > 0}
      />
    </section>
  );
}
