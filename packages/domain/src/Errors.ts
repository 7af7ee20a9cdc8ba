import { HttpApiSchema } from "@effect/platform"
import { Schema } from "effect"

export class RunNotFound extends Schema.TaggedError<RunNotFound>()(
  "RunNotFound",
  { runId: Schema.String, message: Schema.String },
  HttpApiSchema.annotations({ status: 404, description: "No run has this id" })
) {
  static of(runId: string) {
    return new RunNotFound({ runId, message: `Run not found: ${runId}` })
  }
}

export class BatchNotFound extends Schema.TaggedError<BatchNotFound>()(
  "BatchNotFound",
  { batchId: Schema.String, message: Schema.String },
  HttpApiSchema.annotations({ status: 404, description: "No batch has this id" })
) {
  static of(batchId: string) {
    return new BatchNotFound({ batchId, message: `Batch not found: ${batchId}` })
  }
}

export class ArtifactNotFound extends Schema.TaggedError<ArtifactNotFound>()(
  "ArtifactNotFound",
  { runId: Schema.String, name: Schema.String, message: Schema.String },
  HttpApiSchema.annotations({ status: 404, description: "The run has no artifact of this name" })
) {
  static of(runId: string, name: string) {
    return new ArtifactNotFound({ runId, name, message: `Artifact '${name}' not found for run ${runId}` })
  }
}

/** One field that was wrong: where (`runId`, `evaluations.0.score`, or `body`) and what was expected. */
export const InvalidField = Schema.Struct({ path: Schema.String, message: Schema.String })

export class InvalidRequest extends Schema.TaggedError<InvalidRequest>()(
  "InvalidRequest",
  { message: Schema.String, issues: Schema.optional(Schema.Array(InvalidField)) },
  HttpApiSchema.annotations({
    status: 400,
    description:
      "The request is malformed: a parameter or the body does not have the expected shape (the message says which)"
  })
) {}

export class UnsupportedMediaType extends Schema.TaggedError<UnsupportedMediaType>()(
  "UnsupportedMediaType",
  { contentType: Schema.String, message: Schema.String },
  HttpApiSchema.annotations({ status: 415, description: "The body is not JSON (send Content-Type: application/json)" })
) {}

export class Unauthorized extends Schema.TaggedError<Unauthorized>()(
  "Unauthorized",
  { message: Schema.String },
  HttpApiSchema.annotations({ status: 401, description: "The request has no API key (Authorization: Bearer <key>)" })
) {}

export class Forbidden extends Schema.TaggedError<Forbidden>()(
  "Forbidden",
  { message: Schema.String },
  HttpApiSchema.annotations({
    status: 403,
    description: "The API key is not valid, or the server accepts no key for this"
  })
) {}

export class RouteNotFound extends Schema.TaggedError<RouteNotFound>()(
  "RouteNotFound",
  { method: Schema.String, path: Schema.String, message: Schema.String },
  HttpApiSchema.annotations({ status: 404, description: "No endpoint at this path" })
) {}

export class PayloadTooLarge extends Schema.TaggedError<PayloadTooLarge>()(
  "PayloadTooLarge",
  { limitBytes: Schema.Int, message: Schema.String },
  HttpApiSchema.annotations({ status: 413, description: "The body is larger than the server accepts" })
) {}

export class InternalServerError extends Schema.TaggedError<InternalServerError>()(
  "InternalServerError",
  { message: Schema.String },
  HttpApiSchema.annotations({
    status: 500,
    description: "The server failed; the message carries no detail of its internals"
  })
) {}

/** How a `StoreUnavailable` message for a write that hit a fault of the store begins; what follows says which. */
export const storeFaultPrefix = "The store cannot be used: "

/** The fault named in a message that carries `storeFaultPrefix` (a client error wraps the server's words). */
export const storeFaultIn = (message: string): string | undefined => {
  const at = message.indexOf(storeFaultPrefix)
  return at === -1 ? undefined : message.slice(at + storeFaultPrefix.length)
}

/**
 * The server is up but its store cannot be used (a damaged, full, read-only or vanished database): `/health` says
 * so, and a write that hits the fault answers it instead of a 500.
 */
export class StoreUnavailable extends Schema.TaggedError<StoreUnavailable>()(
  "StoreUnavailable",
  { storage: Schema.String, message: Schema.String },
  HttpApiSchema.annotations({
    status: 503,
    description: "The store cannot be used (the database is unreachable, damaged, full or read-only)"
  })
) {}
