/** zod to JSON Schema 2020-12 for the OpenAPI document (lib/openapi.ts, lib/openapi-paths.ts). */
import { z } from 'zod'

export type JsonSchema = Record<string, unknown>

/** JSON Schema 2020-12 of a zod schema, as it reads input: objects stay open to fields added later. */
export const schema = (s: z.ZodType): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' }) as JsonSchema
  return rest
}

/** A reference to a named schema of the document (`npm run lint:api` fails on one that does not resolve). */
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })

/** Query parameters of a GET, from the zod object that validates them. */
export function queryParams(q: z.ZodObject): JsonSchema[] {
  const js = schema(q) as { properties: Record<string, JsonSchema & { description?: string }>; required?: string[] }
  return Object.entries(js.properties).map(([name, { description, ...s }]) => ({
    name,
    in: 'query',
    required: js.required?.includes(name) ?? false,
    ...(description ? { description } : {}),
    schema: s,
  }))
}
