/**
 * Which real answers (operationId and status) each integration test file validates against the
 * OpenAPI document. Each file checks at its end that it did (checkContractClaims in contract.ts), and
 * tests/contract-coverage.test.ts checks that together they cover every operation of the
 * document: its success answer and at least one error. A file may validate more than it claims
 * (every answer of a handler from tests/helpers/api.ts is checked); it may not claim less than it
 * is relied on for.
 */
const statuses = (operationId: string, ...codes: number[]) => codes.map((c) => `${operationId} ${c}`)

export const CONTRACT_CLAIMS: Record<string, string[]> = {
  'value-report.test.ts': [
    ...statuses('getValueReport', 200, 400, 401, 403),
    ...statuses('getValueReportPdf', 200, 400, 401, 403),
    ...statuses('listValueDecisions', 200, 400, 401, 403),
  ],
  'identity.test.ts': [
    ...statuses('listApiKeys', 200, 401, 403),
    ...statuses('createApiKey', 201, 400, 401, 403, 413, 415, 503),
    ...statuses('revokeApiKey', 200, 400, 401, 403, 404, 503),
    ...statuses('listUsers', 200, 401, 403),
    ...statuses('createUser', 201, 400, 401, 403, 409, 413, 415, 503),
    ...statuses('updateUser', 200, 400, 401, 403, 404, 413, 415, 503),
    ...statuses('getKpis', 200, 401, 403),
  ],
  'contract.test.ts': [
    ...statuses('postEvents', 202, 400, 401, 403),
    ...statuses('getIngestStatus', 200, 401, 403),
    ...statuses('postImport', 200, 400, 401, 403, 415),
    ...statuses('deleteImport', 200, 401, 403, 404, 409),
    ...statuses('getKpis', 200, 401, 403),
    ...statuses('getForecasts', 200, 400, 401, 403, 404),
    ...statuses('getPolicy', 401, 403, 404),
    ...statuses('getRisk', 200, 401, 403),
    ...statuses('postRecompute', 202, 401, 403, 503),
    ...statuses('listJobs', 200, 401, 403, 503),
    ...statuses('getJob', 200, 400, 401, 403, 404),
    ...statuses('getStorage', 200, 401, 403),
    ...statuses('getHealth', 200),
    ...statuses('getMetrics', 200, 401, 403),
    ...statuses('getOpenApiDocument', 200),
  ],
  'ingest.test.ts': [...statuses('postEvents', 202, 400, 401, 403, 413, 415, 503), ...statuses('getKpis', 200, 400, 401), ...statuses('getHealth', 200, 503)],
  'ingest-backpressure.test.ts': statuses('postEvents', 429),
  'ingest-fuzz.test.ts': statuses('postEvents', 202, 400, 413),
  'ingest-status.test.ts': [...statuses('getIngestStatus', 200), ...statuses('postEvents', 400)],
  'ingest-dead-letter.test.ts': [...statuses('getIngestStatus', 200), ...statuses('getHealth', 200, 503)],
  'metrics.test.ts': statuses('getMetrics', 200, 401, 403),
  'planning.test.ts': [...statuses('getForecasts', 200), ...statuses('getPolicy', 200, 400, 404), ...statuses('getRisk', 200, 400), ...statuses('getKpis', 200)],
  'recompute-signals.test.ts': [...statuses('getForecasts', 200), ...statuses('getPolicy', 200), ...statuses('postEvents', 202)],
  'recompute-jobs.test.ts': [...statuses('postRecompute', 202, 401, 403), ...statuses('listJobs', 200, 400), ...statuses('getJob', 200)],
  'plausibility.test.ts': [...statuses('postImport', 200), ...statuses('deleteImport', 200, 401, 403, 404, 409)],
  'import-boundary.test.ts': statuses('postImport', 400, 413),
  'alerts.test.ts': [
    ...statuses('listAlerts', 200, 400, 401, 403),
    ...statuses('getAlert', 200, 400, 401, 403, 404),
    ...statuses('getDecisionRates', 200, 400, 401, 403),
    ...statuses('decideAlert', 200, 400, 401, 403, 404, 409, 413, 415, 503),
  ],
  'actions.test.ts': [
    ...statuses('decideAlert', 200, 409),
    ...statuses('listActions', 200, 400, 401, 403),
    ...statuses('getAction', 200, 400, 401, 403, 404),
    ...statuses('postActionCallback', 200, 400, 401, 403, 404, 409, 413, 415),
  ],
  'deliver-crash.test.ts': [],
  'board-rates.test.ts': [...statuses('getDecisionRates', 200), ...statuses('decideAlert', 200), ...statuses('postEvents', 202)],
  'approval-rules.test.ts': [
    ...statuses('getApprovalRules', 200, 401, 403),
    ...statuses('listApprovalRuleVersions', 200, 401, 403),
    ...statuses('postApprovalRules', 200, 400, 401, 403, 409, 413, 415),
    ...statuses('decideAlert', 200, 403),
  ],
  'daily-summary.test.ts': statuses('getDailySummary', 200, 400, 401, 403, 404),
  'model-drift.test.ts': statuses('getModelAccuracy', 200, 400, 401, 403),
  'audit.test.ts': [...statuses('listAudit', 200, 400, 401, 403), ...statuses('verifyAudit', 200, 401, 403)],
  // These check every answer they get; what they are relied on for lies elsewhere.
  'data-dir.test.ts': [],
  'ingest-batches.test.ts': [],
  'ingest-crash.test.ts': [],
  'ingest-lanes.test.ts': [],
  'agents-wired.test.ts': statuses('postEvents', 202),
}
