import { Schema } from "effect"
import { McpDependencies } from "../mcp/McpSpec.js"

/** Optional in YAML, where an empty key (`key:` with nothing after it) reads as null. */
const opt = <S extends Schema.Schema.Any>(schema: S) => Schema.optionalWith(schema, { nullable: true })
const Text = Schema.String
const Weight = Schema.Number.pipe(Schema.nonNegative())
const Minutes = Schema.Number.pipe(Schema.positive())

export const WorkspaceConfig = Schema.Struct({
  required: opt(Schema.Boolean),
  node: opt(Text),
  manager: opt(Text),
  managers_allowed: opt(Schema.Array(Text)),
  workspaces: opt(Text)
})

export const ArtifactConfig = Schema.Struct({
  type: Schema.Literal("figma", "api", "image"),
  figma_file_id: opt(Text),
  figma_file_key: opt(Text)
})

export const BaselineConfig = Schema.Struct({
  run: opt(Schema.Array(Schema.Struct({ cmd: Text, description: opt(Text) })))
})

const NameVersion = Schema.Struct({ name: Text, to: Text })

export const ConstraintsConfig = Schema.Struct({
  blocklist: opt(Schema.Array(Schema.Struct({ name: Text, reason: opt(Text) }))),
  namespace_migrations: opt(Schema.Array(Schema.Struct({ from: Text, to: Text }))),
  companion_versions: opt(Schema.Array(Schema.Struct({
    main: Text,
    companions: Schema.Array(Schema.Struct({ name: Text, rule: opt(Text) }))
  }))),
  managers_allowed: opt(Schema.Array(Text))
})

export const TargetsConfig = Schema.Struct({
  required: opt(Schema.Array(NameVersion)),
  optional: opt(Schema.Array(NameVersion))
})

export const ValidationConfig = Schema.Struct({
  required: opt(Schema.Boolean),
  /** Kind (install, build, test, lint, typecheck, or any other name) → shell command. */
  commands: opt(Schema.Record({ key: Text, value: Text })),
  /** ze: the kinds that must pass for the run to pass; every declared command when absent. */
  required_commands: opt(Schema.Array(Text)),
  /** ze: deadline of each command. */
  timeout_minutes: opt(Minutes)
})

export const OracleConfig = Schema.Struct({ answers_file: opt(Text) })

const checkBase = {
  name: Text,
  weight: opt(Weight),
  description: opt(Text)
}

export const CommandCheck = Schema.Struct({ ...checkBase, command: Text })
export const FileCheck = Schema.Struct({ ...checkBase, path: Text, exists: opt(Schema.Boolean) })
export const PatternCheck = Schema.Struct({
  ...checkBase,
  file: Text,
  pattern: Text,
  /** ze: the check passes when no matched file contains the pattern. */
  absent: opt(Schema.Boolean),
  negate: opt(Schema.Boolean)
})
export const StructuredCheck = Schema.Struct({
  ...checkBase,
  file: Text,
  json_path: opt(Text),
  section_header: opt(Text),
  exists: opt(Schema.Boolean)
})
export const ScriptCheck = Schema.Struct({ ...checkBase, script: Text, args: opt(Schema.Array(Text)) })

export const HeuristicChecksConfig = Schema.Struct({
  enabled: opt(Schema.Boolean),
  commands: opt(Schema.Array(CommandCheck)),
  files: opt(Schema.Array(FileCheck)),
  patterns: opt(Schema.Array(PatternCheck)),
  structured: opt(Schema.Array(StructuredCheck)),
  scripts: opt(Schema.Array(ScriptCheck))
})

export const LlmJudgeConfig = Schema.Struct({
  enabled: opt(Schema.Boolean),
  model: opt(Text),
  temperature: opt(Schema.Number),
  max_tokens: opt(Schema.Int.pipe(Schema.positive())),
  categories: opt(Schema.Array(Text))
})

export const RubricOverrides = Schema.Struct({
  weights: opt(Schema.Record({ key: Text, value: Weight })),
  /** ze: weighted score (0..10) this scenario needs to pass, instead of the harness default. */
  pass_threshold: opt(Schema.Number.pipe(Schema.between(0, 10)))
})

export const WarmupConfig = Schema.Struct({
  enabled: opt(Schema.Boolean),
  type: opt(Schema.Literal("agent", "scripted")),
  working_dir: opt(Text),
  agent: opt(Schema.Struct({ provider: opt(Text), model: opt(Text), prompt: opt(Text) })),
  commands: opt(Schema.Array(Schema.Struct({ cmd: Text, description: opt(Text) })))
})

export const IntegrityFindingKind = Schema.Literal(
  "test_deleted",
  "test_modified",
  "test_disabled",
  "lint_loosened",
  "typecheck_loosened",
  "outside_change"
)
export type IntegrityFindingKind = typeof IntegrityFindingKind.Type

export const IntegrityConfig = Schema.Struct({
  /** ze: findings that fail the run: `any`, or a list of kinds. Findings are only reported when absent. */
  fail_on: opt(Schema.Union(Schema.Literal("any"), Schema.Array(IntegrityFindingKind)))
})

/**
 * `scenario.yaml`: every field upstream documents, plus ze's optional additions. Unknown keys are kept
 * (decode with `onExcessProperty: "preserve"`), so scenarios written for other tools still load.
 */
export const ScenarioConfig = Schema.Struct({
  id: Text,
  suite: Text,
  title: opt(Text),
  description: opt(Text),
  timeout_minutes: opt(Minutes),
  workspace: opt(WorkspaceConfig),
  artifact: opt(ArtifactConfig),
  /** MCP servers the scenario's runs need (upstream's `dependencies.mcps`). */
  dependencies: opt(McpDependencies),
  baseline: opt(BaselineConfig),
  constraints: opt(ConstraintsConfig),
  targets: opt(TargetsConfig),
  validation: opt(ValidationConfig),
  oracle: opt(OracleConfig),
  reference_path: opt(Text),
  heuristic_checks: opt(HeuristicChecksConfig),
  llm_judge: opt(LlmJudgeConfig),
  rubric_overrides: opt(RubricOverrides),
  warmup: opt(WarmupConfig),
  integrity: opt(IntegrityConfig)
})
export type ScenarioConfig = typeof ScenarioConfig.Type
export type HeuristicChecksConfig = typeof HeuristicChecksConfig.Type

export const decodeScenarioConfig = Schema.decodeUnknownEither(ScenarioConfig, {
  errors: "all",
  onExcessProperty: "preserve"
})
