"use client";
// The model page's live part: polls GET /api/projects/{id}/models every 2 s (while the tab is
// visible) so a running training's epochs appear as they are written.
import { useEffect, useState } from "react";
import type { ModelsPageData } from "@/lib/model-store/views";
import { FailureNotice } from "./failure-notice";
import { LearningCurves } from "./learning-curves";
import { ParadigmComparison } from "./paradigm-comparison";
import { RetrainForm } from "./retrain-form";
import { RunProgress } from "./run-progress";
import { VersionsTable } from "./versions-table";

const POLL_MS = 2000;

export function ModelsView(props: { projectId: number; initial: ModelsPageData; paradigms: string[] }) {
  const [data, setData] = useState(props.initial);
  const [stale, setStale] = useState(false);

  useEffect(() => {
    let cancelled = false;
    const poll = async () => {
      if (document.visibilityState !== "visible") return;
      try {
        const response = await fetch(`/api/projects/${props.projectId}/models`, { cache: "no-store" });
        if (!response.ok) throw new Error(String(response.status));
        const next = (await response.json()) as ModelsPageData;
        if (!cancelled) {
          setData(next);
          setStale(false);
        }
      } catch {
        if (!cancelled) setStale(true);
      }
    };
    const timer = setInterval(poll, POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [props.projectId]);

  const running = data.versions.filter((v) => v.status === "training");
  return (
    <section className="dashboard models-page">
      {stale && <p className="form-error">Lost contact with the server; showing the last data received.</p>}
      <RunProgress running={running} jobs={data.jobs} />
      <FailureNotice versions={data.versions} />
      <div className="card">
        <h2>Compare paradigms</h2>
        <ParadigmComparison versions={data.versions} paradigms={props.paradigms} />
      </div>
      <div className="card">
        <h2>Learning curves</h2>
        <LearningCurves versions={data.versions} />
      </div>
      <div className="card">
        <h2>Retrain</h2>
        <RetrainForm
          projectId={props.projectId}
          paradigms={props.paradigms}
          jobIds={data.jobs.map((job) => job.id)}
          newestVersionId={data.versions[0]?.id ?? 0}
        />
      </div>
      <div className="card">
        <h2>Versions</h2>
        <VersionsTable versions={data.versions} />
      </div>
    </section>
  );
}
