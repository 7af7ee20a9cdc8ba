import { HttpApiMiddleware, HttpApiSecurity } from "@effect/platform"
import { Schema } from "effect"
import { Forbidden, Unauthorized } from "./Errors.js"

/** Writes need `Authorization: Bearer <key>`: missing → 401, wrong → 403. */
export class WriteAuth extends HttpApiMiddleware.Tag<WriteAuth>()("ze/domain/WriteAuth", {
  failure: Schema.Union(Unauthorized, Forbidden),
  security: { bearer: HttpApiSecurity.bearer }
}) {}

/** Reads are public unless the server has a read key; then the read key or the write key is needed. */
export class ReadAuth extends HttpApiMiddleware.Tag<ReadAuth>()("ze/domain/ReadAuth", {
  failure: Schema.Union(Unauthorized, Forbidden),
  security: { bearer: HttpApiSecurity.bearer }
}) {}
