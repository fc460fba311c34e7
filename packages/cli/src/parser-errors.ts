// The argument parser's (commander's) own refusals: an unknown option or command, a missing
// argument. Commander says them over two lines and, with showHelpAfterError, adds ~30 lines of
// help; with --json the message held that line break and no `field` (s19 audit F6). Here each
// is one UsageError like the CLI's own: the word at fault as `field` (without a value typed after
// `=`), commander's suggestion on the same line, and where the help is instead of the help.
import { type Command, CommanderError } from "commander";
import { type CliCode, CODE } from "./error-codes.js";
import { UsageError } from "./errors.js";
import { reached } from "./no-command.js";

/** Commander's error codes, as the CLI's. */
export const COMMANDER_CODES: Record<string, CliCode> = {
  "commander.unknownOption": CODE.unknownFlag,
  "commander.unknownCommand": CODE.unknownCommand,
  "commander.missingArgument": CODE.missingArgument,
  "commander.optionMissingArgument": CODE.missingArgument,
  "commander.missingMandatoryOptionValue": CODE.missingArgument,
  "commander.excessArguments": CODE.unexpectedArgument,
};

/** Flags an agent tries for the key, which this CLI reads from the environment only (never from argv, where `ps` shows it). */
const KEY_FLAGS = ["--api-key", "--apikey", "--key", "--token"];

/** Commander's refusal as one line: what, the suggestion, the help to read (`monet list --help`). */
export function parserError(e: CommanderError, program: Command, argv: string[]): UsageError {
  const text = e.message.replace(/^error:\s*/, "");
  const [first, ...rest] = text.split("\n");
  const suggestion = /\(Did you mean (.+)\?\)/.exec(rest.join(" "))?.[1];
  // The quoted word is the one at fault; a value typed with it (`--api-key=monet_...`) is left out.
  const quoted = /'([^']*)'/.exec(first)?.[1];
  // (Too many arguments quotes the command, which is not the word at fault.)
  const field = quoted === undefined || e.code === "commander.excessArguments" ? undefined : quoted.split(/[=\s]/)[0];
  const what = quoted === undefined || field === undefined ? first.replace(/[.\s]+$/, "") : first.replace(`'${quoted}'`, field ?? "").replace(/[.\s]+$/, "");
  const key =
    field && KEY_FLAGS.includes(field.toLowerCase())
      ? ": the API key is read from the MONET_API_KEY environment variable only (export MONET_API_KEY=monet_...), never from a flag"
      : "";
  const help = `${reached(program, argv).words.join(" ")} --help`;
  return new UsageError(`${what}${suggestion ? ` (did you mean ${suggestion}?)` : ""}${key}. See ${help}.`, {
    hint: false,
    code: COMMANDER_CODES[e.code] ?? CODE.invalidValue,
    ...(field !== undefined && { field }),
  });
}

export const isParserError = (e: unknown): e is CommanderError =>
  e instanceof CommanderError && !["commander.helpDisplayed", "commander.version", "commander.help"].includes(e.code);
