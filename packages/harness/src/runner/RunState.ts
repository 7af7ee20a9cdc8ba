import type { RunBaseline } from "@ze/domain"
import type { AgentOutput } from "../agents/Agent.js"
import type { DiffResult } from "../evaluators/Diff.js"
import type { FoldedReports } from "../evaluators/Evaluator.js"
import { emptyReports } from "../evaluators/Evaluator.js"
import type { McpServerStatus } from "../mcp/McpServers.js"
import type { Oracle } from "../tools/Oracle.js"
import type { TranscriptRecorder } from "../tools/Transcript.js"
import type { Stage } from "./Progress.js"

/** What a cell has produced so far: a timed-out or cancelled run is stored with everything it got to. */
export interface RunState {
  readonly stage: Stage
  /** Whether the agent was started: before that nothing was spent, so the cost is 0, not unknown. */
  readonly agentStarted: boolean
  readonly agentVersion: string | null
  readonly prompt: string | null
  /** A specialist's system prompt, when the cell has one. */
  readonly systemPrompt: string | null
  readonly workspaceDir: string | null
  readonly copyMs: number | null
  readonly recorder: TranscriptRecorder | null
  readonly oracle: Oracle | null
  readonly agentOutput: AgentOutput | null
  readonly diff: DiffResult | null
  /** The MCP servers of the run and what became of them. */
  readonly mcpServers: ReadonlyArray<McpServerStatus>
  /** What the evaluators reported so far, folded. */
  readonly reports: FoldedReports
  /** How the run compared with the untouched fixture (set when it was scored). */
  readonly baseline: RunBaseline | null
}

export const initialRunState: RunState = {
  stage: "workspace",
  agentStarted: false,
  agentVersion: null,
  prompt: null,
  systemPrompt: null,
  workspaceDir: null,
  copyMs: null,
  recorder: null,
  oracle: null,
  agentOutput: null,
  diff: null,
  mcpServers: [],
  reports: emptyReports,
  baseline: null
}
