// How long a run goes on getting only 429s before it stops (runPipeline's rateLimitedWait). Also
// `@monet-ai/pipeline/rate-limited-wait`, which loads nothing else: the CLI's --help shows the
// default without loading the pipeline.
import { MAX_PAUSE_S } from "./limits.js";

/**
 * The default rateLimitedWait: the longest pause a Retry-After may ask (MAX_PAUSE_S), so any one
 * pause a server asks for is honoured, and a server that never lets up ends the run within it, at
 * any concurrency (100 429s per call behind one shared limiter took hours at concurrency 40).
 */
export const RATE_LIMITED_WAIT_MS = MAX_PAUSE_S * 1000;
