import { FetchHttpClient } from "@effect/platform"
import type { HttpClient } from "@effect/platform"
import { ZeClient } from "@ze/client"
import { Duration, Layer, ManagedRuntime } from "effect"

/**
 * A runtime whose client talks to `baseUrl`. Retries are few and deadlines short: when the API is down the page
 * says so within seconds and keeps retrying by itself, instead of waiting out the CLI's long deadlines.
 */
export const makeRuntime = (baseUrl: string, http: Layer.Layer<HttpClient.HttpClient> = FetchHttpClient.layer) =>
  ManagedRuntime.make(
    ZeClient.layerWith({
      baseUrl,
      retries: 1,
      attemptTimeout: Duration.seconds(10),
      callTimeout: Duration.seconds(20),
      baseDelay: Duration.millis(250),
      maxDelay: Duration.seconds(1)
    }).pipe(Layer.provide(http))
  )

export type DashboardRuntime = ReturnType<typeof makeRuntime>
