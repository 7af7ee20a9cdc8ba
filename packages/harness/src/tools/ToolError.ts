import { Schema } from "effect"

/** A tool call the workspace refused or could not complete; the message is meant for the agent to read. */
export class ToolError extends Schema.TaggedError<ToolError>()("ToolError", {
  tool: Schema.String,
  message: Schema.String
}) {}
