import { Predicate, Schema } from "effect"

/** The server could not be reached, or kept failing with a transient status after every retry. */
export class ZeUnavailable extends Schema.TaggedError<ZeUnavailable>()("ZeUnavailable", {
  message: Schema.String,
  url: Schema.String,
  attempts: Schema.Int,
  status: Schema.NullOr(Schema.Int)
}) {}

/** An attempt or the whole call ran past its deadline. */
export class ZeTimeout extends Schema.TaggedError<ZeTimeout>()("ZeTimeout", {
  message: Schema.String,
  url: Schema.String,
  timeoutMs: Schema.Int
}) {}

/** The server answered something the contract does not describe (an undeclared status or an undecodable body). */
export class ZeResponseError extends Schema.TaggedError<ZeResponseError>()("ZeResponseError", {
  message: Schema.String,
  url: Schema.String,
  status: Schema.NullOr(Schema.Int)
}) {}

export type ZeClientError = ZeUnavailable | ZeTimeout | ZeResponseError

/** The server could not be reached or did not answer in time: worth waiting for, unlike a refusal. */
export const isUnreachable = (error: unknown): error is ZeUnavailable | ZeTimeout =>
  Predicate.isTagged(error, ZeUnavailable._tag) || Predicate.isTagged(error, ZeTimeout._tag)
