import { describe, expect, it } from "@effect/vitest"
import { translateLegacyArgs } from "../src/Legacy.js"

describe("upstream invocations become ze commands", () => {
  it.each([
    [["--history"], ["runs", "list", "--limit", "10"]],
    [["--history", "5", "--format", "json"], ["runs", "list", "--limit", "5", "--format", "json"]],
    [["bench", "--batches"], ["batches", "list", "--limit", "20"]],
    [["--batch-details", "b1"], ["batches", "show", "b1"]],
    [["--stats", "suite", "demo"], ["stats", "--by", "scenario", "--suite", "demo"]],
    [["--stats", "scenario", "demo", "fizzbuzz"], [
      "stats",
      "--by",
      "tier",
      "--suite",
      "demo",
      "--scenario",
      "fizzbuzz"
    ]],
    [["--stats", "run", "r1"], ["runs", "show", "r1"]],
    [["--evaluators"], ["stats", "--by", "evaluator"]],
    [["--compare-batches", "a", "b"], ["compare", "a", "b"]],
    [["--new-suite", "s"], ["new", "suite", "s"]],
    [["bench", "--new-scenario", "s", "n"], ["new", "scenario", "s", "n"]],
    [["bench", "demo", "fizzbuzz", "--skip-warmup", "--llm-judge-only"], ["bench", "demo", "fizzbuzz", "--skip-warmup"]]
  ])("%j → %j", (args, expected) => {
    expect(translateLegacyArgs(args)).toEqual(expected)
  })

  it("leaves ze's own commands alone, and reads a flag only as the first argument (as upstream)", () => {
    expect(translateLegacyArgs(["runs", "list", "--history"])).toEqual(["runs", "list", "--history"])
    expect(translateLegacyArgs(["constructor"])).toEqual(["constructor"])
    expect(translateLegacyArgs([])).toEqual([])
  })
})
