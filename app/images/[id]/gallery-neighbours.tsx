// Previous / next face in the gallery order the researcher came from (keyboard: the links are the
// first focusable items after the breadcrumb, so Tab + Enter walks the gallery).
import Link from "next/link";

interface Neighbour {
  id: number;
  externalName: string;
}

export function GalleryNeighbours({
  previous,
  next,
  viewQuery,
}: {
  previous: Neighbour | null;
  next: Neighbour | null;
  viewQuery: string;
}) {
  const href = (neighbour: Neighbour) => `/images/${neighbour.id}${viewQuery ? `?${viewQuery}` : ""}`;
  return (
    <nav className="pager" aria-label="gallery neighbours">
      {previous ? (
        <Link href={href(previous)} rel="prev" title={previous.externalName}>
          ← Previous face
        </Link>
      ) : (
        <span className="muted">first face of this view</span>
      )}
      {next ? (
        <Link href={href(next)} rel="next" title={next.externalName}>
          Next face →
        </Link>
      ) : (
        <span className="muted">last face of this view</span>
      )}
    </nav>
  );
}
