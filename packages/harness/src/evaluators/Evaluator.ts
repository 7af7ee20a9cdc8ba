import type { ArtifactInput, BaselineCheck } from "@ze/domain"
import type { Effect } from "effect"
import type { Stage } from "../runner/Progress.js"
import type { Scenario } from "../scenario/Scenario.js"
import type { CommandRun } from "./Commands.js"
import type { DiffResult } from "./Diff.js"
import type { EvaluatorResult } from "./Evaluation.js"
import type { IntegrityFinding } from "./Integrity.js"

/** What later evaluators may read of earlier ones (the judge shows the commands and integrity findings). */
export interface Evidence {
  readonly commands: ReadonlyArray<CommandRun>
  readonly integrityFindings: ReadonlyArray<IntegrityFinding>
}

export const noEvidence: Evidence = { commands: [], integrityFindings: [] }

/** A finished agent run, as every evaluator sees it. */
export interface EvaluationInput {
  readonly scenario: Scenario
  readonly workspaceDir: string
  readonly tier: string
  /** The prompt the agent was given. */
  readonly prompt: string
  readonly finalText: string
  readonly diff: DiffResult
  /** Files changed in the scenario folder, outside the workspace, up to now. */
  readonly outsideChanges: Effect.Effect<ReadonlyArray<string>>
  readonly weights: Readonly<Record<string, number>>
  /** What the evaluators before this one reported. */
  readonly evidence: Evidence
}

/** What one evaluator adds to a run; every field but `results` is optional. */
export interface EvaluatorReport {
  /** Scored evaluations (a skipped or failed one is kept with its reason, never scored 0). */
  readonly results: ReadonlyArray<EvaluatorResult>
  /** Why the run fails whatever its score (a required command failed, a fatal integrity finding). */
  readonly gate?: string
  /** Checks that can tell a no-op from a solution, named as the untouched fixture's baseline names them. */
  readonly checks?: ReadonlyArray<BaselineCheck>
  readonly evidence?: Partial<Evidence>
  /** Merged into the run's metadata. */
  readonly metadata?: Readonly<Record<string, unknown>>
  readonly artifacts?: ReadonlyArray<ArtifactInput>
  /** The evaluator's own model spend (the judge's), stored apart from the agent's. */
  readonly spend?: EvaluatorSpend
}

export interface EvaluatorSpend {
  readonly costUsd: number | null
  readonly tokensIn: number | null
  readonly tokensOut: number | null
}

/**
 * One evaluator of a run. The runner folds the scenario's evaluators in order, reporting `stage` before each,
 * and scores once over what they reported: adding an evaluator touches only the list that names it.
 */
export interface Evaluator<R = never> {
  readonly stage: Stage
  readonly evaluate: (input: EvaluationInput) => Effect.Effect<EvaluatorReport, never, R>
}

/** Everything a run's evaluators reported, folded. */
export interface FoldedReports {
  readonly results: ReadonlyArray<EvaluatorResult>
  readonly gates: ReadonlyArray<string>
  readonly checks: ReadonlyArray<BaselineCheck>
  readonly evidence: Evidence
  readonly metadata: Readonly<Record<string, unknown>>
  readonly artifacts: ReadonlyArray<ArtifactInput>
  readonly spend: EvaluatorSpend | null
}

export const emptyReports: FoldedReports = {
  results: [],
  gates: [],
  checks: [],
  evidence: noEvidence,
  metadata: {},
  artifacts: [],
  spend: null
}

const addNullable = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b)

/** Adds one report to the fold (evidence lists concatenate, metadata keys of later reports win). */
export const foldReport = (folded: FoldedReports, report: EvaluatorReport): FoldedReports => ({
  results: [...folded.results, ...report.results],
  gates: report.gate === undefined ? folded.gates : [...folded.gates, report.gate],
  checks: [...folded.checks, ...(report.checks ?? [])],
  evidence: {
    commands: [...folded.evidence.commands, ...(report.evidence?.commands ?? [])],
    integrityFindings: [...folded.evidence.integrityFindings, ...(report.evidence?.integrityFindings ?? [])]
  },
  metadata: { ...folded.metadata, ...report.metadata },
  artifacts: [...folded.artifacts, ...(report.artifacts ?? [])],
  spend: report.spend === undefined
    ? folded.spend
    : folded.spend === null
    ? report.spend
    : {
      costUsd: addNullable(folded.spend.costUsd, report.spend.costUsd),
      tokensIn: addNullable(folded.spend.tokensIn, report.spend.tokensIn),
      tokensOut: addNullable(folded.spend.tokensOut, report.spend.tokensOut)
    }
})
