"use strict"

/** Merges `override` into `base` and returns the result. */
function merge(base, override) {
  return Object.assign({}, base, override)
}

module.exports = { merge }
