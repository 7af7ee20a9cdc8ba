import { Schema } from "effect"

/** The command line or the configuration is wrong; nothing ran. */
export class UsageError extends Schema.TaggedError<UsageError>()("UsageError", {
  message: Schema.String
}) {}

/** A quality gate (`--fail-under`, `--baseline`) did not hold. */
export class GateFailed extends Schema.TaggedError<GateFailed>()("GateFailed", {
  message: Schema.String
}) {}

/** Too many runs ended in `infra_error`, `agent_error` or `timeout`. */
export class RunsDidNotFinish extends Schema.TaggedError<RunsDidNotFinish>()("RunsDidNotFinish", {
  message: Schema.String
}) {}

/** A file could not be read or written. */
export class FileError extends Schema.TaggedError<FileError>()("FileError", {
  message: Schema.String,
  path: Schema.String
}) {}
