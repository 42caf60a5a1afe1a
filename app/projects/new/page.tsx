// /projects/new - a researcher creates a project: name, label set (or the FER+ preset), target votes.
import type { Metadata } from "next";
import { requirePageRole } from "@/lib/auth/page";
import { FERPLUS_LABELS } from "@/lib/projects/labels";
import { NewProjectForm } from "./new-project-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New project - Chorus" };

export default async function NewProjectPage() {
  await requirePageRole("/projects/new", ["researcher"]);
  return (
    <section className="card narrow">
      <h1>New project</h1>
      <NewProjectForm ferplusLabels={[...FERPLUS_LABELS]} />
    </section>
  );
}
