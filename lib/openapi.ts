/**
 * The OpenAPI 3.1 document of the public API, generated from the same zod schemas that validate
 * requests and type the answers (OpenAPI 3.1 uses JSON Schema 2020-12, which zod emits directly).
 * Served at /api/v1/openapi.json and rendered at /api-docs; linted in `npm test` (redocly.yaml);
 * the typed client's types (lib/api/openapi-types.d.ts) are generated from it (`npm run gen:api`); the
 * integration tests validate every answer of every route against it (tests/helpers/contract.ts).
 * The operations themselves: lib/openapi-paths.ts.
 */
import { event, EVENT_TYPES } from './events/schema'
import { forecastBody, forecastsByChannel, jobBody, jobsBody, policyBody, recomputeAccepted, riskItem } from './planning/api-schemas'
import { kpiSnapshotBody } from './kpis/api-schemas'
import { importError, importSummary, importUndo, undoConflict } from './import/api-schemas'
import { acceptedBody, errorsBody, healthBody, ingestStatusBody, messageBody, storageBody } from './api/schemas'
import { apiPaths } from './openapi-paths'
import { alertConflict, alertDetail, alertsAnswer, decisionBody, ratesAnswer } from './alerts/api-schemas'
import { ref, schema, type JsonSchema } from './api/json-schema'
import { summaryBody } from './summary/api-schemas'
import { auditPage, auditVerifyBody } from './audit/api-schemas'
import { ruleSetBody, ruleVersionsBody, rulesConflict, saveRulesBody } from './actions/rules-api'
import { apiKeyBody, apiKeyCreate, apiKeyCreated, apiKeysBody, userBody, userCreate, userUpdate, usersBody } from './auth/api-schemas'
import { actionConflict, actionDetail, actionsAnswer, callbackBody } from './actions/api-schemas'
import { valueDecisionsBody, valueReportBody } from './value/api-schemas'

/** The named schemas of the document: the events a client sends, and every answer. */
const NAMED = {
  Errors: errorsBody,
  Message: messageBody,
  Accepted: acceptedBody,
  KpiSnapshot: kpiSnapshotBody,
  Health: healthBody,
  IngestStatus: ingestStatusBody,
  Storage: storageBody,
  Forecast: forecastBody,
  ForecastsByChannel: forecastsByChannel,
  Policy: policyBody,
  RiskItem: riskItem,
  RecomputeAccepted: recomputeAccepted,
  Job: jobBody,
  Jobs: jobsBody,
  ImportSummary: importSummary,
  ImportError: importError,
  ImportUndo: importUndo,
  UndoConflict: undoConflict,
  Alerts: alertsAnswer,
  AlertDetail: alertDetail,
  AlertConflict: alertConflict,
  Decision: decisionBody,
  DecisionRates: ratesAnswer,
  DailySummary: summaryBody,
  AuditPage: auditPage,
  AuditVerify: auditVerifyBody,
  ApprovalRuleSet: ruleSetBody,
  ApprovalRuleVersions: ruleVersionsBody,
  SaveApprovalRules: saveRulesBody,
  ApprovalRulesConflict: rulesConflict,
  ApiKey: apiKeyBody,
  ApiKeys: apiKeysBody,
  ApiKeyCreate: apiKeyCreate,
  ApiKeyCreated: apiKeyCreated,
  User: userBody,
  Users: usersBody,
  UserCreate: userCreate,
  UserUpdate: userUpdate,
  Actions: actionsAnswer,
  ActionDetail: actionDetail,
  ActionCallback: callbackBody,
  ActionConflict: actionConflict,
  ValueReport: valueReportBody,
  ValueDecisions: valueDecisionsBody,
}

export const TAGS = [
  { name: 'Ingest', description: 'Events in: batches over HTTP, and what landed' },
  { name: 'Imports', description: 'CSV files of one event type, and their undo' },
  { name: 'KPIs', description: "Today's board figures, and the day's summary written from them" },
  { name: 'Planning', description: 'Forecasts, inventory policies, stockout risk and the recompute that makes them' },
  { name: 'Alerts', description: 'Alert cards the agents raise, and the decisions people take on them' },
  { name: 'Audit', description: 'The tamper-evident audit trail: who did what, when, on which figures, and the check of its hash chain' },
  { name: 'Access', description: 'Local users and API keys, managed by admins' },
  { name: 'Actions', description: 'Approved recommendations delivered to the ERP/WMS/OMS as signed webhooks, their delivery tries and the receiver\'s callback' },
  { name: 'Reports', description: 'The executive value report: value by use case against the baseline, the KPIs the retailer runs on, as JSON, CSV and PDF' },
  { name: 'Operations', description: 'Health, storage, metrics and this document' },
] as const

export function openApiDocument(): JsonSchema {
  const eventSchemas = Object.fromEntries(event.options.map((o) => [eventSchemaName(o.shape.type.value), schema(o)]))
  return {
    openapi: '3.1.0',
    info: {
      title: 'StockPulse API',
      version: '1',
      description:
        'Real-time inventory intelligence. Machines authenticate with `Authorization: Bearer <API key>`; keys carry scopes (ingest, read, actions), named in each operation\'s security requirement. People use the session cookie set by signing in.',
    },
    servers: [{ url: '/' }],
    tags: TAGS,
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key from API_KEYS or created by an admin (POST /api/v1/api-keys); the role names in a security requirement are the scopes the key needs' },
        session: { type: 'apiKey', in: 'cookie', name: 'sp_session', description: 'The session of a person signed in on /login; what the role may do is in each operation' },
      },
      schemas: {
        // Without a mapping a discriminator's values are the schema names (SaleEvent); they are the types (sale).
        Event: {
          oneOf: EVENT_TYPES.map((t) => ref(eventSchemaName(t))),
          discriminator: { propertyName: 'type', mapping: Object.fromEntries(EVENT_TYPES.map((t) => [t, ref(eventSchemaName(t)).$ref])) },
        },
        ...eventSchemas,
        ...Object.fromEntries(Object.entries(NAMED).map(([name, s]) => [name, schema(s)])),
      },
    },
    paths: apiPaths(),
  }
}

export function eventSchemaName(type: string): string {
  return type
    .split('_')
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('') + 'Event'
}
