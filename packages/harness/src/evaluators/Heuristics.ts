import { Duration, Effect } from "effect"
import { readFile, stat } from "node:fs/promises"
import { extname, isAbsolute, join } from "node:path"
import { parse as parseYaml } from "yaml"
import { scrubbedEnv } from "../process/Env.js"
import { runProcess } from "../process/Process.js"
import type { Scenario } from "../scenario/Scenario.js"
import type { CommandRun } from "./Commands.js"
import type { EvaluatorResult } from "./Evaluation.js"
import { HEURISTIC_CHECKS, ran, skipped } from "./Evaluation.js"
import { globToRegExp, listTree } from "./Glob.js"

export interface CheckResult {
  readonly name: string
  readonly weight: number
  readonly passed: boolean
  readonly description: string | undefined
  readonly error: string | undefined
}

export interface HeuristicOptions {
  readonly timeout: Duration.Duration
  readonly outputCapBytes: number
  /** A command that prints more than this is stopped. */
  readonly outputLimitBytes?: number
  /**
   * Commands the validation already ran on this workspace, after the agent: a check naming the same command line
   * reads that run instead of running it a second time (the demo's `tests_pass` repeats its `test` command).
   */
  readonly alreadyRan?: ReadonlyArray<CommandRun>
}

const exists = (path: string) => stat(path).then(() => true, () => false)
const readText = (path: string) => readFile(path, "utf8").catch(() => undefined)

const check = (
  base: { readonly name: string; readonly weight?: number | undefined; readonly description?: string | undefined },
  passed: boolean,
  error?: string
): CheckResult => ({
  name: base.name,
  weight: base.weight ?? 1,
  passed,
  description: base.description,
  error: passed ? undefined : error
})

/** `$.a.b.c`, split on dots as upstream does (no escaping); found when the value is neither null nor absent. */
const valueAt = (document: unknown, jsonPath: string) =>
  jsonPath.replace(/^\$\.?/, "").split(".").filter((k) => k !== "").reduce<unknown>(
    (value, key) => (value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined),
    document
  )

const parseStructured = (file: string, text: string): unknown => {
  const ext = extname(file).toLowerCase()
  return ext === ".yaml" || ext === ".yml" ? parseYaml(text) : JSON.parse(text)
}

const substitute = (arg: string, scenario: Scenario) =>
  arg
    .replaceAll("${artifact.figma_file_id}", scenario.config.artifact?.figma_file_id ?? "")
    .replaceAll("${artifact.figma_file_key}", scenario.config.artifact?.figma_file_key ?? "")
    .replaceAll("${scenario.id}", scenario.config.id)
    .replaceAll("${scenario.suite}", scenario.config.suite)

const scriptCommand = (path: string, args: ReadonlyArray<string>) => {
  const ext = extname(path)
  if ([".js", ".mjs", ".cjs"].includes(ext)) return { file: process.execPath, args: [path, ...args] }
  if (ext === ".sh") return { file: "/bin/sh", args: [path, ...args] }
  return { file: path, args }
}

const runPatternChecks = async (scenario: Scenario, workspace: string): Promise<Array<CheckResult>> => {
  const checks = scenario.config.heuristic_checks?.patterns ?? []
  if (checks.length === 0) return []
  const files = await listTree(workspace)
  const results: Array<CheckResult> = []
  for (const c of checks) {
    const absent = c.absent === true || c.negate === true
    let regex: RegExp
    let glob: RegExp
    try {
      regex = new RegExp(c.pattern)
    } catch (error) {
      results.push(check(c, false, `invalid pattern ${c.pattern}: ${(error as Error).message}`))
      continue
    }
    try {
      glob = globToRegExp(c.file)
    } catch (error) {
      results.push(check(c, false, `invalid file glob ${c.file}: ${(error as Error).message}`))
      continue
    }
    const matched = files.filter((f) => glob.test(f))
    if (matched.length === 0) {
      results.push(check(c, absent, `No files matched pattern ${c.file}`))
      continue
    }
    const hits: Array<string> = []
    for (const file of matched) {
      const text = await readText(join(workspace, file))
      if (text !== undefined && regex.test(text)) hits.push(file)
    }
    results.push(
      absent
        ? check(c, hits.length === 0, `Pattern found in ${hits.join(", ")}`)
        : check(c, hits.length > 0, `Pattern not found in ${matched.length} file(s) matching ${c.file}`)
    )
  }
  return results
}

const runStructuredChecks = async (scenario: Scenario, workspace: string): Promise<Array<CheckResult>> =>
  Promise.all((scenario.config.heuristic_checks?.structured ?? []).map(async (c) => {
    const wantPresent = c.exists !== false
    const text = await readText(join(workspace, c.file))
    let found: boolean
    let why: string
    if (text === undefined) {
      found = false
      why = `${c.file} does not exist`
    } else if (c.json_path !== undefined) {
      try {
        const value = valueAt(parseStructured(c.file, text), c.json_path)
        found = value !== null && value !== undefined
        why = found ? `${c.json_path} is present in ${c.file}` : `${c.json_path} not found in ${c.file}`
      } catch (error) {
        return check(c, false, `${c.file} cannot be parsed: ${(error as Error).message}`)
      }
    } else if (c.section_header !== undefined) {
      found = text.includes(c.section_header)
      why = found ? `"${c.section_header}" is in ${c.file}` : `"${c.section_header}" not found in ${c.file}`
    } else {
      found = true
      why = `${c.file} exists`
    }
    return check(c, found === wantPresent, why)
  }))

/**
 * Upstream's heuristic checks (commands, files, patterns, structured, scripts; weighted pass ratio), with
 * `absent`/`negate` on patterns and `exists: false` honoured on files and structured checks.
 */
export const runHeuristics = (scenario: Scenario, workspace: string, options: HeuristicOptions) =>
  Effect.gen(function*() {
    const config = scenario.config.heuristic_checks
    if (config === undefined) {
      return { result: skipped(HEURISTIC_CHECKS, "no heuristic_checks in scenario.yaml"), checks: [] }
    }
    if (config.enabled === false) {
      return { result: skipped(HEURISTIC_CHECKS, "heuristic_checks.enabled is false"), checks: [] }
    }
    const shell = (command: string | { file: string; args: ReadonlyArray<string> }) =>
      runProcess({
        command,
        cwd: workspace,
        env: scrubbedEnv(),
        timeout: options.timeout,
        outputCapBytes: options.outputCapBytes,
        sandbox: workspace,
        ...(options.outputLimitBytes === undefined ? {} : { outputLimitBytes: options.outputLimitBytes })
      })
    const results: Array<CheckResult> = []
    for (const c of config.commands ?? []) {
      const earlier = typeof c.command === "string"
        ? options.alreadyRan?.find((run) => run.command === c.command)
        : undefined
      if (earlier !== undefined) {
        results.push(check(
          c,
          earlier.passed,
          `${earlier.timedOut ? "timed out" : `exit ${earlier.exitCode}`} (validation's \`${earlier.kind}\` run of it)${
            earlier.passed
              ? ""
              : `: ${(earlier.stderrTail.trim() || earlier.stdoutTail.trim()).split("\n").slice(-3).join(" | ")}`
          }`
        ))
        continue
      }
      const r = yield* Effect.either(shell(c.command))
      results.push(
        r._tag === "Left"
          ? check(c, false, r.left.message)
          : check(
            c,
            r.right.exitCode === 0 && !r.right.timedOut,
            r.right.timedOut
              ? `timed out after ${Duration.format(options.timeout)}`
              : `exit ${r.right.exitCode}: ${
                (r.right.stderr.trim() || r.right.stdout.trim()).split("\n").slice(-3).join(" | ")
              }`
          )
      )
    }
    for (const c of config.files ?? []) {
      const present = yield* Effect.promise(() => exists(join(workspace, c.path)))
      results.push(
        check(c, present === (c.exists !== false), present ? `${c.path} exists` : `${c.path} does not exist`)
      )
    }
    results.push(...yield* Effect.promise(() => runPatternChecks(scenario, workspace)))
    results.push(...yield* Effect.promise(() => runStructuredChecks(scenario, workspace)))
    for (const c of config.scripts ?? []) {
      const candidates = isAbsolute(c.script) ? [c.script] : [join(workspace, c.script), join(scenario.dir, c.script)]
      const script = yield* Effect.findFirst(candidates, (path) => Effect.promise(() => exists(path)))
      if (script._tag === "None") {
        results.push(check(c, false, `script ${c.script} not found in the workspace or the scenario folder`))
        continue
      }
      const r = yield* Effect.either(
        shell(scriptCommand(script.value, (c.args ?? []).map((a) => substitute(a, scenario))))
      )
      results.push(
        r._tag === "Left"
          ? check(c, false, r.left.message)
          : check(
            c,
            r.right.exitCode === 0 && !r.right.timedOut,
            `exit ${r.right.exitCode}: ${r.right.stderr.trim().split("\n")[0] ?? ""}`
          )
      )
    }
    if (results.length === 0) {
      return { result: skipped(HEURISTIC_CHECKS, "heuristic_checks declares no checks"), checks: results }
    }
    const total = results.reduce((sum, r) => sum + r.weight, 0)
    const earned = results.reduce((sum, r) => sum + (r.passed ? r.weight : 0), 0)
    const result: EvaluatorResult = total === 0
      ? skipped(HEURISTIC_CHECKS, "every heuristic check has weight 0")
      : ran(HEURISTIC_CHECKS, earned / total, heuristicDetails(results))
    return { result, checks: results }
  }).pipe(Effect.withSpan("runHeuristics"))

/** Upstream's details text: `Passed: k/n checks`, then `✓|✗ name (weight: w) - description` per check. */
export const heuristicDetails = (results: ReadonlyArray<CheckResult>) =>
  [
    `Passed: ${results.filter((r) => r.passed).length}/${results.length} checks`,
    "",
    ...results.flatMap((r) => [
      `${r.passed ? "✓" : "✗"} ${r.name} (weight: ${r.weight.toFixed(1)})${r.description ? ` - ${r.description}` : ""}`,
      ...(r.passed || r.error === undefined ? [] : [`  Error: ${r.error.split("\n")[0]}`])
    ])
  ].join("\n")
