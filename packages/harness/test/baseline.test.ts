import { describe, expect, it } from "@effect/vitest"
import { ZeClient } from "@ze/client"
import { batchProvenanceOf } from "@ze/domain"
import type { ScenarioBaseline } from "@ze/domain"
import { Effect, Layer, Option, Schema } from "effect"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import {
  Baselines,
  loadSuites,
  noSignalPrefix,
  ran,
  runBatch,
  scenarioFingerprint,
  signalOf,
  skipped
} from "../src/index.js"
import { harnessLayer, suitesRoot, tempDir, withHarness, writeTree } from "./support.js"

const baseline = (
  checks: ScenarioBaseline["checks"],
  judgeNotApplicable: string | null = "llm_judge is not enabled in scenario.yaml"
) =>
  ({
    scenario: "lab/x",
    fingerprint: "f",
    evaluatedAt: "2026-01-01T00:00:00.000Z",
    checks,
    judgeNotApplicable
  }) satisfies ScenarioBaseline

const check = (name: string, passes: boolean) => ({ name, evaluator: name.split(".")[0]!, passes, detail: "" })

/** A suite whose one scenario passes every check on its untouched fixture, and has a solution anyway. */
const noOpSuite = (root: string) =>
  writeTree(root, {
    "lab/scenarios/always/scenario.yaml":
      "id: always\nsuite: lab\nvalidation:\n  commands:\n    test: \"node -e 'process.exit(0)'\"\n" +
      "heuristic_checks:\n  enabled: true\n  files:\n    - name: has_index\n      path: index.js\n",
    "lab/scenarios/always/repo-fixture/index.js": "export const answer = 42\n",
    "lab/scenarios/always/solution/index.js": "export const answer = 43\n",
    "lab/prompts/always/L0-minimal.md": "Change the answer.\n"
  })

describe("the baseline rule", () => {
  it("a run that passes only what the untouched fixture passes carries no signal", () => {
    const none = signalOf({
      baseline: baseline([check("tests_nonregression", true)]),
      checks: [check("tests_nonregression", true)],
      judge: undefined,
      threshold: 7
    })
    expect(none.noSignal).toBe(
      `${noSignalPrefix}: tests_nonregression already passes on the untouched fixture, and the LLM judge cannot (llm_judge is not enabled in scenario.yaml)`
    )
    const some = signalOf({
      baseline: baseline([check("tests_nonregression", false), check("heuristic_checks.a", true)]),
      checks: [check("tests_nonregression", true), check("heuristic_checks.a", true)],
      judge: undefined,
      threshold: 7
    })
    expect(some).toEqual({
      noSignal: null,
      baseline: {
        fingerprint: "f",
        passingOnBaseline: ["heuristic_checks.a"],
        discriminating: ["tests_nonregression"],
        passedDiscriminating: ["tests_nonregression"]
      }
    })
    const noBetter = signalOf({
      baseline: baseline([check("lint_success", false)]),
      checks: [check("lint_success", false)],
      judge: undefined,
      threshold: 7
    })
    expect(noBetter.noSignal).toContain("did no better than a no-op")
  })

  it("the judge is the only thing that can tell when every check passes on the fixture", () => {
    const input = {
      baseline: baseline([check("tests_nonregression", true)], null),
      checks: [check("tests_nonregression", true)],
      threshold: 7
    }
    expect(signalOf({ ...input, judge: ran("llm_judge", 0.9, "good") }).noSignal).toBeNull()
    expect(signalOf({ ...input, judge: ran("llm_judge", 0.5, "meh") }).noSignal).toContain(
      "only the LLM judge could, and it scored 5/10"
    )
    expect(signalOf({ ...input, judge: skipped("llm_judge", "no judge key") }).noSignal).toContain(
      "it did not run (no judge key)"
    )
  })

  it.live("a solution is not a pass where a no-op passes too: failed, score kept, and the batch and run record the baseline", () =>
    withHarness(() =>
      Effect.gen(function*() {
        const root = yield* tempDir()
        noOpSuite(root)
        const { scenarios } = yield* loadSuites(root)
        const summary = yield* runBatch({
          batchId: "no-signal",
          matrix: {
            scenarios,
            tiers: ["L0"],
            agents: [{ agent: "echo", model: null }, { agent: "oracle", model: null }]
          }
        })
        for (const result of summary.results) {
          expect(result.status).toBe("failed")
          expect(result.isSuccessful).toBe(false)
          expect(result.weightedScore).toBe(10)
          expect(result.failureReason).toMatch(
            new RegExp(`^${noSignalPrefix}: tests_nonregression, heuristic_checks.has_index already pass`)
          )
        }
        const client = yield* ZeClient
        const batch = yield* client.batches.get({ path: { batchId: "no-signal" } })
        const provenance = batchProvenanceOf(batch.metadata)
        expect(provenance.suitesDir).toBe(root)
        expect(Object.keys(provenance.fingerprints)).toEqual(["lab/always"])
        expect(provenance.baselines["lab/always"]?.checks.map((c) => [c.name, c.passes])).toEqual([
          ["tests_nonregression", true],
          ["heuristic_checks.has_index", true]
        ])
        const run = yield* client.runs.get({ path: { runId: summary.results[0]!.cell.runId } })
        const metadata = Schema.decodeUnknownSync(
          Schema.parseJson(Schema.Struct({ baseline: Schema.Struct({ discriminating: Schema.Array(Schema.String) }) }))
        )(run.run.metadata)
        expect(metadata.baseline.discriminating).toEqual([])
      })
    ))

  it.live("the smoke suite stays valid: echo fails, oracle passes, the test is what tells them apart", () =>
    withHarness(() =>
      Effect.gen(function*() {
        const { scenarios } = yield* loadSuites(suitesRoot, { suites: ["smoke"] })
        const summary = yield* runBatch({
          matrix: {
            scenarios,
            tiers: ["L0"],
            agents: [{ agent: "echo", model: null }, { agent: "oracle", model: null }]
          }
        })
        expect(summary.results.map((r) => [r.cell.agent, r.status])).toEqual([["echo", "failed"], ["oracle", "passed"]])
      })
    ))

  it.live("baselines are evaluated once per fingerprint, cached on disk, and a changed fixture is evaluated again", () =>
    Effect.gen(function*() {
      const dir = yield* tempDir()
      noOpSuite(join(dir, "suites"))
      const layer = Baselines.layer.pipe(
        Layer.provideMerge(harnessLayer(join(dir, "workspaces"), { baselinesDir: join(dir, "baselines") }))
      )
      const scenario = (yield* loadSuites(join(dir, "suites"))).scenarios[0]!
      const [first, again] = yield* Effect.provide(
        Effect.flatMap(Baselines, (b) => Effect.all([b.get(scenario), b.get(scenario)], { concurrency: 2 })),
        layer
      )
      expect(again).toEqual(first)
      const fromDisk = yield* Effect.provide(Effect.flatMap(Baselines, (b) => b.cached(scenario)), layer)
      expect(Option.getOrNull(fromDisk)).toEqual(first)
      writeFileSync(
        join(dir, "suites", "lab", "scenarios", "always", "repo-fixture", "index.js"),
        "export const answer = 0\n"
      )
      expect(yield* scenarioFingerprint(scenario)).not.toBe(first.fingerprint)
      expect(Option.isNone(yield* Effect.provide(Effect.flatMap(Baselines, (b) => b.cached(scenario)), layer))).toBe(
        true
      )
    }).pipe(Effect.scoped))
})
