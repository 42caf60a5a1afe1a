// Annotator table (researchers): votes, agreement with the leave-one-out majority, Dawid-Skene
// accuracy, speed and straight-lining, sortable by column. Only votes with a known annotator count.
import Link from "next/link";
import { formatCount, formatMeasure, formatPercent, formatTime } from "@/app/components/format";
import { loadAnnotatorTable } from "@/lib/analytics/annotator-table";
import type { AnnotatorRow } from "@/lib/analytics/annotator-stats";
import { researcherAccess } from "@/app/components/researcher-access";
import { QualityPanel } from "./quality-panel";

export const metadata = { title: "Annotators" };
export const dynamic = "force-dynamic";

const COLUMNS = {
  votes: { title: "Votes", value: (row: AnnotatorRow) => row.votes },
  agreement: { title: "Agreement", value: (row: AnnotatorRow) => row.agreement ?? -1 },
  dawidSkene: { title: "Dawid-Skene accuracy", value: (row: AnnotatorRow) => row.dawidSkeneAccuracy ?? -1 },
  speed: { title: "Median time / vote", value: (row: AnnotatorRow) => row.medianSeconds ?? Infinity },
  run: { title: "Longest same-label run", value: (row: AnnotatorRow) => row.longestRun },
} as const;

type SortKey = keyof typeof COLUMNS;

/**
 * Half-width of the 95% Wilson score interval for a share p over n trials (Wilson 1927, JASA 22(158)):
 * z sqrt(p(1-p)/n + z^2/(4n^2)) / (1 + z^2/n). Dawid-Skene accuracy is a posterior estimate, not a
 * plain share; this says how much n votes can carry, not its exact uncertainty.
 */
function wilsonHalfWidth(p: number, n: number): number {
  if (n <= 0) return 1;
  const z = 1.96;
  return (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
}

export default async function AnnotatorsPage(props: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await props.params;
  const access = await researcherAccess(id, `/projects/${id}/annotators`);
  const search = await props.searchParams;
  const sort: SortKey =
    typeof search.sort === "string" && search.sort in COLUMNS ? (search.sort as SortKey) : "votes";
  const direction = search.dir === "asc" ? "asc" : "desc";
  const { project } = access;
  const table = await loadAnnotatorTable(access.projectId);
  const rows = [...table.data.annotators].sort((a, b) => {
    const delta = COLUMNS[sort].value(a) - COLUMNS[sort].value(b);
    return direction === "asc" ? delta : -delta;
  });
  const ds = table.data.dawidSkene;
  return (
    <section className="dashboard">
      <p className="muted small">
        Computed at {formatCount(table.voteCount)} votes ({formatTime(table.computedAt)})
        {table.stale ? "; newer votes have arrived, a refresh is scheduled" : ""}. Agreement: share of an
        annotator&apos;s votes that match the majority of the other votes on the same face (ties share the
        credit). Straight-lining: 10 or more identical answers in a row.
        {ds &&
          ` Dawid-Skene: ${formatCount(ds.votes)} votes, ${ds.iterations} EM iterations; its labels equal the majority on ${formatPercent(ds.agreesWithMajority)} of ${formatCount(ds.images)} faces.`}
      </p>
      {rows.length === 0 ? (
        <p className="card">
          No votes with a known annotator yet (imported crowd votes without annotator ids are not profiled).
        </p>
      ) : (
        <table className="data card sortable">
          <thead>
            <tr>
              <th>Annotator</th>
              {(Object.keys(COLUMNS) as SortKey[]).map((key) => {
                const next = sort === key && direction === "desc" ? "asc" : "desc";
                return (
                  <th
                    key={key}
                    className="num"
                    aria-sort={sort === key ? (direction === "asc" ? "ascending" : "descending") : undefined}
                  >
                    <Link href={`/projects/${access.projectId}/annotators?sort=${key}&dir=${next}`}>
                      {COLUMNS[key].title}
                      {sort === key ? (direction === "asc" ? " ▲" : " ▼") : ""}
                    </Link>
                  </th>
                );
              })}
              <th>Most used labels</th>
              <th>Flags</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.annotator}>
                <td>
                  {row.name}
                  {row.source === "import" && <span className="muted small"> (imported)</span>}
                </td>
                <td className="num">{formatCount(row.votes)}</td>
                <td className="num">{formatPercent(row.agreement)}</td>
                <td className="num">
                  {formatPercent(row.dawidSkeneAccuracy)}
                  {row.dawidSkeneAccuracy !== null ? (
                    <span
                      className="muted small"
                      title="half-width of the 95% Wilson interval for a share over this annotator's votes: a rough guide to how far few votes can be trusted"
                    >
                      {" "}
                      ±{formatPercent(wilsonHalfWidth(row.dawidSkeneAccuracy, row.votes), 0)}
                    </span>
                  ) : null}
                </td>
                <td className="num">
                  {row.medianSeconds === null ? "n/a" : `${formatMeasure(row.medianSeconds, 1)} s`}
                </td>
                <td className="num">{row.longestRun}</td>
                <td className="small">
                  {project.labels
                    .map((label, index) => ({ label, share: row.labelDistribution[index] ?? 0 }))
                    .filter((entry) => entry.share > 0)
                    .sort((a, b) => b.share - a.share)
                    .slice(0, 3)
                    .map((entry) => `${entry.label} ${formatPercent(entry.share, 0)}`)
                    .join(", ")}
                </td>
                <td>
                  {row.straightLining ? (
                    <span className="flag">
                      straight-lining ({row.longRuns} {row.longRuns === 1 ? "run" : "runs"})
                    </span>
                  ) : (
                    ""
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <QualityPanel projectId={access.projectId} />
    </section>
  );
}
