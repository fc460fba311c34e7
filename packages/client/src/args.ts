// Arguments checked before any request, so a bad one never becomes a wrong URL.
import { InputValidationError } from "./errors.js";

const refuse = (path: string, rule: string, received: unknown) =>
  new InputValidationError([{ path, message: `${path} must be ${rule} (got ${JSON.stringify(received)})`, received }]);

export function checkTaskId(id: unknown): string {
  if (typeof id != "string" || !id.trim() || id == "." || id == ".." || /[/\\?#\s]/.test(id)) throw refuse("taskId", "a task id such as task_abc123", id);
  return id;
}

const whole = (v: unknown, max: number) => v === undefined || (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= max);

export function checkPaging(page: unknown, pageSize: unknown) {
  if (!whole(page, Infinity)) throw refuse("page", "a whole number from 1", page);
  if (!whole(pageSize, 100)) throw refuse("pageSize", "a whole number from 1 to 100", pageSize);
}
