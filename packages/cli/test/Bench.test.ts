import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import { spawn } from "node:child_process"
import { existsSync, readdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll } from "vitest"
import { BenchDocument, DryRunDocument, RunListDocument } from "../src/Documents.js"
import { makeSuites, repoSuites, scenarioYaml } from "./support/Suites.js"
import { spawnZe, stop, tempDirectory, ze, zeBin } from "./support/Ze.js"

const directories: Array<ReturnType<typeof tempDirectory>> = []
afterAll(() => directories.forEach((directory) => directory.remove()))

const workspace = () => {
  const directory = tempDirectory("ze-bench-")
  directories.push(directory)
  const run = (...args: ReadonlyArray<string>) =>
    ze(args, { cwd: directory.directory, env: { ZE_SUITES_DIR: repoSuites } })
  return { cwd: directory.directory, run }
}

const benchJson = async (run: ReturnType<typeof workspace>["run"], ...args: ReadonlyArray<string>) => {
  const result = await run("bench", ...args, "--format", "json")
  return { ...result, document: Schema.decodeUnknownSync(BenchDocument)(JSON.parse(result.stdout)) }
}

const runsOf = async (run: ReturnType<typeof workspace>["run"], batchId: string) => {
  const result = await run("runs", "list", "--batch", batchId, "--limit", "1000", "--format", "json")
  return Schema.decodeUnknownSync(RunListDocument)(JSON.parse(result.stdout)).runs
}

describe.concurrent("ze bench", () => {
  it("runs the demo suite with echo and oracle into the embedded store: oracle passes, echo fails", async () => {
    const { cwd, run } = workspace()
    const { code, document, stderr } = await benchJson(run, "demo", "--agent", "echo,oracle", "--concurrency", "2")
    expect(code).toBe(0)
    expect(stderr).toContain("demo/fizzbuzz (L0) oracle - 10.00/10 passed")
    expect(document.batch.runs).toHaveLength(6)
    for (const stored of document.batch.runs) {
      expect(stored.status).toBe(stored.agent === "oracle" ? "passed" : "failed")
    }
    expect(document.complete).toBe(true)
    expect(document.gates).toEqual([expect.objectContaining({ gate: "errors", passed: true })])
    expect(existsSync(join(cwd, ".ze", "ze.db"))).toBe(true)
    const listed = await run("batches", "list")
    expect(listed.stdout).toContain(document.batch.batchId)
  })

  it("the seed's positional command works as written, one line per run and the batch report", async () => {
    const { run } = workspace()
    const result = await run("bench", "smoke", "greeting", "L0", "echo")
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/✗ smoke\/greeting \(L0\) echo - \d+\.\d\d\/10 failed/)
    expect(result.stdout).toMatch(/\nRun run-\w+\n/)
    expect(result.stdout).toContain("Heuristic checks")
    expect(result.stdout).toContain("Validation commands")
    expect(result.stdout).toContain("Gates")
  })

  it("--quiet prints one line per run, one line for the batch and the gates", async () => {
    const { run } = workspace()
    const result = await run("bench", "smoke", "greeting", "L0", "echo", "--quiet")
    expect(result.code).toBe(0)
    const lines = result.stdout.trim().split("\n")
    expect(
      lines.some((line) => /^Batch \S+: 1 runs \(0 passed, 1 failed\), average \d+\.\d\d\/10, cost \$0\.00$/.test(line))
    ).toBe(true)
    expect(result.stdout).not.toContain("Heuristic checks")
    expect(lines.length).toBeLessThanOrEqual(4)
  })

  it("--format markdown with repeats carries each cell's interval, Wilson interval and pass@k", async () => {
    const { run } = workspace()
    const result = await run("bench", "smoke", "--agent", "oracle", "--repeat", "2", "--format", "markdown")
    expect(result.code).toBe(0)
    expect(result.stdout).toContain("### Cells over their repeats")
    expect(result.stdout).toMatch(
      /\| smoke\/greeting \| L0 \| oracle \| 2 \| 10\.00 \[10\.00, 10\.00\] \| 100\.0% \[34\.2%, 100\.0%\] \| pass@2 100\.0% pass\^2 100\.0% \|/
    )
  })

  it("--dry-run prints the matrix and a cost estimate and runs nothing", async () => {
    const { cwd, run } = workspace()
    const result = await run(
      "bench",
      "demo",
      "--tier",
      "all",
      "--agent",
      "echo,oracle",
      "--repeat",
      "2",
      "--dry-run",
      "--format",
      "json"
    )
    expect(result.code).toBe(0)
    const plan = Schema.decodeUnknownSync(DryRunDocument)(JSON.parse(result.stdout))
    expect(plan.cells).toHaveLength(3 * 3 * 2 * 2)
    expect(plan.estimate.totalUsd).toBe(0)
    expect(existsSync(join(cwd, ".ze"))).toBe(false)
    const table = await run("bench", "demo", "--dry-run")
    expect(table.stdout).toContain("Dry run: 3 cells would run")
    expect(table.stdout).toContain("Cost estimate")
    // A store named by --db that the real run would create is read as empty, and still not created.
    const named = await run("bench", "demo", "--dry-run", "--db", join(cwd, "later", "ze.db"))
    expect(named.stderr).toBe("")
    expect(named.code).toBe(0)
    expect(named.stdout).toContain("Dry run: 3 cells would run")
    expect(existsSync(join(cwd, "later", "ze.db"))).toBe(false)
  })

  it("--fail-under exits 1 when the average score is too low, 0 when it holds", async () => {
    const { run } = workspace()
    const low = await benchJson(run, "smoke", "--agent", "echo", "--fail-under", "9")
    expect(low.code).toBe(1)
    expect(low.stderr).toContain("fail-under")
    expect(low.document.exitCode).toBe(1)
    const high = await benchJson(run, "smoke", "--agent", "oracle", "--fail-under", "9")
    expect(high.code).toBe(0)
  })

  it("--baseline compares with an earlier batch: a significant regression exits 1, and ze compare agrees", async () => {
    const { run } = workspace()
    const base = await benchJson(run, "demo", "--tier", "all", "--agent", "oracle", "--concurrency", "3")
    expect(base.code).toBe(0)
    const head = await benchJson(
      run,
      "demo",
      "--tier",
      "all",
      "--agent",
      "echo",
      "--concurrency",
      "3",
      "--baseline",
      base.document.batch.batchId
    )
    expect(head.document.comparison?.verdict).toBe("worse")
    expect(head.code).toBe(1)
    const compared = await run("compare", base.document.batch.batchId, head.document.batch.batchId)
    expect(compared.code).toBe(0)
    expect(compared.stdout.split("\n")[0]).toContain("Verdict: worse")
    const gated = await run(
      "compare",
      base.document.batch.batchId,
      head.document.batch.batchId,
      "--format",
      "markdown",
      "--fail-on-worse"
    )
    expect(gated.code).toBe(1)
    expect(gated.stdout).toContain("ze: worse")
  })

  it("--shard 1/2 and 2/2 fill one batch", async () => {
    const { run } = workspace()
    const first = await benchJson(run, "demo", "--agent", "echo,oracle", "--batch", "sharded", "--shard", "1/2")
    expect(first.code).toBe(0)
    expect(first.document.ran).toBe(3)
    expect(first.document.complete).toBe(false)
    const second = await benchJson(run, "demo", "--agent", "echo,oracle", "--batch", "sharded", "--shard", "2/2")
    expect(second.document.ran).toBe(3)
    expect(second.document.complete).toBe(true)
    const runs = await runsOf(run, "sharded")
    expect(new Set(runs.map((r) => r.runId)).size).toBe(6)
  })

  it("--resume after SIGKILL mid-batch leaves exactly one result per cell", async () => {
    const { cwd, run } = workspace()
    const killed = spawnZe(
      ["bench", "demo", "--tier", "all", "--agent", "echo,oracle", "--batch", "killed", "--quiet"],
      {
        cwd,
        env: { ZE_SUITES_DIR: repoSuites }
      }
    )
    const deadline = Date.now() + 60_000
    while ((killed.output().match(/^[✓✗] /gm) ?? []).length < 3 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50))
    }
    killed.child.kill("SIGKILL")
    await stop(killed.child, killed.exited)
    const before = await runsOf(run, "killed")
    expect(before.length).toBeGreaterThanOrEqual(3)
    expect(before.length).toBeLessThan(18)
    const resumed = await benchJson(run, "--resume", "killed")
    expect(resumed.code).toBe(0)
    expect(resumed.document.alreadyDone).toBe(
      before.filter((r) => r.status === "passed" || r.status === "failed").length
    )
    expect(resumed.document.complete).toBe(true)
    const after = await runsOf(run, "killed")
    expect(after).toHaveLength(18)
    const cells = after.map((r) => `${r.scenario}/${r.tier}/${r.agent}`)
    expect(new Set(cells).size).toBe(18)
  })

  it("--max-cost 0 starts no model agent: every cell ends budget_exceeded, spent $0 (not unpriced), and the budget gate exits 1", async () => {
    const { cwd, run } = workspace()
    // A key so the pre-flight check passes, and a closed loopback port in case a request were ever made.
    const env = { ZE_SUITES_DIR: repoSuites, ANTHROPIC_API_KEY: "test-key", ANTHROPIC_BASE_URL: "http://127.0.0.1:9" }
    const result = await ze(["bench", "smoke", "--agent", "anthropic", "--max-cost", "0", "--format", "json"], {
      cwd,
      env
    })
    const { code, stderr } = result
    const document = Schema.decodeUnknownSync(BenchDocument)(JSON.parse(result.stdout))
    expect(document.batch.runs.map((r) => r.status)).toEqual(["budget_exceeded"])
    expect(document.batch.runs[0]!.failureReason).toContain("batch budget")
    expect(document.batch.unpricedRuns).toBe(0)
    expect(document.gates).toContainEqual(expect.objectContaining({ gate: "budget", passed: false }))
    expect(code).toBe(1)
    expect(stderr).toContain("budget: no run finished: all 1 ended budget_exceeded")
    // Agents that call no model cost nothing: a zero budget does not stop them.
    const free = await benchJson(run, "smoke", "--agent", "echo", "--max-cost", "0")
    expect(free.document.batch.runs.map((r) => r.status)).toEqual(["failed"])
    expect(free.document.gates).toContainEqual(expect.objectContaining({ gate: "budget", passed: true }))
    expect(free.code).toBe(0)
  })

  it("--baseline with no change: the gate reads \"… from BASE\" or \"… against BASE\", never \"… than\"", async () => {
    const { run } = workspace()
    const base = await benchJson(run, "smoke", "--agent", "oracle")
    const head = await run("bench", "smoke", "--agent", "oracle", "--baseline", base.document.batch.batchId, "--quiet")
    expect(head.code).toBe(0)
    const gate = head.stdout.split("\n").find((line) => line.includes("baseline:")) ?? ""
    expect(gate).toMatch(
      new RegExp(`(no detectable difference from|insufficient evidence against) ${base.document.batch.batchId}:`)
    )
  })

  it("ze compare of batches with several agents names each cell's agent (AGENT column)", async () => {
    const { run } = workspace()
    const base = await benchJson(run, "smoke", "--agent", "echo,oracle")
    const head = await benchJson(run, "smoke", "--agent", "echo,oracle")
    const compared = await run("compare", base.document.batch.batchId, head.document.batch.batchId)
    expect(compared.code).toBe(0)
    const lines = compared.stdout.split("\n")
    expect(lines.some((line) => /SCENARIO\s+TIER\s+AGENT\s+BASE/.test(line))).toBe(true)
    expect(lines.filter((line) => /smoke\/greeting\s+L0\s+(echo|oracle)\s/.test(line))).toHaveLength(2)
  })

  it("--keep-workspaces keeps the run's workspace", async () => {
    const { cwd, run } = workspace()
    await run("bench", "smoke", "--agent", "oracle", "--keep-workspaces", "--quiet")
    expect(readdirSync(join(cwd, ".ze", "workspaces")).some((name) => name.startsWith("smoke-greeting-L0-oracle")))
      .toBe(true)
  })
})

describe.concurrent("ze bench: broken input and unfinished runs", () => {
  it("a broken scenario exits 2 naming the file and the field; nothing runs", async () => {
    const directory = tempDirectory("ze-bench-broken-")
    directories.push(directory)
    const root = makeSuites(directory.directory, {
      broken: { yaml: "id: broken\nsuite: lab\nvalidation:\n  commands:\n    test: [1, 2]\ntimeout_minutes: soon\n" }
    })
    const result = await ze(["bench", "lab", "--suites-dir", root], { cwd: directory.directory })
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(join("lab", "scenarios", "broken", "scenario.yaml"))
    expect(result.stderr).toContain("validation.commands.test")
    expect(result.stderr).toContain("timeout_minutes")
    expect(result.stderr).not.toMatch(/\n\s+at /)
    expect(existsSync(join(directory.directory, ".ze"))).toBe(false)
  })

  it("unknown suites, scenarios and agents and bad flags exit 2", async () => {
    const { run } = workspace()
    for (
      const [args, message] of [
        [["bench", "no-such-suite"], "Suite not found"],
        [["bench", "demo", "no-such-scenario"], "Scenario not found"],
        [["bench", "demo", "--agent", "nobody"], "Unknown agent \"nobody\""],
        [["bench", "demo", "--shard", "3/2", "--batch", "x"], "shard must look like i/n"],
        [["bench", "demo", "--shard", "1/2"], "--shard needs --batch"],
        [
          ["bench", "demo", "--timeout", "soon"],
          `ze: --timeout: expected a duration such as 90s, 10m or 1h (got "soon")`
        ],
        [["bench", "demo", "--max-cost", "-5"], "ze: --max-cost: expected at least 0 (got -5)"],
        [["bench", "demo", "--fail-under", "90"], "ze: --fail-under: expected 0 to 10 (got 90)"],
        [["bench", "demo", "--no-such-flag", "x"], "--no-such-flag is not an option of ze bench"],
        [["bench", "demo", "--specialist", "x"], "No specialist \"x\""],
        [
          ["bench", "demo", "--agent", "echo", "--specialist", "fizzbuzz-specialist"],
          "--specialist wraps a model agent"
        ],
        [["bench", "--resume", "some-batch", "--agent", "oracle"], "--agent would be ignored: name the suite too"],
        [["bench"], "Which suite?"]
      ] as const
    ) {
      const result = await run(...args)
      expect(result.code, args.join(" ")).toBe(2)
      expect(result.stderr).toContain(message)
    }
  })

  it("runs ending in infra_error beyond --allow-errors exit 3", async () => {
    const directory = tempDirectory("ze-bench-infra-")
    directories.push(directory)
    const root = makeSuites(directory.directory, {
      "no-fixture": { yaml: scenarioYaml("no-fixture"), fixture: false },
      fine: { yaml: scenarioYaml("fine") }
    })
    const strict = await ze(["bench", "lab", "--suites-dir", root, "--format", "json"], { cwd: directory.directory })
    expect(strict.code).toBe(3)
    const document = Schema.decodeUnknownSync(BenchDocument)(JSON.parse(strict.stdout))
    expect(document.batch.runs.map((r) => r.status).sort()).toEqual(["failed", "infra_error"])
    expect(strict.stderr).toContain("1 of 2 runs ended in infra_error, agent_error or timeout")
    const tolerant = await ze(["bench", "lab", "--suites-dir", root, "--allow-errors", "50%", "--quiet"], {
      cwd: directory.directory
    })
    expect(tolerant.code).toBe(0)
  })
})

describe.concurrent("ze bench: checks before anything runs", () => {
  it("a tier no scenario has exits 2 listing the skipped combinations, and stores nothing", async () => {
    const { cwd, run } = workspace()
    const result = await run("bench", "demo", "--tier", "L7")
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("Nothing to run")
    expect(result.stderr).toContain("demo/fizzbuzz L7: no L7 prompt")
    expect(result.stderr).not.toMatch(/\n\s+at /)
    expect(existsSync(join(cwd, ".ze"))).toBe(false)
  })

  it("--baseline BATCH that does not exist, or shares no cell, exits 2 before anything runs or is stored", async () => {
    const { run } = workspace()
    const missing = await run("bench", "smoke", "--agent", "oracle", "--baseline", "nope")
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain("--baseline nope: no such batch in this store")
    expect(missing.stderr).not.toContain("cells to run")
    expect((await run("batches", "list")).stdout).toContain("No batches.")
    const base = await benchJson(run, "smoke", "--agent", "oracle")
    const unrelated = await run(
      "bench",
      "demo",
      "fizzbuzz",
      "--agent",
      "oracle",
      "--baseline",
      base.document.batch.batchId
    )
    expect(unrelated.code).toBe(2)
    expect(unrelated.stderr).toContain(
      `--baseline ${base.document.batch.batchId} shares no suite/scenario/tier cell with this batch`
    )
    expect(unrelated.stderr).toContain("(it ran smoke/greeting L0)")
    expect(await runsOf(run, base.document.batch.batchId)).toHaveLength(1)
    expect((await run("runs", "list", "--format", "json")).stdout).not.toContain("demo")
  })

  it("a store that cannot be opened exits 2 naming it, before anything runs", async () => {
    const { cwd, run } = workspace()
    writeFileSync(join(cwd, "a-file"), "not a folder\n")
    const result = await run("bench", "smoke", "--agent", "oracle", "--db", join("a-file", "ze.db"))
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`The store ${join("a-file", "ze.db")} cannot be used: a part of its path is a file`)
    expect(result.stderr).not.toContain("internal error")
  })

  it("--dry-run marks the cells that cannot run or be scored here instead of counting them", async () => {
    const directory = tempDirectory("ze-bench-dry-")
    directories.push(directory)
    const root = makeSuites(directory.directory, {
      "no-fixture": { yaml: scenarioYaml("no-fixture"), fixture: false },
      fine: { yaml: scenarioYaml("fine") },
      unscored: { yaml: "id: unscored\nsuite: lab\n" }
    })
    const result = await ze([
      "bench",
      "lab",
      "--agent",
      "echo,oracle",
      "--suites-dir",
      root,
      "--dry-run",
      "--format",
      "json"
    ], { cwd: directory.directory })
    expect(result.code).toBe(0)
    const plan = Schema.decodeUnknownSync(DryRunDocument)(JSON.parse(result.stdout))
    expect(plan.cells.map((c) => `${c.scenario} ${c.agent}`)).toEqual(["fine echo"])
    expect(plan.blocked.map((c) => [`${c.scenario} ${c.agent}`, c.reason.split(":")[0]])).toEqual([
      ["fine oracle", "the oracle agent needs a solution/ or solution.patch"],
      ["no-fixture echo", "no repo-fixture/ or repo/ in " + join(root, "lab", "scenarios", "no-fixture")],
      ["no-fixture oracle", "no repo-fixture/ or repo/ in " + join(root, "lab", "scenarios", "no-fixture")],
      ["unscored echo", "nothing can score it"],
      ["unscored oracle", "the oracle agent needs a solution/ or solution.patch"]
    ])
    const table = await ze(["bench", "lab", "--agent", "echo,oracle", "--suites-dir", root, "--dry-run"], {
      cwd: directory.directory
    })
    expect(table.stdout).toContain("Dry run: 1 cell would run")
    expect(table.stdout).toContain("5 cannot run or be scored here")
  })

  it("a run with some skipped combinations lists them on stderr", async () => {
    const { run } = workspace()
    const result = await benchJson(run, "smoke", "--tier", "L0,L7", "--agent", "oracle")
    expect(result.code).toBe(0)
    expect(result.document.batch.runs).toHaveLength(1)
    expect(result.stderr).toContain("Skipped 1 combination")
    expect(result.stderr).toContain("smoke/greeting L7: no L7 prompt")
  })

  it("a model agent without its key exits 2 and creates no batch; --dry-run only warns", async () => {
    const { cwd } = workspace()
    const env = {
      ZE_SUITES_DIR: repoSuites,
      ANTHROPIC_API_KEY: "",
      OPENAI_API_KEY: "",
      OPENROUTER_API_KEY: "",
      OPENAI_BASE_URL: "",
      ZE_CLAUDE_CODE_BIN: join(cwd, "no-claude")
    }
    for (
      const [agent, variable] of [["anthropic", "ANTHROPIC_API_KEY"], ["openai", "OPENAI_API_KEY"], [
        "claude-code",
        "ZE_CLAUDE_CODE_BIN"
      ]] as const
    ) {
      const result = await ze(["bench", "demo", "fizzbuzz", "--agent", agent], { cwd, env })
      expect(result.code, agent).toBe(2)
      expect(result.stderr).toContain(variable)
    }
    expect(existsSync(join(cwd, ".ze"))).toBe(false)
    const local = await ze(["bench", "demo", "fizzbuzz", "--agent", "openai", "--dry-run"], {
      cwd,
      env: { ...env, OPENAI_BASE_URL: "http://127.0.0.1:1/v1" }
    })
    expect(local.code).toBe(0)
    expect(local.stderr).not.toContain("Warning")
    const dry = await ze(["bench", "demo", "fizzbuzz", "--agent", "anthropic", "--dry-run"], { cwd, env })
    expect(dry.code).toBe(0)
    expect(dry.stderr).toContain("Warning: the anthropic agent needs ANTHROPIC_API_KEY")
  })

  it("--batch ID that already has runs is refused without --resume (exit 2) and its runs are kept", async () => {
    const { run } = workspace()
    const first = await benchJson(run, "smoke", "--agent", "oracle", "--batch", "reused")
    expect(first.code).toBe(0)
    const again = await run("bench", "smoke", "--agent", "echo", "--batch", "reused")
    expect(again.code).toBe(2)
    expect(again.stderr).toContain("batch reused already has runs: add --resume to fill it, or choose another --batch")
    expect((await runsOf(run, "reused")).map((r) => [r.agent, r.status])).toEqual([["oracle", "passed"]])
    const resumed = await benchJson(run, "smoke", "--agent", "oracle", "--batch", "reused", "--resume", "reused")
    expect(resumed.code).toBe(0)
    expect(resumed.document.alreadyDone).toBe(1)
  })

  it("output piped into a reader that leaves early: no EPIPE crash, the command's own exit code", async () => {
    const { cwd } = workspace()
    const child = spawn(process.execPath, [zeBin, "bench", "demo", "--agent", "echo,oracle", "--quiet"], {
      cwd,
      env: { ...process.env, NO_COLOR: "1", ZE_SUITES_DIR: repoSuites },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stderr = ""
    child.stderr.on("data", (chunk) => (stderr += chunk))
    child.stdout.once("data", () => child.stdout.destroy())
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve))
    expect(stderr).not.toContain("EPIPE")
    expect(stderr).not.toMatch(/\n\s+at /)
    expect(code).toBe(0)
  })
})
