import { describe, expect, it } from "@effect/vitest"
import { batchWarmupsOf } from "@ze/domain"
import { Schema } from "effect"
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll } from "vitest"
import { BenchDocument } from "../src/Documents.js"
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

const agentWarmup = (provider: string) =>
  `warmup:\n  enabled: true\n  type: agent\n  agent:\n    provider: ${provider}\n    prompt: Set the project up.\n`

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
    elsewhere: {
      yaml: yaml("elsewhere", scripted("\"true\"").replace("type: scripted", "type: scripted\n  working_dir: ./other"))
    }
  })
  for (const name of ["warm", "scratch", "broken", "agent-warm", "agent-idle"]) {
    const solution = join(root, "lab", "scenarios", name, "solution")
    mkdirSync(join(solution, "control"), { recursive: true })
    writeFileSync(join(solution, "solved.txt"), "solved\n")
    writeFileSync(join(solution, "control", "ready.txt"), "ready\n")
  }
  const run = (...args: ReadonlyArray<string>) => ze(args, { cwd: directory.directory, env: { ZE_SUITES_DIR: root } })
  const bench = async (...args: ReadonlyArray<string>) => {
    const result = await run("bench", ...args, "--format", "json")
    return { ...result, document: Schema.decodeUnknownSync(BenchDocument)(JSON.parse(result.stdout)) }
  }
  return { root, cwd: directory.directory, run, bench }
}

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
