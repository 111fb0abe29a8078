/**
 * JSON schemas (draft 4, as API Gateway validates) of the REST request bodies that have required
 * fields, by operation name of api.md. The gateway refuses a body that misses a required field or has
 * a field of the wrong type before the function runs (and before it is billed); every finer check
 * (names, sizes, definitions) stays the operation's. Routes whose body fields are all optional have no
 * model: an empty body must reach the function, which answers it.
 */
import * as apigw from 'aws-cdk-lib/aws-apigateway';

/** A string field. */
const STRING: apigw.JsonSchema = { type: apigw.JsonSchemaType.STRING };

/** A body schema: an object with these fields, `required` among them; other fields are left alone. */
function body(
  title: string,
  properties: Record<string, apigw.JsonSchema>,
  required: readonly string[],
): apigw.JsonSchema {
  return {
    schema: apigw.JsonSchemaVersion.DRAFT4,
    title,
    type: apigw.JsonSchemaType.OBJECT,
    properties,
    required: [...required],
  };
}

/** The body schemas by operation (the operations of `REST_ROUTES`). */
export const REST_BODY_SCHEMAS: Readonly<Record<string, apigw.JsonSchema>> = {
  CreateFlow: body('CreateFlow', { name: STRING, definition: STRING, description: STRING }, [
    'name',
    'definition',
  ]),
  ReportTaskSucceeded: body(
    'ReportTaskSucceeded',
    {
      taskToken: STRING,
      output: { type: [apigw.JsonSchemaType.OBJECT, apigw.JsonSchemaType.STRING] },
    },
    ['taskToken', 'output'],
  ),
  ReportTaskFailed: body('ReportTaskFailed', { taskToken: STRING, error: STRING, cause: STRING }, [
    'taskToken',
    'error',
  ]),
  ReportTaskHeartbeat: body('ReportTaskHeartbeat', { taskToken: STRING }, ['taskToken']),
};
