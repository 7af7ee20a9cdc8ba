import { Command } from "@effect/cli"
import { batchesList } from "./BatchesList.js"
import { batchesShow } from "./BatchesShow.js"

export const batches = Command.make("batches").pipe(
  Command.withDescription("Stored batches."),
  Command.withSubcommands([batchesList, batchesShow])
)
