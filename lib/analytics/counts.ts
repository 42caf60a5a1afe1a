// Reads per-image running counts (`images.counts`) for the measures: never the votes table.
// lib/analytics runs in the web server, the worker and the CLI, so it does not import "server-only"
// (that package throws outside Next's react-server build, i.e. under tsx).
import { db } from "../db";
import type { Split } from "../generated/prisma/client";
import { countVectorGroups } from "./sql/predictions";

export interface CountRows {
  labels: string[];
  /** One count vector per image (label order of the project). */
  rows: number[][];
}

/**
 * The count vector of every image of the project (optionally one split). Identical vectors are
 * grouped in SQL and expanded here: at FER+ scale (32k images, 10 votes each) that sends a few
 * thousand distinct vectors over the wire instead of 32k rows.
 */
export async function loadCountRows(projectId: number, options: { split?: Split } = {}): Promise<CountRows> {
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { labels: true } });
  const groups = await countVectorGroups(projectId, options.split ?? null);
  const rows: number[][] = [];
  for (const group of groups) for (let i = 0; i < group.images; i++) rows.push(group.counts);
  return { labels: project.labels, rows };
}
