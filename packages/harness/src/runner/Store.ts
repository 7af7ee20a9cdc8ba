import { isUnreachable, ZeClient } from "@ze/client"
import type { BatchUpsertPayload, SubmitResultsPayload } from "@ze/domain"
import { isFinalStatus } from "@ze/domain"
import { Effect, Option, Schema } from "effect"
import type { SpoolEntry } from "./Spool.js"
import { Spool } from "./Spool.js"

export class StoreError extends Schema.TaggedError<StoreError>()("StoreError", {
  operation: Schema.String,
  message: Schema.String,
  /** The server could not be reached (as opposed to refusing the request). */
  unreachable: Schema.Boolean
}) {}

const failed = (operation: string) => (error: { readonly _tag: string; readonly message: string }) =>
  new StoreError({
    operation,
    message: `${operation} failed (${error._tag}): ${error.message}`,
    unreachable: isUnreachable(error)
  })

/** Statuses after which a cell is done (`FinalStatuses`): resume skips it. */
export { isFinalStatus }

/** When the server cannot be reached and a spool is provided, the result waits there for `ze sync`. */
const orSpool =
  (entry: SpoolEntry, operation: string) =>
  <E extends { readonly _tag: string; readonly message: string }, R>(effect: Effect.Effect<unknown, E, R>) =>
    effect.pipe(
      Effect.asVoid,
      Effect.catchIf(
        isUnreachable,
        (error) =>
          Effect.flatMap(Effect.serviceOption(Spool), (spool) =>
            Option.match(spool, {
              onNone: () => Effect.fail(error),
              onSome: (spool) =>
                spool.put(entry).pipe(
                  Effect.tap((file) =>
                    Effect.logWarning(
                      `${operation}: the server is unreachable (${error.message}); kept in ${file} for \`ze sync\``
                    )
                  ),
                  Effect.asVoid,
                  // Neither the server nor the spool took the result: say both, so nothing is lost silently.
                  Effect.catchAll((spoolError) =>
                    Effect.zipRight(
                      Effect.logError(
                        `${operation}: the server is unreachable and the spool failed too: ${spoolError.message}`
                      ),
                      Effect.fail(error)
                    )
                  )
                )
            }))
      ),
      Effect.mapError(failed(operation))
    )

export const submitRun = (payload: SubmitResultsPayload) =>
  Effect.flatMap(ZeClient, (client) => client.results.submit({ payload })).pipe(
    orSpool({ kind: "run", payload }, `storing run ${payload.runId}`)
  )

export const upsertBatch = (payload: BatchUpsertPayload) =>
  Effect.flatMap(ZeClient, (client) => client.results.upsertBatch({ payload })).pipe(
    orSpool({ kind: "batch", payload }, `storing batch ${payload.batchId}`)
  )

/** The stored batch's metadata text, or null when there is no such batch yet. */
export const storedBatchMetadata = (batchId: string) =>
  Effect.flatMap(ZeClient, (client) => client.batches.get({ path: { batchId } })).pipe(
    Effect.map((batch) => batch.metadata),
    Effect.catchTag("BatchNotFound", () => Effect.succeed(null)),
    Effect.mapError(failed(`reading batch ${batchId}`))
  )

/** Run ids of the batch that already have a final result, read page by page from the store. */
export const finishedRunIds = (batchId: string) =>
  Effect.gen(function*() {
    const client = yield* ZeClient
    const done = new Set<string>()
    let cursor: string | undefined
    do {
      const page = yield* client.runsPage({ batchId, limit: 1000, ...(cursor === undefined ? {} : { cursor }) })
      for (const run of page.items) if (isFinalStatus(run.status)) done.add(run.runId)
      cursor = Option.getOrUndefined(page.nextCursor)
    } while (cursor !== undefined)
    return done as ReadonlySet<string>
  }).pipe(Effect.mapError(failed(`listing the runs of batch ${batchId}`)))
