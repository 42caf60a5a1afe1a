// The two projects tests/e2e/researchers.test.ts walks through: a gallery project whose images carry
// three crowd votes each and a published model's prediction (so "divergence" and "confidence" sort
// differently), and a small crowd project with instructions, an example face, "n of N" quotas and a
// Prolific completion code, reached through an invite.
import { createInvite } from "../../lib/auth/invites";
import { db } from "../../lib/db";
import { FERPLUS_LABELS } from "../../lib/projects/labels";
import { createProjectWithImages, createPublishedModel } from "./annotation-fixtures";
import { createTestUser, type TestUser } from "./auth";

export type GalleryFixtures = {
  researcher: TestUser;
  projectId: number;
  crowdProjectId: number;
  inviteToken: string;
};

/** Seeds both projects; `images` faces in the gallery project. */
export async function createGalleryFixtures(images: number): Promise<GalleryFixtures> {
  const created = await createProjectWithImages({
    name: "Gallery e2e",
    labels: [...FERPLUS_LABELS],
    targetVotes: 5,
    images,
  });
  const projectId = created.project.id;
  const voters = await Promise.all(
    [0, 1, 2].map((k) =>
      db.user.create({ data: { id: `gallery-voter-${k}`, name: `v${k}`, email: `v${k}@e2e.test` } }),
    ),
  );
  // Voters 0 and 1 agree on label i % 8; voter 2 strays on two images in three.
  await db.vote.createMany({
    data: created.imageIds.flatMap((imageId, i) =>
      voters.map((user, k) => ({
        projectId,
        imageId,
        annotatorId: user.id,
        label: (i + (k === 2 ? i % 3 : 0)) % 8,
      })),
    ),
  });
  const model = await createPublishedModel(projectId, 180);
  await db.prediction.createMany({
    data: created.imageIds.map((imageId, i) => ({
      modelId: model.id,
      imageId,
      distribution: FERPLUS_LABELS.map((_, k) => (k === (i * 3) % 8 ? 0.3 + (i % 5) / 10 : k < 8 ? 0.05 : 0)),
    })),
  });
  const researcher = await createTestUser("researcher", { projectId });

  const crowd = await createProjectWithImages({
    name: "Crowd e2e",
    labels: [...FERPLUS_LABELS],
    targetVotes: 3,
    images: 6,
    ownerId: researcher.id,
  });
  await db.project.update({
    where: { id: crowd.project.id },
    data: {
      settings: {
        instructions:
          "# How to label\n\nChoose the emotion the face shows.\n\n- there are **no** right answers\n- be quick",
        instructionExamples: [{ label: "happiness", imageId: crowd.imageIds[0] }],
        tasksPerAnnotator: 2,
        completionCode: "CHORUS42",
        completionUrl: "https://app.prolific.com/submissions/complete?cc={code}&pid={workerId}",
      },
    },
  });
  const inviteToken = (await createInvite(crowd.project.id, researcher.id)).token;
  return { researcher, projectId, crowdProjectId: crowd.project.id, inviteToken };
}
