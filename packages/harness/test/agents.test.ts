import { describe, expect, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import {
  echoAgent,
  makeOracle,
  makeTranscriptRecorder,
  makeWorkspaceTools,
  oracleAgent,
  recordingTools,
  replayAgent,
  Workspaces
} from "../src/index.js"
import type { Agent, Scenario } from "../src/index.js"
import { scenarioFromYaml, tempDir, writeTree } from "./support.js"

const runAgent = (agent: Agent, scenario: Scenario, model: string | null = null) =>
  Effect.gen(function*() {
    const base = yield* tempDir()
    const workspace = yield* Effect.flatMap(Workspaces, (w) => w.acquire({ scenario, label: agent.name })).pipe(
      Effect.provide(Workspaces.make(join(base, "ws")))
    )
    const transcript = yield* makeTranscriptRecorder
    const tools = recordingTools(
      makeWorkspaceTools({
        root: workspace.dir,
        oracle: yield* makeOracle({}),
        commandTimeout: "10 seconds",
        outputCapBytes: 4096
      }),
      transcript
    )
    const output = yield* agent.run({
      prompt: "Do it.",
      scenario,
      tier: "L0",
      model,
      workspaceDir: workspace.dir,
      tools,
      transcript,
      limits: {}
    })
    return { output, dir: workspace.dir, steps: yield* transcript.steps }
  })

const scenarioWith = (base: string, extra: Partial<Scenario>) => {
  const fixture = join(base, "scenario", "repo-fixture")
  writeTree(fixture, { "src/a.txt": "one\ntwo\n", "src/b.txt": "bee\n" })
  return scenarioFromYaml("id: a\nsuite: s\n", join(base, "scenario"), { fixtureDir: Option.some(fixture), ...extra })
}

describe("offline agents", () => {
  it.scoped("echo changes nothing and answers with the prompt", () =>
    Effect.gen(function*() {
      const base = yield* tempDir()
      const { dir, output, steps } = yield* runAgent(echoAgent, scenarioWith(base, {}))
      expect(output.finalText).toBe("Do it.")
      expect(readFileSync(join(dir, "src/a.txt"), "utf8")).toBe("one\ntwo\n")
      expect(steps.filter((s) => s._tag === "tool_call")).toEqual([])
    }))

  it.scoped("oracle overlays solution/ through the jailed tools", () =>
    Effect.gen(function*() {
      const base = yield* tempDir()
      writeTree(join(base, "solution"), { "src/a.txt": "ONE\n", "src/new/c.txt": "sea\n" })
      const scenario = scenarioWith(base, { solution: Option.some({ _tag: "Overlay", dir: join(base, "solution") }) })
      const { dir, steps } = yield* runAgent(oracleAgent, scenario)
      expect(readFileSync(join(dir, "src/a.txt"), "utf8")).toBe("ONE\n")
      expect(readFileSync(join(dir, "src/new/c.txt"), "utf8")).toBe("sea\n")
      expect(steps.filter((s) => s._tag === "tool_call").map((s) => s._tag === "tool_call" && s.tool)).toEqual([
        "writeFile",
        "writeFile"
      ])
    }))

  it.scoped("oracle applies solution.patch, and fails clearly without any solution", () =>
    Effect.gen(function*() {
      const base = yield* tempDir()
      const patch =
        "diff --git a/src/a.txt b/src/a.txt\n--- a/src/a.txt\n+++ b/src/a.txt\n@@ -1,2 +1,2 @@\n one\n-two\n+TWO\n"
      writeFileSync(join(base, "solution.patch"), patch)
      const { dir } = yield* runAgent(
        oracleAgent,
        scenarioWith(base, { solution: Option.some({ _tag: "Patch", file: join(base, "solution.patch") }) })
      )
      expect(readFileSync(join(dir, "src/a.txt"), "utf8")).toBe("one\nTWO\n")
      const error = yield* Effect.flip(runAgent(oracleAgent, scenarioWith(yield* tempDir(), {})))
      expect(error.message).toContain("has no solution/ folder or solution.patch")
    }))

  it.scoped("replay re-applies the file edits of a recorded transcript", () =>
    Effect.gen(function*() {
      const base = yield* tempDir()
      writeTree(join(base, "solution"), { "src/a.txt": "ONE\n" })
      const recorded = yield* runAgent(
        oracleAgent,
        scenarioWith(base, { solution: Option.some({ _tag: "Overlay", dir: join(base, "solution") }) })
      )
      const file = join(base, "transcript.json")
      writeFileSync(file, JSON.stringify({ version: 1, agent: "oracle", model: null, steps: recorded.steps }))
      const replayed = yield* runAgent(replayAgent, scenarioWith(yield* tempDir(), {}), file)
      expect(readFileSync(join(replayed.dir, "src/a.txt"), "utf8")).toBe("ONE\n")
      writeFileSync(file, JSON.stringify({ version: 2 }))
      const error = yield* Effect.flip(runAgent(replayAgent, scenarioWith(yield* tempDir(), {}), file))
      expect(error.message).toContain("is not a ze transcript")
    }))
})
