// One face of the gallery: the image, the crowd's vote bars, and the latest model's top label with
// its confidence and divergence from the crowd. The link carries the gallery's view to the image
// page, whose previous/next links then follow the same order.
import Link from "next/link";
import { VoteBars } from "@/app/components/charts/vote-bars";
import { formatMeasure, formatPercent } from "@/app/components/format";
import type { GalleryImage } from "@/lib/analytics/gallery";

export function FaceCard({ image, labels, view }: { image: GalleryImage; labels: string[]; view: string }) {
  return (
    <Link href={`/images/${image.id}${view ? `?${view}` : ""}`} className="face-card">
      {/* eslint-disable-next-line @next/next/no-img-element -- 48x48 faces, served with immutable caching */}
      <img
        className="face"
        src={`/api/images/${image.id}/file`}
        width={96}
        height={96}
        alt={image.externalName}
        loading="lazy"
      />
      <span className="small face-card-name" title={image.externalName}>
        {image.externalName}
        {image.gold ? " · gold" : ""}
      </span>
      <span className="small">
        H {formatMeasure(image.entropy, 2)} · {image.voteCount} votes
        {image.split ? ` · ${image.split}` : ""}
      </span>
      <VoteBars labels={labels} counts={image.counts} />
      {image.modelTop !== null && (
        <span
          className="small model-line"
          title="latest model: top label, its probability, JSD from the crowd (nats)"
        >
          Model: {labels[image.modelTop] ?? "?"} {formatPercent(image.confidence, 0)}
          {image.divergence !== null ? ` · JSD ${formatMeasure(image.divergence, 2)}` : ""}
        </span>
      )}
    </Link>
  );
}
