// --max-bytes <n>: the largest output a command downloads (save flags of generate and wait, and
// `pipeline run`), the client's saveOutput cap; its default is the client's.
import { DEFAULT_MAX_BYTES } from "@monet-ai/client/node";
import { Option } from "commander";
import { UsageError } from "./errors.js";

export const maxBytesOption = () =>
  new Option("--max-bytes <n>", "largest output to download, in bytes").default(DEFAULT_MAX_BYTES, `${DEFAULT_MAX_BYTES}, 2 GiB`).argParser((v) => {
    if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)) || Number(v) < 1)
      throw new UsageError(`--max-bytes must be a whole number of bytes from 1 (got ${JSON.stringify(v)})`, { field: "--max-bytes" });
    return Number(v);
  });
