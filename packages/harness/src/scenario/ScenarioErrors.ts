import { Schema } from "effect"

export const ScenarioIssuePath = Schema.Struct({ path: Schema.String, problem: Schema.String })

/** A scenario that cannot be loaded: broken YAML or a field of the wrong type. Names the file and field paths. */
export class InvalidScenario extends Schema.TaggedError<InvalidScenario>()("InvalidScenario", {
  file: Schema.String,
  issues: Schema.Array(ScenarioIssuePath),
  message: Schema.String
}) {
}

export const invalidScenario = (
  file: string,
  issues: ReadonlyArray<{ readonly path: string; readonly problem: string }>
) =>
  new InvalidScenario({
    file,
    issues,
    message: `Invalid scenario ${file}:\n${issues.map((i) => `  ${i.path || "(root)"}: ${i.problem}`).join("\n")}`
  })

/** A suites root, suite or scenario that does not exist where it was looked for. */
export class ScenarioNotFound extends Schema.TaggedError<ScenarioNotFound>()("ScenarioNotFound", {
  path: Schema.String,
  message: Schema.String
}) {
}

export const scenarioNotFound = (what: string, path: string) =>
  new ScenarioNotFound({ path, message: `${what} not found: ${path}` })

/** No prompt file of the requested tier in the scenario's prompts folder. */
export class PromptNotFound extends Schema.TaggedError<PromptNotFound>()("PromptNotFound", {
  suite: Schema.String,
  scenario: Schema.String,
  tier: Schema.String,
  available: Schema.Array(Schema.String),
  message: Schema.String
}) {}
