import type { Duration, Effect } from "effect"
import { Schema } from "effect"
import type { Scenario } from "../scenario/Scenario.js"
import type { TranscriptRecorder } from "../tools/Transcript.js"
import type { WorkspaceTools } from "../tools/WorkspaceTools.js"

/** What an agent may spend. Model agents stop with `AgentBudgetExceeded` when they would pass a limit. */
export interface AgentLimits {
  readonly maxTurns?: number
  readonly maxTokens?: number
  readonly maxCostUsd?: number
  /** The run's deadline; the runner also enforces it from outside. */
  readonly timeout?: Duration.Duration
}

export interface Usage {
  readonly tokensIn: number | null
  readonly tokensOut: number | null
  readonly cacheReadTokens: number | null
  readonly cacheWriteTokens: number | null
  /** `null` when the model is unpriced: never reported as 0. */
  readonly costUsd: number | null
}

export const noUsage: Usage = {
  tokensIn: null,
  tokensOut: null,
  cacheReadTokens: null,
  cacheWriteTokens: null,
  costUsd: 0
}

export interface AgentInput {
  readonly prompt: string
  readonly scenario: Scenario
  readonly tier: string
  readonly model: string | null
  readonly workspaceDir: string
  /** Jailed workspace tools; every call is recorded in `transcript`. */
  readonly tools: WorkspaceTools
  /** Where the agent records its messages (tool calls are recorded by `tools`). */
  readonly transcript: TranscriptRecorder
  readonly limits: AgentLimits
  /** Replaces the agent's own system prompt (a specialist's prompt), for agents that `takesSystemPrompt`. */
  readonly systemPrompt?: string
  /** Tools beyond the workspace's (MCP servers' tools), offered by agents that `takesSystemPrompt`. */
  readonly externalTools?: ReadonlyArray<ExternalTool>
  /** The run's MCP servers, for agents that start them themselves (`takesMcpServers`: Claude Code). */
  readonly mcpServers?: ReadonlyArray<McpServerConfig>
}

/** An MCP server as an agent that starts its own takes it: what ze would run, and which of its tools are allowed. */
export interface McpServerConfig {
  readonly name: string
  readonly command: string
  readonly args: ReadonlyArray<string>
  /** The scrubbed environment plus the variables the server's config names. */
  readonly env: Readonly<Record<string, string>>
  /** Its tools (their MCP names) that `allowed_tools` lets the agent call, and those it withholds. */
  readonly allowedTools: ReadonlyArray<string>
  readonly withheldTools: ReadonlyArray<string>
}

/** A tool from outside the workspace (an MCP server's), as models see it and as ze calls it. */
export interface ExternalTool {
  readonly name: string
  readonly description: string
  readonly inputSchema: Record<string, unknown>
  /** Never fails: errors come back as text for the model (`isError`). */
  readonly call: (input: unknown) => Effect.Effect<{ readonly text: string; readonly isError: boolean }>
}

export interface AgentOutput {
  readonly finalText: string
  readonly usage: Usage
  /** Model actually used, when it differs from the one asked for (aliases, routing). */
  readonly resolvedModel?: string
}

/** What a failed or stopped run had spent, so its tokens and cost are stored even without an answer. */
export const UsageSchema = Schema.Struct({
  tokensIn: Schema.NullOr(Schema.Number),
  tokensOut: Schema.NullOr(Schema.Number),
  cacheReadTokens: Schema.NullOr(Schema.Number),
  cacheWriteTokens: Schema.NullOr(Schema.Number),
  costUsd: Schema.NullOr(Schema.Number)
})

export class AgentError extends Schema.TaggedError<AgentError>()("AgentError", {
  agent: Schema.String,
  message: Schema.String,
  usage: Schema.optional(UsageSchema)
}) {}

export class AgentBudgetExceeded extends Schema.TaggedError<AgentBudgetExceeded>()("AgentBudgetExceeded", {
  agent: Schema.String,
  /** Which limit: `maxTurns`, `maxTokens`, `maxCostUsd` or `timeout` (the wall time). */
  limit: Schema.String,
  message: Schema.String,
  usage: Schema.optional(UsageSchema)
}) {}

/** An agent: given a prompt and tools in a workspace, it works and reports its final answer and usage. */
export interface Agent {
  readonly name: string
  readonly version: string
  /** Agents that take no model (echo, oracle) run once per cell whatever models the batch lists. */
  readonly usesModel: boolean
  /** Why it cannot run on this machine (a missing key or binary), checked before a batch; absent: it needs nothing. */
  readonly checkSetup?: Effect.Effect<string | undefined>
  /** Whether it honours `AgentInput.systemPrompt` and `externalTools`: what a specialist can wrap. */
  readonly takesSystemPrompt?: boolean
  /** Whether it starts the run's MCP servers itself from `AgentInput.mcpServers` (ze checks and lists them first). */
  readonly takesMcpServers?: boolean
  readonly run: (input: AgentInput) => Effect.Effect<AgentOutput, AgentError | AgentBudgetExceeded>
}
