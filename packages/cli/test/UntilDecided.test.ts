import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import { afterAll } from "vitest"
import { PlanDocument } from "../src/commands/Plan.js"
import { BenchDocument } from "../src/Documents.js"
import { repoSuites } from "./support/Suites.js"
import { tempDirectory, ze } from "./support/Ze.js"

const directories: Array<ReturnType<typeof tempDirectory>> = []
afterAll(() => directories.forEach((directory) => directory.remove()))

const workspace = () => {
  const directory = tempDirectory("ze-until-")
  directories.push(directory)
  const run = (...args: ReadonlyArray<string>) =>
    ze(args, { cwd: directory.directory, env: { ZE_SUITES_DIR: repoSuites } })
  const bench = async (...args: ReadonlyArray<string>) => {
    const result = await run("bench", ...args, "--format", "json")
    return { ...result, document: Schema.decodeUnknownSync(BenchDocument)(JSON.parse(result.stdout)) }
  }
  return { run, bench }
}

describe.concurrent("ze bench --until-decided", () => {
  it("runs rounds of one repeat per cell and stops once the sequential comparison decides", async () => {
    const { bench, run } = workspace()
    const base = await bench("demo", "--agent", "echo", "--repeat", "5")
    const baseId = base.document.batch.batchId
    const head = await bench("demo", "--agent", "oracle", "--baseline", baseId, "--until-decided")
    expect(head.code).toBe(0)
    // Three cells a round, every pair a head win: E = 2^n/(n + 1) passes 40 (α/2, scores are tested too) at n = 9.
    expect(head.document.untilDecided).toMatchObject({ rounds: 3, stop: "decided" })
    expect(head.document.batch.runs).toHaveLength(9)
    expect(head.document.comparison).toMatchObject({ mode: "sequential", verdict: "better" })
    expect(head.stderr).toContain("Round 1: insufficient evidence")
    expect(head.stderr).toContain("Round 3: better")

    const table = await run("compare", baseId, head.document.batch.batchId, "--mode", "sequential")
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/Mode\s+sequential \(anytime-valid/)
    const fixed = await run("compare", baseId, head.document.batch.batchId)
    expect(fixed.stdout).toMatch(/Mode\s+fixed/)
  })

  it("stops at --max-repeats, and where the baseline has no repeat left to pair with, saying which", async () => {
    const { bench } = workspace()
    const base = await bench("smoke", "--agent", "echo", "--repeat", "2")
    const baseId = base.document.batch.batchId
    const capped = await bench(
      "smoke",
      "--agent",
      "echo",
      "--baseline",
      baseId,
      "--until-decided",
      "--max-repeats",
      "1",
      "--min-effect",
      "30"
    )
    expect(capped.document.untilDecided).toMatchObject({ rounds: 1, stop: "max-repeats" })
    expect(capped.document.comparison?.verdict).toBe("insufficient evidence")
    expect(capped.document.comparison?.sequential?.minEffect).toBe(30)
    expect(capped.document.comparison?.reason).toContain("a difference of 30 points is not yet ruled out")
    const exhausted = await bench("smoke", "--agent", "echo", "--baseline", baseId, "--until-decided")
    expect(exhausted.document.untilDecided).toMatchObject({ rounds: 2, stop: "baseline-exhausted" })
    expect(exhausted.document.untilDecided?.message).toContain("only 2 repeats per cell")
    expect(exhausted.document.batch.runs).toHaveLength(2)
    // A budget with nothing left after the first round stops the rounds there.
    const broke = await bench("smoke", "--agent", "echo", "--baseline", baseId, "--until-decided", "--max-cost", "0")
    expect(broke.document.untilDecided).toMatchObject({ rounds: 1, stop: "max-cost" })
  })

  it("refuses flags that make no sense together, before anything runs", async () => {
    const { run } = workspace()
    const noBaseline = await run("bench", "smoke", "--until-decided")
    expect(noBaseline.code).toBe(2)
    expect(noBaseline.stderr).toContain("--until-decided needs --baseline BATCH")
    const stray = await run("bench", "smoke", "--min-effect", "10")
    expect(stray.stderr).toContain("--min-effect needs --until-decided")
    const repeat = await run("bench", "smoke", "--until-decided", "--baseline", "b", "--repeat", "3")
    expect(repeat.stderr).toContain("--max-repeats instead of --repeat")
    const compare = await run("compare", "a", "b", "--min-effect", "10")
    expect(compare.stderr).toContain("--min-effect needs --mode sequential")
  })
})

describe.concurrent("ze plan", () => {
  it("simulates designs, picks the cheapest that reaches the power, and reads rates and cost from a batch", async () => {
    const { bench, run } = workspace()
    const first = await run(
      "plan",
      "--effect",
      "30",
      "--scenarios",
      "10,40",
      "--repeats",
      "1,2",
      "--simulations",
      "100",
      "--format",
      "json"
    )
    expect(first.code).toBe(0)
    const plan = Schema.decodeUnknownSync(PlanDocument)(JSON.parse(first.stdout))
    expect(plan).toMatchObject({ effect: 30, power: 0.8, passRate: 0.5, simulations: 100, seed: 16 })
    expect(plan.designs.map((d) => [d.scenarios, d.repeats])).toEqual([[10, 1], [10, 2], [40, 1], [40, 2]])
    expect(plan.costs).toEqual([{ agent: "echo", model: null, perRunUsd: 0, basis: "uses no model" }])
    const again = await run(
      "plan",
      "--effect",
      "30",
      "--scenarios",
      "10,40",
      "--repeats",
      "1,2",
      "--simulations",
      "100",
      "--format",
      "json"
    )
    expect(again.stdout).toBe(first.stdout)

    const base = await bench("demo", "--agent", "echo,oracle", "--repeat", "2")
    const seeded = await run(
      "plan",
      "--from",
      base.document.batch.batchId,
      "--scenarios",
      "10",
      "--repeats",
      "1",
      "--simulations",
      "50",
      "--format",
      "json"
    )
    const fromBatch = Schema.decodeUnknownSync(PlanDocument)(JSON.parse(seeded.stdout))
    // Oracle passes, echo fails: half the cells pass, and none flips.
    expect(fromBatch).toMatchObject({ passRate: 0.5, flipRate: 0, from: base.document.batch.batchId })
    // The batch's 3 scenarios are a design too; two agents double the runs.
    expect(fromBatch.designs.map((d) => [d.scenarios, d.runsPerBatch])).toEqual([[3, 6], [10, 20]])
    const table = await run("plan", "--effect", "20", "--scenarios", "10", "--repeats", "1", "--simulations", "50")
    expect(table.stdout).toContain("Plan: detect a change of 20 points at 80.0% power")
    expect(table.stdout).toContain("Simulated: 50 pairs of batches per design, seed 16")
    // No priced history: the pricing table's rates times the tokens of a run ($1 and $5 per million for Haiku 4.5).
    const priced = await run(
      "plan",
      "--agent",
      "anthropic",
      "--model",
      "claude-haiku-4-5",
      "--tokens-per-run",
      "200000,20000",
      "--scenarios",
      "10",
      "--repeats",
      "1",
      "--simulations",
      "20",
      "--format",
      "json"
    )
    const pricedPlan = Schema.decodeUnknownSync(PlanDocument)(JSON.parse(priced.stdout))
    expect(pricedPlan.costs[0]!.perRunUsd).toBeCloseTo(0.3, 10)
    expect(pricedPlan.costPerCellRepeat).toBeCloseTo(0.3, 10)
  })
})
