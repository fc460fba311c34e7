// The API's recommended poll interval, from the spec (getTask's `x-monet-poll-interval-ms`).
import { getTaskCall } from "./generated/calls.gen.js";

export const POLL_INTERVAL_MS: number = getTaskCall.extensions["x-monet-poll-interval-ms"];
