import { contractSuite } from "./contract/suite.js"
import { inProcessTarget } from "./contract/targets.js"

contractSuite("in-process handler over in-memory SQLite", inProcessTarget)
