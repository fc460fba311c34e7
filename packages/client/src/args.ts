// Arguments checked before any request, so a bad one never becomes a wrong URL.
import { InputValidationError } from "./errors.js";

export function checkTaskId(id: unknown): string {
  const bad = typeof id !== "string" || !id.trim() || id === "." || id === ".." || /[/\\?#\s]/.test(id);
  if (bad)
    throw new InputValidationError([{ path: "taskId", message: `taskId must be a task id such as "task_abc123" (got ${JSON.stringify(id)})`, received: id }]);
  return id as string;
}

export function checkPaging(page: unknown, pageSize: unknown) {
  const issues = [];
  if (page !== undefined && !(Number.isInteger(page) && (page as number) >= 1))
    issues.push({ path: "page", message: `page must be a whole number from 1 (got ${JSON.stringify(page)})`, received: page });
  if (pageSize !== undefined && !(Number.isInteger(pageSize) && (pageSize as number) >= 1 && (pageSize as number) <= 100))
    issues.push({ path: "pageSize", message: `pageSize must be a whole number from 1 to 100 (got ${JSON.stringify(pageSize)})`, received: pageSize });
  if (issues.length) throw new InputValidationError(issues);
}
