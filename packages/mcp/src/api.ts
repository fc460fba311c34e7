// The API's own JSON Schemas, generated from the spec (generated/api.gen.ts): what a task, a page
// of tasks and an uploaded file look like, and the bounds of taskId, page and pageSize.
import { createTask, getTask, listTasks, uploadFile } from "@monet-ai/client/operations";
import { operationDocs, schemas } from "./generated/api.gen.js";

type Schema = Record<string, unknown>;

/** The schema of the body property named `field`, in whichever branch of the body declares it. */
function bodyField(schema: Schema, field: string): Schema {
  const branches = [schema, ...((schema.oneOf as Schema[] | undefined) ?? [])];
  const found = branches.map((b) => (b.properties as Record<string, Schema> | undefined)?.[field]).find(Boolean);
  if (!found) throw new Error(`no body field ${field}`);
  return found;
}

export const api = {
  task: schemas[getTask.response.schema],
  taskList: schemas[listTasks.response.schema],
  file: schemas[uploadFile.response.schema],
  taskId: operationDocs.getTask.params.taskId,
  page: operationDocs.listTasks.params.page,
  pageSize: operationDocs.listTasks.params.pageSize,
  idempotencyKey: bodyField(schemas[createTask.body.schema], createTask.body.idempotencyKey),
};
