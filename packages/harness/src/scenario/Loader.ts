import { Effect, Either, Option, ParseResult } from "effect"
import { readdir, readFile, stat } from "node:fs/promises"
import { join, resolve } from "node:path"
import { parseDocument } from "yaml"
import { loadOracle } from "../tools/Oracle.js"
import { discoverPrompts } from "./Prompts.js"
import type { PromptFile, Scenario, Solution } from "./Scenario.js"
import type { InvalidScenario } from "./ScenarioErrors.js"
import { invalidScenario, ScenarioNotFound, scenarioNotFound } from "./ScenarioErrors.js"
import { decodeScenarioConfig } from "./ScenarioSchema.js"

const kindOf = (path: string) =>
  Effect.promise(() =>
    stat(path).then((s) => (s.isDirectory() ? "dir" as const : "file" as const), () => "missing" as const)
  )

const subdirectories = (dir: string) =>
  Effect.promise(() =>
    readdir(dir, { withFileTypes: true }).then((entries) =>
      entries.filter((e) => e.isDirectory() && !e.name.startsWith(".")).map((e) => e.name).sort()
    )
  )

const firstExisting = (paths: ReadonlyArray<string>, kind: "dir" | "file") =>
  Effect.findFirst(paths, (path) => Effect.map(kindOf(path), (k) => k === kind))

const pathOf = (path: ReadonlyArray<PropertyKey>) =>
  path.map((key, i) => (typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`)).join("")

const kindOfValue = (value: unknown) =>
  Array.isArray(value) ? "a list" : value === null ? "nothing" : `a ${typeof value} (${JSON.stringify(value)})`

/** Decodes `scenario.yaml` text: YAML syntax errors and schema errors both name the file and the field path. */
export const parseScenarioYaml = (file: string, text: string) => {
  const document = parseDocument(text, { prettyErrors: true })
  if (document.errors.length > 0) {
    return Either.left(invalidScenario(file, document.errors.map((error) => ({ path: "", problem: error.message }))))
  }
  const value: unknown = document.toJS()
  if (value === null || value === undefined) {
    return Either.left(
      invalidScenario(file, [{ path: "", problem: "the file is empty: a scenario needs at least id and suite" }])
    )
  }
  if (typeof value !== "object" || Array.isArray(value)) {
    return Either.left(invalidScenario(file, [{
      path: "",
      problem: `must be a mapping of fields (id: ..., suite: ...), not ${kindOfValue(value)}`
    }]))
  }
  return decodeScenarioConfig(value).pipe(
    Either.mapLeft((error) =>
      invalidScenario(
        file,
        ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => ({
          path: pathOf(issue.path),
          problem: issue.message
        }))
      )
    )
  )
}

/** Suite names under a suites root: directories that have a `scenarios/` folder. */
export const listSuites = (root: string) =>
  Effect.gen(function*() {
    if ((yield* kindOf(root)) !== "dir") return yield* Effect.fail(scenarioNotFound("Suites root", resolve(root)))
    const names = yield* subdirectories(root)
    return yield* Effect.filter(names, (name) => Effect.map(kindOf(join(root, name, "scenarios")), (k) => k === "dir"))
  })

/** Scenario names of a suite: directories under `scenarios/` that hold a `scenario.yaml`. */
export const listScenarios = (root: string, suite: string) =>
  Effect.gen(function*() {
    const dir = join(root, suite, "scenarios")
    if ((yield* kindOf(dir)) !== "dir") return yield* Effect.fail(scenarioNotFound("Suite", resolve(dir)))
    const names = yield* subdirectories(dir)
    return yield* Effect.filter(names, (name) =>
      Effect.map(kindOf(join(dir, name, "scenario.yaml")), (k) => k === "file"))
  })

const isBlank = (path: string) =>
  Effect.promise(() => readFile(path, "utf8").then((text) => text.trim() === "", () => false))

/**
 * What is broken beside `scenario.yaml`: a fixture that is a file or an empty folder, an empty prompt, an oracle
 * answers file that is not a JSON object of strings. Each names the field and the file.
 */
const fileIssues = (dir: string, prompts: ReadonlyArray<PromptFile>, answersFile: Option.Option<string>) =>
  Effect.gen(function*() {
    const issues: Array<{ path: string; problem: string }> = []
    for (const name of ["repo-fixture", "repo"]) {
      const path = join(dir, name)
      const kind = yield* kindOf(path)
      if (kind === "file") issues.push({ path: name, problem: `${path} is a file: the fixture must be a folder` })
      if (kind === "dir" && (yield* Effect.promise(() => readdir(path))).length === 0) {
        issues.push({
          path: name,
          problem:
            `${path} is empty: put the repository the agent starts from in it (a .gitkeep marks a deliberately empty start)`
        })
      }
      if (kind !== "missing") break
    }
    for (const prompt of prompts) {
      if (yield* isBlank(prompt.path)) {
        issues.push({ path: `prompts.${prompt.tier}`, problem: `${prompt.path} is empty: the agent would get no task` })
      }
    }
    if (Option.isSome(answersFile)) {
      const loaded = yield* Effect.either(loadOracle(answersFile))
      if (Either.isLeft(loaded)) issues.push({ path: "oracle.answers_file", problem: loaded.left.message })
    }
    return issues
  })

/** Loads one scenario: its YAML (validated), fixture, prompts, solution and oracle answers file. */
export const loadScenario = (root: string, suite: string, name: string) =>
  Effect.gen(function*() {
    const dir = resolve(root, suite, "scenarios", name)
    const file = join(dir, "scenario.yaml")
    const text = yield* Effect.tryPromise({
      try: () => readFile(file, "utf8"),
      catch: () => scenarioNotFound("Scenario", file)
    })
    const config = yield* parseScenarioYaml(file, text)
    const promptsDir = resolve(root, suite, "prompts", name)
    const fixtureDir = yield* firstExisting([join(dir, "repo-fixture"), join(dir, "repo")], "dir")
    const overlay = yield* firstExisting([join(dir, "solution")], "dir")
    const patch = yield* firstExisting([join(dir, "solution.patch")], "file")
    const solution: Option.Option<Solution> = Option.orElse(
      Option.map(overlay, (d): Solution => ({ _tag: "Overlay", dir: d })),
      () => Option.map(patch, (f): Solution => ({ _tag: "Patch", file: f }))
    )
    const answers = config.oracle?.answers_file
    const oracleAnswersFile = answers === undefined
      ? Option.none()
      : yield* firstExisting([resolve(dir, answers)], "file")
    const prompts = yield* discoverPrompts(promptsDir)
    const issues = yield* fileIssues(dir, prompts, oracleAnswersFile)
    if (issues.length > 0) return yield* Effect.fail(invalidScenario(file, issues))
    const scenario: Scenario = {
      suite,
      name,
      dir,
      file,
      config,
      fixtureDir,
      promptsDir,
      prompts,
      solution,
      oracleAnswersFile
    }
    return scenario
  }).pipe(Effect.withSpan("loadScenario"))

export interface SuiteSelection {
  /** Suite names; every suite when absent or empty. */
  readonly suites?: ReadonlyArray<string>
  /** Scenario names (directory names); every scenario of the selected suites when absent or empty. */
  readonly scenarios?: ReadonlyArray<string>
}

export interface LoadedSuites {
  readonly scenarios: ReadonlyArray<Scenario>
  /** Scenarios that exist but did not load: listed, never silently dropped. */
  readonly invalid: ReadonlyArray<InvalidScenario>
}

/** Loads every selected scenario under a suites root; one broken scenario does not hide the others. */
export const loadSuites = (root: string, selection: SuiteSelection = {}) =>
  Effect.gen(function*() {
    const available = yield* listSuites(root)
    const wanted = selection.suites && selection.suites.length > 0 ? selection.suites : available
    const missing = wanted.find((suite) => !available.includes(suite))
    if (missing !== undefined) {
      return yield* Effect.fail(
        new ScenarioNotFound({
          path: resolve(root, missing),
          message: `Suite not found: "${missing}" (suites in ${resolve(root)}: ${available.join(", ") || "none"})`
        })
      )
    }
    const existing: Array<string> = []
    const scenarios: Array<Scenario> = []
    const invalid: Array<InvalidScenario> = []
    for (const suite of wanted) {
      const names = yield* listScenarios(root, suite)
      existing.push(...names)
      const selected = selection.scenarios && selection.scenarios.length > 0
        ? names.filter((name) => selection.scenarios?.includes(name))
        : names
      for (const name of selected) {
        const loaded = yield* Effect.either(loadScenario(root, suite, name))
        if (Either.isRight(loaded)) scenarios.push(loaded.right)
        else if (loaded.left._tag === "InvalidScenario") invalid.push(loaded.left)
        else return yield* Effect.fail(loaded.left)
      }
    }
    const unmatched = (selection.scenarios ?? []).find((name) =>
      !scenarios.some((s) => s.name === name) &&
      !invalid.some((e) => e.file.endsWith(`/${name}/scenario.yaml`))
    )
    if (unmatched !== undefined) {
      const folders = yield* Effect.filter(
        wanted.map((suite) => join(root, suite, "scenarios", unmatched)),
        (dir) => Effect.map(kindOf(dir), (k) => k === "dir")
      )
      if (folders.length > 0) {
        return yield* Effect.fail(scenarioNotFound("scenario.yaml", join(resolve(folders[0]!), "scenario.yaml")))
      }
      return yield* Effect.fail(
        new ScenarioNotFound({
          path: `${wanted.join(",")}/scenarios/${unmatched}`,
          message: `Scenario not found: "${unmatched}" (scenarios of ${wanted.join(", ")}: ${
            existing.join(", ") || "none"
          })`
        })
      )
    }
    return { scenarios, invalid } satisfies LoadedSuites
  })
