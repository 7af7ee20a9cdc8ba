import { Duration, Effect, Option } from "effect"
import { cpSync, mkdtempSync, realpathSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { AgentInput, AgentLimits } from "../../src/agents/Agent.js"
import { runValidation } from "../../src/evaluators/Commands.js"
import { loadScenario } from "../../src/scenario/Loader.js"
import { makeOracle } from "../../src/tools/Oracle.js"
import { recordingTools } from "../../src/tools/Recording.js"
import { makeTranscriptRecorder } from "../../src/tools/Transcript.js"
import { makeWorkspaceTools } from "../../src/tools/WorkspaceTools.js"
import { suitesRoot } from "../support.js"

/** What the scripted model writes: the demo fizzbuzz scenario's fix. */
export const FIZZBUZZ_FIX = [
  "const word = (i) => (i % 15 === 0 ? \"FizzBuzz\" : i % 3 === 0 ? \"Fizz\" : i % 5 === 0 ? \"Buzz\" : String(i))",
  "",
  "/** The FizzBuzz sequence from 1 to n. */",
  "export function fizzbuzz(n) {",
  "  return Array.from({ length: Math.max(0, n) }, (_, i) => word(i + 1))",
  "}",
  ""
].join("\n")

export const FIZZBUZZ_TEST = "node --test test/fizzbuzz.test.js"

/**
 * The demo fizzbuzz scenario copied into a temporary workspace (removed with the scope), with recorded
 * workspace tools and a transcript, ready to hand to an agent.
 */
export const fizzbuzzWorkspace = (limits: AgentLimits = {}, model: string | null = null) =>
  Effect.gen(function*() {
    const scenario = yield* loadScenario(suitesRoot, "demo", "fizzbuzz")
    const base = yield* Effect.acquireRelease(
      Effect.sync(() => realpathSync(mkdtempSync(join(tmpdir(), "ze-models-")))),
      (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
    )
    const root = join(base, "ws")
    cpSync(Option.getOrThrow(scenario.fixtureDir), root, { recursive: true })
    const oracle = yield* makeOracle({})
    const transcript = yield* makeTranscriptRecorder
    const tools = recordingTools(
      makeWorkspaceTools({ root, oracle, commandTimeout: "30 seconds", outputCapBytes: 16 * 1024 }),
      transcript
    )
    const input: AgentInput = {
      prompt: "Implement fizzbuzz(n) in src/fizzbuzz.js so that the tests pass.",
      scenario,
      tier: "L1",
      model,
      workspaceDir: root,
      tools,
      transcript,
      limits
    }
    const validate = runValidation(scenario, root, { timeout: Duration.seconds(30), outputCapBytes: 16 * 1024 })
    return { input, root, base, transcript, scenario, validate }
  })
