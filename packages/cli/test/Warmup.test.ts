import { describe, expect, it } from "@effect/vitest"
import { batchWarmupsOf } from "@ze/domain"
import { Schema } from "effect"
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll } from "vitest"
import { BenchDocument } from "../src/Documents.js"
import { startChatServer } from "./support/ChatServer.js"
import { makeSuites } from "./support/Suites.js"
import { tempDirectory, ze } from "./support/Ze.js"

const directories: Array<ReturnType<typeof tempDirectory>> = []
afterAll(() => directories.forEach((directory) => directory.remove()))

const node = (script: string) => `"node -e \\"${script}\\""`

/** The run passes only in a workspace that has both the warmup's marker and the solution's file. */
const validation = `validation:\n  commands:\n    test: ${
  node(
    "const fs=require('fs');process.exit(['warmed.txt','solved.txt','node_modules/dep/index.js'].every(fs.existsSync)?0:1)"
  )
}\n`

const scripted = (command: string) =>
  `warmup:\n  enabled: true\n  type: scripted\n  commands:\n    - cmd: ${command}\n      description: prepare\n`

const prepare = scripted(node(
  "const fs=require('fs');fs.writeFileSync('warmed.txt','yes');fs.mkdirSync('node_modules/dep',{recursive:true});fs.writeFileSync('node_modules/dep/index.js','')"
))

const agentWarmup = (provider: string, model?: string) =>
  `warmup:\n  enabled: true\n  type: agent\n  agent:\n    provider: ${provider}\n${
    model === undefined ? "" : `    model: ${model}\n`
  }    prompt: Set the project up.\n`

const yaml = (name: string, warmup: string) => `id: ${name}\nsuite: lab\ntitle: "${name}"\n${validation}${warmup}`

const setup = () => {
  const directory = tempDirectory("ze-warmup-")
  directories.push(directory)
  const root = makeSuites(directory.directory, {
    warm: { yaml: yaml("warm", prepare) },
    scratch: { yaml: yaml("scratch", prepare), fixture: false },
    broken: { yaml: yaml("broken", scripted(node("console.error('no network');process.exit(3)"))) },
    "agent-warm": { yaml: yaml("agent-warm", agentWarmup("oracle")) },
    "agent-idle": { yaml: yaml("agent-idle", agentWarmup("echo")) },
    "key-warm": { yaml: yaml("key-warm", agentWarmup("anthropic")) },
    "model-warm": { yaml: yaml("model-warm", agentWarmup("openai", "claude-haiku-4-5")) },
    "tool-warm": { yaml: yaml("tool-warm", scripted("ze-no-such-tool --prepare")) },
    elsewhere: {
      yaml: yaml("elsewhere", scripted("\"true\"").replace("type: scripted", "type: scripted\n  working_dir: ./other"))
    }
  })
  for (const name of ["warm", "scratch", "broken", "agent-warm", "agent-idle", "key-warm", "model-warm", "tool-warm"]) {
    const solution = join(root, "lab", "scenarios", name, "solution")
    mkdirSync(join(solution, "control"), { recursive: true })
    writeFileSync(join(solution, "solved.txt"), "solved\n")
    writeFileSync(join(solution, "control", "ready.txt"), "ready\n")
  }
  const runWith = (env: Record<string, string>, ...args: ReadonlyArray<string>) =>
    ze(args, { cwd: directory.directory, env: { ZE_SUITES_DIR: root, ...noKeys, OPENAI_BASE_URL: openAi.url, ...env } })
  const run = (...args: ReadonlyArray<string>) => runWith({}, ...args)
  const bench = async (...args: ReadonlyArray<string>) => {
    const result = await run("bench", ...args, "--format", "json")
    return { ...result, document: Schema.decodeUnknownSync(BenchDocument)(JSON.parse(result.stdout)) }
  }
  return { root, cwd: directory.directory, run, runWith, bench }
}

const noKeys = { ANTHROPIC_API_KEY: "", OPENAI_API_KEY: "test-key", OPENROUTER_API_KEY: "", ZE_CLIENT_RETRIES: "0" }

/** The warmup agent's model: it writes control/ready.txt with the workspace's writeFile tool, then answers. */
const openAi = { url: "" }
let chat: Awaited<ReturnType<typeof startChatServer>>
beforeAll(async () => {
  chat = await startChatServer(({ body }) =>
    body.messages.at(-1)?.role === "tool"
      ? { text: "The project is set up." }
      : { tool: "writeFile", arguments: { path: "control/ready.txt", content: "ok\n" } }
  )
  openAi.url = chat.url
})
afterAll(() => chat.close())

const statusByAgent = (document: BenchDocument) =>
  Object.fromEntries(document.batch.runs.map((run) => [run.agent, run.status]))

describe.concurrent("scenario warmups", () => {
  it(
    "run once before the cells, on a copy: the cells start from what it prepared, the fixture stays as committed",
    async () => {
      const { bench, root, run } = setup()
      const { code, document } = await bench("lab", "warm", "--agent", "echo,oracle")
      expect(code).toBe(0)
      expect(statusByAgent(document)).toEqual({ echo: "failed", oracle: "passed" })
      expect(readdirSync(join(root, "lab", "scenarios", "warm", "repo-fixture"))).toEqual(["index.js"])
      const warmup = batchWarmupsOf(document.batch.metadata)["lab/warm"]
      expect(warmup).toMatchObject({ status: "succeeded", type: "scripted", reason: null, control: null })
      expect(warmup?.files).toEqual(["index.js", "node_modules", "warmed.txt"])
      expect(warmup?.commands).toEqual([expect.objectContaining({ exitCode: 0, description: "prepare" })])
      const shown = await run("batches", "show", document.batch.batchId)
      expect(shown.stdout).toContain("Warmups")
      expect(shown.stdout).toMatch(/lab\/warm\s+scripted\s+succeeded/)
      expect(shown.stdout).toContain("prepared: index.js, node_modules, warmed.txt")
    },
    120_000
  )

  it(
    "--skip-warmup leaves it out: the runs start from the committed fixture, and the batch says it was skipped",
    async () => {
      const { bench } = setup()
      const { document } = await bench("lab", "warm", "--agent", "oracle", "--skip-warmup")
      expect(statusByAgent(document)).toEqual({ oracle: "failed" })
      expect(batchWarmupsOf(document.batch.metadata)["lab/warm"]).toMatchObject({ status: "skipped" })
    },
    120_000
  )

  it("a scenario without a fixture runs from what its warmup created", async () => {
    const { bench } = setup()
    const { document } = await bench("lab", "scratch", "--agent", "oracle")
    expect(statusByAgent(document)).toEqual({ oracle: "passed" })
    expect(batchWarmupsOf(document.batch.metadata)["lab/scratch"]?.files).toEqual(["node_modules", "warmed.txt"])
  }, 120_000)

  it("a failed warmup fails its scenario's cells as infra_error with the reason, and no other scenario's", async () => {
    const { bench } = setup()
    const { code, document } = await bench("lab", "--scenario", "broken,warm", "--agent", "oracle")
    expect(code).toBe(3)
    const byScenario = Object.fromEntries(document.batch.runs.map((r) => [r.scenario, r]))
    expect(byScenario["warm"]?.status).toBe("passed")
    expect(byScenario["broken"]?.status).toBe("infra_error")
    expect(byScenario["broken"]?.failureReason).toMatch(/^the warmup failed: warmup command .* exited 3: no network/)
    expect(batchWarmupsOf(document.batch.metadata)["lab/broken"]).toMatchObject({ status: "failed" })
  }, 120_000)

  it("an agent warmup must leave a control/ folder with files in it", async () => {
    const { bench } = setup()
    const { document } = await bench("lab", "--scenario", "agent-warm,agent-idle", "--agent", "oracle")
    const warmups = batchWarmupsOf(document.batch.metadata)
    expect(warmups["lab/agent-warm"]).toMatchObject({ status: "succeeded", control: ["ready.txt"] })
    expect(warmups["lab/agent-warm"]?.agent).toMatchObject({ agent: "oracle" })
    expect(warmups["lab/agent-idle"]).toMatchObject({ status: "failed", control: [] })
    expect(warmups["lab/agent-idle"]?.reason).toContain("control/")
    const idle = document.batch.runs.find((r) => r.scenario === "agent-idle")
    expect(idle?.status).toBe("infra_error")
  }, 120_000)

  it(
    "--warmup-only runs the warmups alone, keeps what they prepared, stores no batch; exit 1 when one failed",
    async () => {
      const { cwd, root, run } = setup()
      const ok = await run("bench", "lab", "agent-warm", "--warmup-only")
      expect(ok.code).toBe(0)
      expect(ok.stdout).toContain("✓ lab/agent-warm: warmup (agent) succeeded")
      expect(ok.stdout).toContain("control/: ready.txt")
      const kept = /prepared fixture \(kept\): (\S+)/.exec(ok.stdout)?.[1]
      expect(kept !== undefined && existsSync(join(kept, "control", "ready.txt"))).toBe(true)
      expect(existsSync(join(root, "lab", "scenarios", "agent-warm", "repo-fixture", "control"))).toBe(false)
      expect(existsSync(join(cwd, ".ze", "ze.db"))).toBe(false)
      const failed = await run("bench", "lab", "broken", "--warmup-only")
      expect(failed.code).toBe(1)
      expect(failed.stdout).toContain("✗ lab/broken: warmup (scripted) failed")
      expect(failed.stderr).toContain("the warmup of lab/broken failed")
      const none = await run("bench", "smoke", "--warmup-only")
      expect(none.code).toBe(0)
      expect(none.stdout).toContain("No selected scenario has a warmup")
    },
    120_000
  )

  it(
    "a warmup whose agent has no key, or whose command is not installed, is refused before anything runs, by scenario",
    async () => {
      const { cwd, run } = setup()
      const refused = await run("bench", "lab", "--scenario", "warm,key-warm,tool-warm", "--agent", "oracle")
      expect(refused.code).toBe(2)
      expect(refused.stderr).toContain(
        "lab/key-warm: its warmup agent: the anthropic agent needs ANTHROPIC_API_KEY"
      )
      expect(refused.stderr).toContain(
        "lab/tool-warm: its warmup command `ze-no-such-tool --prepare` needs `ze-no-such-tool`, not installed here"
      )
      expect(refused.stderr).toContain("--skip-warmup")
      expect(refused.stderr).not.toContain("lab/warm:")
      expect(existsSync(join(cwd, ".ze", "ze.db"))).toBe(false)
      const only = await run("bench", "lab", "key-warm", "--warmup-only")
      expect(only.code).toBe(2)
      expect(only.stderr).toContain("lab/key-warm: its warmup agent: the anthropic agent needs ANTHROPIC_API_KEY")
      const dry = await run("bench", "lab", "key-warm", "--agent", "oracle", "--dry-run")
      expect(dry.code).toBe(0)
      expect(dry.stderr).toContain("Warning: lab/key-warm: its warmup agent: the anthropic agent needs")
      const skipped = await run("bench", "lab", "key-warm", "--agent", "oracle", "--skip-warmup", "--format", "json")
      expect(skipped.code).toBe(0)
      expect(skipped.stderr).not.toContain("ANTHROPIC_API_KEY")
    },
    120_000
  )

  it(
    "an agent warmup's tokens and cost (a model of the price table) are stored with the batch and shown beside the runs' cost",
    async () => {
      const { bench, run } = setup()
      const { code, document } = await bench("lab", "model-warm", "--agent", "oracle")
      expect(code).toBe(0)
      const warmup = batchWarmupsOf(document.batch.metadata)["lab/model-warm"]
      expect(warmup).toMatchObject({ status: "succeeded", control: ["ready.txt"] })
      expect(warmup?.agent).toMatchObject({
        agent: "openai",
        model: "claude-haiku-4-5",
        tokensIn: 2400,
        tokensOut: 160
      })
      // claude-haiku-4-5's price: $1 per million tokens in, $5 out.
      const cost = warmup?.agent?.costUsd ?? 0
      expect(cost).toBeCloseTo(0.0032, 8)
      expect(document.batch.totalCostUsd ?? 0).toBe(0)
      const shown = await run("batches", "show", document.batch.batchId)
      expect(shown.stdout).toMatch(/lab\/model-warm\s+agent\s+succeeded\s+\S+ \S+\s+2,400 \/ 160\s+\$0\.\d{4}/)
      expect(shown.stdout).toContain(
        `with warmups (runs $0.00 + warmups $${cost.toFixed(4)}; warmup tokens 2,400 in / 160 out)`
      )
      const json = await run("batches", "show", document.batch.batchId, "--format", "json")
      expect(batchWarmupsOf((JSON.parse(json.stdout) as { metadata: string }).metadata)["lab/model-warm"]?.agent)
        .toMatchObject({ tokensIn: 2400, tokensOut: 160, costUsd: cost })
    },
    120_000
  )

  it("a warmup agent stopped by a limit keeps what it spent with the failure", async () => {
    const { runWith } = setup()
    const result = await runWith({ ZE_MAX_TURNS: "1" }, "bench", "lab", "model-warm", "--agent", "oracle", "-f", "json")
    const document = Schema.decodeUnknownSync(BenchDocument)(JSON.parse(result.stdout))
    const warmup = batchWarmupsOf(document.batch.metadata)["lab/model-warm"]
    expect(warmup?.status).toBe("failed")
    expect(warmup?.reason).toContain("warmup agent openai: the limit of 1 turns was reached")
    expect(warmup?.agent).toMatchObject({ agent: "openai", tokensIn: 1200, tokensOut: 80 })
    expect(warmup?.agent?.costUsd).toBeCloseTo(0.0016, 8)
  }, 120_000)

  it("ze suites validate refuses a working_dir other than the fixture", async () => {
    const { root, run } = setup()
    const result = await run("suites", "validate", join(root, "lab"))
    expect(result.code).toBe(1)
    expect(result.stdout + result.stderr).toContain("warmup.working_dir")
  }, 120_000)

  it(
    "--dry-run says which scenarios warm up first; a warmup that ze suites validate refuses stops even a dry run",
    async () => {
      const { run } = setup()
      const result = await run("bench", "lab", "--scenario", "warm", "--dry-run")
      expect(result.code).toBe(0)
      expect(result.stdout).toContain(
        "lab/warm: its scripted warmup runs once before its runs, on a copy of the fixture"
      )
      const refused = await run("bench", "lab", "--scenario", "warm,elsewhere", "--dry-run")
      expect(refused.code).toBe(2)
      expect(refused.stderr).toContain("warmup.working_dir")
    },
    120_000
  )
})
