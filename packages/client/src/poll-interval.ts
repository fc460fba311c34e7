// The API's recommended poll interval, from the spec (getTask's `x-monet-poll-interval-ms`).
import { getTask } from "./generated/operations/getTask.gen.js";

export const POLL_INTERVAL_MS: number = getTask.extensions["x-monet-poll-interval-ms"];
