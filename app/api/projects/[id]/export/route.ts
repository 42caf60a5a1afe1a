// GET /api/projects/{id}/export?format=csv|jsonl|parquet|ferplus[&split=train,valid][&majority=..]
//   [&minVotes=N][&entropyMin=x][&entropyMax=y][&zip=1][&license=..][&provenance=..] - stream an export
//   (researchers, API tokens); license and provenance, when given, are this download's card's.
// csv, jsonl and parquet stream the data file itself; `zip=1` (always for ferplus) streams a zip with
// the images and the README.md dataset card.
import { requireProjectAccess } from "@/lib/auth/guard";
import { exportResponse } from "@/lib/export/http";
import {
  cardFieldsFromSearchParams,
  exportFormatSchema,
  filtersFromSearchParams,
} from "@/lib/export/options";
import { idParam, route } from "@/lib/http/route";
import { z } from "zod";

type Context = { params: Promise<{ id: string }> };

const zipSchema = z.enum(["0", "1", "true", "false"]).optional();

export const GET = route(async (request: Request, { params }: Context) => {
  const projectId = idParam((await params).id, "project");
  await requireProjectAccess(request.headers, projectId, ["researcher"]);
  const search = new URL(request.url).searchParams;
  const format = z
    .object({ format: exportFormatSchema })
    .parse({ format: search.get("format") ?? undefined }).format;
  const zip = z.object({ zip: zipSchema }).parse({ zip: search.get("zip") ?? undefined }).zip;
  const filters = filtersFromSearchParams(search);
  const card = cardFieldsFromSearchParams(search);
  return exportResponse({
    projectId,
    format,
    filters,
    zip: zip === "1" || zip === "true",
    card,
    signal: request.signal,
  });
});
