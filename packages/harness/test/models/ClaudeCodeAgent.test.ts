import { describe, expect, it } from "@effect/vitest"
import { ZeClient } from "@ze/client"
import { Duration, Effect, Option, Redacted } from "effect"
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { runBatch } from "../../src/index.js"
import { makeClaudeCodeAgent } from "../../src/models/ClaudeCodeAgent.js"
import type { ClaudeCodeOptions } from "../../src/models/ClaudeCodeAgent.js"
import { testServer } from "../mcp/TestServer.js"
import { withHarness } from "../support.js"
import { installFakeClaude } from "./FakeClaude.js"
import { FIZZBUZZ_FIX, fizzbuzzWorkspace } from "./Fixture.js"

const setup = (mode: string, limits: Parameters<typeof fizzbuzzWorkspace>[0] = {}) =>
  Effect.gen(function*() {
    const ws = yield* fizzbuzzWorkspace(limits, "claude-sonnet-5-5")
    const bin = installFakeClaude(ws.base)
    const fix = join(ws.base, "fix.js")
    writeFileSync(fix, FIZZBUZZ_FIX)
    const log = join(ws.base, "claude.log")
    const options: ClaudeCodeOptions = {
      bin: "claude",
      defaultModel: Option.none(),
      defaultMaxTurns: 7,
      permissionMode: "bypassPermissions",
      apiKey: Option.some(Redacted.make("sk-ant-cc")),
      baseUrl: Option.none(),
      extraEnv: {
        PATH: `${bin}:${process.env.PATH ?? ""}`,
        FAKE_CLAUDE_MODE: mode,
        FAKE_CLAUDE_LOG: log,
        FAKE_CLAUDE_FIX: fix
      }
    }
    const logged = () =>
      JSON.parse(readFileSync(log, "utf8")) as {
        args: Array<string>
        cwd: string
        stdin: string
        configDir: string
        configDirExists: boolean
        apiKey: string | null
        mcpConfig: unknown
      }
    return { ws, options, log, logged }
  })

const alive = (pid: number) => {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, "utf8").split(" ")[2]
    return state !== "Z"
  } catch {
    return false
  }
}

describe("claude-code agent with a fake claude on PATH", () => {
  it.scoped("runs claude -p in the workspace and parses its stream into transcript, tokens and cost", () =>
    Effect.gen(function*() {
      const { logged, options, ws } = yield* setup("fix")
      const output = yield* makeClaudeCodeAgent(options).run(ws.input)
      expect(output).toEqual({
        finalText: "Fixed; tests pass.",
        usage: { tokensIn: 1350, tokensOut: 370, cacheWriteTokens: 2000, cacheReadTokens: 6000, costUsd: 0.0456 },
        resolvedModel: "claude-sonnet-5-5-20261015"
      })
      expect((yield* ws.validate).requiredFailures).toEqual([])
      const log = logged()
      expect(log.args).toEqual([
        "-p",
        "--output-format",
        "stream-json",
        "--verbose",
        "--max-turns",
        "7",
        "--permission-mode",
        "bypassPermissions",
        "--model",
        "claude-sonnet-5-5"
      ])
      expect(log.cwd).toBe(ws.root)
      expect(log.stdin).toBe(ws.input.prompt)
      expect(log.apiKey).toBe("sk-ant-cc")
      expect(log.configDirExists).toBe(true)
      expect(log.configDir).toContain("ze-claude-config-")
      expect(existsSync(log.configDir)).toBe(false)
      const steps = yield* ws.transcript.steps
      expect(steps.map((s) => (s._tag === "message" ? s.role : s.tool))).toEqual([
        "user",
        "system",
        "assistant",
        "Read",
        "Write",
        "Bash",
        "assistant"
      ])
      const read = steps[3]
      expect(read?._tag === "tool_call" && read.output).toContain("not implemented")
      const write = steps[4]
      expect(write?._tag === "tool_call" && write.output).toBe("File written")
    }))

  it.scoped("each run gets its own config directory", () =>
    Effect.gen(function*() {
      const a = yield* setup("fix")
      yield* makeClaudeCodeAgent(a.options).run(a.ws.input)
      const b = yield* setup("fix")
      yield* makeClaudeCodeAgent(b.options).run(b.ws.input)
      expect(a.logged().configDir).not.toBe(b.logged().configDir)
    }))

  it.scoped("a missing binary is a clear error", () =>
    Effect.gen(function*() {
      const { options, ws } = yield* setup("fix")
      const error = yield* Effect.flip(makeClaudeCodeAgent({ ...options, bin: "claude-not-installed" }).run(ws.input))
      expect(error.message).toContain("the Claude Code CLI was not found")
      expect(error.message).toContain("ZE_CLAUDE_CODE_BIN")
    }))

  it.scoped("max turns reached is AgentBudgetExceeded; a failing CLI shows its stderr", () =>
    Effect.gen(function*() {
      const turns = yield* setup("max_turns")
      const error = yield* Effect.flip(makeClaudeCodeAgent(turns.options).run(turns.ws.input))
      expect(error._tag === "AgentBudgetExceeded" && error.limit).toBe("maxTurns")
      expect(
        (yield* turns.ws.transcript.steps).some((s) =>
          s._tag === "tool_call" && s.tool === "Bash" && s.output === "src"
        )
      ).toBe(true)
      const crash = yield* setup("crash")
      const crashed = yield* Effect.flip(makeClaudeCodeAgent(crash.options).run(crash.ws.input))
      expect(crashed.message).toContain("exited with code 1 without a result: Error: Invalid API key")
    }))

  it.live("the wall-time limit kills the whole process tree", () =>
    Effect.gen(function*() {
      const { log, options, ws } = yield* setup("hang", { timeout: Duration.seconds(1) })
      const started = Date.now()
      const error = yield* Effect.flip(makeClaudeCodeAgent(options).run(ws.input))
      expect(error._tag === "AgentBudgetExceeded" && error.limit).toBe("timeout")
      expect(Date.now() - started).toBeLessThan(5000)
      const pids = JSON.parse(readFileSync(`${log}.pids`, "utf8")) as Array<number>
      yield* Effect.sleep("200 millis")
      for (const pid of pids) expect(alive(pid)).toBe(false)
    }).pipe(Effect.scoped))

  it.live("passing the cost ceiling kills the CLI and keeps the transcript", () =>
    Effect.gen(function*() {
      const { options, ws } = yield* setup("expensive", { maxCostUsd: 1 })
      const error = yield* Effect.flip(makeClaudeCodeAgent(options).run(ws.input))
      expect(error._tag === "AgentBudgetExceeded" && error.limit).toBe("maxCostUsd")
      // Opus 4.6: each message costs $0.525, so the second passes $1.
      expect(error.message).toContain("2 turn(s)")
      expect(error.message).toContain("$1.0500")
      expect((yield* ws.transcript.steps).filter((s) => s._tag === "tool_call")).toHaveLength(2)
    }).pipe(Effect.scoped))

  it.live(
    "the run's MCP servers go to claude as --mcp-config (scrubbed env plus named variables), allowed_tools honoured",
    () =>
      Effect.gen(function*() {
        const { log, logged, options, ws } = yield* setup("mcp")
        const agent = makeClaudeCodeAgent(options)
        const server = testServer({
          allowed_tools: ["shout", "whereami"],
          env: { ZE_MCP_NAMED: "fixed" }
        })
        const scenario = { ...ws.scenario, config: { ...ws.scenario.config, dependencies: { mcps: [server] } } }
        const { detail, result, transcript } = yield* withHarness(() =>
          Effect.gen(function*() {
            const summary = yield* runBatch({
              batchId: "batch-claude-mcp",
              matrix: { scenarios: [scenario], tiers: ["L1"], agents: [{ agent: "claude-code", model: null }] }
            })
            const result = summary.results[0]!
            const ze = yield* ZeClient
            const detail = yield* ze.runs.get({ path: { runId: result.cell.runId } })
            const transcript = yield* ze.runs.artifact({ path: { runId: result.cell.runId, name: "transcript.json" } })
            return { detail, result, transcript }
          }), { agents: [agent] })
        expect(result.status, result.failureReason ?? "").toBe("failed")
        const { args, cwd, mcpConfig } = logged()
        const file = args[args.indexOf("--mcp-config") + 1]!
        expect(args.slice(args.indexOf("--mcp-config"))).toEqual([
          "--mcp-config",
          file,
          "--strict-mcp-config",
          "--allowedTools",
          "mcp__test__shout,mcp__test__whereami",
          "--disallowedTools",
          "mcp__test__fail,mcp__test__hidden"
        ])
        const config = mcpConfig as {
          mcpServers: Record<string, { command: string; args: Array<string>; env: Record<string, string> }>
        }
        expect(Object.keys(config.mcpServers)).toEqual(["test"])
        const test = config.mcpServers["test"]!
        expect([test.command, ...test.args]).toEqual([server.command, ...(server.args ?? [])])
        expect(test.env).toMatchObject({ ZE_MCP_NAMED: "fixed", ANTHROPIC_API_KEY: "", PATH: process.env.PATH })
        expect(Object.keys(test.env).filter((name) => /KEY|TOKEN|SECRET/.test(name) && test.env[name] !== "")).toEqual(
          []
        )
        // The fake started the server from that config, as Claude Code would, and called a tool.
        const report = JSON.parse(readFileSync(`${log}.mcp`, "utf8")) as { cwd: string; named: string }
        expect(report).toMatchObject({ cwd, named: "fixed" })
        expect(transcript).toContain(`"tool": "mcp__test__whereami"`)
        expect(JSON.parse(detail.run.metadata ?? "{}").mcpServers).toMatchObject([
          { name: "test", status: "started", tools: ["test_shout", "test_whereami"] }
        ])
        expect(existsSync(file)).toBe(false)
      }).pipe(Effect.scoped),
    60_000
  )

  it.live(
    "a required MCP server that cannot start ends the claude-code run as infra_error before claude runs",
    () =>
      Effect.gen(function*() {
        const { log, options, ws } = yield* setup("mcp")
        const broken = testServer({ name: "broken", args: ["-e", "console.error('boom: no config'); process.exit(1)"] })
        const scenario = { ...ws.scenario, config: { ...ws.scenario.config, dependencies: { mcps: [broken] } } }
        const result = yield* withHarness(() =>
          Effect.map(
            runBatch({
              batchId: "batch-claude-mcp-broken",
              matrix: { scenarios: [scenario], tiers: ["L1"], agents: [{ agent: "claude-code", model: null }] }
            }),
            (summary) => summary.results[0]!
          ), { agents: [makeClaudeCodeAgent(options)] })
        expect(result.status).toBe("infra_error")
        expect(result.failureReason).toContain("boom: no config")
        expect(existsSync(log)).toBe(false)
      }).pipe(Effect.scoped),
    60_000
  )
})
