import { contractSuite } from "./contract/suite.js"
import { workerTarget } from "./contract/targets.js"

contractSuite("Worker in workerd with local D1", workerTarget)
