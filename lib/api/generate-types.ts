/**
 * The TypeScript types of the API (lib/api/openapi-types.d.ts), generated from the OpenAPI document by
 * openapi-typescript: `npm run gen:api` writes them, lib/api/openapi-types.test.ts fails when the
 * committed file differs from what the current document generates.
 */
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript'
import { openApiDocument } from '../openapi'

export const TYPES_FILE = 'lib/api/openapi-types.d.ts'

const HEADER = `/**
 * Generated from the OpenAPI document (lib/openapi.ts) by openapi-typescript: do not edit.
 * Regenerate with \`npm run gen:api\`; \`npm test\` fails while this file is out of date.
 */

`

export async function generateApiTypes(): Promise<string> {
  const ast = await openapiTS(openApiDocument() as unknown as OpenAPI3, { silent: true })
  return HEADER + astToString(ast)
}
