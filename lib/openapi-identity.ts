/**
 * The access operations of the OpenAPI document (merged into lib/openapi-paths.ts): local users
 * and API keys, for signed-in admins only (server/api/identity.ts).
 */
import { identityIdParam } from './auth/api-schemas'
import { ref, schema, type JsonSchema } from './api/json-schema'
import { RETRY_AFTER, SESSION_ONLY, answer, badQuery, json, op, pathParam } from './api/openapi-parts'

const unauthorized = answer('Not signed in, or an API key that is not valid', ref('Message'))
const notAdmin = answer('An API key (keys may not manage access), or a person who is not an admin', ref('Message'))
const badBody = answer('Invalid body: every problem with its field; nothing was written', ref('Errors'))
const tooLarge = answer('Body over 16 KiB', ref('Errors'))
const notJson = answer('Content-Type is not application/json', ref('Errors'))
const busy = answer('Another admin is changing the same user or key right now; nothing was done', ref('Message'), RETRY_AFTER)
const idParam = [pathParam('id', schema(identityIdParam))]

export function identityPaths(): Record<string, JsonSchema> {
  return {
    '/api/v1/api-keys': {
      get: op({
        operationId: 'listApiKeys',
        tag: 'Access',
        summary: 'Every API key created by admins, revoked ones too (never a secret)',
        security: SESSION_ONLY,
        responses: { '200': answer('The keys, newest first', ref('ApiKeys')), '401': unauthorized, '403': notAdmin },
      }),
      post: op({
        operationId: 'createApiKey',
        tag: 'Access',
        summary: 'Create an API key: its secret is answered this once',
        description:
          'Scopes: ingest, read, actions. locations restricts the key to those locations (empty: all). Only the SHA-256 of the secret is stored; it cannot be shown again. A name in use by an unrevoked key (or one from API_KEYS) is refused.',
        security: SESSION_ONLY,
        requestBody: { required: true, content: json(ref('ApiKeyCreate')) },
        responses: { '201': answer('Created: the key and its secret', ref('ApiKeyCreated')), '400': badBody, '413': tooLarge, '415': notJson, '401': unauthorized, '403': notAdmin, '503': busy },
      }),
    },
    '/api/v1/api-keys/{id}/revoke': {
      post: op({
        operationId: 'revokeApiKey',
        tag: 'Access',
        summary: 'Revoke an API key: refused on every node from then on',
        description: 'Revoking a revoked key changes nothing and answers it as it is.',
        security: SESSION_ONLY,
        parameters: idParam,
        responses: { '200': answer('The key, revoked', ref('ApiKey')), '400': badQuery, '401': unauthorized, '403': notAdmin, '404': answer('No such key', ref('Message')), '503': busy },
      }),
    },
    '/api/v1/users': {
      get: op({
        operationId: 'listUsers',
        tag: 'Access',
        summary: 'Every local user, disabled ones too (never a password hash)',
        security: SESSION_ONLY,
        responses: { '200': answer('The users, by email', ref('Users')), '401': unauthorized, '403': notAdmin },
      }),
      post: op({
        operationId: 'createUser',
        tag: 'Access',
        summary: 'Create a local user who signs in with an email and password',
        description: 'The password (at least 12 characters) is stored as an argon2id hash. regions and locations scope what planners and operations managers see (both empty: everything).',
        security: SESSION_ONLY,
        requestBody: { required: true, content: json(ref('UserCreate')) },
        responses: {
          '201': answer('Created', ref('User')),
          '400': badBody, '413': tooLarge, '415': notJson,
          '401': unauthorized,
          '403': notAdmin,
          '409': answer('A user with this email exists', ref('Message')),
          '503': busy,
        },
      }),
    },
    '/api/v1/users/{id}': {
      post: op({
        operationId: 'updateUser',
        tag: 'Access',
        summary: "Change a local user's name, role, scope, password, or disable them",
        description: 'Absent fields stay as they are. A disabled user cannot sign in and their sessions stop working. Admins cannot disable themselves or drop their own admin role.',
        security: SESSION_ONLY,
        parameters: idParam,
        requestBody: { required: true, content: json(ref('UserUpdate')) },
        responses: { '200': answer('The user as it is now', ref('User')), '400': badBody, '413': tooLarge, '415': notJson, '401': unauthorized, '403': notAdmin, '404': answer('No such user', ref('Message')), '503': busy },
      }),
    },
  }
}
