import { Command } from "@effect/cli"
import { validateScenarios } from "@ze/harness"
import { Effect } from "effect"
import type { CommandHelp } from "../CommandHelp.js"
import { describeCommand } from "../CommandHelp.js"
import type { ValidationIssue } from "../Documents.js"
import { SuiteValidationDocument } from "../Documents.js"
import { GateFailed } from "../Errors.js"
import { dataFormatOption, printJson, printLines } from "../Output.js"
import { conciseIssues, renderValidation, scenarioKeyOfFile } from "../views/SuiteViews.js"
import { loadSuitesAt, suitesPathArg } from "./SuitesList.js"

export const suitesValidateHelp: CommandHelp = {
  usage: "suites validate [PATH]",
  summary: "Load and check every scenario: exit 1 with each broken file and field when one is broken.",
  details: "A missing fixture or an unused weight is a warning: such scenarios still load and list.",
  examples: ["ze suites validate", "ze suites validate suites/demo/scenarios/fizzbuzz"]
}

export const suitesValidate = Command.make(
  "validate",
  { path: suitesPathArg, format: dataFormatOption },
  ({ format, path }) =>
    Effect.gen(function*() {
      const { invalid, root, scenarios } = yield* loadSuitesAt(path)
      const files = new Map(scenarios.map((scenario) => [`${scenario.suite}/${scenario.name}`, scenario.file]))
      const issues: Array<ValidationIssue> = [
        ...invalid.flatMap((broken) =>
          conciseIssues(broken.issues).map((issue): ValidationIssue => ({
            severity: "error",
            scenario: scenarioKeyOfFile(broken.file),
            file: broken.file,
            field: issue.path === "" ? "(file)" : issue.path,
            message: issue.problem
          }))
        ),
        ...validateScenarios(scenarios).map((issue): ValidationIssue => ({
          ...issue,
          file: files.get(issue.scenario) ?? root
        }))
      ]
      const document = {
        root,
        scenarios: scenarios.length + invalid.length,
        valid: issues.every((issue) => issue.severity !== "error"),
        issues
      }
      yield* format === "json" ? printJson(SuiteValidationDocument, document) : printLines(renderValidation(document))
      if (!document.valid) {
        const broken = new Set(issues.filter((issue) => issue.severity === "error").map((issue) => issue.scenario))
        return yield* new GateFailed({
          message: `${broken.size} scenario${broken.size === 1 ? " is" : "s are"} broken: ${[...broken].join(", ")}`
        })
      }
    })
).pipe(Command.withDescription(describeCommand(suitesValidateHelp)))
