import type { BatchUpsertPayload, RunStatus, SubmitResultsPayload } from "@ze/domain"
import { ZeClient } from "@ze/client"
import { Effect, Option, Schema } from "effect"

export class StoreError extends Schema.TaggedError<StoreError>()("StoreError", {
  operation: Schema.String,
  message: Schema.String
}) {}

const failed = (operation: string) => (error: { readonly _tag: string; readonly message: string }) =>
  new StoreError({ operation, message: `${operation} failed (${error._tag}): ${error.message}` })

/** Statuses after which a cell is done: resume skips it. `cancelled` and `infra_error` cells run again. */
const finalStatuses: ReadonlySet<RunStatus> = new Set<RunStatus>(["passed", "failed", "agent_error", "timeout", "budget_exceeded", "completed"])
export const isFinalStatus = (status: RunStatus) => finalStatuses.has(status)

export const submitRun = (payload: SubmitResultsPayload) =>
  Effect.flatMap(ZeClient, (client) => client.results.submit({ payload })).pipe(
    Effect.mapError(failed(`storing run ${payload.runId}`)),
    Effect.asVoid
  )

export const upsertBatch = (payload: BatchUpsertPayload) =>
  Effect.flatMap(ZeClient, (client) => client.results.upsertBatch({ payload })).pipe(
    Effect.mapError(failed(`storing batch ${payload.batchId}`)),
    Effect.asVoid
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
