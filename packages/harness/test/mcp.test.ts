import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Either } from "effect"
import { mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { McpServerSpec } from "../src/index.js"
import { makeTranscriptRecorder, serverCommand, startMcpServers } from "../src/index.js"
import { testServer } from "./mcp/TestServer.js"

/** Whether a process runs (a zombie waiting for its new parent to reap it counts as gone). */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"))
  } catch {
    return false
  }
}

const options = (workspaceDir: string) =>
  Effect.map(makeTranscriptRecorder, (recorder) => ({
    workspaceDir,
    recorder,
    resultCap: 1000,
    startTimeout: Duration.seconds(30)
  }))

describe("MCP servers", () => {
  it.live(
    "start in the workspace with a scrubbed env plus named variables, offer allowed tools, record calls and die with the scope",
    () =>
      Effect.gen(function*() {
        const workspaceDir = realpathSync(mkdtempSync(join(tmpdir(), "ze-mcp-")))
        const base = yield* options(workspaceDir)
        const environment = { ...process.env, ZE_MCP_NAMED: "named", ZE_MCP_TEST_API_KEY: "sk-secret", HOME_DIR: "/h" }
        const { pids, report, shout, failed, steps, names } = yield* Effect.scoped(Effect.gen(function*() {
          const { statuses, tools } = yield* startMcpServers([
            testServer({
              allowed_tools: ["shout", "whereami", "fail"],
              env: { ZE_MCP_NAMED: "${ZE_MCP_NAMED}", ZE_MCP_EXPANDED: "dir=${HOME_DIR}" }
            })
          ], { ...base, environment })
          expect(statuses).toMatchObject([{ name: "test", status: "started" }])
          const call = (name: string, input: unknown) => tools.find((t) => t.name === name)!.call(input)
          const shout = yield* call("test_shout", { text: "hello" })
          const where = yield* call("test_whereami", {})
          const failed = yield* call("test_fail", {})
          const report = JSON.parse(where.text) as {
            cwd: string
            named: string
            expanded: string
            secret: string | null
            pid: number
            childPid: number
          }
          return {
            pids: [report.pid, report.childPid],
            report,
            shout,
            failed,
            steps: yield* base.recorder.steps,
            names: tools.map((t) => t.name)
          }
        }))
        expect(names).toEqual(["test_shout", "test_whereami", "test_fail"])
        expect(shout).toEqual({ text: "HELLO", isError: false })
        expect(failed).toEqual({ text: "it failed on purpose", isError: true })
        expect(report).toMatchObject({ cwd: workspaceDir, named: "named", expanded: "dir=/h", secret: null })
        expect(steps.map((s) => s._tag === "tool_call" ? s.tool : s._tag)).toEqual([
          "test_shout",
          "test_whereami",
          "test_fail"
        ])
        yield* Effect.sleep("300 millis")
        for (const pid of pids) expect(alive(pid), `pid ${pid}`).toBe(false)
      }),
    60_000
  )

  it.live(
    "a required server that cannot start fails with its stderr; an optional one is reported and skipped",
    () =>
      Effect.gen(function*() {
        const workspaceDir = mkdtempSync(join(tmpdir(), "ze-mcp-"))
        const base = yield* options(workspaceDir)
        const broken = testServer({ name: "broken", args: ["-e", "console.error('boom: no config'); process.exit(1)"] })
        const required = yield* Effect.either(Effect.scoped(startMcpServers([broken], base)))
        expect(Either.isLeft(required)).toBe(true)
        if (Either.isLeft(required)) {
          expect(required.left.message).toContain(`MCP server "broken"`)
          expect(required.left.message).toContain("boom: no config")
        }
        const optional = yield* Effect.scoped(startMcpServers([{ ...broken, required: false }, testServer()], base))
        expect(optional.statuses.map((s) => s.status)).toEqual(["failed", "started"])
        expect(optional.tools.map((t) => t.name)).toContain("test_hidden")
      }),
    60_000
  )

  it.live(
    "upstream's npx mapping: a package npx cannot fetch (offline) is a clear error",
    () =>
      Effect.gen(function*() {
        const workspaceDir = mkdtempSync(join(tmpdir(), "ze-mcp-"))
        expect(serverCommand({ name: "filesystem" }, workspaceDir)).toEqual({
          command: "npx",
          args: ["-y", "@modelcontextprotocol/server-filesystem", workspaceDir]
        })
        expect(serverCommand({ name: "github" }, workspaceDir).args).toEqual([
          "-y",
          "@modelcontextprotocol/server-github"
        ])
        const base = yield* options(workspaceDir)
        const offline: McpServerSpec = {
          name: "@ze-test/no-such-mcp-server-for-tests".replace(/[@/]/g, ""),
          package: "@ze-test/no-such-mcp-server-for-tests",
          required: true,
          env: { npm_config_offline: "true", npm_config_registry: "http://127.0.0.1:9/", npm_config_fetch_retries: "0" }
        }
        const result = yield* Effect.either(Effect.scoped(startMcpServers([offline], base)))
        expect(Either.isLeft(result)).toBe(true)
        if (Either.isLeft(result)) {
          expect(result.left.message).toContain("npx -y @ze-test/no-such-mcp-server-for-tests")
          expect(result.left.message).toContain("npx could not run the package")
        }
      }),
    120_000
  )

  it.live(
    "@modelcontextprotocol/server-filesystem (a dev dependency) reads the workspace through its tools",
    () =>
      Effect.gen(function*() {
        const workspaceDir = realpathSync(mkdtempSync(join(tmpdir(), "ze-mcp-")))
        writeFileSync(join(workspaceDir, "notes.txt"), "from the workspace")
        const entry = createRequire(import.meta.url).resolve("@modelcontextprotocol/server-filesystem/dist/index.js")
        const base = yield* options(workspaceDir)
        const text = yield* Effect.scoped(Effect.gen(function*() {
          const { tools } = yield* startMcpServers(
            [{ name: "fs", command: process.execPath, args: [entry, workspaceDir], required: true }],
            base
          )
          const read = tools.find((t) => t.name === "fs_read_text_file") ?? tools.find((t) => t.name === "fs_read_file")
          expect(read, tools.map((t) => t.name).join(", ")).toBeDefined()
          return yield* read!.call({ path: join(workspaceDir, "notes.txt") })
        }))
        expect(text).toEqual({ text: "from the workspace", isError: false })
      }),
    60_000
  )
})
