// How the run opens a file it reads where a link or a FIFO may have been put since it was checked
// (an output, the manifest, the journal, a local medium, a pipeline file): one set of flags, so
// no reader forgets one. Where the platform lacks a flag (Windows) it is 0.
import fs from "node:fs";

/** O_NOFOLLOW: the open itself refuses a link swapped in as the last component. */
export const NO_FOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/** O_NONBLOCK: a FIFO put there opens at once (and is refused as not a file) instead of blocking the process. */
export const NON_BLOCKING = fs.constants.O_NONBLOCK ?? 0;

/** Read only, never through a link, never blocking on a FIFO. */
export const NO_FOLLOW_READ = fs.constants.O_RDONLY | NO_FOLLOW | NON_BLOCKING;
