/** The one version of ze: the CLI's --version, `/health` and the OpenAPI document all say this. */
export const ZE_VERSION = "0.1.0"
