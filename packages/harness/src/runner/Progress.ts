import type { ZeRunStatus } from "@ze/domain"
import { Data } from "effect"
import type { ScoredEvaluation } from "../scoring/Scoring.js"
import type { CellRef, Shard } from "./Matrix.js"

export type Stage =
  | "workspace"
  | "agent"
  | "diff"
  | "validation"
  | "heuristics"
  | "judge"
  | "integrity"
  | "scoring"
  | "storing"

/** The outcome of one cell, as stored. */
export interface CellResult {
  readonly cell: CellRef
  readonly status: ZeRunStatus
  readonly failureReason: string | null
  readonly weightedScore: number | null
  readonly totalScore: number | null
  readonly isSuccessful: boolean
  readonly evaluations: ReadonlyArray<ScoredEvaluation>
  readonly durationMs: number
  /** The agent's cost as stored: `null` when its model is unpriced. */
  readonly costUsd: number | null
  /** The judge's cost as stored, apart from the agent's. */
  readonly judgeCostUsd: number | null
}

export interface BatchSummary {
  readonly batchId: string
  /** Cells of the whole matrix (every shard). */
  readonly matrixCells: number
  /** Cells of this shard (all of them without a shard). */
  readonly shardCells: number
  /** Cells skipped because the store already had their final result (resume). */
  readonly alreadyDone: number
  readonly results: ReadonlyArray<CellResult>
  readonly byStatus: Readonly<Partial<Record<ZeRunStatus, number>>>
  /** Every cell of the matrix was attempted (with shards: has a final result): the batch was marked completed. */
  readonly complete: boolean
}

/** What a running batch reports, in order: BatchStarted, then per cell Started/StageChanged…/Finished, then BatchFinished. */
export type ProgressEvent = Data.TaggedEnum<{
  BatchStarted: {
    readonly batchId: string
    readonly cells: number
    readonly toRun: number
    readonly shard: Shard | null
    /** Scenarios whose runs cannot pass or cannot be evaluated, said before the first agent starts. */
    readonly warnings: ReadonlyArray<string>
  }
  CellSkipped: { readonly cell: CellRef; readonly reason: string }
  CellStarted: { readonly cell: CellRef }
  StageChanged: { readonly cell: CellRef; readonly stage: Stage }
  CellFinished: { readonly result: CellResult }
  BatchFinished: { readonly summary: BatchSummary }
}>

export const ProgressEvent = Data.taggedEnum<ProgressEvent>()
