import { Option } from "effect"
import { commandEvaluatorName, HEURISTIC_CHECKS, INTEGRITY, LLM_JUDGE } from "../evaluators/Evaluation.js"
import { hasWarmup, warmupProblems } from "../warmup/WarmupRules.js"
import type { Scenario } from "./Scenario.js"
import { needsFixture, scenarioKey } from "./Scenario.js"

export interface ScenarioIssue {
  readonly severity: "error" | "warning"
  readonly scenario: string
  readonly field: string
  readonly message: string
}

const compiles = (pattern: string) => {
  try {
    new RegExp(pattern)
    return true
  } catch {
    return false
  }
}

/**
 * Checks that go beyond the schema. Errors make a scenario unrunnable (`ze bench` refuses it before anything runs);
 * warnings describe what will be skipped (a missing fixture: its runs end infra_error, a judge without categories,
 * weights naming metrics no evaluator produces).
 */
export const validateScenario = (scenario: Scenario): ReadonlyArray<ScenarioIssue> => {
  const issues: Array<ScenarioIssue> = []
  const add = (severity: ScenarioIssue["severity"], field: string, message: string) =>
    issues.push({ severity, scenario: scenarioKey(scenario), field, message })
  const { config } = scenario
  if (config.suite !== scenario.suite) {
    add("warning", "suite", `says "${config.suite}" but the scenario lives in suite folder "${scenario.suite}"`)
  }
  if (scenario.prompts.length === 0) {
    add("error", "prompts", `no prompt files matching <tier>-*.md in ${scenario.promptsDir}`)
  }
  // A warmup may create the fixture from nothing (upstream made its working_dir when it was missing).
  if (needsFixture(scenario) && Option.isNone(scenario.fixtureDir) && !hasWarmup(scenario)) {
    add("warning", "repo-fixture", `no repo-fixture/ or repo/ in ${scenario.dir}: the scenario loads but cannot run`)
  }
  const answers = config.oracle?.answers_file
  if (answers !== undefined && Option.isNone(scenario.oracleAnswersFile)) {
    add(
      "error",
      "oracle.answers_file",
      `${answers} does not exist in ${scenario.dir}: askUser would answer every question with the default sentence`
    )
  }
  if (config.llm_judge?.enabled === true && (config.llm_judge.categories ?? []).length === 0) {
    add("warning", "llm_judge.categories", "the judge is enabled without categories: it will be skipped")
  }
  config.heuristic_checks?.patterns?.forEach((check, i) => {
    if (!compiles(check.pattern)) {
      add("error", `heuristic_checks.patterns[${i}].pattern`, `"${check.pattern}" is not a valid regular expression`)
    }
  })
  const produced = new Set([
    ...Object.keys(config.validation?.commands ?? {}).map(commandEvaluatorName),
    HEURISTIC_CHECKS,
    LLM_JUDGE,
    INTEGRITY
  ])
  const unknown = Object.keys(config.rubric_overrides?.weights ?? {}).filter((name) => !produced.has(name))
  if (unknown.length > 0) {
    add("warning", "rubric_overrides.weights", `no evaluator produces ${unknown.join(", ")}: those weights are ignored`)
  }
  for (const required of config.validation?.required_commands ?? []) {
    if (config.validation?.commands?.[required] === undefined) {
      add("error", "validation.required_commands", `"${required}" is not a declared validation command`)
    }
  }
  for (const problem of warmupProblems(scenario)) add("error", problem.field, problem.message)
  return issues
}

/** Suite-level checks: scenario ids that repeat (upstream next.js 012 and 039 share one). */
export const validateScenarios = (scenarios: ReadonlyArray<Scenario>): ReadonlyArray<ScenarioIssue> => {
  const byId = new Map<string, Array<Scenario>>()
  for (const s of scenarios) {
    byId.set(`${s.suite}:${s.config.id}`, [...(byId.get(`${s.suite}:${s.config.id}`) ?? []), s])
  }
  const duplicates = [...byId.values()].filter((group) => group.length > 1).flatMap((group) =>
    group.map((s): ScenarioIssue => ({
      severity: "warning",
      scenario: scenarioKey(s),
      field: "id",
      message: `id "${s.config.id}" is shared by ${group.map(scenarioKey).join(", ")}`
    }))
  )
  return [...scenarios.flatMap(validateScenario), ...duplicates]
}
