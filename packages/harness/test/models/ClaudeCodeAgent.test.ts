import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Option, Redacted } from "effect"
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { makeClaudeCodeAgent } from "../../src/models/ClaudeCodeAgent.js"
import type { ClaudeCodeOptions } from "../../src/models/ClaudeCodeAgent.js"
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
})
