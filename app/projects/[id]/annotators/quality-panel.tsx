// Quality control of the annotators page (issue 7, lib/analytics/annotator-quality.ts): gold score
// against the random and calibrated baselines with its trend, flags, and pausing. Votes of paused
// annotators stay in the database and leave the counts while the project excludes paused annotators.
import { formatCount, formatMeasure, formatPercent } from "@/app/components/format";
import { loadAnnotatorQuality } from "@/lib/analytics/annotator-quality";
import { getProject } from "@/lib/projects/projects";
import { parseProjectSettings } from "@/lib/projects/settings";
import { PauseButton } from "./pause-button";

const FLAG_TEXT = {
  too_fast: "too fast",
  straight_lining: "straight-lining",
  low_gold_score: "low gold score",
  low_self_agreement: "low self-agreement",
} as const;

/** A tiny inline chart of the rolling gold skill (0 = random, 1 = calibrated). */
function Trend({ skills }: { skills: number[] }) {
  if (skills.length < 2) return null;
  const low = Math.min(0, ...skills);
  const high = Math.max(1, ...skills);
  const points = skills
    .map((skill, i) => `${(i / (skills.length - 1)) * 80},${20 - ((skill - low) / (high - low)) * 20}`)
    .join(" ");
  return (
    <svg width="80" height="20" role="img" aria-label="gold skill trend">
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

export async function QualityPanel({ projectId }: { projectId: number }) {
  const [project, annotators] = await Promise.all([getProject(projectId), loadAnnotatorQuality(projectId)]);
  const settings = parseProjectSettings(project.settings);
  if (annotators.length === 0) return null;
  return (
    <div className="card">
      <h2>Quality control</h2>
      <p className="muted small">
        Gold score: mean log-likelihood of an annotator&apos;s answers on gold images under their reference
        distributions; skill rescales it so that a random annotator scores 0 and one answering like the
        reference panel scores 1 (see the Quality control section of the README). Gold rate{" "}
        {formatPercent(settings.goldRate, 0)}; answers under {formatCount(settings.minAnswerMs)} ms count as
        fast. Self-agreement: share of hidden repeats ({formatPercent(settings.repeatRate, 0)} of tasks)
        answered as the first time, beside the chance level of the annotator&apos;s own label shares. Paused
        annotators&apos; votes are kept and{" "}
        {settings.excludePausedAnnotators ? "excluded from" : "still included in"} stats, exports and
        training.
      </p>
      <table className="data">
        <thead>
          <tr>
            <th>Annotator</th>
            <th className="num">Votes</th>
            <th className="num">Gold answers</th>
            <th className="num">Gold score (random / calibrated)</th>
            <th className="num">Skill</th>
            <th>Trend</th>
            <th className="num">Fast</th>
            <th className="num">Self-agreement (chance)</th>
            <th>Flags</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {annotators.map(({ id, name, pausedAt, report, trend }) => (
            <tr key={id}>
              <td>
                {name}
                {pausedAt && <span className="flag small"> paused</span>}
              </td>
              <td className="num">{formatCount(report.answers)}</td>
              <td className="num">{formatCount(report.gold?.answers ?? 0)}</td>
              <td className="num">
                {report.gold
                  ? `${formatMeasure(report.gold.score, 2)} (${formatMeasure(report.gold.random, 2)} / ${formatMeasure(report.gold.calibrated, 2)})`
                  : "n/a"}
              </td>
              <td className="num">{formatMeasure(report.gold?.skill ?? null, 2)}</td>
              <td>
                <Trend skills={trend.flatMap((point) => (point.skill === null ? [] : [point.skill]))} />
              </td>
              <td className="num">{formatPercent(report.fastShare, 0)}</td>
              <td className="num">
                {report.selfAgreement
                  ? `${formatPercent(report.selfAgreement.agreement, 0)} of ${formatCount(report.selfAgreement.repeats)} (${formatPercent(report.selfAgreement.chance, 0)})`
                  : "n/a"}
              </td>
              <td className="small">
                {report.flags.map((flag) => (
                  <span key={flag} className="flag">
                    {FLAG_TEXT[flag]}{" "}
                  </span>
                ))}
              </td>
              <td>
                <PauseButton projectId={projectId} userId={id} paused={pausedAt !== null} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
