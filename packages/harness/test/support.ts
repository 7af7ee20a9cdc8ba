import { inProcessHttpClient, ZeClient } from "@ze/client"
import { makeInProcessHandler } from "@ze/server"
import { Effect, Either, Layer, Option, Redacted } from "effect"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { Agents, baselineRepositoryPrefix, HarnessSettings, parseScenarioYaml, Workspaces } from "../src/index.js"
import type { Agent, HarnessSettingsShape, Scenario } from "../src/index.js"

/** The repository root, found from this file so the tests work in any clone. */
export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url))
export const suitesRoot = join(repoRoot, "suites")
/** Upstream's 55 scenarios, kept beside the repository (absent in a bare clone: tests that need them skip). */
export const upstreamSuitesRoot = join(repoRoot, "..", "shared", "upstream-suites", "suites")

const writeKey = "harness-test-key"

/** A fresh in-memory store (the server's in-process handler over SQLite `:memory:`) reached through ZeClient. */
export const inProcessStore = Layer.unwrapScoped(
  Effect.gen(function*() {
    const { handler } = yield* Effect.acquireRelease(
      Effect.sync(() => makeInProcessHandler({ settings: { writeKey: Option.some(Redacted.make(writeKey)) } })),
      ({ dispose }) => Effect.promise(() => dispose())
    )
    return ZeClient.layerWith({ baseUrl: "http://ze.test", apiKey: Option.some(Redacted.make(writeKey)), retries: 0 })
      .pipe(
        Layer.provide(inProcessHttpClient(handler))
      )
  })
)

/** A temporary folder removed when the scope closes. */
export const tempDir = (prefix = "ze-harness-") =>
  Effect.acquireRelease(
    Effect.sync(() => mkdtempSync(join(tmpdir(), prefix))),
    (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
  )

/** Settings, workspaces under `workspacesDir` and the agents (built-ins plus `extra`). */
export const harnessLayer = (
  workspacesDir: string,
  settings: Partial<HarnessSettingsShape> = {},
  extra: ReadonlyArray<Agent> = []
) =>
  Layer.mergeAll(
    Workspaces.make(workspacesDir, settings.keepWorkspaces ?? "never"),
    Agents.with(extra),
    HarnessSettings.make({ workspacesDir, ...settings })
  )

/** Runs `effect` with a fresh store and a harness whose workspaces live in a temporary folder (passed in). */
export const withHarness = <A, E, R>(
  effect: (workspacesDir: string) => Effect.Effect<A, E, R>,
  options: { readonly settings?: Partial<HarnessSettingsShape>; readonly agents?: ReadonlyArray<Agent> } = {}
) =>
  Effect.gen(function*() {
    const dir = yield* tempDir()
    const workspacesDir = join(dir, "workspaces")
    return yield* effect(workspacesDir).pipe(
      Effect.provide(Layer.merge(harnessLayer(workspacesDir, options.settings, options.agents), inProcessStore))
    )
  }).pipe(Effect.scoped)

/** Entries of a folder, none when it does not exist. */
/** What a workspaces folder holds but the fixtures' baseline repositories, which last as long as its `Workspaces`. */
export const entriesOf = (dir: string) =>
  (existsSync(dir) ? readdirSync(dir) : []).filter((name) => !name.startsWith(baselineRepositoryPrefix))

/** A scenario from YAML text, living in `dir` (no fixture, prompts or solution unless given). */
export const scenarioFromYaml = (yaml: string, dir: string, overrides: Partial<Scenario> = {}): Scenario => {
  const config = Either.getOrThrowWith(parseScenarioYaml(join(dir, "scenario.yaml"), yaml), (e) => new Error(e.message))
  return {
    suite: config.suite,
    name: config.id,
    dir,
    file: join(dir, "scenario.yaml"),
    config,
    fixtureDir: Option.none(),
    promptsDir: join(dir, "prompts"),
    prompts: [],
    solution: Option.none(),
    oracleAnswersFile: Option.none(),
    ...overrides
  }
}

/** Writes files (path → content) under `root`, creating folders. */
export const writeTree = (root: string, files: Readonly<Record<string, string>>) => {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), content)
  }
}
