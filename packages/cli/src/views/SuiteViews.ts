import { basename, dirname, relative } from "node:path"
import { bold, dim, green, red, yellow } from "../Ansi.js"
import type { BrokenScenario, ScenarioListing, SuiteValidationDocument } from "../Documents.js"
import { heading, renderTable } from "../Table.js"

export const displayPath = (path: string) => {
  const fromHere = relative(process.cwd(), path)
  return fromHere.startsWith("..") ? path : fromHere
}

/** `<suite>/<scenario>` from `.../<suite>/scenarios/<scenario>/scenario.yaml`. */
export const scenarioKeyOfFile = (file: string) => {
  const scenarioDir = dirname(file)
  return `${basename(dirname(dirname(scenarioDir)))}/${basename(scenarioDir)}`
}

const optionalAlternative = /^Expected (null|undefined), actual /

/**
 * An optional field with a wrong value fails every member of its union (`Expected null`, `Expected undefined`):
 * only the informative issue is kept, the one about the value's expected type or a field inside it.
 */
export const conciseIssues = <I extends { readonly path: string; readonly problem: string }>(
  issues: ReadonlyArray<I>
) =>
  issues.filter((issue) =>
    !optionalAlternative.test(issue.problem) ||
    !issues.some((other) =>
      other !== issue && !optionalAlternative.test(other.problem) &&
      (other.path === issue.path || other.path.startsWith(`${issue.path}.`) || other.path.startsWith(`${issue.path}[`))
    )
  )

export const renderBroken = (broken: ReadonlyArray<BrokenScenario>) =>
  broken.flatMap((scenario) => [
    `${red("✗")} ${bold(scenarioKeyOfFile(scenario.file))}  ${dim(displayPath(scenario.file))}`,
    ...conciseIssues(scenario.issues).map((issue) =>
      `    ${issue.path === "" ? "(file)" : issue.path}: ${issue.problem}`
    )
  ])

export const renderScenarioList = (
  scenarios: ReadonlyArray<ScenarioListing>,
  broken: ReadonlyArray<BrokenScenario>,
  width: number | undefined
) => [
  ...(scenarios.length === 0 ? [dim("No scenarios.")] : renderTable<ScenarioListing>(
    [
      { header: "SUITE", value: (s) => s.suite },
      { header: "SCENARIO", value: (s) => s.scenario },
      { header: "TIERS", value: (s) => s.tiers.join(",") || "–" },
      {
        header: "FIXTURE",
        value: (s) => (s.hasFixture ? "yes" : "no"),
        style: (s) => (s.hasFixture
          ? (t) => t
          : yellow)
      },
      { header: "SOLUTION", value: (s) => (s.hasSolution ? "yes" : "no") },
      { header: "TITLE", value: (s) => s.title ?? "–", shrinkable: true }
    ],
    scenarios,
    width
  )),
  ...(broken.length === 0
    ? []
    : [...heading(`Broken (${broken.length}): see \`ze suites validate\``), ...renderBroken(broken)])
]

export const renderValidation = (document: SuiteValidationDocument) => {
  const errors = document.issues.filter((issue) => issue.severity === "error")
  const warnings = document.issues.filter((issue) => issue.severity === "warning")
  const byScenario = new Map<string, Array<SuiteValidationDocument["issues"][number]>>()
  for (const issue of document.issues) {
    byScenario.set(issue.scenario, [...(byScenario.get(issue.scenario) ?? []), issue])
  }
  const lines = [...byScenario.entries()].flatMap(([scenario, issues]) => {
    const failing = issues.some((issue) => issue.severity === "error")
    return [
      `${failing ? red("✗") : yellow("⚠")} ${bold(scenario)}  ${dim(displayPath(issues[0]!.file))}`,
      ...issues.map((issue) =>
        `    ${issue.severity === "error" ? red("error") : yellow("warning")} ${issue.field}: ${issue.message}`
      )
    ]
  })
  const verdict = document.valid
    ? green(
      `✓ ${document.scenarios} scenario${document.scenarios === 1 ? "" : "s"} load${
        document.scenarios === 1 ? "s" : ""
      } and validate${document.scenarios === 1 ? "s" : ""}`
    )
    : red(`✗ ${errors.length} error${errors.length === 1 ? "" : "s"}`)
  return [
    ...lines,
    ...(lines.length > 0 ? [""] : []),
    `${verdict}${warnings.length > 0 ? yellow(`, ${warnings.length} warning${warnings.length === 1 ? "" : "s"}`) : ""}`
  ]
}
