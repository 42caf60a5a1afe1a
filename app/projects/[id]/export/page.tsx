// Export page (researchers only): choose a format and filters, fill in the dataset card's license and
// provenance, and run the export as a background job with progress and a download link.
import { formatCount } from "@/app/components/format";
import { researcherAccess } from "@/app/components/researcher-access";
import { listExportJobs } from "@/lib/export/jobs";
import { projectTotals } from "@/lib/projects/queries";
import { exportJobView } from "@/app/api/projects/[id]/export/jobs/view";
import { ExportForm } from "./export-form";

export const metadata = { title: "Export" };
export const dynamic = "force-dynamic";

export default async function ExportPage(props: { params: Promise<{ id: string }> }) {
  const { id } = await props.params;
  // researcherAccess calls requireProjectAccess(await headers(), id, ["researcher"]).
  const access = await researcherAccess(id, `/projects/${id}/export`);
  const { project } = access;
  const [totals, jobs] = await Promise.all([
    projectTotals(access.projectId),
    listExportJobs(access.projectId),
  ]);
  return (
    <section className="dashboard">
      <p className="muted small">
        {formatCount(totals.images)} images, {formatCount(totals.votes)} votes. Every export keeps the
        crowd&apos;s disagreement: vote counts per label, the distribution, entropy and majority, with a
        README.md dataset card (label set, agreement, how the soft labels were computed, license and
        provenance). Exports run in the background (the worker, <code>npm run worker</code>) and are kept on
        the server for download.
      </p>
      <ExportForm
        projectId={project.id}
        labels={project.labels}
        license={project.license ?? ""}
        provenance={project.provenance ?? ""}
        initialJobs={jobs.map(exportJobView)}
      />
    </section>
  );
}
