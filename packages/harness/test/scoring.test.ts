import { describe, expect, it } from "@effect/vitest"
import { Either } from "effect"
import {
  buildMatrix,
  integrityGate,
  parseShard,
  ran,
  requiredCommandsGate,
  scoreEvaluations,
  selectAgents,
  shardCells,
  skipped,
  verdict
} from "../src/index.js"
import type { Scenario } from "../src/index.js"
import { scenarioFromYaml } from "./support.js"

describe("scoring", () => {
  it("weights the evaluators that ran; skipped ones are left out, not scored 0", () => {
    const score = scoreEvaluations(
      [
        ran("install_success", 1, ""),
        ran("tests_nonregression", 0.5, ""),
        skipped("llm_judge", "no judge"),
        ran("integrity", 1, "")
      ],
      { tests_nonregression: 1.5, llm_judge: 1, manager_correctness: 1 }
    )
    // (1×1 + 0.5×1.5) / 2.5 × 10; integrity is reported but weighs 0 unless the scenario weighs it
    expect(score.weightedScore).toBeCloseTo(7, 4)
    expect(score.totalScore).toBeCloseTo(0.75, 4)
    expect(score.successMetric).toBeCloseTo(0.7, 4)
    expect(score.evaluations.find((e) => e.name === "integrity")).toMatchObject({ counted: false, weight: 0 })
    expect(score.evaluations.find((e) => e.name === "llm_judge")).toMatchObject({ counted: false, weight: 1 })
  })

  it("upstream's update-deps weights no longer cap the score at 1.82", () => {
    const weights = {
      install_success: 1,
      tests_nonregression: 1.5,
      manager_correctness: 1,
      efficiency: 0.5,
      llm_judge: 1
    }
    const score = scoreEvaluations([
      ran("install_success", 1, ""),
      ran("tests_nonregression", 1, ""),
      skipped("llm_judge", "-")
    ], weights)
    expect(score.weightedScore).toBe(10)
  })

  it("integrity alone never scores: an agent that changes nothing earns nothing for it", () => {
    expect(scoreEvaluations([ran("integrity", 1, "no findings"), skipped("llm_judge", "-")]).weightedScore).toBeNull()
    expect(scoreEvaluations([ran("integrity", 1, "")], { integrity: 1 }).weightedScore).toBe(10)
  })

  it("zero weights and no evaluators give no score", () => {
    expect(scoreEvaluations([ran("a", 1, "")], { a: 0 }).weightedScore).toBeNull()
    expect(scoreEvaluations([skipped("a", "-")]).weightedScore).toBeNull()
  })

  it("passes only with required commands passing, no fatal integrity finding and the threshold reached", () => {
    const score = scoreEvaluations([ran("a", 0.8, "")])
    expect(verdict({ score, threshold: 7, gates: [] })).toEqual({
      status: "passed",
      reason: null
    })
    expect(verdict({ score, threshold: 9, gates: [] }).reason).toContain(
      "below the threshold 9"
    )
    expect(verdict({ score, threshold: 7, gates: [requiredCommandsGate(["test"])!] }).reason).toContain("test")
    expect(verdict({ score, threshold: 7, gates: [integrityGate(["test_deleted a"])!] }).status).toBe(
      "failed"
    )
    // Nothing could score the run: not the agent's failure.
    const unscored = verdict({
      score: scoreEvaluations([skipped("llm_judge", "no judge key")]),
      threshold: 0,
      gates: []
    })
    expect(unscored).toEqual({
      status: "infra_error",
      reason: "nothing could score this run (llm_judge: no judge key)"
    })
  })
})

describe("matrix", () => {
  const scenario = (name: string, tiers: ReadonlyArray<string>): Scenario =>
    scenarioFromYaml(`id: ${name}\nsuite: s\n`, `/tmp/${name}`, {
      name,
      prompts: tiers.map((tier) => ({ tier, name: `${tier}-x.md`, path: `/tmp/${name}/${tier}-x.md` }))
    })

  it("crosses scenarios × tiers × agents × models × repeats, skipping tiers without a prompt", () => {
    const agents = selectAgents(["echo", "model-agent"], ["m1", "m2"], (a) => a === "model-agent")
    expect(agents).toEqual([{ agent: "echo", model: null }, { agent: "model-agent", model: "m1" }, {
      agent: "model-agent",
      model: "m2"
    }])
    const matrix = buildMatrix("b1", {
      scenarios: [scenario("a", ["L0", "L1"]), scenario("b", ["L1"])],
      tiers: ["L0", "L1"],
      agents,
      repeats: 2
    })
    expect(matrix.cells).toHaveLength((2 + 1) * 3 * 2)
    expect(matrix.skipped).toEqual([expect.objectContaining({ scenario: "b", tier: "L0" })])
    expect(new Set(matrix.cells.map((c) => c.runId)).size).toBe(matrix.cells.length)
    const again = buildMatrix("b1", {
      scenarios: [scenario("a", ["L0", "L1"]), scenario("b", ["L1"])],
      tiers: ["L0", "L1"],
      agents,
      repeats: 2
    })
    expect(again.cells.map((c) => c.runId)).toEqual(matrix.cells.map((c) => c.runId))
    expect(buildMatrix("b2", { scenarios: [scenario("a", ["L0"])], agents }).cells[0]?.runId).not.toBe(
      matrix.cells[0]?.runId
    )
  })

  it("every tier a scenario has when none is asked for", () => {
    const matrix = buildMatrix("b", {
      scenarios: [scenario("a", ["L0", "L2", "Lx"])],
      agents: [{ agent: "echo", model: null }]
    })
    expect(matrix.cells.map((c) => c.tier)).toEqual(["L0", "L2", "Lx"])
  })

  it("shards are disjoint, cover the matrix and parse from i/n", () => {
    const cells = Array.from({ length: 10 }, (_, i) => ({ runId: `run-${i}` }))
    const shards = [1, 2, 3].map((index) => shardCells(cells, { index, count: 3 }))
    expect(shards.flat().map((c) => c.runId).sort()).toEqual(cells.map((c) => c.runId).sort())
    expect(shards.map((s) => s.length)).toEqual([4, 3, 3])
  })

  it("shards mix agents: two agents over two shards do not split one agent per machine", () => {
    const scenarios = ["a", "b", "c", "d", "e", "f"].map((name) =>
      scenarioFromYaml(`id: ${name}\nsuite: s\n`, `/tmp/${name}`, {
        name,
        prompts: [{ tier: "L0", name: "L0.md", path: "/tmp/L0.md" }]
      })
    )
    const { cells } = buildMatrix("b-mix", {
      scenarios,
      agents: [{ agent: "echo", model: null }, { agent: "oracle", model: null }]
    })
    for (const index of [1, 2]) {
      expect(new Set(shardCells(cells, { index, count: 2 }).map((c) => c.agent)).size).toBe(2)
    }
    expect(parseShard("2/3")).toEqual(Either.right({ index: 2, count: 3 }))
    expect(Either.isLeft(parseShard("4/3"))).toBe(true)
    expect(Either.isLeft(parseShard("0/1"))).toBe(true)
  })
})
