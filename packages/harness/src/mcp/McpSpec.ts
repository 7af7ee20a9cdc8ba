import { Schema } from "effect"

/**
 * One MCP server a scenario or a specialist needs, in upstream's `dependencies.mcps` shape. A `command` is run as
 * given; otherwise `package` (or the name, with upstream's mapping of `filesystem` and `github`) runs with `npx -y`.
 */
export const McpServerSpec = Schema.Struct({
  name: Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9_-]+$/, { message: () => "letters, digits, _ and - only" })),
  command: Schema.optional(Schema.String),
  package: Schema.optional(Schema.String),
  args: Schema.optional(Schema.Array(Schema.String)),
  /** Variables for the server: a list of names copied from ze's environment, or name → value (`${NAME}` expands). */
  env: Schema.optional(
    Schema.Union(Schema.Array(Schema.String), Schema.Record({ key: Schema.String, value: Schema.String }))
  ),
  /** Only these tools are offered to the agent (all when absent). */
  allowed_tools: Schema.optional(Schema.Array(Schema.String)),
  /** A required server that cannot start ends the run as `infra_error`; others are skipped with a warning. */
  required: Schema.optional(Schema.Boolean),
  version: Schema.optional(Schema.String),
  description: Schema.optional(Schema.String),
  permissions: Schema.optional(Schema.Array(Schema.String))
})
export type McpServerSpec = typeof McpServerSpec.Type

export const McpDependencies = Schema.Struct({ mcps: Schema.optional(Schema.Array(McpServerSpec)) })
