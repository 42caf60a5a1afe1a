// Model page (researchers): versions with their settings, metrics and learning curves, a side-by-side
// comparison of paradigms, live progress of running trainings, and the Retrain form.
import { researcherAccess } from "@/app/components/researcher-access";
import { PARADIGMS } from "@/lib/model/settings";
import { loadModelsPage } from "@/lib/model-store/views";
import { EncoderPanel } from "./encoder-panel";
import { ModelsView } from "./models-view";

export const metadata = { title: "Models" };
export const dynamic = "force-dynamic";

export default async function ModelsPage(props: { params: Promise<{ id: string }> }) {
  const { id } = await props.params;
  const access = await researcherAccess(id, `/projects/${id}/models`);
  const { project } = access;
  const initial = await loadModelsPage(project.id);
  return (
    <>
      <ModelsView projectId={project.id} initial={initial} paradigms={[...PARADIGMS]} />
      <EncoderPanel projectId={project.id} />
    </>
  );
}
