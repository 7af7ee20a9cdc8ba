import { Config, Effect, Option, Redacted } from "effect"
import { spawn } from "node:child_process"
import type { ChildProcess } from "node:child_process"
import { mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Agent, AgentInput, McpServerConfig } from "../agents/Agent.js"
import { AgentError } from "../agents/Agent.js"
import { scrubbedEnv } from "../process/Env.js"
import { SANDBOX_VARIABLE } from "../process/Sweep.js"
import { isInstalled } from "../process/Which.js"
import type { TranscriptStep } from "../tools/Transcript.js"
import { parseStreamLine, resultText } from "./ClaudeCodeEvents.js"
import type { ResultEvent, StreamEvent, StreamUsage } from "./ClaudeCodeEvents.js"
import { addCost, addTokens, formatCost, requestCost, zeroTokens } from "./Pricing.js"
import type { TokenUsage } from "./Pricing.js"
import { budgetExceeded, usageOf, withSpendOnFailure, withWallTime } from "./Spend.js"
import type { Spend } from "./Spend.js"

export const CLAUDE_CODE_AGENT = "claude-code"

export interface ClaudeCodeOptions {
  /** The `claude` executable (looked up on PATH). */
  readonly bin: string
  readonly defaultModel: Option.Option<string>
  readonly defaultMaxTurns: number
  readonly permissionMode: string
  readonly apiKey: Option.Option<Redacted.Redacted>
  readonly baseUrl: Option.Option<string>
  /** Extra environment for the CLI (tests put a fake `claude` first on PATH). */
  readonly extraEnv: Readonly<Record<string, string>>
}

/** `ZE_CLAUDE_CODE_BIN`, `ZE_CLAUDE_CODE_MODEL`, `ZE_MAX_TURNS`, `ZE_CLAUDE_CODE_PERMISSION_MODE`, `ANTHROPIC_API_KEY`, `ANTHROPIC_BASE_URL`. */
export const claudeCodeConfig: Config.Config<ClaudeCodeOptions> = Config.all({
  bin: Config.string("ZE_CLAUDE_CODE_BIN").pipe(Config.withDefault("claude")),
  defaultModel: Config.option(Config.string("ZE_CLAUDE_CODE_MODEL")),
  defaultMaxTurns: Config.integer("ZE_MAX_TURNS").pipe(Config.withDefault(50)),
  permissionMode: Config.string("ZE_CLAUDE_CODE_PERMISSION_MODE").pipe(Config.withDefault("bypassPermissions")),
  apiKey: Config.option(Config.redacted("ANTHROPIC_API_KEY")),
  baseUrl: Config.option(Config.string("ANTHROPIC_BASE_URL")),
  extraEnv: Config.succeed({})
})

interface Received {
  readonly event: StreamEvent
  readonly at: string
  readonly ms: number
}

interface Exit {
  readonly code: number | null
  readonly stderr: string
  /** Set when ze killed the CLI because the run passed its cost ceiling. */
  readonly overBudget: Spend | undefined
}

const tokensOf = (u: StreamUsage): TokenUsage => ({
  input: u.input_tokens,
  output: u.output_tokens,
  cacheWrite: u.cache_creation_input_tokens ?? 0,
  cacheRead: u.cache_read_input_tokens ?? 0
})

/** What the events so far show was spent: each API message counted once (its blocks arrive as separate events). */
const eventsSpend = (events: ReadonlyArray<Received>): Spend => {
  const messages = new Map<string, { readonly model: string; readonly tokens: TokenUsage }>()
  events.forEach(({ event }, i) => {
    if (event.type === "assistant" && event.message.usage !== undefined) {
      messages.set(event.message.id ?? String(i), {
        model: event.message.model ?? "",
        tokens: tokensOf(event.message.usage)
      })
    }
  })
  const all = [...messages.values()]
  return {
    turns: all.length,
    tokens: all.reduce((sum, m) => addTokens(sum, m.tokens), zeroTokens),
    costUsd: all.reduce<number | null>((sum, m) => addCost(sum, requestCost(m.model, m.tokens)), 0)
  }
}

const killTree = (child: ChildProcess) => {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, "SIGKILL")
  } catch {
    // already gone
  }
}

const missingBinary = (bin: string) =>
  `the Claude Code CLI was not found: "${bin}" is not on PATH. Install it (npm i -g @anthropic-ai/claude-code) or set ZE_CLAUDE_CODE_BIN`

/** Runs the CLI in its own process group; interruption (timeouts included) kills the whole tree. */
const runCli = (
  options: ClaudeCodeOptions,
  input: AgentInput,
  args: ReadonlyArray<string>,
  env: Record<string, string>,
  events: Array<Received>
) =>
  Effect.async<Exit, AgentError>((resume) => {
    const started = performance.now()
    const child = spawn(options.bin, args, {
      cwd: input.workspaceDir,
      env,
      detached: true,
      stdio: ["pipe", "pipe", "pipe"]
    })
    let stdoutRest = ""
    let stderr = ""
    let overBudget: Spend | undefined
    const ceiling = input.limits.maxCostUsd
    const onEvent = (event: StreamEvent) => {
      events.push({ event, at: new Date().toISOString(), ms: performance.now() - started })
      if (event.type !== "assistant" || ceiling === undefined || overBudget !== undefined) return
      const spend = eventsSpend(events)
      if (spend.costUsd !== null && spend.costUsd > ceiling) {
        overBudget = spend
        killTree(child)
      }
    }
    child.stdout.on("data", (chunk: Buffer) => {
      const lines = (stdoutRest + chunk.toString("utf8")).split("\n")
      stdoutRest = lines.pop() ?? ""
      for (const line of lines) {
        const event = parseStreamLine(line)
        if (event !== undefined) onEvent(event)
      }
    })
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-4000)
    })
    child.stdin.on("error", () => undefined)
    child.stdin.end(input.prompt)
    child.once("error", (error: NodeJS.ErrnoException) =>
      resume(Effect.fail(
        new AgentError({
          agent: CLAUDE_CODE_AGENT,
          message: error.code === "ENOENT"
            ? missingBinary(options.bin)
            : `cannot start ${options.bin}: ${error.message}`
        })
      )))
    child.once("close", (code) => {
      const last = parseStreamLine(stdoutRest)
      if (last !== undefined) onEvent(last)
      killTree(child)
      resume(Effect.succeed({ code, stderr, overBudget }))
    })
    return Effect.sync(() => killTree(child))
  })

/** Claude Code's events as transcript steps: its messages, and each tool call paired with its result. */
const transcriptSteps = (events: ReadonlyArray<Received>): Array<TranscriptStep> => {
  const steps: Array<TranscriptStep> = []
  const pending = new Map<string, { readonly index: number; readonly ms: number }>()
  for (const { at, event, ms } of events) {
    if (event.type === "system" && event.subtype === "init") {
      const version = event.claude_code_version === undefined ? "" : ` ${event.claude_code_version}`
      steps.push({
        _tag: "message",
        role: "system",
        content: `claude-code${version} (model ${event.model ?? "unknown"})`,
        at
      })
    } else if (event.type === "assistant") {
      for (const block of event.message.content) {
        if (block.type === "text" && "text" in block) {
          steps.push({ _tag: "message", role: "assistant", content: block.text, at })
        }
        if (block.type === "tool_use" && "name" in block) {
          pending.set(block.id, { index: steps.length, ms })
          steps.push({ _tag: "tool_call", tool: block.name, input: block.input, at, durationMs: 0 })
        }
      }
    } else if (event.type === "user" && typeof event.message.content !== "string") {
      for (const block of event.message.content) {
        if (block.type !== "tool_result" || !("tool_use_id" in block)) continue
        const use = pending.get(block.tool_use_id)
        const step = use === undefined ? undefined : steps[use.index]
        if (use === undefined || step?._tag !== "tool_call") continue
        const text = resultText(block.content)
        steps[use.index] = {
          ...step,
          ...(block.is_error === true ? { error: text } : { output: text }),
          durationMs: Math.round(ms - use.ms)
        }
      }
    }
  }
  return steps
}

const resultSpend = (result: ResultEvent, model: string): Spend => {
  const tokens = tokensOf(
    result.usage ?? { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 }
  )
  return { turns: result.num_turns ?? 0, tokens, costUsd: result.total_cost_usd ?? requestCost(model, tokens) }
}

/** Claude Code's name for an MCP server's tool, as `--allowedTools` and its events spell it. */
export const claudeMcpToolName = (server: string, tool: string) => `mcp__${server}__${tool}`

/**
 * The run's MCP servers as Claude Code takes them: a `{ mcpServers }` file in the run's config directory for
 * `--mcp-config` (and `--strict-mcp-config`, so no other configuration adds servers), the allowed tools for
 * `--allowedTools` and the ones `allowed_tools` leaves out for `--disallowedTools` (which holds even when the
 * permission mode bypasses prompts). The CLI's own key is blanked in a server's environment unless the server names it.
 */
const mcpArgs = (servers: ReadonlyArray<McpServerConfig>, configDir: string) =>
  Effect.gen(function*() {
    if (servers.length === 0) return []
    const file = join(configDir, "ze-mcp.json")
    const mcpServers = Object.fromEntries(servers.map((server) => [server.name, {
      command: server.command,
      args: server.args,
      env: { ANTHROPIC_API_KEY: "", ...server.env }
    }]))
    yield* Effect.tryPromise({
      try: () => writeFile(file, JSON.stringify({ mcpServers }, null, 2), { mode: 0o600 }),
      catch: (error) => (error instanceof Error ? error.message : String(error))
    })
    const names = (pick: (server: McpServerConfig) => ReadonlyArray<string>) =>
      servers.flatMap((server) => pick(server).map((tool) => claudeMcpToolName(server.name, tool))).join(",")
    const allowed = names((server) => server.allowedTools)
    const withheld = names((server) => server.withheldTools)
    return [
      "--mcp-config",
      file,
      "--strict-mcp-config",
      ...(allowed === "" ? [] : ["--allowedTools", allowed]),
      ...(withheld === "" ? [] : ["--disallowedTools", withheld])
    ]
  })

/**
 * Claude Code as an agent: `claude -p` in the workspace with stream JSON output, its own config directory per run
 * (CLAUDE_CONFIG_DIR in a temporary folder), its events parsed into the transcript, tokens and cost; the run's MCP
 * servers are passed with `--mcp-config`.
 */
export const makeClaudeCodeAgent = (options: ClaudeCodeOptions): Agent => ({
  name: CLAUDE_CODE_AGENT,
  version: "1",
  usesModel: true,
  takesMcpServers: true,
  checkSetup: Effect.map(
    isInstalled(options.bin, options.extraEnv.PATH),
    (found) =>
      found
        ? undefined
        : `the claude-code agent needs the Claude Code CLI: "${options.bin}" is not on PATH; install it (npm i -g @anthropic-ai/claude-code) or set ZE_CLAUDE_CODE_BIN`
  ),
  run: (input) =>
    Effect.gen(function*() {
      const fail = (message: string) => new AgentError({ agent: CLAUDE_CODE_AGENT, message })
      const model = Option.orElse(Option.fromNullable(input.model), () => options.defaultModel)
      const maxTurns = input.limits.maxTurns ?? options.defaultMaxTurns
      const configDir = yield* Effect.acquireRelease(
        Effect.tryPromise({
          try: () => mkdtemp(join(tmpdir(), "ze-claude-config-")),
          catch: (error) => fail(`cannot create a config directory: ${String(error)}`)
        }),
        (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
      )
      const env = scrubbedEnv(process.env, {
        CLAUDE_CONFIG_DIR: configDir,
        // What the CLI leaves running is killed with its workspace, as for ze's own commands.
        [SANDBOX_VARIABLE]: input.workspaceDir,
        DISABLE_AUTOUPDATER: "1",
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
        ...Option.match(options.apiKey, {
          onNone: () => ({}),
          onSome: (key) => ({ ANTHROPIC_API_KEY: Redacted.value(key) })
        }),
        ...Option.match(options.baseUrl, { onNone: () => ({}), onSome: (url) => ({ ANTHROPIC_BASE_URL: url }) }),
        ...options.extraEnv
      })
      const mcp = yield* mcpArgs(input.mcpServers ?? [], configDir).pipe(
        Effect.mapError((reason) => fail(`cannot write the MCP config: ${reason}`))
      )
      const args = [
        "-p",
        "--output-format",
        "stream-json",
        "--verbose",
        "--max-turns",
        String(maxTurns),
        "--permission-mode",
        options.permissionMode,
        ...Option.match(model, { onNone: () => [], onSome: (m) => ["--model", m] }),
        ...mcp
      ]
      yield* input.transcript.message("user", input.prompt)
      const events: Array<Received> = []
      const exit = yield* runCli(options, input, args, env, events).pipe(
        withWallTime(CLAUDE_CODE_AGENT, input.limits, Effect.sync(() => eventsSpend(events))),
        withSpendOnFailure(Effect.sync(() => eventsSpend(events))),
        Effect.ensuring(
          Effect.suspend(() => Effect.forEach(transcriptSteps(events), input.transcript.record, { discard: true }))
        )
      )
      const init = events.find((e) => e.event.type === "system")?.event
      const assistant = events.find((e) => e.event.type === "assistant")?.event
      const resolvedModel = (init?.type === "system" ? init.model : undefined) ??
        (assistant?.type === "assistant" ? assistant.message.model : undefined) ?? Option.getOrElse(model, () =>
          "unknown")
      if (exit.overBudget !== undefined) {
        return yield* budgetExceeded(
          CLAUDE_CODE_AGENT,
          "maxCostUsd",
          `the cost ceiling of $${input.limits.maxCostUsd} was reached`,
          exit.overBudget
        )
      }
      const result = events.map((e) => e.event).find((e): e is ResultEvent => e.type === "result")
      if (result === undefined) {
        return yield* fail(
          `claude exited with code ${exit.code ?? "none"} without a result${
            exit.stderr.trim() === "" ? "" : `: ${exit.stderr.trim().slice(-1500)}`
          }`
        )
      }
      const spend = resultSpend(result, resolvedModel)
      if (result.subtype === "error_max_turns") {
        return yield* budgetExceeded(CLAUDE_CODE_AGENT, "maxTurns", `the limit of ${maxTurns} turns was reached`, spend)
      }
      if (result.is_error === true || result.subtype !== "success") {
        return yield* new AgentError({
          agent: CLAUDE_CODE_AGENT,
          message: `claude ended with ${result.subtype}: ${(result.result ?? exit.stderr).slice(0, 1500)} (spent ${
            formatCost(spend.costUsd)
          })`,
          usage: usageOf(spend)
        })
      }
      const finalText = result.result ?? ""
      return { finalText, usage: usageOf(spend), resolvedModel }
    }).pipe(Effect.scoped)
})

export const claudeCodeAgentFromConfig = Effect.map(claudeCodeConfig, makeClaudeCodeAgent)
