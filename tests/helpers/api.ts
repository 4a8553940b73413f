/**
 * The API's route handlers for integration tests, each answer checked against the OpenAPI
 * document as it is given (tests/helpers/contract.ts). Tests import them from here instead of
 * server/api/*: every answer a test sees is then one the document describes.
 */
import { handleHealth as health } from '@/server/api/health'
import { handleIngest as ingest } from '@/server/api/ingest'
import { handleIngestStatus as ingestStatus } from '@/server/api/ingest-status'
import { handleImport as importCsv } from '@/server/api/imports'
import { handleImportUndo as importUndo } from '@/server/api/import-undo'
import { handleKpis as kpis } from '@/server/api/kpis'
import { handleMetrics as metrics } from '@/server/api/metrics'
import { handleForecasts as forecasts, handleJob as job, handleJobs as jobs, handlePolicies as policies, handleRecompute as recompute, handleRisk as risk } from '@/server/api/planning'
import { handleStorage as storage } from '@/server/api/storage'
import { handleDecision as decideAlert, handleDecisionRates as decisionRates, handleGetAlert as getAlert, handleListAlerts as listAlerts } from '@/server/api/alerts'
import { handleSummary as summary } from '@/server/api/summary'
import { handleAuditList as auditList, handleAuditVerify as auditVerify } from '@/server/api/audit'
import { handleGetRules as getRules, handleRuleVersions as ruleVersions, handleSaveRules as saveRules } from '@/server/api/approval-rules'
import { handleCreateApiKey as createApiKey, handleCreateUser as createUser, handleListApiKeys as listApiKeys, handleListUsers as listUsers, handleRevokeApiKey as revokeApiKey, handleUpdateUser as updateUser } from '@/server/api/identity'
import { handleCallback as actionCallback, handleGetAction as getAction, handleListActions as listActions } from '@/server/api/actions'
import { handleValueDecisions as valueDecisions, handleValuePdf as valuePdf, handleValueReport as valueReport } from '@/server/api/reports'
import { checked } from './contract'

export const handleIngest = checked('postEvents', ingest)
export const handleIngestStatus = checked('getIngestStatus', ingestStatus)
export const handleImport = checked('postImport', importCsv)
export const handleImportUndo = checked('deleteImport', importUndo)
export const handleKpis = checked('getKpis', kpis)
export const handleForecasts = checked('getForecasts', forecasts)
export const handlePolicies = checked('getPolicy', policies)
export const handleRisk = checked('getRisk', risk)
export const handleRecompute = checked('postRecompute', recompute)
export const handleJobs = checked('listJobs', jobs)
export const handleJob = checked('getJob', job)
export const handleStorage = checked('getStorage', storage)
export const handleHealth = checked('getHealth', health)
export const handleMetrics = checked('getMetrics', metrics)
export const handleListAlerts = checked('listAlerts', listAlerts)
export const handleGetAlert = checked('getAlert', getAlert)
export const handleDecideAlert = checked('decideAlert', decideAlert)
export const handleDecisionRates = checked('getDecisionRates', decisionRates)
export const handleSummary = checked('getDailySummary', summary)
export const handleAuditList = checked('listAudit', auditList)
export const handleAuditVerify = checked('verifyAudit', auditVerify)
export const handleGetRules = checked('getApprovalRules', getRules)
export const handleRuleVersions = checked('listApprovalRuleVersions', ruleVersions)
export const handleSaveRules = checked('postApprovalRules', saveRules)
export const handleListApiKeys = checked('listApiKeys', listApiKeys)
export const handleCreateApiKey = checked('createApiKey', createApiKey)
export const handleRevokeApiKey = checked('revokeApiKey', revokeApiKey)
export const handleListUsers = checked('listUsers', listUsers)
export const handleCreateUser = checked('createUser', createUser)
export const handleUpdateUser = checked('updateUser', updateUser)
export const handleListActions = checked('listActions', listActions)
export const handleGetAction = checked('getAction', getAction)
export const handleActionCallback = checked('postActionCallback', actionCallback)
export const handleValueReport = checked('getValueReport', valueReport)
export const handleValuePdf = checked('getValueReportPdf', valuePdf)
export const handleValueDecisions = checked('listValueDecisions', valueDecisions)
